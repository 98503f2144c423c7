package io.github.seisclr.detect;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.seisclr.BadInputException;
import io.github.seisclr.io.AtomicFiles;
import io.github.seisclr.model.EncoderConfig;
import io.github.seisclr.score.BackgroundModel;
import io.github.seisclr.score.ResidualLine;
import io.github.seisclr.score.ResidualModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stations' calibrations saved to a JSON file and read back, so that a restarted stream (or one
 * started after a batch run over earlier data) scores from its first minute instead of holding its
 * calibration period. A calibration belongs to the model whose features it describes: the file
 * records the model's {@link io.github.seisclr.model.Encoder#featuresId()} (its weight checksum and
 * the settings that change its features: rate, band, window, dilations, components), and reading
 * refuses a file made with another model, a file of format version 1 (made before the
 * component-slot rule of this version), and a file whose id leaves out the rate, band and window
 * of a model where they are not the defaults (made before they entered the id: it may be another
 * model's). At the defaults the id is what it was, and such files are read as before (a file
 * written before then by the same weights at other settings, through an edited manifest, has that
 * id too and cannot be told from them).
 *
 * <pre>{"format": "seisclr-calibrations", "version": 2, "model": "&lt;sha-256&gt;",
 *  "stations": {"NET.STA.LOC.BI": {"median": m, "spread": s, "origin": "...", "components": "ZNE",
 *    "background": {"trim": t, "fittedOn": n, "mean": [...], "covariance": [[...], ...]},
 *    "residual": {"median": m, "spread": s, "line": {"meanX": [...], "meanY": [...], "varX": [...],
 *      "covXY": [...]}, "background": {...}}}}}</pre>
 *
 * <p>{@code components}, the components a calibration was fitted on, is left out where not known
 * (files written before it was recorded); readers that do not know it ignore it. {@code residual},
 * the calibration's residual part ({@link Calibration#residual()}), is left out where it has none
 * (files written before it, or by a detector set to score the distance alone); a detector that
 * scores the residual fits such a station anew.
 */
public final class CalibrationFile {
    /** The format's name in the file. */
    public static final String FORMAT = "seisclr-calibrations";
    /**
     * 2 since the component-slot rule of {@link io.github.seisclr.io.StationStream#slot}: before
     * it, a station whose only horizontal was E or 2, or with Z, 2 and 3, had its components in
     * other slots, so its saved background model describes other features. Version 1 is refused.
     */
    private static final int VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CalibrationFile() {
    }

    /**
     * Writes calibrations whole or not at all (temporary file, then a rename), tied to the features
     * of the model they were made with.
     *
     * @param calibrations by station code (NET.STA.LOC.BI)
     * @param encoder the model they were made with
     * @param file the file
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static void write(Map<String, Calibration> calibrations, io.github.seisclr.model.Encoder encoder, Path file) {
        write(calibrations, encoder.featuresId(), file);
    }

    /**
     * @param file a file written by {@link #write}
     * @param encoder the model that will use them
     * @return the calibrations by station code
     * @throws BadInputException as {@link #read(Path, String)}
     */
    public static Map<String, Calibration> read(Path file, io.github.seisclr.model.Encoder encoder) {
        return read(file, encoder.featuresId());
    }

    /**
     * Writes calibrations whole or not at all (temporary file, then a rename).
     *
     * @param calibrations by station code (NET.STA.LOC.BI)
     * @param model what identifies the features of the model they were made with: its
     *     {@link io.github.seisclr.model.Encoder#featuresId()} (not the 12-character
     *     {@link DetectionResult#modelChecksum()}, nor the manifest's checksum alone, which leaves
     *     out how a model with other dilations, rate, band, window or components computes its
     *     features); or use
     *     {@link #write(Map, io.github.seisclr.model.Encoder, Path)}
     * @param file the file
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static void write(Map<String, Calibration> calibrations, String model, Path file) {
        try {
            AtomicFiles.write(file, os -> write(calibrations, model, os));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write calibrations (" + file + "): " + AtomicFiles.reason(e), e);
        }
    }

    /**
     * @param calibrations by station code (NET.STA.LOC.BI)
     * @param model the {@link io.github.seisclr.model.Encoder#featuresId()} of the model they were made with
     * @param out where the JSON goes (left open)
     * @throws IOException when it cannot be written
     */
    public static void write(Map<String, Calibration> calibrations, String model, java.io.OutputStream out)
            throws IOException {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("calibrations need the checksum of the model they belong to");
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("model", model);
        ObjectNode stations = root.putObject("stations");
        new TreeMap<>(calibrations).forEach((code, c) -> {
            ObjectNode s = stations.putObject(code);
            s.put("median", c.median());
            s.put("spread", c.spread());
            s.put("origin", c.origin());
            if (c.components() != null) {
                s.put("components", c.components());
            }
            putBackground(s.putObject("background"), c.background());
            if (c.residual() != null) {
                putResidual(s.putObject("residual"), c.residual(), c.residualMedian(), c.residualSpread());
            }
        });
        JSON.writerWithDefaultPrettyPrinter().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValue(out, root);
        out.flush();
    }

    /** Writes a background model as this format holds it: trim, fittedOn, mean, covariance. */
    static void putBackground(ObjectNode bg, BackgroundModel model) {
        bg.put("trim", model.trim());
        bg.put("fittedOn", model.fittedOn());
        ArrayNode mean = bg.putArray("mean");
        for (double v : model.mean()) {
            mean.add(v);
        }
        ArrayNode cov = bg.putArray("covariance");
        for (double[] row : model.covariance()) {
            ArrayNode r = cov.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
    }

    /** Writes a residual model with its median and spread as this format holds it. */
    static void putResidual(ObjectNode r, ResidualModel model, double median, double spread) {
        r.put("median", median);
        r.put("spread", spread);
        ObjectNode line = r.putObject("line");
        ResidualLine l = model.line();
        putArray(line, "meanX", l.meanX());
        putArray(line, "meanY", l.meanY());
        putArray(line, "varX", l.varX());
        putArray(line, "covXY", l.covXY());
        putBackground(r.putObject("background"), model.residuals());
    }

    private static void putArray(ObjectNode o, String name, double[] values) {
        ArrayNode a = o.putArray(name);
        for (double v : values) {
            a.add(v);
        }
    }

    /**
     * @param r a residual part as {@link #putResidual} writes it
     * @return the residual model
     * @throws IllegalArgumentException saying what does not make sense
     */
    static ResidualModel residual(JsonNode r) {
        try {
            return residualModel(r);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("residual part: " + e.getMessage(), e);
        }
    }

    private static ResidualModel residualModel(JsonNode r) {
        if (!r.isObject()) {
            throw new IllegalArgumentException("not an object");
        }
        JsonNode line = r.path("line");
        double[][] m = new double[4][];
        String[] names = {"meanX", "meanY", "varX", "covXY"};
        for (int i = 0; i < 4; i++) {
            m[i] = doubles(line.path(names[i]));
            if (m[i] == null) {
                throw new IllegalArgumentException("residual line needs " + names[i] + " as a list of numbers");
            }
        }
        return new ResidualModel(ResidualLine.of(m[0], m[1], m[2], m[3]), background(r.path("background")));
    }

    /**
     * @param bg a background model as {@link #putBackground} writes it
     * @return the model
     * @throws IllegalArgumentException saying what does not make sense
     */
    static BackgroundModel background(JsonNode bg) {
        double[] mean = doubles(bg.path("mean"));
        JsonNode cov = bg.path("covariance");
        if (mean == null || mean.length == 0 || !cov.isArray() || cov.size() != mean.length) {
            throw new IllegalArgumentException("background model needs a mean and a square covariance of its size");
        }
        int dimension = mean.length;
        double[][] c = new double[dimension][];
        for (int a = 0; a < dimension; a++) {
            c[a] = doubles(cov.get(a));
            if (c[a] == null) {
                throw new IllegalArgumentException("covariance row " + a + " is not a list of numbers");
            }
        }
        return BackgroundModel.of(mean, c, bg.path("trim").asDouble(Double.NaN), bg.path("fittedOn").asInt(-1));
    }

    /**
     * @param file a file written by {@link #write}
     * @param model the {@link io.github.seisclr.model.Encoder#featuresId()} of the model that will use
     *     them (the features it describes are that model's); or use
     *     {@link #read(Path, io.github.seisclr.model.Encoder)}
     * @return the calibrations by station code
     * @throws BadInputException naming the file (and station) when it is missing, unreadable, not
     *     JSON or cut short (with the line and column), not this format (or its version 1), made with
     *     another model (the same weights at another rate, band or window included), or holds a
     *     calibration that does not make sense (a median or spread that is not a number or is outside
     *     {@link Calibration#MAX_MEDIAN}, {@link Calibration#MIN_SPREAD} and {@link Calibration#MAX_SPREAD})
     */
    public static Map<String, Calibration> read(Path file, String model) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(BadInputException.Problem.IO, file.toString(), null, null, -1,
                    "calibration file missing: no such file", e);
        } catch (IOException e) {
            throw new BadInputException(BadInputException.Problem.IO, file.toString(), null, null, -1,
                    "cannot read calibrations: " + AtomicFiles.reason(e), e);
        }
        return read(bytes, file.toString(), model);
    }

    /**
     * @param json what {@link #write(Map, String, java.io.OutputStream)} wrote
     * @param name a name for messages (a file, "calibrations from a task")
     * @param model the {@link io.github.seisclr.model.Encoder#featuresId()} of the model that will use them
     * @return the calibrations by station code
     * @throws BadInputException as {@link #read(Path, String)}
     */
    public static Map<String, Calibration> read(byte[] json, String name, String model) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new BadInputException(BadInputException.Problem.CORRUPT, name, null, null, -1,
                    "not a calibration file: " + jsonProblem(e), e);
        } catch (IOException e) {
            throw new BadInputException(BadInputException.Problem.IO, name, null, null, -1,
                    "cannot read calibrations: " + AtomicFiles.reason(e), e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText(null))) {
            throw corrupt(name, null, "not a calibration file (no \"format\": \"" + FORMAT + "\")");
        }
        if (root.path("version").asInt(-1) == 1) {
            throw new BadInputException(BadInputException.Problem.INCONSISTENT, name, null, null, -1,
                    "calibration file version 1, from a seisclr that may have put components in other slots than"
                            + " this one (Z, else 3; N, else 1; E, else 2): for a station whose only horizontal is E or"
                            + " 2, or with Z, 2 and 3, it describes other features; delete the file to calibrate anew"
                            + " (an archive output: start a new output folder, or its days would mix)");
        }
        if (root.path("version").asInt(-1) != VERSION) {
            throw corrupt(name, null, "calibration file version " + root.path("version") + ", this seisclr reads "
                    + VERSION);
        }
        String made = root.path("model").asText("");
        if (!made.equals(model) && made.equals(EncoderConfig.withoutSettingsTag(model))) {
            // the same weights at the default settings; and in a file of a seisclr before the
            // settings entered the id, at any settings (nothing in the file tells which)
            throw new BadInputException(BadInputException.Problem.INCONSISTENT, name, null, null, -1,
                    "calibrations made with model " + Detector.modelId(made) + ": these weights at the default"
                            + " sample rate, band and window (100 Hz, 1-20 Hz, 4 s), or, in a file from a seisclr"
                            + " before the model id recorded them, at settings the file does not tell; the model in"
                            + " use (" + Detector.modelId(model) + ") runs them at other settings, which score"
                            + " differently: to calibrate anew, give another file or delete this one (an archive"
                            + " output: start a new output folder, or its days would mix)");
        }
        if (!made.equals(model)) {
            throw new BadInputException(BadInputException.Problem.INCONSISTENT, name, null, null, -1,
                    "calibrations made with model " + shown(made, model) + ", not with the model in use ("
                            + shown(model, made) + "): a calibration describes one model's features; delete the file"
                            + " to calibrate anew" + (made.startsWith(model) || model.startsWith(made)
                            ? " (or, if the file is this model's, write and read it with the same identifier:"
                            + " Encoder.featuresId(), as CalibrationFile.write(map, encoder, file) and"
                            + " read(file, encoder) do)" : ""));
        }
        Map<String, Calibration> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.path("stations").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), station(name, e.getKey(), e.getValue()));
        }
        return out;
    }

    /**
     * @return what is wrong with JSON that does not parse, with its line and column, in words a user
     *     reads: Jackson's own message names its settings ("[Source: REDACTED
     *     (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)...") and is cut before them
     */
    static String jsonProblem(JacksonException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        for (String cut : new String[] {"\n", " (start marker at", "[Source:"}) {
            int i = m.indexOf(cut);
            m = i >= 0 ? m.substring(0, i) : m;
        }
        m = m.strip();
        if (m.endsWith(":")) {
            m = m.substring(0, m.length() - 1);
        }
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        String where = at != null && at.getLineNr() > 0 ? " at line " + at.getLineNr() + ", column " + at.getColumnNr()
                : "";
        // Jackson reports most ends of input as a plain parse error: its message says which
        if (e instanceof com.fasterxml.jackson.core.io.JsonEOFException || m.startsWith("Unexpected end-of-input")) {
            return "its JSON ends early" + where + ", cut short (" + m + ")";
        }
        return "not JSON" + where + " (" + m + ")";
    }

    /** @return the field as a number; an IllegalArgumentException naming it where it is missing or not one */
    private static double number(JsonNode parent, String name) {
        JsonNode v = parent.path(name);
        if (!v.isNumber()) {
            throw new IllegalArgumentException(name + " must be a number, got " + (v.isMissingNode() ? "none" : v));
        }
        return v.asDouble();
    }

    private static Calibration station(String file, String code, JsonNode s) {
        try {
            BackgroundModel model = background(s.path("background"));
            Calibration c = new Calibration(model, number(s, "median"), number(s, "spread"),
                    s.path("origin").asText("read from " + java.nio.file.Path.of(file).getFileName()),
                    s.path("components").asText(null));
            JsonNode r = s.path("residual");
            if (r.isMissingNode()) {
                return c;
            }
            ResidualModel residual = residual(r);
            try {
                return c.withResidual(residual, number(r, "median"), number(r, "spread"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("residual part: " + e.getMessage(), e);
            }
        } catch (IllegalArgumentException e) {
            throw corrupt(file, code, e.getMessage());
        }
    }

    private static double[] doubles(JsonNode a) {
        if (a == null || !a.isArray()) {
            return null;
        }
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            if (!a.get(i).isNumber()) {
                return null;
            }
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    /** @param station the station's code (NET.STA.LOC.BI), or null: named as a station, not a channel */
    private static BadInputException corrupt(String file, String station, String detail) {
        return new BadInputException(BadInputException.Problem.CORRUPT, file, null, null, -1,
                station == null ? detail : "station " + station + ": " + detail);
    }

    /** @return {@code id} abbreviated, or whole where the abbreviation would not tell it from {@code other} */
    private static String shown(String id, String other) {
        return abbrev(id).equals(abbrev(other)) ? (id.isEmpty() ? "(none)" : id) : abbrev(id);
    }

    private static String abbrev(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha.isEmpty() ? "(none)" : sha;
    }
}
