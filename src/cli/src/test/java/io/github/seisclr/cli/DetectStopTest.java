package io.github.seisclr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code detect} stopped by SIGTERM (what Ctrl-C and a service manager send), in a process of its own. */
class DetectStopTest {
    @TempDir
    Path dir;

    /**
     * Review: {@code detect --sds} stopped by Ctrl-C ended with exit status 130 and not a word; after
     * an hour's run nothing said that nothing was written, nor that {@code archive} is the run that
     * goes on where it stopped.
     */
    @Test
    void sigtermSaysHowFarItGotAndThatNothingWasWritten() throws Exception {
        Path sds = dir.resolve("sds");
        CliProcess.stationDays(sds, 6, 60);
        Path out = dir.resolve("picks.csv");
        Path err = dir.resolve("detect.err");
        Process p = CliProcess.start(List.of(), List.of("detect", "--sds", sds.toString(), "--out", out.toString()),
                dir.resolve("detect.out"), err, env -> { });
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(err).contains("station-days") && p.isAlive() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertTrue(p.isAlive(), "ended before a stop: " + Files.readString(err));
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGTERM: " + Files.readString(err));
            assertEquals(143, p.exitValue(), Files.readString(err));
            String said = Files.readString(err);
            assertTrue(said.matches("(?s).*detect stopped before it finished, after [0-5] of 6 station-day\\(s\\).*"
                    + "nothing was written; `seisclr archive`.*"), said);
            assertFalse(Files.exists(out), "no output from a stopped run");
        } finally {
            p.destroyForcibly();
        }
    }
}
