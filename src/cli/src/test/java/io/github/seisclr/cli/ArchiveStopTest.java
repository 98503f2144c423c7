package io.github.seisclr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code archive} stopped by SIGTERM (what Ctrl-C and a service manager send), in a process of its own. */
class ArchiveStopTest {
    @TempDir
    Path dir;

    /**
     * Regression (black-box review): Spark's shutdown hook stopped the context under the job, which
     * then ended with "IllegalStateException: Job 5 cancelled because SparkContext was shut down"
     * and "an unexpected failure ... please report it". A stop says so, and how to go on; the run
     * then resumes where it stopped.
     */
    @Test
    void sigtermSaysTheRunStoppedAndHowToGoOn() throws Exception {
        Path sds = dir.resolve("sds");
        CliProcess.stationDays(sds, 8, 40);
        Path out = dir.resolve("out");
        // Spark's module opens, as the test JVM (and the jar's manifest) has them
        List<String> opens = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Dio.netty")
                        || a.startsWith("-Djdk.reflect")).toList();
        Path err = dir.resolve("archive.err");
        Process p = CliProcess.start(opens, List.of("archive", "--sds", sds.toString(), "--out", out.toString(), "--batch",
                "1", "--cores", "1"), dir.resolve("archive.out"), err, env -> { });
        try {
            Path done = out.resolve("_seisclr").resolve("done");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (!(Files.isDirectory(done) && listed(done) > 0) && p.isAlive() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertTrue(p.isAlive(), "ended before a stop: " + Files.readString(err));
            assertTrue(listed(done) > 0, "no batch written in 240 s: " + Files.readString(err));
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGTERM: " + Files.readString(err));
            assertEquals(143, p.exitValue(), Files.readString(err));
            String said = Files.readString(err);
            assertTrue(said.contains("archive stopped before it finished") && said.contains("run the same command again"),
                    said);
            assertFalse(said.contains("unexpected failure"), said);
            Path lock = out.resolve("_seisclr").resolve("lock");
            assertTrue(!Files.exists(lock) || Files.readString(lock).isEmpty(), "the lock is given back");
        } finally {
            p.destroyForcibly();
        }
        // the run goes on where it stopped
        CommandErrorsTest.Run again = CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", out.toString(),
                "--cores", "1");
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().matches("(?s).*8 station-day\\(s\\) from .*: [1-7] done before, [1-7] detected now.*"),
                again.err());
    }

    private static long listed(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.count();
        }
    }
}
