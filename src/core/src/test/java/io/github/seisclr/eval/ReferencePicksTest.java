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
