package io.github.seisclr.cli;

import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {
    /**
     * Where standard error is a log, a bar writes whole lines without carriage returns, and its last
     * line has the final count. Regression: the console consumer's redraws, joined by {@code \r},
     * piled up into one long line of a CI log.
     */
    @Test
    void aLogGetsWholeLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressBar bar = Progress.bar("detect", 3, " stations", false, false, out).build()) {
            for (int i = 0; i < 3; i++) {
                bar.step();
                bar.setExtraMessage(" XX.ST" + i);
            }
        }
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(log.contains("\r"), log);
        assertTrue(log.endsWith(System.lineSeparator()), log);
        String[] lines = log.split("\\R");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("detect 100%") && last.contains("3/3 stations"), log);
        // at most a line at the start, one per 30 s and one at the end: here, within a second, two
        assertTrue(lines.length <= 2, log);
    }

    @Test
    void terminalDevicesAreToldFromFilesAndPipes() {
        assertTrue(Progress.isTerminalDevice("/dev/pts/3"));
        assertTrue(Progress.isTerminalDevice("/dev/tty1"));
        assertFalse(Progress.isTerminalDevice("/dev/null"));
        assertFalse(Progress.isTerminalDevice("pipe:[123456]"));
        assertFalse(Progress.isTerminalDevice("/home/me/run.log"));
    }
}
