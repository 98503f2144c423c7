package io.github.seisclr.eval;

import io.github.seisclr.BadInputException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads reference picks, from either of two forms (told apart by content):
 *
 * <ul>
 *   <li>a CSV table with a header naming at least {@code station}, {@code p_time} and optionally
 *   {@code s_time}, {@code start} (first sample of the window the pick belongs to),
 *   {@code file} (the ncedc-phasenet layout) and {@code network}; times ISO 8601 UTC;</li>
 *   <li>QuakeML 1.2 (or SeisComP's SC3ML): every {@code pick}, wherever it sits; its phase from
 *   the {@code arrival} that refers to it, else its {@code phaseHint}. At each station every
 *   direct P ({@link #DIRECT_P}: P, p, Pg, Pb, P*, Pn; names as written, so pP, sP, PcP and PKP
 *   are not) is one reference, with the first direct S ({@link #DIRECT_S}) after it and before the
 *   station's next P (within {@value #MAX_S_AFTER_P_SECONDS} s) as its S. Of the P picks of one
 *   event at one station (a Pn and the Pg after it, or the picks of several origins of the event)
 *   the first counts; P picks at one station less
 *   than 0.5 s after the last one kept count once. Rejected picks ({@code evaluationStatus}) and
 *   picks without a station code are left out.</li>
 * </ul>
 */
public final class ReferencePicks {
    /**
     * The phase names (IASPEI, case as written) taken as a direct P: depth phases (pP, sP), core
     * phases (PcP, PKP) and later crustal ones would each be a reference no detector is meant to find.
     */
    static final java.util.Set<String> DIRECT_P = java.util.Set.of("P", "p", "Pg", "Pb", "P*", "Pn");
    /** The phase names taken as a direct S. */
    static final java.util.Set<String> DIRECT_S = java.util.Set.of("S", "s", "Sg", "Sb", "S*", "Sn");
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReferencePicks.class);

    private ReferencePicks() {
    }

    /**
     * One row.
     *
     * @param file the waveform file it refers to (relative to the table), or null
     * @param windowStart first sample of that window, or null
     * @param event the reference arrivals
     * @param network the station's network code (QuakeML's {@code networkCode}, a CSV's
     *     {@code network} column), or null where the reference does not say
     */
    public record Row(String file, Instant windowStart, ReferenceEvent event, String network) {
        /** A row whose reference does not name the station's network. */
        public Row(String file, Instant windowStart, ReferenceEvent event) {
            this(file, windowStart, event, null);
        }

        /**
         * @param folder the folder the row's file is relative to
         * @return whether the waveform file the row names is there (true for a row that names none)
         */
        public boolean fileHeldIn(java.nio.file.Path folder) {
            return file == null || file.isBlank() || java.nio.file.Files.exists(folder.resolve(file));
        }
    }

    /** Longest S-P time paired from QuakeML picks (s). */
    static final int MAX_S_AFTER_P_SECONDS = 120;

    /**
     * @param file a CSV pick table or a QuakeML file
     * @return its rows (from QuakeML: no window start or file)
     * @throws BadInputException naming the file (and line or pick) for a missing column, a bad time
     *     or XML that cannot be parsed
     */
    public static List<Row> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInputException(BadInputException.Problem.IO, file.toString(), null, null, -1,
                    "pick table missing: no such file (give the analyst picks, CSV or QuakeML, with --picks)", e);
        } catch (IOException e) {
            throw new BadInputException(BadInputException.Problem.IO, file.toString(), null, null, -1,
                    "cannot read pick table: " + io.github.seisclr.io.AtomicFiles.reason(e), e);
        }
        return parse(bytes, file);
    }

    /**
     * @param bytes a pick table's bytes (CSV or QuakeML)
     * @param file its name, for messages
     * @return its rows
     * @throws BadInputException as {@link #read}
     */
    static List<Row> parse(byte[] bytes, Path file) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark (spreadsheets write one) is not part of the header
        }
        return text.stripLeading().startsWith("<") ? quakeMl(file, bytes) : csv(file, text.lines().toList());
    }

    private static List<Row> quakeMl(Path file, byte[] bytes) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            javax.xml.parsers.DocumentBuilder builder = f.newDocumentBuilder();
            // errors become the exception below; the default handler would also print them to stderr
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void error(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            doc = builder.parse(new ByteArrayInputStream(bytes));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new BadInputException(BadInputException.Problem.CORRUPT, file.toString(), null, null, -1,
                    "cannot parse as QuakeML: " + e.getMessage(), e);
        }
        Map<String, String> arrivalPhase = new HashMap<>();
        Map<String, String> arrivalOrigin = new HashMap<>();
        Map<org.w3c.dom.Node, String> eventKey = new HashMap<>();
        Map<String, String> originEvent = originEvents(doc, eventKey);
        NodeList arrivals = doc.getElementsByTagNameNS("*", "arrival");
        for (int i = 0; i < arrivals.getLength(); i++) {
            Element a = (Element) arrivals.item(i);
            String pickId = child(a, "pickID");
            String phase = child(a, "phase");
            if (pickId != null && phase != null) {
                arrivalPhase.putIfAbsent(pickId.trim(), phase.trim());
                if (a.getParentNode() instanceof Element origin) {
                    // an event's origins (a first location and the final one, or two agencies')
                    // are one event: its P picks at a station count once, whatever origin holds them
                    String o = origin.getAttribute("publicID").trim();
                    String key = eventKey.get(origin.getParentNode()); // QuakeML: the event the origin sits in
                    if (key == null && !o.isEmpty()) {
                        key = originEvent.getOrDefault(o, "origin " + o); // SC3ML: the event that names it
                    }
                    if (key != null) {
                        arrivalOrigin.putIfAbsent(pickId.trim(), key);
                    }
                }
            }
        }
        // the first P of each station and event: a Pn and the Pg after it are one arrival of one event
        Map<String, Instant> firstOfOrigin = new HashMap<>();
        java.util.SortedSet<String> leftOut = new java.util.TreeSet<>();
        Map<String, List<Instant>> pByStation = new TreeMap<>();
        Map<String, List<Instant>> sByStation = new TreeMap<>();
        NodeList picks = doc.getElementsByTagNameNS("*", "pick");
        for (int i = 0; i < picks.getLength(); i++) {
            Element p = (Element) picks.item(i);
            String id = p.getAttribute("publicID");
            String phase = arrivalPhase.getOrDefault(id, child(p, "phaseHint"));
            Element wf = first(p, "waveformID");
            Element time = first(p, "time");
            String value = time == null ? null : child(time, "value");
            if (wf == null || value == null || phase == null || wf.getAttribute("stationCode").isBlank()
                    || "rejected".equals(java.util.Objects.toString(child(p, "evaluationStatus"), "").trim())) {
                continue; // a pick without station, time or phase cannot be a reference, nor a rejected one
            }
            // picks are told apart by network and station: a station code can be held in two networks
            String station = wf.getAttribute("networkCode").trim() + " " + wf.getAttribute("stationCode").trim();
            Instant t = instant(value, "the pick's time", file + " pick " + id);
            String name = direct(phase.trim());
            if (!DIRECT_P.contains(name) && !DIRECT_S.contains(name)) {
                leftOut.add(phase.trim());
            }
            if (DIRECT_P.contains(name)) {
                String origin = arrivalOrigin.get(id);
                if (origin == null) {
                    pByStation.computeIfAbsent(station, k -> new ArrayList<>()).add(t);
                } else {
                    firstOfOrigin.merge(origin + "\n" + station, t, (a, b) -> a.isBefore(b) ? a : b);
                }
            } else if (DIRECT_S.contains(name)) {
                sByStation.computeIfAbsent(station, k -> new ArrayList<>()).add(t);
            }
        }
        firstOfOrigin.forEach((key, t) -> pByStation.computeIfAbsent(key.substring(key.indexOf('\n') + 1),
                k -> new ArrayList<>()).add(t));
        if (!leftOut.isEmpty()) {
            LOG.info("{}: picks of these phases are not direct P or S and are left out: {}", file, leftOut);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<Instant>> e : pByStation.entrySet()) {
            List<Instant> ps = e.getValue().stream().sorted().toList();
            List<Instant> ss = sByStation.getOrDefault(e.getKey(), List.of()).stream().sorted().toList();
            Instant last = null;
            List<Instant> kept = new ArrayList<>();
            for (Instant p : ps) {
                // the same arrival picked twice (or by two agencies): within 0.5 s of the last one kept
                if (last == null || Duration.between(last, p).toMillis() >= 500) {
                    kept.add(p);
                    last = p;
                }
            }
            for (int i = 0; i < kept.size(); i++) {
                Instant p = kept.get(i);
                Instant limit = p.plusSeconds(MAX_S_AFTER_P_SECONDS);
                if (i + 1 < kept.size() && kept.get(i + 1).isBefore(limit)) {
                    limit = kept.get(i + 1);
                }
                Instant until = limit;
                Instant s = ss.stream().filter(x -> x.isAfter(p) && x.isBefore(until)).findFirst().orElse(null);
                String net = e.getKey().substring(0, e.getKey().indexOf(' '));
                rows.add(new Row(null, null, new ReferenceEvent(e.getKey().substring(net.length() + 1), p, s),
                        net.isEmpty() ? null : net));
            }
        }
        if (rows.isEmpty()) {
            throw new BadInputException(BadInputException.Problem.EMPTY, file.toString(), null, null, -1,
                    "no P pick with a station, a time and a phase (from an arrival or phaseHint) in this QuakeML");
        }
        return rows;
    }

    /**
     * @return the phase name as {@link #DIRECT_P} and {@link #DIRECT_S} spell it where it differs by
     *     case only after a capital first letter (PG, PN, SG as some catalogues write them); else as given
     */
    private static String direct(String name) {
        if (!name.isEmpty() && Character.isUpperCase(name.charAt(0))) {
            for (java.util.Set<String> direct : List.of(DIRECT_P, DIRECT_S)) {
                for (String d : direct) {
                    if (d.equalsIgnoreCase(name) && Character.isUpperCase(d.charAt(0))) {
                        return d;
                    }
                }
            }
        }
        return name;
    }

    private static Element first(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && name.equals(el.getLocalName())) {
                return el;
            }
        }
        return null;
    }

    /**
     * @param eventKey filled with a key for each event element (its publicID, else its place in the document)
     * @return the event each origin named by an event belongs to, by the origin's publicID: SC3ML's
     *     origins sit beside their event, which names them ({@code originReference},
     *     {@code preferredOriginID}); QuakeML's sit inside it
     */
    private static Map<String, String> originEvents(org.w3c.dom.Document doc, Map<org.w3c.dom.Node, String> eventKey) {
        Map<String, String> out = new HashMap<>();
        NodeList events = doc.getElementsByTagNameNS("*", "event");
        for (int i = 0; i < events.getLength(); i++) {
            Element ev = (Element) events.item(i);
            String id = ev.getAttribute("publicID").trim();
            String key = id.isEmpty() ? "event #" + i : "event " + id;
            eventKey.put(ev, key);
            for (org.w3c.dom.Node n = ev.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    String name = e.getLocalName();
                    String origin = "origin".equals(name) ? e.getAttribute("publicID").trim()
                            : "originReference".equals(name) || "preferredOriginID".equals(name)
                            ? e.getTextContent().trim() : "";
                    if (!origin.isEmpty()) {
                        out.putIfAbsent(origin, key);
                    }
                }
            }
        }
        return out;
    }

    private static String child(Element parent, String name) {
        Element e = first(parent, name);
        return e == null ? null : e.getTextContent();
    }

    private static List<Row> csv(Path csv, List<String> lines) {
        if (lines.isEmpty()) {
            throw new BadInputException(BadInputException.Problem.EMPTY, csv.toString(), null, null, -1, "empty pick table");
        }
        List<String> head = Arrays.stream(lines.get(0).trim().split(",", -1)).map(String::trim).toList();
        int sta = head.indexOf("station");
        int p = head.indexOf("p_time");
        int s = head.indexOf("s_time");
        int start = head.indexOf("start");
        int file = head.indexOf("file");
        int net = head.indexOf("network");
        // seisclr's own truth table (synth's truth.csv, known by its header): its rows are events,
        // gaps and spikes, and its start is the arrival's, not a window's
        int kind = head.contains("event_id") && head.contains("snr_p") ? head.indexOf("kind") : -1;
        if (kind >= 0) {
            start = -1;
        }
        if (sta < 0 || p < 0) {
            throw new BadInputException(BadInputException.Problem.CORRUPT, csv.toString(), null, null, -1,
                    "pick table needs the columns station and p_time; header is " + head);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = Arrays.stream(line.split(",", -1)).map(String::trim).toArray(String[]::new);
            String k = kind >= 0 && kind < f.length ? f[kind] : "event";
            if (k.equals("gap") || k.equals("spike")) {
                continue; // a gap or a spike of the synthetic data: no arrival
            }
            if (!k.equals("event")) {
                throw new BadInputException(BadInputException.Problem.CORRUPT, csv + " line " + (i + 1), null, null, -1,
                        "a truth table's row of kind '" + k + "': only event, gap and spike are known", null);
            }
            if (p < f.length && f[p].isEmpty()) {
                throw new BadInputException(BadInputException.Problem.CORRUPT, csv + " line " + (i + 1), null, null, -1,
                        "this row has no p_time; every row of a pick table is an event's P arrival", null);
            }
            String where = csv + " line " + (i + 1);
            if (Math.max(sta, Math.max(p, Math.max(s, Math.max(start, Math.max(file, net))))) >= f.length) {
                throw new BadInputException(BadInputException.Problem.CORRUPT, where, null, null, -1, "this row has "
                        + f.length + " fields where the header names " + head.size(), null);
            }
            Instant pt = instant(f[p], "p_time", where);
            Instant st = s >= 0 && !f[s].isBlank() ? instant(f[s], "s_time", where) : null;
            Row row = new Row(file >= 0 ? f[file] : null, start >= 0 && !f[start].isBlank()
                    ? instant(f[start], "start", where) : null,
                    new ReferenceEvent(f[sta], pt, st), net >= 0 && !f[net].isBlank() ? f[net] : null);
            String wrong = f[sta].isEmpty() ? "no station"
                    : row.event().sTime() != null && !row.event().sTime().isAfter(row.event().pTime())
                    ? "s_time " + row.event().sTime() + " is not after p_time " + row.event().pTime()
                    : row.windowStart() != null && row.windowStart().isAfter(row.event().pTime())
                    ? "start " + row.windowStart() + " is after p_time " + row.event().pTime() : null;
            if (wrong != null) {
                throw new BadInputException(BadInputException.Problem.CORRUPT, csv + " line " + (i + 1), null, null, -1,
                        "this row cannot be a reference: " + wrong, null);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new BadInputException(BadInputException.Problem.EMPTY, csv.toString(), null, null, -1,
                    "pick table has a header but no row");
        }
        return rows;
    }

    /**
     * @return an ISO 8601 time of a pick table or QuakeML: UTC without a zone (as in QuakeML and the
     *     CSV alike), and with a space between date and time as well as a {@code T} (as ObsPy writes
     *     and reads them)
     * @throws BadInputException naming the row, the column and the value, for anything else
     */
    private static Instant instant(String value, String column, String where) {
        String v = value.trim();
        if (v.matches("\\d{4}-\\d\\d-\\d\\d \\d.*")) {
            v = v.replaceFirst(" ", "T");
        }
        try {
            return Instant.parse(v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$") ? v : v + "Z");
        } catch (DateTimeParseException e) {
            throw new BadInputException(BadInputException.Problem.CORRUPT, where, null, null, -1, column + " '" + value
                    + "' is not an ISO 8601 time (such as 2017-10-07T09:28:56.92Z; without a zone, UTC)", e);
        }
    }
}
