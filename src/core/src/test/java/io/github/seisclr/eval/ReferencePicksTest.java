package io.github.seisclr.eval;

import io.github.seisclr.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reference picks from CSV and from QuakeML. */
class ReferencePicksTest {
    @TempDir
    Path dir;

    private static final String QUAKEML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <q:quakeml xmlns="http://quakeml.org/xmlns/bed/1.2" xmlns:q="http://quakeml.org/xmlns/quakeml/1.2">
              <eventParameters publicID="smi:test/ep">
                <event publicID="smi:test/ev/1">
                  <pick publicID="smi:test/pick/1">
                    <time><value>2020-05-01T10:00:05.120000Z</value></time>
                    <waveformID networkCode="NC" stationCode="AAA" channelCode="HHZ"/>
                  </pick>
                  <pick publicID="smi:test/pick/2">
                    <time><value>2020-05-01T10:00:07.500Z</value></time>
                    <waveformID networkCode="NC" stationCode="AAA" channelCode="HHN"/>
                  </pick>
                  <pick publicID="smi:test/pick/3">
                    <time><value>2020-05-01T10:00:06.25</value></time>
                    <waveformID networkCode="NC" stationCode="BBB" channelCode="EHZ"/>
                    <phaseHint>P</phaseHint>
                  </pick>
                  <pick publicID="smi:test/pick/4">
                    <time><value>2020-05-01T10:00:06.30Z</value></time>
                    <waveformID networkCode="NC" stationCode="BBB" channelCode="EHZ"/>
                    <phaseHint>P</phaseHint>
                  </pick>
                  <pick publicID="smi:test/pick/5">
                    <time><value>2020-05-01T10:00:09.00Z</value></time>
                    <waveformID networkCode="NC" stationCode="CCC" channelCode="HHE"/>
                    <phaseHint>S</phaseHint>
                  </pick>
                  <origin publicID="smi:test/origin/1">
                    <time><value>2020-05-01T10:00:03Z</value></time>
                    <latitude><value>38.8</value></latitude>
                    <longitude><value>-122.8</value></longitude>
                    <arrival publicID="smi:test/arr/1"><pickID>smi:test/pick/1</pickID><phase>Pg</phase></arrival>
                    <arrival publicID="smi:test/arr/2"><pickID>smi:test/pick/2</pickID><phase>Sg</phase></arrival>
                  </origin>
                </event>
              </eventParameters>
            </q:quakeml>
            """;

    @Test
    void quakemlPicksPairPAndSPerStation() throws IOException {
        Path f = dir.resolve("picks.xml");
        Files.writeString(f, QUAKEML);
        List<ReferencePicks.Row> rows = ReferencePicks.read(f);
        assertEquals(2, rows.size(), rows.toString());
        ReferenceEvent a = rows.get(0).event();
        assertEquals("AAA", a.station());
        assertEquals(Instant.parse("2020-05-01T10:00:05.12Z"), a.pTime(), "phase from the arrival (Pg)");
        assertEquals(Instant.parse("2020-05-01T10:00:07.5Z"), a.sTime(), "S from the arrival (Sg)");
        ReferenceEvent b = rows.get(1).event();
        assertEquals("BBB", b.station());
        assertEquals(Instant.parse("2020-05-01T10:00:06.25Z"), b.pTime(), "time without a zone is UTC; the"
                + " second P 50 ms later counts once");
        assertNull(b.sTime());
        assertNull(rows.get(0).windowStart());
    }

    /**
     * Regression (review of 2026-12-04): phases were told apart by their first letter, so depth
     * phases (pP as P, sP as S) and PcP were references; rejected picks counted; and P picks 0.4 s
     * apart in a chain (0, 0.4, 0.8, 1.2 s) collapsed into one.
     */
    @Test
    void onlyDirectPhasesOfAcceptedPicksAreReferences() throws IOException {
        String pick = """
                  <pick publicID="smi:t/%s"><time><value>2020-05-01T10:00:%sZ</value></time>
                    <waveformID networkCode="NC" stationCode="%s" channelCode="HHZ"/>%s</pick>
                """;
        StringBuilder picks = new StringBuilder();
        picks.append(String.format(pick, "a1", "05.00", "AAA", ""));
        picks.append(String.format(pick, "a2", "08.00", "AAA", ""));     // pP of the same origin
        picks.append(String.format(pick, "a3", "09.00", "AAA", ""));     // sP: not the S
        picks.append(String.format(pick, "a4", "12.00", "AAA", ""));     // S
        picks.append(String.format(pick, "b1", "06.00", "BBB", ""));     // Pn
        picks.append(String.format(pick, "b2", "07.50", "BBB", ""));     // Pg of the same origin: the Pn counts
        picks.append(String.format(pick, "c1", "06.00", "CCC",
                "<phaseHint>P</phaseHint><evaluationStatus>rejected</evaluationStatus>"));
        picks.append(String.format(pick, "c2", "20.00", "CCC", "<phaseHint>PcP</phaseHint>"));
        picks.append(String.format(pick, "c3", "21.00", "CCC",
                "<phaseHint>P</phaseHint><evaluationStatus>\n  rejected\n</evaluationStatus>"));
        picks.append(String.format(pick, "e1", "40.00", "EEE", "<phaseHint>PG</phaseHint>")); // some catalogues' case
        for (int i = 0; i < 4; i++) {
            picks.append(String.format(pick, "d" + i, String.format("3%d.%d0", i * 4 / 10, i * 4 % 10), "DDD",
                    "<phaseHint>P</phaseHint>"));    // 30.0, 30.4, 30.8, 31.2 s
        }
        String arrivals = """
                <arrival publicID="smi:t/r1"><pickID>smi:t/a1</pickID><phase>P</phase></arrival>
                <arrival publicID="smi:t/r2"><pickID>smi:t/a2</pickID><phase>pP</phase></arrival>
                <arrival publicID="smi:t/r3"><pickID>smi:t/a3</pickID><phase>sP</phase></arrival>
                <arrival publicID="smi:t/r4"><pickID>smi:t/a4</pickID><phase>S</phase></arrival>
                <arrival publicID="smi:t/r5"><pickID>smi:t/b1</pickID><phase>Pn</phase></arrival>
                <arrival publicID="smi:t/r6"><pickID>smi:t/b2</pickID><phase>Pg</phase></arrival>
                """;
        Path f = dir.resolve("phases.xml");
        Files.writeString(f, """
                <?xml version="1.0" encoding="UTF-8"?>
                <q:quakeml xmlns="http://quakeml.org/xmlns/bed/1.2" xmlns:q="http://quakeml.org/xmlns/quakeml/1.2">
                  <eventParameters publicID="smi:t/ep"><event publicID="smi:t/ev">
                """ + picks + """
                  <origin publicID="smi:t/o1"><time><value>2020-05-01T10:00:00Z</value></time>
                """ + arrivals + """
                  </origin></event></eventParameters></q:quakeml>
                """);
        List<ReferencePicks.Row> rows = ReferencePicks.read(f);
        List<String> got = rows.stream().map(r -> r.event().station() + " " + r.event().pTime() + " "
                + r.event().sTime()).toList();
        assertEquals(List.of("AAA 2020-05-01T10:00:05Z 2020-05-01T10:00:12Z", "BBB 2020-05-01T10:00:06Z null",
                "DDD 2020-05-01T10:00:30Z null", "DDD 2020-05-01T10:00:30.800Z null", "EEE 2020-05-01T10:00:40Z null"),
                got);
    }

    /**
     * A station code held in two networks: QuakeML's picks are told apart by their networkCode (a P
     * at BK.AAA does not take NC.AAA's S, nor count as its second pick), and each row names its
     * network; a CSV names it in an optional network column.
     */
    @Test
    void rowsNameTheirNetwork() throws IOException {
        String pick = """
                  <pick publicID="smi:t/%s"><time><value>2020-05-01T10:00:%sZ</value></time>
                    <waveformID networkCode="%s" stationCode="AAA" channelCode="HHZ"/><phaseHint>%s</phaseHint></pick>
                """;
        Path f = dir.resolve("networks.xml");
        Files.writeString(f, """
                <?xml version="1.0" encoding="UTF-8"?>
                <q:quakeml xmlns="http://quakeml.org/xmlns/bed/1.2" xmlns:q="http://quakeml.org/xmlns/quakeml/1.2">
                  <eventParameters publicID="smi:t/ep"><event publicID="smi:t/ev">
                """ + String.format(pick, "a", "05.00", "NC", "P") + String.format(pick, "b", "05.20", "BK", "P")
                + String.format(pick, "c", "09.00", "NC", "S") + """
                  </event></eventParameters></q:quakeml>
                """);
        List<String> got = ReferencePicks.read(f).stream().map(r -> r.network() + "." + r.event().station() + " "
                + r.event().pTime() + " " + r.event().sTime()).toList();
        assertEquals(List.of("BK.AAA 2020-05-01T10:00:05.200Z null",
                "NC.AAA 2020-05-01T10:00:05Z 2020-05-01T10:00:09Z"), got);
        Path csv = dir.resolve("networks.csv");
        Files.writeString(csv, "network,station,p_time\nNC,AAA,2020-05-01T10:00:05Z\n,BBB,2020-05-01T10:00:06Z\n");
        List<ReferencePicks.Row> rows = ReferencePicks.read(csv);
        assertEquals("NC", rows.get(0).network());
        assertNull(rows.get(1).network(), "an empty cell names no network");
    }

    /**
     * Regression: an event located twice (a first origin and a revised one, each with its own
     * picks, as agencies' catalogues hold) gave two references at a station, one per origin, and
     * the detection could match only one: the other counted as missed. The picks of one event's
     * origins are one arrival per station, in QuakeML (origins inside the event) and in SC3ML
     * (origins beside it, named by {@code originReference}); another event's P stays its own.
     */
    @Test
    void anEventsSeveralOriginsAreOneReferencePerStation() throws IOException {
        String picks = """
                  <pick publicID="smi:t/a1"><time><value>2020-05-01T10:00:05.00Z</value></time>
                    <waveformID networkCode="NC" stationCode="AAA" channelCode="HHZ"/></pick>
                  <pick publicID="smi:t/a2"><time><value>2020-05-01T10:00:06.20Z</value></time>
                    <waveformID networkCode="NC" stationCode="AAA" channelCode="HHZ"/></pick>
                  <pick publicID="smi:t/a3"><time><value>2020-05-01T10:00:35.00Z</value></time>
                    <waveformID networkCode="NC" stationCode="AAA" channelCode="HHZ"/></pick>
                """;
        String o1 = """
                <origin publicID="smi:t/o1"><time><value>2020-05-01T10:00:00Z</value></time>
                  <arrival publicID="smi:t/r1"><pickID>smi:t/a1</pickID><phase>P</phase></arrival></origin>
                """;
        String o2 = """
                <origin publicID="smi:t/o2"><time><value>2020-05-01T10:00:00.4Z</value></time>
                  <arrival publicID="smi:t/r2"><pickID>smi:t/a2</pickID><phase>Pg</phase></arrival></origin>
                """;
        String o3 = """
                <origin publicID="smi:t/o3"><time><value>2020-05-01T10:00:30Z</value></time>
                  <arrival publicID="smi:t/r3"><pickID>smi:t/a3</pickID><phase>P</phase></arrival></origin>
                """;
        String head = """
                <?xml version="1.0" encoding="UTF-8"?>
                <q:quakeml xmlns="http://quakeml.org/xmlns/bed/1.2" xmlns:q="http://quakeml.org/xmlns/quakeml/1.2">
                  <eventParameters publicID="smi:t/ep">
                """;
        Path quakeml = dir.resolve("two-origins.xml");
        Files.writeString(quakeml, head + "<event publicID=\"smi:t/ev1\"><preferredOriginID>smi:t/o2</preferredOriginID>"
                + picks + o1 + o2 + "</event><event publicID=\"smi:t/ev2\">" + o3
                + "</event></eventParameters></q:quakeml>");
        Path sc3ml = dir.resolve("two-origins.sc3ml");
        Files.writeString(sc3ml, """
                <?xml version="1.0" encoding="UTF-8"?>
                <seiscomp xmlns="http://geofon.gfz-potsdam.de/ns/seiscomp3-schema/0.11" version="0.11">
                  <EventParameters>
                """ + picks.replace("smi:t/", "t/") + o1.replace("smi:t/", "t/") + o2.replace("smi:t/", "t/")
                + o3.replace("smi:t/", "t/") + """
                    <event publicID="t/ev1"><preferredOriginID>t/o2</preferredOriginID>
                      <originReference>t/o1</originReference><originReference>t/o2</originReference></event>
                    <event publicID="t/ev2"><originReference>t/o3</originReference></event>
                  </EventParameters>
                </seiscomp>
                """);
        // events and origins without ids: grouped by the event each origin sits in
        Path anonymous = dir.resolve("two-origins-no-ids.xml");
        Files.writeString(anonymous, Files.readString(quakeml).replaceAll("<(event|origin) publicID=\"[^\"]*\">", "<$1>"));
        for (Path f : List.of(quakeml, sc3ml, anonymous)) {
            List<String> got = ReferencePicks.read(f).stream().map(r -> r.event().station() + " " + r.event().pTime())
                    .toList();
            assertEquals(List.of("AAA 2020-05-01T10:00:05Z", "AAA 2020-05-01T10:00:35Z"), got, f.toString());
        }
    }

    /**
     * Regression (review of 2026-12-04): a byte-order mark (spreadsheets write one) hid the first
     * column, cells were not trimmed, an S before its P or a window starting after its P gave wrong
     * noise hours silently, and a header without rows gave an empty report.
     */
    @Test
    void csvFromASpreadsheetReadsAndImpossibleRowsAreRefusedByLine() throws IOException {
        Path f = dir.resolve("bom.csv");
        Files.writeString(f, "\uFEFFfile, station ,start,p_time,s_time\nx.mseed, AAA ,2020-05-01T10:00:00,"
                + "2020-05-01T10:00:05Z,2020-05-01T10:00:07Z\n");
        List<ReferencePicks.Row> rows = ReferencePicks.read(f);
        assertEquals("x.mseed", rows.get(0).file());
        assertEquals("AAA", rows.get(0).event().station());
        assertEquals(Instant.parse("2020-05-01T10:00:00Z"), rows.get(0).windowStart(), "no zone: UTC, as in QuakeML");
        Path swapped = dir.resolve("swapped.csv");
        Files.writeString(swapped, "station,p_time,s_time\nAAA,2020-05-01T10:00:05Z,2020-05-01T10:00:07Z\n"
                + "BBB,2020-05-01T10:00:07Z,2020-05-01T10:00:05Z\n");
        BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> ReferencePicks.read(swapped));
        assertTrue(e.getMessage().contains("swapped.csv line 3") && e.getMessage().contains("not after p_time"),
                e.getMessage());
        // a space between date and time, as ObsPy writes it, reads; a time that is none names its column and
        // value (review: "Text '2017-10-07 09:28:56.92Z' could not be parsed at index 10", no column)
        Path spaced = dir.resolve("spaced.csv");
        Files.writeString(spaced, "station,p_time\nAAA,2020-05-01 10:00:05.5\nBBB,05/01/2020 10:00\n");
        e = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class, () -> ReferencePicks.read(spaced));
        assertTrue(e.getMessage().contains("spaced.csv line 3") && e.getMessage().contains("p_time '05/01/2020 10:00'"
                + " is not an ISO 8601 time"), e.getMessage());
        Files.writeString(spaced, "station,p_time\nAAA,2020-05-01 10:00:05.5\n");
        assertEquals(Instant.parse("2020-05-01T10:00:05.5Z"), ReferencePicks.read(spaced).get(0).event().pTime());
        Path headerOnly = dir.resolve("header.csv");
        Files.writeString(headerOnly, "station,p_time\n");
        assertEquals(BadInputException.Problem.EMPTY, org.junit.jupiter.api.Assertions.assertThrows(
                BadInputException.class, () -> ReferencePicks.read(headerOnly)).problem());
    }

    /**
     * Regression (review of 2026-12-06): seisclr's own truth table ({@code synth}'s truth.csv, as in
     * data-samples) was refused at its first gap row ("Text '' could not be parsed"), and read
     * without its gaps its arrival starts were taken for window starts; a row without p_time is now
     * refused by name.
     */
    @Test
    void theSyntheticTruthTableReadsAsItsEventsOnly() throws IOException {
        List<ReferencePicks.Row> rows = ReferencePicks.read(Path.of("data-samples", "truth.csv"));
        long events = Files.readAllLines(Path.of("data-samples", "truth.csv")).stream()
                .filter(l -> l.startsWith("event,")).count();
        assertEquals(events, rows.size());
        assertTrue(events > 0 && rows.stream().allMatch(r -> r.windowStart() == null && r.event().sTime() != null), rows::toString);
        assertEquals("XX", rows.get(0).network());
        Path noP = dir.resolve("nop.csv");
        Files.writeString(noP, "station,p_time\nAAA,2020-05-01T10:00:05Z\nBBB,\n");
        BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> ReferencePicks.read(noP));
        assertTrue(e.getMessage().contains("nop.csv line 3") && e.getMessage().contains("no p_time"), e.getMessage());
        // a user's table with a kind column of its own is read as any pick table: its start is a window's
        Path own = dir.resolve("own.csv");
        Files.writeString(own, "kind,station,start,p_time\nmanual,AAA,2020-05-01T10:00:00Z,2020-05-01T10:00:05Z\n");
        List<ReferencePicks.Row> ownRows = ReferencePicks.read(own);
        assertEquals(1, ownRows.size());
        assertEquals(Instant.parse("2020-05-01T10:00:00Z"), ownRows.get(0).windowStart());
    }

    @Test
    void csvStillReads() throws IOException {
        Path f = dir.resolve("picks.csv");
        Files.writeString(f, "file,station,start,p_time,s_time\nx.mseed,AAA,2020-05-01T10:00:00Z,"
                + "2020-05-01T10:00:05Z,2020-05-01T10:00:07Z\n");
        List<ReferencePicks.Row> rows = ReferencePicks.read(f);
        assertEquals(1, rows.size());
        assertEquals("x.mseed", rows.get(0).file());
        assertEquals(Instant.parse("2020-05-01T10:00:00Z"), rows.get(0).windowStart());
    }

    @Test
    void brokenQuakemlIsRefusedNamingTheFile() throws IOException {
        Path f = dir.resolve("broken.xml");
        Files.writeString(f, QUAKEML.substring(0, 400));
        BadInputException e = assertThrows(BadInputException.class, () -> ReferencePicks.read(f));
        assertTrue(e.getMessage().contains("broken.xml") && e.getMessage().contains("QuakeML"), e.getMessage());
        Path g = dir.resolve("badtime.xml");
        Files.writeString(g, QUAKEML.replace("2020-05-01T10:00:09.00Z", "yesterday"));
        e = assertThrows(BadInputException.class, () -> ReferencePicks.read(g));
        assertTrue(e.getMessage().contains("smi:test/pick/5") && e.getMessage().contains("yesterday"), e.getMessage());
    }

    @Test
    void documentTypeDeclarationsAreRefused() throws IOException {
        Path f = dir.resolve("xxe.xml");
        Files.writeString(f, "<?xml version=\"1.0\"?><!DOCTYPE q [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<q>&x;</q>");
        assertThrows(BadInputException.class, () -> ReferencePicks.read(f));
    }

    @Test
    void quakemlWithoutUsablePicksIsEmpty() throws IOException {
        Path f = dir.resolve("none.xml");
        Files.writeString(f, "<?xml version=\"1.0\"?><q:quakeml xmlns:q=\"http://quakeml.org/xmlns/quakeml/1.2\"/>");
        BadInputException e = assertThrows(BadInputException.class, () -> ReferencePicks.read(f));
        assertEquals(BadInputException.Problem.EMPTY, e.problem());
    }
}
