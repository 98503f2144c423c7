package io.github.seisclr.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.NetworkDetection;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.Polarity;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a {@link DetectionResult} in the formats seismologists exchange. All writers leave the
 * stream open.
 */
public final class Writers {
    /** Output format. */
    public enum Format {
        /**
         * One row per pick, with its detection's columns; comment lines ({@code #}) above the header say
         * how it was produced and list the run's warnings about its data ({@code # warning: ...}).
         */
        CSV,
        /** Detections with their picks, a provenance block and the run's warnings about its data. */
        JSON,
        /** QuakeML 1.2 event parameters; the run's warnings about its data are their comments. */
        QUAKEML,
        /**
         * SeisComP XML (SCML) 0.13 event parameters, as SeisComP's own picker writes them: picks, and
         * each station detection's signal-to-noise ratio as an amplitude of type {@code snr} of its
         * first arrival, which SeisComP's locator {@code scautoloc} reads with them; no events (a
         * SeisComP event needs an origin, and seisclr does not locate). The provenance and the run's
         * warnings about its data are XML comments, which the format has no element for.
         */
        SC3ML;

        /**
         * @param name a format's name as the command line takes it (any case): csv, json, quakeml (or
         *     xml or qml), sc3ml (or scml)
         * @return the format it names, or null for another name
         */
        public static Format named(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "csv" -> CSV;
                case "json" -> JSON;
                case "quakeml", "xml", "qml" -> QUAKEML;
                case "sc3ml", "scml" -> SC3ML;
                default -> null;
            };
        }
    }

    /** Columns of the CSV. */
    public static final String CSV_HEADER = "detection_id,station,detection_start,detection_end,peak_score,snr,"
            + "phase,channel,pick_time,uncertainty_s,confidence,lower_uncertainty_s,upper_uncertainty_s,polarity,"
            + "network_detection";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Writers() {
    }

    /**
     * @param result what to write
     * @param format the format
     * @param producer free text naming what produced it (command, version)
     * @param out where (flushed, not closed: the caller closes it)
     * @throws IOException when writing fails
     */
    public static void write(DetectionResult result, Format format, String producer, OutputStream out) throws IOException {
        java.util.Objects.requireNonNull(result, "result");
        java.util.Objects.requireNonNull(format, "format");
        java.util.Objects.requireNonNull(out, "out");
        switch (format) {
            case CSV -> csv(result, producer, out);
            case JSON -> json(result, producer, out);
            case QUAKEML -> quakeml(result, producer, out);
            case SC3ML -> SeisComPXml.write(result, producer, out);
            default -> throw new IllegalArgumentException(format.toString());
        }
    }

    /**
     * @return the models that made detections other than the result's own, by station (an archive job
     *     whose stations were each trained a model of their own, {@code --train-days}); empty where the
     *     result's model made every detection. A station's own model that made no detection in the
     *     result is not named: the rows do not say which model scored a station without one
     */
    static Map<String, String> otherModels(DetectionResult r) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Detection d : r.detections()) {
            if (!modelOf(d, r).equals(r.modelChecksum())) {
                out.put(d.station(), d.model());
            }
        }
        return out;
    }

    /** @return the model that made {@code d}: its own, the result's where it names none */
    private static String modelOf(Detection d, DetectionResult r) {
        return d.model() == null || d.model().isEmpty() ? r.modelChecksum() : d.model();
    }

    /** @return the model as the provenance names it: the result's, and the stations' own where they differ */
    private static String models(DetectionResult r) {
        Map<String, String> other = otherModels(r);
        if (other.isEmpty()) {
            return r.modelChecksum();
        }
        StringBuilder b = new StringBuilder(r.modelChecksum()).append(", and the stations' own:");
        other.forEach((station, model) -> b.append(' ').append(station).append(' ').append(model));
        return b.toString();
    }

    static String provenance(DetectionResult r, String producer) {
        return provenance(r, producer, models(r));
    }

    /** @return the provenance, naming the model(s) as {@code models} says */
    private static String provenance(DetectionResult r, String producer, String models) {
        // review (a new user): "distance alone; with the amplitude term" read as a contradiction
        return String.format(Locale.ROOT, "%s; model %s; threshold on %.2f off %.2f (robust standard deviations); "
                        + "background trim %.2f; score: %s, %s; %.2f station-hours", producer, models,
                r.settings().thresholdOn(), r.settings().thresholdOff(), r.settings().trim(),
                r.settings().residual() ? "the learned distance and residual" : "the learned distance",
                r.settings().amplitudeTerm() ? "with the amplitude term" : "without the amplitude term",
                r.hoursProcessed());
    }

    static void csv(DetectionResult r, String producer, OutputStream out) throws IOException {
        // a Writer that throws (a PrintWriter keeps its errors to itself: a full disk wrote an empty
        // or cut catalogue without an error, where JSON and QuakeML threw; review)
        java.io.Writer raw = new java.io.BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        Lines w = line -> {
            raw.write(line);
            raw.write('\n');
        };
        // the producer names the input files: a line feed in one would end the comment and start a
        // row above the header (review)
        w.println("# " + oneLine(provenance(r, producer)));
        for (String warning : r.warnings()) {
            // a warning of several lines stays one warning: its further lines are indented comments
            List<String> lines = warning.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                w.println((i == 0 ? "# warning: " : "#   ") + oneLine(lines.get(i)));
            }
        }
        w.println(CSV_HEADER);
        Map<String, List<Pick>> byDetection = byDetection(r);
        Map<String, String> network = networkIds(r);
        for (Detection d : r.detections()) {
            List<Pick> picks = byDetection.getOrDefault(d.id(), List.of());
            String det = String.join(",", d.id(), d.station(), time(d.start()), time(d.end()),
                    fmt(d.peakScore()), fmt(d.snr()));
            String net = network.getOrDefault(d.id(), "");
            if (picks.isEmpty()) {
                w.println(det + ",,,,,,,," + net);
            }
            for (Pick p : picks) {
                w.println(det + "," + p.phase() + "," + p.channel() + "," + time(p.time()) + ","
                        + fmt(p.uncertaintySeconds()) + "," + fmt(p.confidence()) + ","
                        + fmt(p.lowerUncertaintySeconds()) + "," + fmt(p.upperUncertaintySeconds()) + ","
                        + p.polarity().quakeMl() + "," + net);
            }
        }
        raw.flush();
    }

    /** One line at a time, each ended by a line feed. */
    private interface Lines {
        void println(String line) throws IOException;
    }

    /**
     * The network detections' ids by the id of each station detection in one (review, a new user:
     * only JSON said which station detections are one event; the CSV's rows could not be put together)
     */
    static Map<String, String> networkIds(DetectionResult r) {
        Map<String, String> out = new java.util.HashMap<>();
        for (NetworkDetection n : r.networkDetections()) {
            String id = networkId(n);
            n.detections().forEach(d -> out.putIfAbsent(d.id(), id));
        }
        return out;
    }

    /**
     * @return a network detection's id: that of its earliest station detection, the same whatever span
     *     a file covers (an archive's day file, a run over the whole archive)
     */
    private static String networkId(NetworkDetection n) {
        return n.detections().stream().min(java.util.Comparator.comparing(Detection::start)
                .thenComparing(Detection::id)).orElseThrow().id();
    }

    /** Each detection's picks, in their order, found once (not by a scan per detection). */
    static Map<String, List<Pick>> byDetection(DetectionResult r) {
        Map<String, List<Pick>> out = new java.util.HashMap<>();
        for (Pick p : r.picks().picks()) {
            out.computeIfAbsent(p.detectionId(), k -> new ArrayList<>()).add(p);
        }
        return out;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    static void json(DetectionResult r, String producer, OutputStream out) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("producer", producer);
        prov.put("model", r.modelChecksum());
        prov.put("thresholdOn", r.settings().thresholdOn());
        prov.put("thresholdOff", r.settings().thresholdOff());
        prov.put("scoreWindowSeconds", r.settings().scoreWindowSeconds());
        prov.put("residual", r.settings().residual());
        prov.put("amplitudeTerm", r.settings().amplitudeTerm());
        prov.put("stationHours", r.hoursProcessed());
        Map<String, String> stationModels = otherModels(r);
        if (!stationModels.isEmpty()) {
            prov.put("stationModels", stationModels);
        }
        root.put("provenance", prov);
        root.put("warnings", r.warnings());
        List<Map<String, Object>> dets = new ArrayList<>();
        Map<String, List<Pick>> byDetection = byDetection(r);
        for (Detection d : r.detections()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("station", d.station());
            m.put("start", time(d.start()));
            m.put("end", time(d.end()));
            m.put("peakTime", time(d.peakTime()));
            m.put("peakScore", d.peakScore());
            m.put("snr", Double.isNaN(d.snr()) ? null : d.snr());
            List<Map<String, Object>> picks = new ArrayList<>();
            for (Pick p : byDetection.getOrDefault(d.id(), List.of())) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("phase", p.phase().name());
                pm.put("channel", p.channel().toString());
                pm.put("time", time(p.time()));
                pm.put("uncertainty", p.uncertaintySeconds());
                pm.put("lowerUncertainty", p.lowerUncertaintySeconds());
                pm.put("upperUncertainty", p.upperUncertaintySeconds());
                if (p.polarity() != Polarity.NONE) {
                    pm.put("polarity", p.polarity().quakeMl());
                }
                pm.put("confidence", p.confidence());
                pm.put("evidence", p.evidence());
                picks.add(pm);
            }
            m.put("picks", picks);
            dets.add(m);
        }
        root.put("detections", dets);
        List<Map<String, Object>> net = new ArrayList<>();
        r.networkDetections().forEach(n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", networkId(n)); // as the CSV's network_detection column names it
            m.put("start", time(n.start()));
            m.put("stations", n.stations());
            m.put("detections", n.detections().stream().map(Detection::id).toList());
            net.add(m);
        });
        root.put("networkDetections", net);
        out.write(JSON.writeValueAsBytes(root));
        out.write('\n'); // a text file's last line ends with a newline, as the CSV's does
        out.flush();
    }

    private static final String QML = "http://quakeml.org/xmlns/quakeml/1.2";
    private static final String BED = "http://quakeml.org/xmlns/bed/1.2";

    static void quakeml(DetectionResult r, String producer, OutputStream out) throws IOException {
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            Map<String, List<Pick>> byDetection = byDetection(r);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("q", "quakeml", QML);
            x.writeNamespace("q", QML);
            x.writeDefaultNamespace(BED);
            x.writeStartElement(BED, "eventParameters");
            x.writeAttribute("publicID", eventParametersId(r, producer));
            // on one line: a line feed in a file name is escaped, as xmlText escapes the characters
            // XML does not allow
            text(x, "description", oneLine(provenance(r, producer)));
            for (String warning : r.warnings()) {
                x.writeStartElement(BED, "comment");
                text(x, "text", "warning: " + warning);
                x.writeEndElement();
            }
            for (List<Detection> event : events(r)) {
                // the event's id from its earliest station detection, under the model that made it (a
                // station's own model where it had one): the id that detection has alone, so that a
                // file holding that detection without the other stations (another run) names it so too
                Detection first = event.get(0);
                x.writeStartElement(BED, "event");
                x.writeAttribute("publicID", eventId(prefixOf(first, r), first));
                for (Detection d : event) {
                    x.writeStartElement(BED, "description");
                    text(x, "text", String.format(Locale.ROOT, "seisclr detection %s at %s, %s to %s, peak score %.2f",
                            d.id(), d.station(), time(d.start()), time(d.end()), d.peakScore()));
                    x.writeEndElement();
                }
                // the models that made this event (the eventParameters' description lists them all)
                for (String model : event.stream().map(d -> modelOf(d, r)).distinct().toList()) {
                    x.writeStartElement(BED, "comment");
                    text(x, "text", oneLine(provenance(r, producer, model)));
                    x.writeEndElement();
                }
                for (Detection d : event) {
                    for (Pick p : byDetection.getOrDefault(d.id(), List.of())) {
                        pick(x, prefixOf(d, r), p); // ids under the model that made the pick
                    }
                }
                text(x, "type", "earthquake");
                text(x, "typeCertainty", "suspected");
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndDocument();
            x.flush();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write QuakeML: " + e.getMessage(), e);
        }
        out.write('\n');
        out.flush();
    }

    /**
     * @return the publicID of a file's event parameters, from what they describe, so that two runs
     *     (other days, other stations) never give one id to two files, and the same run gives the same
     *     file: the detections' event ids, or where there is none, what was run on what (the command,
     *     the streams, the hours)
     */
    private static String eventParametersId(DetectionResult r, String producer) {
        StringBuilder events = new StringBuilder();
        for (Detection d : r.detections()) {
            events.append(eventId(prefixOf(d, r), d)).append('\n');
        }
        if (r.detections().isEmpty()) {
            events.append(provenance(r, producer)).append('\n').append(new java.util.TreeSet<>(
                    r.calibrations().keySet())).append('\n').append(r.hoursProcessed());
        }
        return "smi:seisclr/" + r.modelChecksum() + "/eventParameters/"
                + UUID.nameUUIDFromBytes(events.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Onsets of one station's sensors this close (s) are one arrival: co-located sensors (a
     * broadband and a short-period one, two location codes) see an event within a fraction of a
     * second, and a station's two events this close are no events a locator can tell apart.
     */
    static final double SENSORS_SECONDS = 2.0;

    /**
     * The events of a QuakeML file. A station's detections at its several sensors (HH? and EH?, two
     * location codes) whose onsets follow one another within {@link #SENSORS_SECONDS}, one per
     * sensor, are one arrival, taken together. Each network detection's arrivals are one event, one
     * per station, where the CSV's {@code network_detection} column puts them (an arrival where its
     * earliest detection in a network detection does): in order of their onsets, a station's second
     * arrival starts the next event (the coincidence window can hold two events at one station, which
     * a locator cannot take as one), which the other stations' later arrivals join. An arrival in no
     * network detection is an event of its own. In the order of the detections' list, an event where
     * its first detection in that list comes.
     */
    static List<List<Detection>> events(DetectionResult r) {
        Map<String, String> network = networkIds(r);
        // a station's sensors' detections of one arrival (review: a second sensor's detection started
        // a new event, and one earthquake at two stations of two sensors each was three QuakeML events)
        Map<String, List<Detection>> byStation = new LinkedHashMap<>();
        for (Detection d : r.detections()) {
            byStation.computeIfAbsent(io.github.seisclr.io.StationStream.networkStation(d.station()),
                    k -> new ArrayList<>()).add(d);
        }
        long limit = Math.round(SENSORS_SECONDS * 1e9);
        List<List<Detection>> arrivals = new ArrayList<>();
        for (List<Detection> station : byStation.values()) {
            station.sort(java.util.Comparator.comparing(Detection::start).thenComparing(Detection::id));
            List<Detection> arrival = null;
            for (Detection d : station) {
                Detection last = arrival == null ? null : arrival.get(arrival.size() - 1);
                if (last == null || java.time.Duration.between(last.start(), d.start()).toNanos() > limit
                        || arrival.stream().anyMatch(e -> e.station().equals(d.station()))) {
                    arrival = new ArrayList<>();
                    arrivals.add(arrival);
                }
                arrival.add(d);
            }
        }
        // each arrival under the network detection of its earliest detection in one, or alone
        Map<String, List<List<Detection>>> byNetwork = new LinkedHashMap<>();
        Map<Detection, List<Detection>> eventOf = new java.util.IdentityHashMap<>();
        for (List<Detection> arrival : arrivals) {
            String id = arrival.stream().map(d -> network.get(d.id())).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null);
            if (id == null) {
                arrival.forEach(d -> eventOf.put(d, arrival));
            } else {
                byNetwork.computeIfAbsent(id, k -> new ArrayList<>()).add(arrival);
            }
        }
        for (List<List<Detection>> members : byNetwork.values()) {
            members.sort(java.util.Comparator.comparing((List<Detection> a) -> a.get(0).start())
                    .thenComparing(a -> a.get(0).id()));
            List<Detection> event = new ArrayList<>();
            java.util.Set<String> stations = new java.util.HashSet<>();
            for (List<Detection> arrival : members) {
                String station = io.github.seisclr.io.StationStream.networkStation(arrival.get(0).station());
                if (!stations.add(station)) {
                    event = new ArrayList<>();
                    stations = new java.util.HashSet<>(java.util.Set.of(station));
                }
                event.addAll(arrival);
                for (Detection d : arrival) {
                    eventOf.put(d, event);
                }
            }
        }
        List<List<Detection>> out = new ArrayList<>();
        java.util.Set<List<Detection>> written = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Detection d : r.detections()) {
            List<Detection> event = eventOf.get(d);
            if (written.add(event)) {
                out.add(event);
            }
        }
        return out;
    }

    private static void pick(XMLStreamWriter x, String prefix, Pick p) throws XMLStreamException {
        x.writeStartElement(BED, "pick");
        x.writeAttribute("publicID", pickId(prefix, p));
        timeAndWaveform(x, BED, p);
        text(x, "phaseHint", p.phase().name());
        if (p.polarity() != Polarity.NONE) {
            text(x, "polarity", p.polarity().quakeMl());
        }
        text(x, "evaluationMode", "automatic");
        x.writeStartElement(BED, "comment");
        text(x, "text", p.evidence() + String.format(Locale.ROOT, "; confidence %.2f", p.confidence()));
        x.writeEndElement();
        x.writeEndElement();
    }

    /**
     * A pick's {@code time} and {@code waveformID}, alike in QuakeML and SeisComP XML: the time with its
     * uncertainty, and lowerUncertainty/upperUncertainty where they differ, all one standard deviation
     * (a bound's confidence is stated in percent: 68.27).
     */
    static void timeAndWaveform(XMLStreamWriter x, String namespace, Pick p) throws XMLStreamException {
        x.writeStartElement(namespace, "time");
        text(x, namespace, "value", time(p.time()));
        text(x, namespace, "uncertainty", seconds(p.uncertaintySeconds()));
        if (p.asymmetric()) {
            text(x, namespace, "lowerUncertainty", seconds(p.lowerUncertaintySeconds()));
            text(x, namespace, "upperUncertainty", seconds(p.upperUncertaintySeconds()));
        }
        text(x, namespace, "confidenceLevel", "68.27");
        x.writeEndElement();
        waveformId(x, namespace, p);
    }

    /** A pick's channel as QuakeML's and SeisComP XML's {@code waveformID}. */
    static void waveformId(XMLStreamWriter x, String namespace, Pick p) throws XMLStreamException {
        x.writeStartElement(namespace, "waveformID");
        x.writeAttribute("networkCode", p.channel().network());
        x.writeAttribute("stationCode", p.channel().station());
        x.writeAttribute("locationCode", p.channel().location());
        x.writeAttribute("channelCode", p.channel().channel());
        x.writeEndElement();
    }

    /** @return seconds as the XML formats write them, to 0.1 ms */
    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.4f", s);
    }

    /** @return the id prefix of what {@code d}'s model made: {@code smi:seisclr/MODEL}, the run's where it names none */
    static String prefixOf(Detection d, DetectionResult r) {
        return "smi:seisclr/" + modelOf(d, r);
    }

    /** @return the event's publicID: its sensor and onset, unique across runs (a run's STA-n ids are not) */
    private static String eventId(String prefix, Detection d) {
        return prefix + "/event/" + d.station() + "/" + compact(d.start());
    }

    /** @return the pick's publicID: its channel, phase and time */
    static String pickId(String prefix, Pick p) {
        return prefix + "/pick/" + p.channel() + "/" + p.phase() + "/" + compact(p.time());
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSSSSS'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * @param t a time
     * @return the time in UTC with six decimals always ({@code 2024-01-01T00:00:02.080000Z}), rounded to
     *     the microsecond: one format a parser can take for every row (ObsPy's precision)
     */
    public static String time(Instant t) {
        return TIME.format(micros(t));
    }

    /** @return the time as a publicID may hold it (no colons), to the microsecond */
    private static String compact(Instant t) {
        return COMPACT.format(micros(t));
    }

    private static Instant micros(Instant t) {
        return t.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Text for a one-line place (a CSV comment, an error message, a description) that may hold a file
     * name, which on most file systems may hold any character but '/' and NUL.
     *
     * @param text any text, or null (given back)
     * @return {@code text} with each control character (C0, DEL, C1) and the Unicode line and
     *     paragraph separators written as Java writes them in a string ({@code \n}, {@code \t},
     *     {@code \r}, and the others as <code>&#92;u</code> and four hex digits: ESC as
     *     <code>&#92;u001b</code>), so that it stays on one line and sends no terminal escape while
     *     the name stays recognisable; text without them (every ordinary name) comes back as it is.
     *     A backslash is left as it is (a Windows path holds them)
     */
    public static String oneLine(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = !Character.isISOControl(c) && c != '\u2028' && c != '\u2029';
            if (!plain && b == null) {
                b = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (b == null) {
                continue;
            }
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (plain) {
                        b.append(c);
                    } else {
                        b.append(escaped(c));
                    }
                }
            }
        }
        return b == null ? text : b.toString();
    }

    /** @return {@code c} as Java writes it in a string: a backslash, u and four hexadecimal digits */
    private static String escaped(char c) {
        return String.format(Locale.ROOT, "\\u%04x", (int) c);
    }

    private static void text(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        text(x, BED, name, value);
    }

    /** Writes an element holding {@code value} as text ({@link #xmlText}). */
    static void text(XMLStreamWriter x, String namespace, String name, String value) throws XMLStreamException {
        x.writeStartElement(namespace, name);
        x.writeCharacters(xmlText(value));
        x.writeEndElement();
    }

    /**
     * @return {@code value} with each character XML 1.0 does not allow (control characters but tab,
     *     line feed and carriage return; unpaired surrogates; U+FFFE, U+FFFF) escaped Java-style (a
     *     backslash, u and four hexadecimal digits, as {@link #oneLine} writes them): the writer
     *     escapes {@code & < >} but writes these as they are, and a parser then refuses the file (a
     *     warning naming a damaged file's bytes can hold them; review). Before, they were written as
     *     U+FFFD, which lost which character it was.
     */
    static String xmlText(String value) {
        StringBuilder b = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                    || (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1)))
                    || (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1)));
            if (!ok && b == null) {
                b = new StringBuilder(value.substring(0, i));
            }
            if (b != null) {
                b.append(ok ? String.valueOf(c) : escaped(c));
            }
        }
        return b == null ? value : b.toString();
    }
}
