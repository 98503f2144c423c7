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

/** {@code detect} and {@code train} stopped by SIGTERM (what Ctrl-C and a service manager send), each in a process of its own. */
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
        String said = stoppedOnceItSays("station-days", List.of("detect", "--sds", sds.toString(), "--out", out.toString()));
        assertTrue(said.matches("(?s).*detect stopped before it finished, after [0-5] of 6 station-day\\(s\\).*"
                + "nothing was written; `seisclr archive`.*"), said);
        assertFalse(Files.exists(out), "no output from a stopped run");
    }

    /**
     * Review (a new user): {@code train} stopped by Ctrl-C exited in silence; nothing said that the
     * model was not written, nor that the checkpoint of the best epoch so far was.
     */
    @Test
    void trainStoppedSaysNoModelWasWrittenAndWhereTheBestEpochIs() throws Exception {
        Path out = dir.resolve("model.zip");
        Path checkpoints = dir.resolve("ck");
        // once the second epoch has ended, the first's checkpoint is written (the first is always the best so far)
        String said = stoppedOnceItSays("epoch 2:", List.of("train", "--input", Path.of("data-samples").toAbsolutePath()
                .toString(), "--out", out.toString(), "--checkpoints", checkpoints.toString(), "--epochs", "200",
                "--batches", "2", "--batch-size", "16"));
        assertTrue(said.contains("train stopped before it finished: no model written to " + out
                + "; the best epoch so far is in " + checkpoints.resolve("checkpoint-best.zip")), said);
        assertFalse(Files.exists(out), "no model from a stopped run");
    }

    /** @return what the command said on standard error, stopped by SIGTERM once it has said {@code cue} */
    private String stoppedOnceItSays(String cue, List<String> args) throws Exception {
        Path err = dir.resolve("command.err");
        Process p = CliProcess.start(List.of(), args, dir.resolve("command.out"), err, env -> { });
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(err).contains(cue) && p.isAlive() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertTrue(p.isAlive(), "ended before a stop: " + Files.readString(err));
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGTERM: " + Files.readString(err));
            assertEquals(143, p.exitValue(), Files.readString(err));
            return Files.readString(err);
        } finally {
            p.destroyForcibly();
        }
    }
}
