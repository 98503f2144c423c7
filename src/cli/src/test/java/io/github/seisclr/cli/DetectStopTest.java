package io.github.seisclr.cli;

import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
        for (int day = 0; day < 6; day++) {
            SyntheticGenerator.generate(SynthConfig.builder().seed(60 + day)
                    .start(Instant.parse("2024-01-01T06:00:00Z").plus(Duration.ofDays(day))).duration(Duration.ofMinutes(40))
                    .stations(1).eventsPerHour(4).build()).writeSds(sds);
        }
        Path out = dir.resolve("picks.csv");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "detect", "--sds", sds.toString(),
                "--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
        Path err = dir.resolve("detect.err");
        Process p = pb.redirectOutput(dir.resolve("detect.out").toFile()).redirectError(err.toFile()).start();
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
