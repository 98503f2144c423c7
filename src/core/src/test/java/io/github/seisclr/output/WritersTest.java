package io.github.seisclr.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.seisclr.SharedData;
import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.detect.NetworkDetection;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.PickList;
import org.junit.jupiter.api.Test;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class WritersTest {
    static DetectionResult sample() {
        Instant t = Instant.parse("2024-01-01T00:13:48.480Z");
        Detection d1 = new Detection("SYN01-1", "XX.SYN01.00.HH", t, t.plusSeconds(16), t.plusSeconds(3), 11.19, 13.7, 6,
                "384898929bdc");
        Detection d2 = new Detection("SYN02-1", "XX.SYN02.00.HH", t.plusSeconds(1), t.plusSeconds(14), t.plusSeconds(4), 10.5,
                Double.NaN, 6, "384898929bdc");
        List<Pick> picks = List.of(
                new Pick(SourceId.parse("XX.SYN01.00.HHZ"), Phase.P, t.minusMillis(500), 0.02, 0.02, 0.005,
                        io.github.seisclr.pick.Polarity.POSITIVE, 11.19, "SYN01-1", "AIC"),
                new Pick(SourceId.parse("XX.SYN01.00.HHN"), Phase.S, t.plusMillis(2310), 0.01, 11.19, "SYN01-1", "AIC"),
                new Pick(SourceId.parse("XX.SYN02.00.HHZ"), Phase.P, t.plusMillis(260), 0.01, 10.5, "SYN02-1", "AIC"));
        return new DetectionResult(List.of(d1, d2), new PickList(picks),
                List.of(new NetworkDetection(t, 2, List.of(d1, d2))), List.of(), 2.0, DetectorConfig.defaults(), "384898929bdc",
                java.util.Map.of());
    }

    private static String write(DetectionResult r, Writers.Format f) throws IOException {
        return write(r, f, "test");
    }

    private static String write(DetectionResult r, Writers.Format f, String producer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Writers.write(r, f, producer, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Regression: JSON and QuakeML ended without a newline, so the command line added one, and CSV to standard output ended in an empty line. */
    @Test
    void everyFormatEndsWithExactlyOneNewline() throws IOException {
        for (Writers.Format f : Writers.Format.values()) {
            String text = write(sample(), f);
            assertTrue(text.endsWith("\n") && !text.endsWith("\n\n") && !text.endsWith("\r\n"), f + ": "
                    + text.substring(Math.max(0, text.length() - 40)));
        }
    }

    @Test
    void csvHasOneRowPerPickAndRoundTrips() throws IOException {
        DetectionResult r = sample();
        List<String> lines = write(r, Writers.Format.CSV).lines().toList();
        assertTrue(lines.get(0).startsWith("# test; model 384898929bdc"), lines.get(0));
        assertEquals(Writers.CSV_HEADER, lines.get(1));
        assertEquals(2 + r.picks().size(), lines.size());
        for (int i = 2; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            assertEquals(15, f.length);
            Pick p = r.picks().picks().stream().filter(x -> x.time().equals(Instant.parse(f[8]))).findFirst().orElseThrow();
            assertEquals(p.detectionId(), f[0]);
            assertEquals(p.phase().name(), f[6]);
            assertEquals(p.channel().toString(), f[7]);
            assertEquals(p.uncertaintySeconds(), Double.parseDouble(f[9]), 1e-4);
            assertEquals(p.lowerUncertaintySeconds(), Double.parseDouble(f[11]), 1e-4);
            assertEquals(p.upperUncertaintySeconds(), Double.parseDouble(f[12]), 1e-4);
            assertEquals(p.phase() == Phase.P ? p.polarity().quakeMl() : "", f[13]);
            // review (a new user): which station detections are one event, in the CSV too
            assertEquals("SYN01-1", f[14], "both stations' detections form the network detection, named by its first");
        }
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(",0.0200,0.0050,positive,SYN01-1")), "asymmetric P with polarity");
        assertTrue(lines.get(0).contains("background trim 0.25"), "the trim, for a run to be repeated: " + lines.get(0));
    }

    /**
     * Regression (review): times were Instant.toString(), which drops the fraction on a whole second
     * and prints 3, 6 or 9 digits otherwise, so one column held several formats (pandas refuses to
     * parse such a column without a format). Every time has six decimals now, rounded to the microsecond.
     */
    @Test
    void everyTimeHasOneFormat() throws IOException {
        Instant whole = Instant.parse("2024-01-01T00:00:02Z");
        Detection d = new Detection("SYN01-1", "XX.SYN01.00.HH", whole, whole.plusMillis(12_080),
                whole.plusNanos(1_234_567_891L), 9, 3, 5, "384898929bdc");
        Pick p = new Pick(SourceId.parse("XX.SYN01.00.HHZ"), Phase.P, whole.minusNanos(999_999_500L), 0.02, 9,
                "SYN01-1", "AIC");
        DetectionResult r = new DetectionResult(List.of(d), new PickList(List.of(p)), List.of(), List.of(), 1.0,
                DetectorConfig.defaults(), "384898929bdc", java.util.Map.of());
        String[] row = write(r, Writers.Format.CSV).lines().toList().get(2).split(",", -1);
        assertEquals("2024-01-01T00:00:02.000000Z", row[2]);
        assertEquals("2024-01-01T00:00:14.080000Z", row[3]);
        assertEquals("2024-01-01T00:00:01.000001Z", row[8], "rounded to the microsecond");
        JsonNode json = new ObjectMapper().readTree(write(r, Writers.Format.JSON)).get("detections").get(0);
        assertEquals("2024-01-01T00:00:02.000000Z", json.get("start").asText());
        assertEquals("2024-01-01T00:00:03.234568Z", json.get("peakTime").asText());
        String xml = write(r, Writers.Format.QUAKEML);
        assertTrue(xml.contains("<value>2024-01-01T00:00:01.000001Z</value>"), xml);
    }

    /**
     * Regression (review): QuakeML ids were the run's STA-n numbers, which every run restarts, so two
     * days' files gave different events one publicID; and the eventParameters id was the wall clock.
     */
    @Test
    void quakemlIdsDifferAcrossRunsAndRepeatForTheSameRun() throws IOException {
        DetectionResult day1 = sample();
        Detection d = day1.detections().get(0);
        Detection nextDay = new Detection(d.id(), d.station(), d.start().plus(java.time.Duration.ofDays(1)),
                d.end().plus(java.time.Duration.ofDays(1)), d.peakTime().plus(java.time.Duration.ofDays(1)),
                d.peakScore(), d.snr(), d.thresholdOn(), d.model());
        DetectionResult day2 = new DetectionResult(List.of(nextDay), new PickList(List.of()), List.of(), List.of(), 1.0,
                DetectorConfig.defaults(), "384898929bdc", java.util.Map.of());
        java.util.function.Function<String, List<String>> ids = xml -> java.util.regex.Pattern
                .compile("publicID=\"([^\"]+)\"").matcher(xml).results().map(m -> m.group(1)).toList();
        List<String> a = ids.apply(write(day1, Writers.Format.QUAKEML));
        List<String> b = ids.apply(write(day2, Writers.Format.QUAKEML));
        assertEquals(a, ids.apply(write(day1, Writers.Format.QUAKEML)), "the same run, the same ids");
        assertEquals(a.size(), a.stream().distinct().count(), "unique within a file: " + a);
        assertTrue(b.stream().noneMatch(a::contains), a + " and " + b + " share an id");
        assertTrue(a.contains("smi:seisclr/384898929bdc/event/XX.SYN01.00.HH/20240101T001348.480000Z"), a.toString());
    }

    @Test
    void jsonRoundTripsDetectionsAndPicks() throws IOException {
        DetectionResult r = sample();
        JsonNode root = new ObjectMapper().readTree(write(r, Writers.Format.JSON));
        assertEquals("384898929bdc", root.get("provenance").get("model").asText());
        assertEquals(2, root.get("detections").size());
        JsonNode d = root.get("detections").get(0);
        assertEquals(r.detections().get(0).start(), Instant.parse(d.get("start").asText()));
        assertEquals(2, d.get("picks").size());
        assertEquals(r.picks().picks().get(0).time(), Instant.parse(d.get("picks").get(0).get("time").asText()));
        JsonNode p = d.get("picks").get(0);
        assertEquals(0.02, p.get("lowerUncertainty").asDouble(), 1e-9);
        assertEquals(0.005, p.get("upperUncertainty").asDouble(), 1e-9);
        assertEquals("positive", p.get("polarity").asText());
        assertTrue(d.get("picks").get(1).get("polarity") == null, "no polarity for S");
        assertTrue(root.get("detections").get(1).get("snr").isNull(), "NaN SNR written as null");
        assertEquals(2, root.get("networkDetections").get(0).get("stations").asInt());
        assertEquals("SYN01-1", root.get("networkDetections").get(0).get("id").asText(), "as the CSV names it");
    }

    @Test
    void quakemlValidatesAgainstTheOfficialSchema() throws Exception {
        String xml = write(sample(), Writers.Format.QUAKEML);
        assertTrue(xml.contains("<phaseHint>P</phaseHint>") && xml.contains("<evaluationMode>automatic</evaluationMode>"));
        assertEquals(3, xml.split("<pick ", -1).length - 1);
        assertTrue(xml.contains("<uncertainty>0.0200</uncertainty><lowerUncertainty>0.0200</lowerUncertainty>"
                + "<upperUncertainty>0.0050</upperUncertainty><confidenceLevel>68.27</confidenceLevel>"),
                "asymmetric time uncertainty, one standard deviation");
        assertEquals(3, xml.split("<confidenceLevel>68.27</confidenceLevel>", -1).length - 1, "on every pick");
        assertEquals(1, xml.split("<lowerUncertainty>", -1).length - 1, "only where they differ");
        assertTrue(xml.contains("<phaseHint>P</phaseHint><polarity>positive</polarity>"), "polarity of P");
        assertEquals(1, xml.split("<polarity>", -1).length - 1, "polarity for the P pick that has one only");
        validatesAgainstTheSchema(xml);
    }

    /**
     * SeisComP XML for scautoloc: each pick as scautopick writes one (time with its uncertainty,
     * waveformID, methodID, phaseHint, polarity, evaluationMode automatic, an author and a creation
     * time, without which scautoloc's playback of a file leaves it aside), and each station
     * detection's SNR as an amplitude of type snr referring to its P pick (scautoloc leaves an
     * automatic pick without one aside); none for a detection without an SNR, nor for one whose ratio
     * was measured at an S (scautoloc would take that S for a P); under SeisComP's own
     * EventParameters id (review: scdispatch filed nothing under another); valid against the 0.13
     * schema, whose sequences fix the elements' order.
     */
    @Test
    void sc3mlHoldsEachPickAndItsDetectionsSnr() throws Exception {
        DetectionResult r = sample();
        String xml = write(r, Writers.Format.SC3ML);
        org.w3c.dom.Document doc = parse(xml);
        org.w3c.dom.Element root = doc.getDocumentElement();
        assertEquals("seiscomp", root.getLocalName());
        assertEquals(SeisComPXml.NAMESPACE, root.getNamespaceURI());
        assertEquals("0.13", root.getAttribute("version"));
        assertEquals("EventParameters", child(root, "EventParameters").getAttribute("publicID"));
        org.w3c.dom.NodeList picks = doc.getElementsByTagNameNS(SeisComPXml.NAMESPACE, "pick");
        assertEquals(3, picks.getLength());
        org.w3c.dom.Element p = (org.w3c.dom.Element) picks.item(0);
        assertEquals("smi:seisclr/384898929bdc/pick/XX.SYN01.00.HHZ/P/20240101T001347.980000Z", p.getAttribute("publicID"));
        assertEquals("2024-01-01T00:13:47.980000Z", child(child(p, "time"), "value").getTextContent());
        assertEquals("0.0200", child(child(p, "time"), "lowerUncertainty").getTextContent());
        assertEquals("0.0050", child(child(p, "time"), "upperUncertainty").getTextContent());
        assertEquals("HHZ", child(p, "waveformID").getAttribute("channelCode"));
        assertEquals("00", child(p, "waveformID").getAttribute("locationCode"));
        assertEquals("P", child(p, "phaseHint").getTextContent());
        assertEquals("positive", child(p, "polarity").getTextContent());
        assertEquals("automatic", child(p, "evaluationMode").getTextContent());
        assertEquals("seisclr", child(child(p, "creationInfo"), "author").getTextContent());
        assertEquals("2024-01-01T00:13:47.980000Z", child(child(p, "creationInfo"), "creationTime").getTextContent(),
                "the data's time, not the clock's");
        assertTrue(xml.contains("<text>seisclr detection SYN01-1 at XX.SYN01.00.HH, peak score 11.19, in network"
                + " detection SYN01-1</text><id>detection</id>"), xml);
        assertEquals("S", child((org.w3c.dom.Element) picks.item(1), "phaseHint").getTextContent());
        org.w3c.dom.NodeList amps = doc.getElementsByTagNameNS(SeisComPXml.NAMESPACE, "amplitude");
        List<org.w3c.dom.Element> top = new ArrayList<>();
        for (int i = 0; i < amps.getLength(); i++) {
            if (((org.w3c.dom.Element) amps.item(i)).hasAttribute("publicID")) {
                top.add((org.w3c.dom.Element) amps.item(i));
            }
        }
        assertEquals(1, top.size(), "SYN01-1's SNR; SYN02-1 has none (NaN)");
        org.w3c.dom.Element a = top.get(0);
        assertEquals("snr", child(a, "type").getTextContent());
        assertEquals("13.700", child(child(a, "amplitude"), "value").getTextContent());
        assertEquals(p.getAttribute("publicID"), child(a, "pickID").getTextContent(), "the first arrival's pick");
        assertEquals(child(child(p, "time"), "value").getTextContent(), child(child(a, "timeWindow"), "reference")
                .getTextContent());
        assertEquals("2024-01-01T00:13:49.980000Z", child(child(a, "creationInfo"), "creationTime").getTextContent(),
                "at the end of its window, after its pick");
        assertEquals(write(r, Writers.Format.SC3ML), xml, "the same run, the same file");
        // a detection whose first arrival was given as S (no P) has its ratio measured there: not written
        Detection d1 = r.detections().get(0);
        Pick s = r.picks().picks().stream().filter(x -> x.phase() == Phase.S).findFirst().orElseThrow();
        DetectionResult sOnly = new DetectionResult(List.of(d1), new PickList(List.of(s)), List.of(), List.of(), 1.0,
                DetectorConfig.defaults(), "384898929bdc", java.util.Map.of());
        String sXml = write(sOnly, Writers.Format.SC3ML);
        assertTrue(sXml.contains("<phaseHint>S</phaseHint>") && !sXml.contains("<type>snr</type>"), sXml);
        validatesAgainst("sc3ml_0.13.xsd", xml); // last: skipped where ../shared is absent
    }

    /**
     * The provenance and the run's warnings are XML comments of an SC3ML file (the format has no
     * element for them): a warning's {@code --skip-damaged}, which an XML comment cannot hold, still
     * parses, and a control character is escaped as elsewhere.
     */
    @Test
    void sc3mlCarriesTheRunsWarningsAsComments() throws Exception {
        DetectionResult r = sample().withWarnings(List.of("XX.SYN01.00.HHZ: damaged record; --skip-damaged leaves it out-",
                "bytes \u0001 & <more>"));
        String xml = write(r, Writers.Format.SC3ML);
        org.w3c.dom.Document doc = parse(xml);
        List<String> comments = new ArrayList<>();
        for (org.w3c.dom.Node n = doc.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof org.w3c.dom.Comment c) {
                comments.add(c.getData());
            }
        }
        assertEquals(3, comments.size(), comments.toString());
        assertTrue(comments.get(0).startsWith(" test; model 384898929bdc;"), comments.get(0));
        assertEquals(" warning: XX.SYN01.00.HHZ: damaged record; - -skip-damaged leaves it out- ", comments.get(1));
        assertEquals(" warning: bytes \\u0001 & <more> ", comments.get(2));
        validatesAgainst("sc3ml_0.13.xsd", xml);
    }

    /** seisclr's SC3ML read back as reference picks (evaluate --picks reads SeisComP's exports). */
    @Test
    void sc3mlPicksReadBackAsReferences(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        readsBackAsReferences(Writers.Format.SC3ML, dir.resolve("picks.scml"));
    }

    /** Writes {@link #sample()} in {@code format} to {@code f} and reads it back as reference picks: every P with its S. */
    private static void readsBackAsReferences(Writers.Format format, Path f) throws IOException {
        DetectionResult r = sample();
        java.nio.file.Files.writeString(f, write(r, format));
        List<io.github.seisclr.eval.ReferencePicks.Row> rows = io.github.seisclr.eval.ReferencePicks.read(f);
        assertEquals(2, rows.size());
        java.util.function.Function<String, io.github.seisclr.eval.ReferenceEvent> at = sta -> rows.stream()
                .map(io.github.seisclr.eval.ReferencePicks.Row::event).filter(e -> e.station().equals(sta)).findFirst()
                .orElseThrow();
        java.util.function.BiFunction<String, Phase, Instant> pick = (sta, ph) -> r.picks().picks().stream()
                .filter(p -> p.channel().station().equals(sta) && p.phase() == ph).findFirst().orElseThrow().time();
        assertEquals(pick.apply("SYN01", Phase.P), at.apply("SYN01").pTime());
        assertEquals(pick.apply("SYN01", Phase.S), at.apply("SYN01").sTime());
        assertEquals(pick.apply("SYN02", Phase.P), at.apply("SYN02").pTime());
    }

    private static org.w3c.dom.Document parse(String xml) throws Exception {
        javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** @return {@code e}'s first child element named {@code name} */
    private static org.w3c.dom.Element child(org.w3c.dom.Element e, String name) {
        for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof org.w3c.dom.Element c && name.equals(c.getLocalName())) {
                return c;
            }
        }
        throw new AssertionError("no " + name + " in " + e.getLocalName());
    }

    /**
     * Review (a new user, 2026-12-07): QuakeML gave each station's detection an event of its own, so
     * that one earthquake seen at two stations was two events in SeisComP or ObsPy, where the CSV and
     * JSON said they were one. A network detection is now one event holding every station's picks,
     * under the id its earliest station detection has alone; a detection at one station stays alone.
     */
    @Test
    void quakemlGivesANetworkDetectionOneEvent(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        DetectionResult two = sample();
        Instant later = two.detections().get(0).start().plusSeconds(600);
        Detection alone = new Detection("SYN01-2", "XX.SYN01.00.HH", later, later.plusSeconds(9), later.plusSeconds(2),
                7.5, 4.0, 6, "384898929bdc");
        List<Detection> detections = new ArrayList<>(two.detections());
        detections.add(1, alone); // the list's order is not the time order: the event follows its first
        List<Pick> picks = new ArrayList<>(two.picks().picks());
        picks.add(new Pick(SourceId.parse("XX.SYN01.00.HHZ"), Phase.P, later.minusMillis(300), 0.03, 7.5, "SYN01-2", "AIC"));
        DetectionResult r = new DetectionResult(detections, new PickList(picks), two.networkDetections(), List.of(), 2.0,
                DetectorConfig.defaults(), "384898929bdc", java.util.Map.of());
        String xml = write(r, Writers.Format.QUAKEML);
        org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        org.w3c.dom.NodeList events = doc.getElementsByTagNameNS("*", "event");
        assertEquals(2, events.getLength(), xml);
        org.w3c.dom.Element network = (org.w3c.dom.Element) events.item(0);
        assertEquals("smi:seisclr/384898929bdc/event/XX.SYN01.00.HH/20240101T001348.480000Z",
                network.getAttribute("publicID"), "the id SYN01-1 has alone");
        java.util.function.Function<org.w3c.dom.Element, List<String>> stations = e -> {
            org.w3c.dom.NodeList ids = e.getElementsByTagNameNS("*", "waveformID");
            List<String> out = new ArrayList<>();
            for (int i = 0; i < ids.getLength(); i++) {
                out.add(((org.w3c.dom.Element) ids.item(i)).getAttribute("stationCode"));
            }
            return out;
        };
        assertEquals(List.of("SYN01", "SYN01", "SYN02"), stations.apply(network), "both stations' picks in one event");
        assertEquals(2, network.getElementsByTagNameNS("*", "description").getLength(), "each detection described");
        assertTrue(network.getTextContent().contains("SYN02-1"), xml);
        org.w3c.dom.Element single = (org.w3c.dom.Element) events.item(1);
        assertEquals(List.of("SYN01"), stations.apply(single));
        assertTrue(single.getAttribute("publicID").endsWith("/event/XX.SYN01.00.HH/20240101T002348.480000Z"),
                single.getAttribute("publicID"));
        Path f = java.nio.file.Files.writeString(dir.resolve("events.xml"), xml);
        assertEquals(3, io.github.seisclr.eval.ReferencePicks.read(f).size(),
                "read back, each station's P of each event");
        validatesAgainstTheSchema(xml);
    }

    /**
     * Review of the change above: the coincidence window can hold two detections at one station (two
     * events 10 s apart, or an S detected apart from its P), and one QuakeML event with two P at a
     * station is no event a locator can take. In onset order, a station's second detection starts
     * the next event, which the other stations' later detections join (second review: ipoc-cx's
     * PB01-22, PB02-23, PB01-23, PB02-24 were written as one event of two and two of one).
     */
    @Test
    void quakemlGivesAStationOneDetectionPerEvent() throws IOException {
        DetectionResult two = sample();
        Detection d1 = two.detections().get(0);
        Detection d2 = two.detections().get(1);
        Detection again = new Detection("SYN01-2", "XX.SYN01.00.HH", d1.start().plusSeconds(10), d1.start().plusSeconds(20),
                d1.start().plusSeconds(11), 8.0, 5.0, 6, "384898929bdc");
        Detection again2 = new Detection("SYN02-2", "XX.SYN02.00.HH", d1.start().plusSeconds(12), d1.start().plusSeconds(20),
                d1.start().plusSeconds(13), 8.0, 5.0, 6, "384898929bdc");
        DetectionResult r = new DetectionResult(List.of(d1, again, d2, again2), two.picks(), List.of(new NetworkDetection(
                d1.start(), 2, List.of(d1, d2, again, again2))), List.of(), 2.0, DetectorConfig.defaults(),
                "384898929bdc", java.util.Map.of());
        assertEquals(List.of(List.of(d1, d2), List.of(again, again2)), Writers.events(r));
        assertEquals(2, write(r, Writers.Format.QUAKEML).split("<event ", -1).length - 1);
    }

    /**
     * A black-box review (two sensors at each of ipoc-cx's stations, HH at location 00 and EH at
     * 10): a station's second sensor started a new event, and one earthquake was written as three
     * QuakeML events (50 for 21). Another sensor's detection of a station within 2 s of the
     * station's in the event is of that event, within a network detection or not; one further on,
     * or a second detection of the same sensor, starts the next event.
     */
    @Test
    void quakemlPutsAStationsSensorsInOneEvent() throws IOException {
        DetectionResult two = sample();
        Detection hh = two.detections().get(0); // XX.SYN01.00.HH
        Detection other = two.detections().get(1); // XX.SYN02.00.HH
        Detection eh = new Detection("SYN01-7", "XX.SYN01.10.EH", hh.start().plusMillis(300), hh.end(),
                hh.start().plusSeconds(1), 8.0, 5.0, 6, "384898929bdc");
        Detection ehLater = new Detection("SYN01-8", "XX.SYN01.10.EH", hh.start().plusSeconds(5), hh.end(),
                hh.start().plusSeconds(6), 8.0, 5.0, 6, "384898929bdc");
        DetectionResult r = new DetectionResult(List.of(hh, eh, other, ehLater), two.picks(), List.of(new NetworkDetection(
                hh.start(), 2, List.of(hh, eh, other, ehLater))), List.of(), 2.0, DetectorConfig.defaults(),
                "384898929bdc", java.util.Map.of());
        assertEquals(List.of(List.of(hh, eh, other), List.of(ehLater)), Writers.events(r));
        // without a network detection: the station's two sensors within 2 s are one event
        Detection lone = new Detection("SYN01-9", "XX.SYN01.00.HH", hh.start().plusSeconds(600), hh.end().plusSeconds(600),
                hh.start().plusSeconds(601), 8.0, 5.0, 6, "384898929bdc");
        Detection loneEh = new Detection("SYN01-10", "XX.SYN01.10.EH", lone.start().plusMillis(1500), lone.end(),
                lone.start().plusSeconds(2), 8.0, 5.0, 6, "384898929bdc");
        Detection loneOther = new Detection("SYN02-9", "XX.SYN02.00.HH", lone.start().plusSeconds(120), lone.end().plusSeconds(120),
                lone.start().plusSeconds(121), 8.0, 5.0, 6, "384898929bdc");
        DetectionResult alone = new DetectionResult(List.of(lone, loneEh, loneOther), two.picks(), List.of(), List.of(), 2.0,
                DetectorConfig.defaults(), "384898929bdc", java.util.Map.of());
        assertEquals(List.of(List.of(lone, loneEh), List.of(loneOther)), Writers.events(alone));
        // review of the first form: a second sensor's detection past the coincidence window, in the next
        // network detection, went with that one's stations; a third sensor 1.5 s after the second
        // (3 s after the first) started an event of its own
        Instant t0 = hh.start().plusSeconds(1200);
        Detection b = new Detection("SYN02-20", "XX.SYN02.00.HH", t0, t0.plusSeconds(10), t0, 8.0, 5.0, 6, "384898929bdc");
        Detection aHh = new Detection("SYN01-20", "XX.SYN01.00.HH", t0.plusMillis(14_500), t0.plusSeconds(25),
                t0.plusSeconds(15), 8.0, 5.0, 6, "384898929bdc");
        Detection aEh = new Detection("SYN01-21", "XX.SYN01.10.EH", t0.plusMillis(15_500), t0.plusSeconds(25),
                t0.plusSeconds(16), 8.0, 5.0, 6, "384898929bdc");
        Detection aBh = new Detection("SYN01-22", "XX.SYN01.20.BH", t0.plusMillis(17_000), t0.plusSeconds(25),
                t0.plusSeconds(17), 8.0, 5.0, 6, "384898929bdc");
        Detection c = new Detection("SYN03-20", "XX.SYN03.00.HH", t0.plusSeconds(20), t0.plusSeconds(30),
                t0.plusSeconds(20), 8.0, 5.0, 6, "384898929bdc");
        DetectionResult straddle = new DetectionResult(List.of(b, aHh, aEh, aBh, c), two.picks(), List.of(
                new NetworkDetection(b.start(), 2, List.of(b, aHh)), new NetworkDetection(aEh.start(), 2, List.of(aEh, aBh, c))),
                List.of(), 2.0, DetectorConfig.defaults(), "384898929bdc", java.util.Map.of());
        assertEquals(List.of(List.of(b, aHh, aEh, aBh), List.of(c)), Writers.events(straddle));
    }

    /** Validates QuakeML against the official 1.2 schema in ../shared (the test is skipped where it is absent). */
    private static void validatesAgainstTheSchema(String xml) throws Exception {
        validatesAgainst("QuakeML-1.2.xsd", xml);
    }

    /** Validates a document against a schema in ../shared/data/quakeml (the test is skipped where it is absent). */
    private static void validatesAgainst(String schema, String xml) throws Exception {
        Path xsd = SharedData.dir("quakeml").map(p -> p.resolve(schema)).orElse(null);
        assumeTrue(xsd != null && xsd.toFile().isFile(), schema + " (../shared/data/quakeml) absent; skipping validation");
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        if (schema.startsWith("sc3ml")) {
            // SeisComP's generated schema names Comment several times in one choice of its root, which the
            // full checks refuse as ambiguous (Unique Particle Attribution); the documents' checks stay
            f.setFeature("http://apache.org/xml/features/validation/schema-full-checking", false);
        }
        f.newSchema(xsd.toFile()).newValidator().validate(new StreamSource(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * The run's warnings about its data are in every format, not in JSON alone: a CSV or QuakeML file
     * that a spike was replaced in, or a component missing from, says so itself (they were said on
     * standard error only, and by the Spark job in its executors' logs only).
     */
    @Test
    void everyFormatListsTheRunsWarnings() throws Exception {
        List<String> warnings = List.of("XX.SYN01.00.HHZ: 1 spike(s) replaced at 2024-01-01T00:10:00Z",
                "XX.SYN02.00.HHE: missing from 2024-01-01T00:00:00Z\nthe station is scored on two components");
        DetectionResult r = sample().withWarnings(warnings);
        List<String> csv = write(r, Writers.Format.CSV).lines().toList();
        assertEquals("# warning: " + warnings.get(0), csv.get(1));
        assertEquals("# warning: XX.SYN02.00.HHE: missing from 2024-01-01T00:00:00Z", csv.get(2));
        assertEquals("#   the station is scored on two components", csv.get(3), "a second line stays a comment");
        assertEquals(Writers.CSV_HEADER, csv.get(4));
        assertEquals(5 + r.picks().size(), csv.size(), "the rows are those without warnings");
        assertEquals(write(sample(), Writers.Format.CSV).lines().skip(2).toList(), csv.subList(5, csv.size()));
        JsonNode json = new ObjectMapper().readTree(write(r, Writers.Format.JSON));
        assertEquals(warnings.get(1), json.get("warnings").get(1).asText());
        String xml = write(r, Writers.Format.QUAKEML);
        assertTrue(xml.contains("<comment><text>warning: " + warnings.get(0) + "</text></comment>"), xml);
        assertEquals(2, xml.split("<text>warning: ", -1).length - 1);
        // review: characters XML does not allow (a damaged file's bytes in a warning) made the file unreadable
        DetectionResult odd = sample().withWarnings(List.of("XX.SYN01.00.HHZ: bytes \u0001\u0002 & <more>"));
        String oddXml = write(odd, Writers.Format.QUAKEML);
        // escaped, as the CSV's comment lines escape them (before: U+FFFD, which lost which they were)
        assertTrue(oddXml.contains("<text>warning: XX.SYN01.00.HHZ: bytes \\u0001\\u0002 &amp; &lt;more></text>"), oddXml);
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(oddXml.getBytes(StandardCharsets.UTF_8)));
        validatesAgainstTheSchema(xml);
    }

    /**
     * Regression (black-box review): a file named {@code "x\n1,2,3.mseed"} put a line feed into the
     * CSV's provenance comment, so {@code 1,2,3.mseed (seisclr ...} stood uncommented above the header
     * and CSV readers took it for a row; an ESC in a name went raw into the file. Control characters
     * in the provenance and the warnings are written escaped, Java-style, in every one-line place.
     */
    @Test
    void controlCharactersInFileNamesAreEscapedInTheProvenance() throws Exception {
        String producer = "seisclr detect x\n1,2,3.mseed bad\tname\u001b[31m.mseed";
        DetectionResult r = sample().withWarnings(List.of("bad\u001b[31m.mseed: left out"));
        List<String> csv = write(r, Writers.Format.CSV, producer).lines().toList();
        assertTrue(csv.get(0).startsWith("# seisclr detect x\\n1,2,3.mseed bad\\tname\\u001b[31m.mseed; model"),
                csv.get(0));
        assertEquals("# warning: bad\\u001b[31m.mseed: left out", csv.get(1));
        assertEquals(Writers.CSV_HEADER, csv.get(2), "no row above the header");
        String xml = write(r, Writers.Format.QUAKEML, producer);
        assertTrue(xml.contains("<description>seisclr detect x\\n1,2,3.mseed bad\\tname\\u001b[31m.mseed;"),
                xml);
        assertFalse(xml.contains("\u001b"), "no ESC in the XML");
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        // JSON holds the name exactly: the library escapes control characters in strings
        String json = write(r, Writers.Format.JSON, producer);
        assertFalse(json.contains("\u001b"), "no raw ESC in the JSON");
        assertEquals(producer, new ObjectMapper().readTree(json).get("provenance").get("producer").asText());
    }

    /** Ordinary names, non-ASCII and Windows paths among them, are written as they are, the same string. */
    @Test
    void oneLineLeavesOrdinaryTextAsItIs() {
        for (String s : List.of("", "data-samples/XX.SYN01.mseed", "données/séisme 1.mseed", "C:\\data\\x.mseed",
                "\uD83C\uDF0B.mseed")) {
            assertSame(s, Writers.oneLine(s));
        }
        assertEquals("a\\nb\\rc\\td\\u007fe\\u0085f\\u2028g\\u0000", Writers.oneLine("a\nb\rc\td\u007fe\u0085f\u2028g\u0000"));
    }

    /**
     * Regression (black-box review): an archive job whose stations had models of their own wrote the
     * job's model in every day file's provenance and QuakeML id, for picks those models made. Each
     * event and pick is named under the model that made it, and the provenance lists the stations'.
     */
    @Test
    void detectionsOfAnotherModelAreNamedUnderIt() throws Exception {
        DetectionResult r = sample();
        Detection d1 = r.detections().get(0);
        Detection own = new Detection(d1.id(), d1.station(), d1.start(), d1.end(), d1.peakTime(), d1.peakScore(),
                d1.snr(), d1.thresholdOn(), "0123456789ab");
        DetectionResult mixed = new DetectionResult(List.of(own, r.detections().get(1)), r.picks(), List.of(),
                List.of(), r.hoursProcessed(), r.settings(), r.modelChecksum(), r.calibrations());
        String header = write(mixed, Writers.Format.CSV).lines().findFirst().orElseThrow();
        assertTrue(header.contains("model 384898929bdc, and the stations' own: XX.SYN01.00.HH 0123456789ab;"), header);
        assertTrue(write(r, Writers.Format.CSV).lines().findFirst().orElseThrow().contains("model 384898929bdc;"),
                "one model: named alone");
        String xml = write(mixed, Writers.Format.QUAKEML);
        assertTrue(xml.contains("<event publicID=\"smi:seisclr/0123456789ab/event/XX.SYN01.00.HH/"), xml);
        assertTrue(xml.contains("<pick publicID=\"smi:seisclr/0123456789ab/pick/XX.SYN01.00.HHZ/P/"), xml);
        assertTrue(xml.contains("<event publicID=\"smi:seisclr/384898929bdc/event/XX.SYN02.00.HH/"), xml);
        assertTrue(xml.contains("<comment><text>test; model 0123456789ab;"), "the event's own model in its comment: " + xml);
        assertEquals(1, xml.split("and the stations' own", -1).length - 1, "the list once, in the description: " + xml);
        JsonNode json = new ObjectMapper().readTree(write(mixed, Writers.Format.JSON));
        assertEquals("0123456789ab", json.get("provenance").get("stationModels").get("XX.SYN01.00.HH").asText());
        assertTrue(new ObjectMapper().readTree(write(r, Writers.Format.JSON)).get("provenance").get("stationModels") == null);
    }

    /**
     * Regression (review of 2026-12-04): a result without detections named its eventParameters from
     * its (no) events alone, so every such file of every run shared one publicID.
     */
    @Test
    void emptyResultsOfOtherRunsDoNotShareAnId() throws IOException {
        DetectionResult r = sample();
        DetectionResult empty = new DetectionResult(List.of(), new io.github.seisclr.pick.PickList(List.of()), List.of(),
                List.of(), r.hoursProcessed(), r.settings(), r.modelChecksum(), r.calibrations());
        java.util.function.Function<String, String> id = producer -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                Writers.write(empty, Writers.Format.QUAKEML, producer, out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            String xml = out.toString(StandardCharsets.UTF_8);
            int at = xml.indexOf("eventParameters publicID=\"");
            return xml.substring(at, xml.indexOf('"', at + 27));
        };
        String a = id.apply("seisclr archive /sds 2024-03-01");
        assertEquals(a, id.apply("seisclr archive /sds 2024-03-01"), "the same run gives the same file");
        assertTrue(!a.equals(id.apply("seisclr archive /sds 2024-03-02")), a);
    }

    /** seisclr's QuakeML read back as reference picks (evaluate --picks): every P with its S. */
    @Test
    void quakemlPicksReadBackAsReferences(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        readsBackAsReferences(Writers.Format.QUAKEML, dir.resolve("picks.xml"));
    }

    /**
     * Review (2026-12-07): CSV went through a PrintWriter, which keeps its errors: on a full disk
     * {@code write} returned normally with an empty or cut catalogue, where JSON and QuakeML threw.
     */
    @Test
    void aFailedWriteIsAnErrorInEveryFormat() {
        java.io.OutputStream broken = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }
        };
        for (Writers.Format f : Writers.Format.values()) {
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> Writers.write(sample(), f, "test", broken), f.toString());
            org.junit.jupiter.api.Assertions.assertTrue(String.valueOf(e.getMessage()).contains("No space left")
                    || e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("No space left"),
                    f + ": " + e);
        }
    }
}
