package io.github.seisclr.cli;

import io.github.seisclr.detect.Detection;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.Polarity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression (review of 2026-12-04): {@code stream} printed its comma-separated live lines with the
 * machine's locale, so on a German or French machine every number was written with a decimal comma
 * ({@code 0,010}) and the lines could not be split; an SNR that could not be measured came out as NaN.
 */
class StreamLinesTest {
    @Test
    void theThreadTipIsForASettingAboveOneOnlyNotForTheCommandLinesOwn() {
        // unset: the command line runs one thread per operation itself; 1: what the tip asks for
        assertNull(StreamCommand.threadTipFor(null));
        assertNull(StreamCommand.threadTipFor("1"));
        String tip = StreamCommand.threadTipFor("4");
        assertNotNull(tip);
        assertTrue(tip.contains("OMP_NUM_THREADS=4") && tip.contains("unset it"), tip);
    }

    /**
     * Review (a new user, 2026-12-07): the live lines had no header. Two comment lines come first,
     * naming each kind of line's fields in the names of {@code detect}'s CSV, as many as a line has.
     */
    @Test
    void theLiveLinesHeaderNamesEachField() {
        Instant t = Instant.parse("2024-01-01T00:00:10.123456Z");
        Pick p = new Pick(SourceId.parse("XX.STA..HHZ"), Phase.P, t, 0.02, 0.01, 0.02, Polarity.POSITIVE, 7.5,
                "STA-1", "test");
        Detection d = new Detection("STA-1", "XX.STA..HH", t, t.plusSeconds(20), t, 9.25, Double.NaN, 5, "m");
        java.util.List<String> csv = java.util.List.of(io.github.seisclr.output.Writers.CSV_HEADER.split(","));
        String[] lines = {StreamCommand.line(p), StreamCommand.line(d)};
        assertEquals(2, StreamCommand.HEADER.size());
        for (int i = 0; i < 2; i++) {
            String[] names = StreamCommand.HEADER.get(i).substring(2).split(",", -1);
            String[] fields = lines[i].split(",", -1);
            assertEquals(fields.length, names.length, StreamCommand.HEADER.get(i) + " / " + lines[i]);
            assertEquals(fields[0], names[0], "the kind of line");
            for (int k = 1; k < names.length; k++) {
                assertTrue(csv.contains(names[k]), names[k] + " is not a name of detect's CSV");
            }
        }
    }

    @Test
    void liveLinesReadTheSameInEveryLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            Instant t = Instant.parse("2024-01-01T00:00:10.123456Z");
            Pick p = new Pick(SourceId.parse("XX.STA..HHZ"), Phase.P, t, 0.02, 0.01, 0.02, Polarity.POSITIVE, 7.5,
                    "STA-1", "test");
            assertEquals("pick,STA-1,XX.STA..HHZ,P,2024-01-01T00:00:10.123456Z,0.020,7.50,0.010,0.020,positive",
                    StreamCommand.line(p));
            Detection d = new Detection("STA-1", "XX.STA..HH", t, t.plusSeconds(20), t, 9.25, Double.NaN, 5, "m");
            assertEquals("detection,STA-1,XX.STA..HH,2024-01-01T00:00:10.123456Z,2024-01-01T00:00:30.123456Z,9.25,",
                    StreamCommand.line(d));
            Detection e = new Detection("STA-2", "XX.STA..HH", t, t.plusSeconds(20), t, 9.25, 12.5, 5, "m");
            assertEquals("detection,STA-2,XX.STA..HH,2024-01-01T00:00:10.123456Z,2024-01-01T00:00:30.123456Z,9.25,12.50",
                    StreamCommand.line(e));
        } finally {
            Locale.setDefault(before);
        }
    }
}
