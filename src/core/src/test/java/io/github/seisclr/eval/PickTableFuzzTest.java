package io.github.seisclr.eval;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.seisclr.BadInputException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference-pick readers (CSV, QuakeML 1.2, SC3ML) on damaged tables: rows or a
 * {@link BadInputException} naming the file, nothing else. Jazzer fuzz test plus a seeded replay
 * (see {@code MiniSeedFuzzTest} for how the two run).
 */
class PickTableFuzzTest {
    static final String CSV = "network,station,p_time,s_time,window_start,file\n"
            + "NC,KCT,2020-01-01T00:00:10.000Z,2020-01-01T00:00:13.500Z,2020-01-01T00:00:00Z,a.mseed\n"
            + "NC,KHMB,2020-01-01T00:01:10.250Z,,2020-01-01T00:01:00Z,b.mseed\n";
    static final String QUAKEML = "<?xml version=\"1.0\"?><q:quakeml xmlns:q=\"http://quakeml.org/xmlns/quakeml/1.2\""
            + " xmlns=\"http://quakeml.org/xmlns/bed/1.2\"><eventParameters publicID=\"smi:x/ep\"><event publicID=\"smi:x/e1\">"
            + "<pick publicID=\"smi:x/p1\"><time><value>2020-01-01T00:00:10.000Z</value></time>"
            + "<waveformID networkCode=\"NC\" stationCode=\"KCT\" channelCode=\"HHZ\"/><phaseHint>P</phaseHint></pick>"
            + "<pick publicID=\"smi:x/p2\"><time><value>2020-01-01T00:00:13.5Z</value></time>"
            + "<waveformID networkCode=\"NC\" stationCode=\"KCT\" channelCode=\"HHN\"/><phaseHint>S</phaseHint></pick>"
            + "</event></eventParameters></q:quakeml>";

    static void readOrRefuse(byte[] data) {
        try {
            List<ReferencePicks.Row> rows = ReferencePicks.parse(data, Path.of("fuzz.csv"));
            for (ReferencePicks.Row r : rows) {
                assertTrue(r.event() != null);
            }
        } catch (BadInputException expected) {
            assertTrue(expected.getMessage().contains("fuzz.csv"), expected.getMessage());
        }
    }

    @FuzzTest(maxDuration = "5m")
    void pickTablesReadOrRefuse(byte[] data) {
        readOrRefuse(data);
    }

    @Test
    void damagedTablesAreReadOrRefused() {
        java.util.Random rng = new java.util.Random(77);
        String alphabet = ",:.-TZ<>/\"=\n 0123456789abcdefPS";
        for (String seed : List.of(CSV, QUAKEML)) {
            byte[] base = seed.getBytes(StandardCharsets.UTF_8);
            readOrRefuse(base);
            for (int k = 0; k < base.length; k += 3) {
                readOrRefuse(java.util.Arrays.copyOf(base, k));
            }
            for (int k = 0; k < 1000; k++) {
                byte[] b = base.clone();
                for (int c = 0; c <= rng.nextInt(3); c++) {
                    b[rng.nextInt(b.length)] = (byte) alphabet.charAt(rng.nextInt(alphabet.length()));
                }
                readOrRefuse(b);
            }
        }
    }
}
