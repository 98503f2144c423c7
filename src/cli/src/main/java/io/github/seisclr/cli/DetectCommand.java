package io.github.seisclr.cli;

import io.github.seisclr.SeisclrException;
import io.github.seisclr.detect.ArchiveDetector;
import io.github.seisclr.detect.Calibration;
import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.CalibrationFile;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.Detector;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.io.SdsArchive;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.WaveformIndex;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.output.Writers;
import io.github.seisclr.pick.Phase;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code seisclr detect}: detections and picks in miniSEED. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Detect events and pick P and S in miniSEED files or folders with a trained model.")
final class DetectCommand implements Callable<Integer> {
    @Mixin
    ReadingOptions reading = new ReadingOptions();

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "miniSEED files or folders (searched recursively)")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--sds", paramLabel = "ROOT", description = "read an SDS archive (YEAR/NET/STA/CHA.D/"
            + "NET.STA.LOC.CHA.D.YEAR.DOY) instead of PATHs, one station-day at a time (docs/archives.md)")
    Path sds;

    @Option(names = "--stations", split = ",", paramLabel = "NET.STA", description = "with --sds: stations to"
            + " process, * and ? as wildcards, NET_STA taken too (default: all)")
    List<String> stations = new ArrayList<>();

    @Option(names = "--from", paramLabel = "TIME", description = "with --sds: first day (2024-01-31) or time"
            + " (2024-01-31T06:00:00Z) (default: the first day held)")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "with --sds: last day, included (2024-02-29),"
            + " or end time, excluded (2024-02-29T12:00:00Z) (default: the last day held)")
    String to;

    @Option(names = "--calibrations", paramLabel = "FILE", description = "with --sds: stations' calibrations"
            + " (from `detect --save-calibrations`) instead of fitting each station on its first day")
    Path calibrations;

    @Option(names = "--model", description = "model file (default: the bundled model, a copy of models/seisclr-default-v1.zip inside the jar)")
    Path model;

    @Option(names = "--format", description = FORMAT)
    String format;

    @Option(names = "--save-calibrations", paramLabel = "FILE", description = "write each station's calibration"
            + " (JSON) for `stream --calibrations FILE`: a stream started from it scores from its first minute")
    Path saveCalibrations;

    @Option(names = "--out", description = "output file (default: standard output)")
    Path out;

    @Option(names = "--threshold", defaultValue = "5", description = "trigger-on level in robust standard deviations (default ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--threshold-off", description = "trigger-off level, at most --threshold (default: half of --threshold)")
    Double thresholdOff;

    /** {@code --trim}'s default, the detector's ({@code DetectorConfig}), as the commands that take it give it. */
    static final String TRIM_DEFAULT = "0.25";

    /** What {@code --trim} does, as the commands that take it say it. */
    static final String TRIM = "share of windows the background fit treats as outliers; raise for event-rich data"
            + " (default ${DEFAULT-VALUE})";

    @Option(names = "--trim", defaultValue = TRIM_DEFAULT, description = TRIM)
    double trim;

    /** What {@code --no-amplitude-term} does, as the commands that take it say it. */
    static final String NO_AMPLITUDE_TERM = "score by the learned distance alone, without the amplitude term"
            + " (STA/LTA's log ratio on the vertical beyond three prior spreads, from a ratio of about 2.6)";

    @Option(names = "--no-amplitude-term", description = NO_AMPLITUDE_TERM)
    boolean noAmplitudeTerm;

    /** What {@code --residual} does, as the commands that take it say it. */
    static final String RESIDUAL = "score by the mean of the distance from the station's background and the residual"
            + " of predicting each second's features from the 8 s before (for short event windows; see"
            + " docs/detection.md)";

    @Option(names = "--residual", description = RESIDUAL)
    boolean residual;

    @Option(names = "--plot", description = "folder for one PNG per detection: each component band-passed to the"
            + " model's band and raw, the score with its on and off levels, P and S with their uncertainty")
    Path plot;

    /** The help of {@code --format} for detect and stream. */
    static final String FORMAT = "csv, json, quakeml (xml and qml are the same) or sc3ml (SeisComP XML 0.13: picks and their"
            + " snr amplitudes, for scdispatch or scautoloc; scml is the same); default: as --out's name ends (.json; .xml,"
            + " .qml or .quakeml; .scml or .sc3ml), else csv";

    /**
     * The output format: {@code --format} where given, else the one {@code --out}'s name ends in, else
     * CSV. A name that ends in another format's extension than {@code --format} names is refused (a
     * file called events.xml holding CSV would mislead whoever opens it).
     *
     * @param format {@code --format}, or null
     * @param out {@code --out}, or null
     * @return the format
     */
    static Writers.Format format(String format, Path out) {
        Writers.Format named = out == null || out.getFileName() == null ? null : formatOfName(out.getFileName().toString());
        if (format == null) {
            return named == null ? Writers.Format.CSV : named;
        }
        Writers.Format given = parseFormat(format);
        if (named != null && named != given) {
            throw new UsageException("--out " + out + " names a " + named.name().toLowerCase(java.util.Locale.ROOT)
                    + " file but --format is " + format + ": leave --format out, or give the file another name");
        }
        return given;
    }

    /** @return the format a file name's extension names, or null for another extension */
    private static Writers.Format formatOfName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".csv")) {
            return Writers.Format.CSV;
        }
        if (n.endsWith(".json")) {
            return Writers.Format.JSON;
        }
        if (n.endsWith(".xml") || n.endsWith(".qml") || n.endsWith(".quakeml")) {
            return Writers.Format.QUAKEML;
        }
        if (n.endsWith(".scml") || n.endsWith(".sc3ml")) {
            return Writers.Format.SC3ML;
        }
        return null;
    }

    /** @return the output format named by {@code --format} */
    static Writers.Format parseFormat(String format) {
        Writers.Format named = Writers.Format.named(format);
        if (named == null) {
            throw new UsageException("--format must be csv, json, quakeml (or xml or qml, the same) or sc3ml"
                    + " (or scml, the same), got '" + format + "'");
        }
        return named;
    }

    /**
     * Review (a new user, 2026-12-07): the main job on {@code data-samples} ended with "2 file(s) not
     * read, or not read whole (not miniSEED, unreadable, or left out as damaged ...)" for its README
     * and truth table, in the words of damage. Files of a folder that are not miniSEED are named
     * apart, calmly; files not read or read in part for a fault keep the warning.
     *
     * @param skipped {@link io.github.seisclr.io.WaveformSet#skippedFiles()}
     * @return the summary's lines about them (none where there are none)
     */
    static List<String> skippedLines(List<String> skipped) {
        List<String> notMiniSeed = new java.util.ArrayList<>();
        List<String> faults = new java.util.ArrayList<>();
        for (String s : skipped) {
            int at = s.lastIndexOf(": not miniSEED");
            boolean plain = at > 0 && (s.endsWith(": not miniSEED") || s.startsWith(": not miniSEED (", at));
            if (plain) {
                notMiniSeed.add(s.substring(0, at));
            } else {
                faults.add(s);
            }
        }
        List<String> out = new java.util.ArrayList<>();
        if (!notMiniSeed.isEmpty()) {
            out.add(String.format(java.util.Locale.ROOT, "%d file(s) in the input folder(s) are not miniSEED, left aside:"
                    + " %s", notMiniSeed.size(), Writers.oneLine(Listing.first(notMiniSeed, 5, ", "))));
        }
        if (!faults.isEmpty()) {
            out.add(String.format(java.util.Locale.ROOT, "%d file(s) not read, or not read whole (unreadable, or left out"
                    + " as damaged, whole or in part; `seisclr info` lists them all): %s", faults.size(),
                    Writers.oneLine(Listing.first(faults, 3, "; "))));
        }
        return out;
    }

    /** Below this SNR a detection's arrival is less than twice the noise before it ({@link #weakStations}). */
    static final double WEAK_SNR = 2;
    /** ... and from this many detections on, a station whose most are that weak is named. */
    static final int WEAK_COUNT = 10;

    /**
     * Review (a new user): the bundled model on a quiet vertical-only station (continuous/, BW.KW1)
     * gave 39 detections in 2.6 h, 31 of them with an SNR under 2 (median 1.7; on ipoc-cx, NCEDC and
     * data-samples the median is 3.5 to 21), and the run said nothing; README's model table did. A
     * station with at least {@value #WEAK_COUNT} detections, most of them under an SNR of
     * {@value #WEAK_SNR} (or without one), is named with a word on what to do: training a model on
     * its recordings only where the model was not trained on them (review: the advice sent a user
     * whose model was trained on the station round in a circle).
     *
     * @param detections a run's detections
     * @param trainedOn the station streams the model was trained on ({@code NET.STA.LOC.BI}, as the
     *     manifest records them; empty where not recorded)
     * @return a line per such station (the first five; then one line for the rest)
     */
    static List<String> weakStations(List<Detection> detections, java.util.Collection<String> trainedOn) {
        java.util.Map<String, List<Detection>> byStation = new java.util.TreeMap<>();
        detections.forEach(d -> byStation.computeIfAbsent(d.station(), k -> new java.util.ArrayList<>()).add(d));
        List<String> out = new java.util.ArrayList<>();
        int more = 0;
        for (var e : byStation.entrySet()) {
            List<Detection> ds = e.getValue();
            long weak = ds.stream().filter(d -> !(d.snr() >= WEAK_SNR)).count();
            if (ds.size() < WEAK_COUNT || 2 * weak <= ds.size()) {
                continue;
            }
            if (out.size() == 5) {
                more++;
                continue;
            }
            double[] snr = ds.stream().mapToDouble(Detection::snr).filter(Double::isFinite).sorted().toArray();
            out.add(String.format(java.util.Locale.ROOT, "note: %s: %d of its %d detections have an SNR under %.0f%s:"
                    + " many may be noise rather than events (%s; README, \"Which model to use\")",
                    e.getKey(), weak, ds.size(), WEAK_SNR, snr.length == 0 ? " (none measured)"
                    : String.format(java.util.Locale.ROOT, " (median %.1f)", snr[snr.length / 2]),
                    trainedOn.contains(e.getKey()) ? "a quiet station; the model was trained on its recordings: raise"
                    + " --threshold for it" : "a quiet station, or a model not made for it: raise --threshold for it,"
                    + " or train a model on its own recordings"));
        }
        if (more > 0) {
            out.add("note: and " + more + " more station(s) with most detections under an SNR of " + (int) WEAK_SNR);
        }
        return out;
    }

    /** @return the station streams the model was trained on, as its manifest records them (empty where it does not) */
    static List<String> trainedOn(Encoder encoder) {
        var t = encoder.manifest() == null ? null : encoder.manifest().training();
        return t == null || t.stations() == null ? List.of() : t.stations();
    }

    /** Most stations {@link #howRead} names one by one; past it, one line says how many more. */
    private static final int HOW_READ_NAMED = 5;

    /**
     * Says how the scored stations' data were taken where it is not as recorded (review, an
     * ocean-bottom array: resampling and components 1 and 2 taken as the horizontals were said in
     * the docs only): a rate other than the model's, resampled; horizontals 1 and 2, or a vertical
     * coded 3, as the detector takes them.
     *
     * @param data the data read
     * @param scored the stations scored
     * @param modelRate the model's sample rate
     * @return one line per station where anything applies, the first {@value #HOW_READ_NAMED}, and a count of the others
     */
    static List<String> howRead(WaveformIndex data, java.util.Set<String> scored, double modelRate) {
        List<String> lines = new ArrayList<>();
        int others = 0;
        for (String station : data.stations()) {
            if (!scored.contains(station)) {
                continue;
            }
            // the channels at each rate resampled, named where not every channel is at that rate alone
            // (review: "CX.PB01..HH: 50 Hz resampled" where only the horizontals were at 50 Hz)
            java.util.SortedMap<Double, List<String>> resampled = new java.util.TreeMap<>();
            java.util.Set<Character> components = new java.util.HashSet<>();
            Map<io.github.seisclr.io.SourceId, java.util.SortedSet<Double>> channels = data.channels(station);
            channels.forEach((id, rates) -> {
                rates.stream().filter(r -> io.github.seisclr.io.SampleRates.needResampling(r, modelRate))
                        .forEach(r -> resampled.computeIfAbsent(r, k -> new ArrayList<>())
                                .add(id.channel() + (rates.size() > 1 ? " in part" : "")));
                components.add(id.component());
            });
            List<String> said = new ArrayList<>();
            boolean allAlike = resampled.size() == 1 && resampled.values().iterator().next().size() == channels.size()
                    && channels.values().stream().allMatch(r -> r.size() == 1);
            if (!resampled.isEmpty()) {
                said.add(String.join("; ", resampled.entrySet().stream().map(e -> (allAlike ? "" : String.join(", ",
                        e.getValue()) + " at ") + io.github.seisclr.io.SampleRates.format(e.getKey()) + " Hz").toList())
                        + " resampled to the model's " + io.github.seisclr.io.SampleRates.format(modelRate) + " Hz");
            }
            // the codes the detector takes (StationStream.preferred): a 1, 2 or 3 beside N, E or Z is left out
            String numbered = (StationStream.preferred(components, 1).orElse(' ') == '1' ? "1" : "")
                    + (StationStream.preferred(components, 2).orElse(' ') == '2' ? "2" : "");
            if (numbered.length() == 2) {
                said.add("components 1 and 2 taken as the two horizontals in whatever direction the sensor faces");
            } else if (!numbered.isEmpty()) {
                said.add("component " + numbered + " taken as a horizontal in whatever direction the sensor faces");
            }
            if (StationStream.preferred(components, 0).orElse(' ') == '3') {
                said.add("component 3 taken as the vertical");
            }
            if (said.isEmpty()) {
                continue;
            }
            if (lines.size() < HOW_READ_NAMED) {
                lines.add("read as: " + station + ": " + String.join("; ", said));
            } else {
                others++;
            }
        }
        if (others > 0) {
            lines.add("read as: and " + others + " more station(s) resampled or with numbered components");
        }
        return lines;
    }

    @Override
    public Integer call() throws IOException {
        Writers.Format fmt = format(format, out);
        if (thresholdOff != null && thresholdOff > threshold) {
            throw new UsageException("--threshold-off (" + thresholdOff + ") must not exceed --threshold ("
                    + threshold + "): a detection ends when the score falls below it");
        }
        DetectorConfig config = UsageException.options(() -> DetectorConfig.builder().thresholdOn(threshold)
                .thresholdOff(thresholdOff != null ? thresholdOff : threshold / 2).trim(trim)
                .amplitudeTerm(!noAmplitudeTerm).residual(residual).build(),
                "thresholdOn", "--threshold", "thresholdOff", "--threshold-off", "trim", "--trim");
        if (sds != null) {
            if (!paths.isEmpty()) {
                throw new UsageException("give either PATHs or --sds, not both");
            }
            if (plot != null) {
                throw new UsageException("--plot is not available with --sds (station-days are processed one at a"
                        + " time); run detect on the days you want to see with --plot");
            }
        } else {
            if (paths.isEmpty()) {
                throw new UsageException("no input: give miniSEED files or folders, or --sds ROOT");
            }
            if (!stations.isEmpty() || from != null || to != null || calibrations != null) {
                throw new UsageException("--stations, --from, --to and --calibrations go with --sds");
            }
        }
        // every output location is checked before the work: an hour's run must not fail at its end
        Outputs.distinct("--out", out, "--plot", plot, "--save-calibrations", saveCalibrations);
        if (out != null) {
            Outputs.file("--out", out, Outputs.inputs(inputs(), model), false);
        }
        if (plot != null) {
            Outputs.folder("--plot", plot, paths);
        }
        if (saveCalibrations != null) {
            Outputs.file("--save-calibrations", saveCalibrations, Outputs.inputs(inputs(), model, out), false);
        }
        Main.oneThreadPerOperation();
        long t0 = System.nanoTime();
        Encoder encoder = Main.model(model);
        // made before reading: it prepares the model's reference noise meanwhile
        Detector detector = Detector.of(encoder, config);
        if (sds != null) {
            return archive(detector, encoder, fmt, t0);
        }
        // indexed, then read a piece at a time: memory stays that of a few hours of one station
        WaveformIndex data = WaveformIndex.of(paths, reading.options()).requireSamples();
        List<String> stations = data.stations();
        DetectionResult result;
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        try (StopNotice stop = new StopNotice(() -> "detect stopped before it finished, after " + done.get() + " of "
                + stations.size() + " station(s): nothing was written");
             ProgressBar bar = Progress.bar("detect", stations.size(), " stations", false).build()) {
            // score traces (4 bytes a frame of every station) only when figures need them
            result = detector.detect(data, plot != null, s -> {
                done.incrementAndGet();
                bar.step();
                bar.setExtraMessage(" " + s);
            });
        }
        // the output says its data were read with damaged records in them, where they were allowed
        String producer = "seisclr detect " + String.join(" ", paths.stream().map(Path::toString).toList())
                + reading.asArguments()
                + " (seisclr " + version() + ", model " + Main.modelName(model) + ")";
        // how the data were read goes into the outputs too, after the run's warnings (review: only the
        // terminal said that a station was resampled or read with components 1 and 2)
        List<String> readAs = howRead(data, result.calibrations().keySet(), encoder.config().sampleRate());
        List<String> listed = new ArrayList<>(result.warnings());
        listed.addAll(readAs);
        DetectionResult written = result.withWarnings(listed);
        if (out == null) {
            Writers.write(written, fmt, producer, System.out);
        } else {
            Outputs.write("--out", out, os -> Writers.write(written, fmt, producer, os));
        }
        if (saveCalibrations != null) {
            Outputs.write("--save-calibrations", saveCalibrations,
                    os -> CalibrationFile.write(result.calibrations(), encoder.featuresId(), os));
        }
        List<String> unplotted = plot == null ? List.of() : plots(data, result, Plots.Band.of(encoder.config()));
        double secs = (System.nanoTime() - t0) / 1e9;
        long p = result.picks().select(Phase.P).size();
        long s = result.picks().select(Phase.S).size();
        // review (an ocean-bottom array): a hydrophone's own station stream was counted as a station scored
        int scored = result.calibrations().size();
        // a station's several sensors (HH? and EH?, two location codes) are sensors of one station, as the
        // network detections count them (review: "4 station(s)" for two stations of two sensors each)
        long sites = stations.stream().map(StationStream::networkStation).distinct().count();
        String counted = sites < stations.size() ? stations.size() + " sensor(s) at " + sites + " station(s)"
                : stations.size() + " station(s)";
        System.err.printf("%n%d file(s), %s%s, %.2f station-hours: %d detection(s), %d network detection(s)"
                        + " (>= %d stations), %d P and %d S pick(s)%n", data.sources().size(), counted,
                scored < stations.size() ? " (" + scored + " scored; the warnings above say why not the others)" : "",
                result.hoursProcessed(), result.detections().size(), result.networkDetections().size(),
                config.coincidenceStations(), p, s);
        readAs.forEach(System.err::println);
        skippedLines(data.skippedFiles()).forEach(System.err::println);
        weakStations(result.detections(), trainedOn(encoder)).forEach(System.err::println);
        thresholdLine(result);
        System.err.printf("%.1f s in all, %.0f station-hours per minute%s%s%n", secs, result.hoursProcessed() / secs * 60,
                written(), plot == null ? "" : String.format("; %d plot(s) in %s",
                        result.detections().size() - unplotted.size(), plot));
        if (!unplotted.isEmpty()) {
            // the detections are written; the missing plots still make the run fail, for scripts to see
            throw new SeisclrException(unplotted.size() + " of " + result.detections().size() + " detection plot(s)"
                    + " not written to " + plot + " (the detections were written); first: " + unplotted.get(0));
        }
        return 0;
    }

    /** The inputs that no output may replace. */
    private List<Path> inputs() {
        List<Path> in = new ArrayList<>(paths);
        if (sds != null) {
            in.add(sds);
        }
        if (calibrations != null) {
            in.add(calibrations);
        }
        return in;
    }

    /** {@code --sds}: the archive, station-day by station-day ({@link ArchiveDetector}). */
    private int archive(Detector detector, Encoder encoder, Writers.Format fmt, long t0) throws IOException {
        SdsArchive archive = SdsArchive.open(sds, reading.options());
        SdsArchive.Stations chosen = stations.isEmpty() ? SdsArchive.Stations.ALL : parseStations(stations);
        Instant a = from == null ? null : time("--from", from, false);
        Instant b = to == null ? null : time("--to", to, true);
        if (a == null || b == null) {
            Instant[] held = archive.extent(chosen);
            a = a != null ? a : held[0];
            b = b != null ? b : held[1];
        }
        range(from, to, a, b);
        Map<String, Calibration> given = calibrations == null ? Map.of()
                : CalibrationFile.read(calibrations, encoder.featuresId());
        ArchiveDetector run = new ArchiveDetector(detector, archive);
        Map<String, java.util.SortedSet<java.time.LocalDate>> held = run.stationDays(chosen, a, b);
        // review (an operator): a day file compressed or named with an unpadded day was left out unsaid
        String stray = archive.strayFilesWarning(chosen, a, b, 5);
        if (stray != null) {
            System.err.println("warning: " + sds + ": " + stray);
        }
        int stationDays = held.values().stream().mapToInt(java.util.Set::size).sum();
        if (stationDays == 0) {
            throw new io.github.seisclr.BadInputException(io.github.seisclr.BadInputException.Problem.EMPTY,
                    sds.toString(), null, null, -1, "the archive holds no day file of " + chosen + " from "
                    + a + " to " + b + " (`seisclr info --sds " + sds + "` lists what it holds)");
        }
        DetectionResult result;
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>();
        try (StopNotice stop = new StopNotice(() -> "detect stopped before it finished, after " + done.get() + " of "
                + stationDays + " station-day(s)" + (last.get() == null ? "" : " (the last: " + last.get() + ")")
                + ": nothing was written; `seisclr archive` does an archive in batches that a stopped run goes on"
                + " from (docs/archives.md)");
             ProgressBar bar = Progress.bar("detect", stationDays, " station-days", false).build()) {
            result = run.detect(chosen, a, b, given, s -> {
                done.incrementAndGet();
                last.set(s);
                bar.step();
                bar.setExtraMessage(" " + s);
            });
        }
        String producer = "seisclr detect --sds " + sds + " --stations " + chosen + " --from " + a + " --to " + b
                + reading.asArguments()
                + " (seisclr " + version() + ", model " + Main.modelName(model) + ")";
        if (out == null) {
            Writers.write(result, fmt, producer, System.out);
        } else {
            Outputs.write("--out", out, os -> Writers.write(result, fmt, producer, os));
        }
        if (saveCalibrations != null) {
            Outputs.write("--save-calibrations", saveCalibrations,
                    os -> CalibrationFile.write(result.calibrations(), encoder.featuresId(), os));
        }
        // review (an operator): the station streams the file lacks were fitted without a word
        List<String> fitted = calibrations == null ? List.of() : result.calibrations().keySet().stream()
                .filter(k -> !given.containsKey(k)).sorted().toList();
        if (!fitted.isEmpty()) {
            System.err.printf("note: %d station stream(s) that %s does not calibrate were fitted on their first day with"
                    + " data: %s%n", fitted.size(), calibrations, Listing.first(fitted, 5, ", "));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.err.printf("%n%d station-day(s) from %s to %s, %.2f station-hours: %d detection(s), %d network"
                        + " detection(s) (>= %d stations), %d P and %d S pick(s)%n", stationDays, a, b,
                result.hoursProcessed(), result.detections().size(), result.networkDetections().size(),
                result.settings().coincidenceStations(), result.picks().select(Phase.P).size(),
                result.picks().select(Phase.S).size());
        if (result.hoursProcessed() == 0 && stationDays > 0) {
            // black-box review: day files in the range, but none of their data in it: said, not an empty table alone
            System.err.printf("warning: the %d station-day(s)' files hold no data from %s to %s (their records lie in"
                    + " other hours); nothing was scored%n", stationDays, a, b);
        }
        List<String> damaged = run.damagedFiles();
        if (!damaged.isEmpty()) {
            System.err.printf("%d day file(s) left out as damaged, whole or in part (--skip-damaged; the warnings above give each one's"
                    + " damage): %s%n", damaged.size(), Listing.first(damaged, 3, "; "));
        }
        System.err.print(ArchiveDetector.stationDayNotes(run.unscoredDays(), SdsArchive.missingDays(held)));
        weakStations(result.detections(), trainedOn(encoder)).forEach(System.err::println);
        thresholdLine(result);
        System.err.printf("%.1f s in all, %.1f station-days per minute%s%n", secs, stationDays / secs * 60, written());
        return 0;
    }

    /** Prints the settings the detections were made with (review: `detect --sds` did not say them). */
    private void thresholdLine(DetectionResult result) {
        System.err.printf("threshold %s on / %s off (robust standard deviations), model %s (%s)%n",
                result.settings().thresholdOn(), result.settings().thresholdOff(), Main.modelName(model),
                result.modelChecksum());
    }

    /** @return what was written, for the last line (review: the calibrations file was not named) */
    private String written() {
        return (out == null ? "" : "; wrote " + out)
                + (saveCalibrations == null ? "" : "; calibrations in " + saveCalibrations);
    }

    private static SdsArchive.Stations parseStations(List<String> codes) {
        try {
            return SdsArchive.Stations.parse(codes);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--stations: " + e.getMessage());
        }
    }

    /**
     * Refuses an empty range in the words the user gave: {@code --to 2024-01-01} ends at the next
     * midnight, so the instants alone read as a different day.
     *
     * @param from {@code --from} as given, or null (the archive's first day)
     * @param to {@code --to} as given, or null (the archive's last day)
     * @param a the range's start
     * @param b the range's end (excluded)
     */
    static void range(String from, String to, Instant a, Instant b) {
        if (!a.isBefore(b)) {
            throw new UsageException("--from " + (from != null ? from : "(the archive's first day, " + a + ")")
                    + " must come before --to " + (to != null ? to + (io.github.seisclr.io.Times.isDay(to) ? " (a date alone includes its"
                    + " whole day)" : "") : "(the archive's last day, which ends " + b + ")"));
        }
    }

    /** {@link io.github.seisclr.io.Times#dayOrTime}, a mistake being a usage error naming the option. */
    static Instant time(String option, String text, boolean end) {
        try {
            return io.github.seisclr.io.Times.dayOrTime(text, end);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " " + e.getMessage());
        }
    }

    static String version() {
        String v = DetectCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * Writes one PNG per detection ({@link Plots#detection}). A detection whose figure cannot be
     * made or written is named on standard error and the others go on; the detections themselves
     * are written before. Returns the detections without a plot, each with its reason.
     */
    private List<String> plots(WaveformIndex data, DetectionResult result, Plots.Band band) {
        List<String> failed = new ArrayList<>();
        // each figure reads its own stretch: the detection and its picks' spans, the padding shown
        // and the band-pass margin either side
        Duration reach = Duration.ofSeconds((long) Math.ceil(Plots.PAD_SECONDS + Plots.marginSeconds(band) + 1));
        for (Detection d : result.detections()) {
            Path file = plot.resolve(d.id() + ".png");
            try {
                List<io.github.seisclr.pick.Pick> picks = Plots.picksOf(result.picks(), d.id());
                Instant[] shown = Plots.extent(d, picks);
                StationStream s = Plots.station(data.read(d.station(), shown[0].minus(reach), shown[1].plus(reach))
                        .stations(), d.station());
                if (s == null) {
                    throw new IllegalStateException("station " + d.station() + " is not in the data read");
                }
                Plots.write("--plot", file, Plots.detection(s, d, picks, result.scores(),
                        result.settings().thresholdOff(), band));
            } catch (RuntimeException e) {
                String why = d.id() + ": " + Main.message(e);
                failed.add(why);
                System.err.println("seisclr: warning: no plot for detection " + why);
            }
        }
        return failed;
    }
}
