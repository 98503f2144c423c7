package io.github.seisclr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documented ablation command end to end, on a small synthetic two-station set made here. The
 * command sets ND4J to one thread per operation, as every command does; the test puts the
 * process's settings back so that the tests after it run as they would alone.
 */
class AblateCommandTest {
    @Test
    void ablateWritesTheContinuousTableWithEveryArm(@TempDir Path dir) throws IOException {
        int master = Nd4j.getEnvironment().maxMasterThreads();
        int blas = Nd4j.factory().blas().getMaxThreads();
        int omp = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        try {
            runAblate(dir);
        } finally {
            Nd4j.getEnvironment().setMaxMasterThreads(master);
            Nd4j.factory().blas().setMaxThreads(blas);
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(omp);
        }
    }

    private static void runAblate(Path dir) throws IOException {
        Path data = dir.resolve("data");
        assertEquals(0, Main.run("synth", "--out", data.toString(), "--hours", "0.5", "--stations", "2",
                "--events-per-hour", "12", "--seed", "4"));
        Path out = dir.resolve("sub").resolve("ablation.md");
        assertEquals(0, Main.run("ablate", "--continuous", data.toString(), "--seeds", "1", "--first-seed", "3",
                "--epochs", "1", "--batches", "2", "--objective", "predictive", "--out", out.toString()));
        String md = Files.readString(out);
        assertTrue(md.contains("predictive objective, seeds 3-3"), md);
        for (String row : new String[] {"| trained, seed 3 |", "| random weights, seed 3 |", "| bundled model |"}) {
            assertTrue(md.contains(row), row + " missing:\n" + md);
        }
        assertTrue(md.contains("| confirmed at 3 unconfirmed / h |"), md);
    }

    @Test
    void ablateNeedsSomethingToMeasure() {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run("ablate", "--seeds", "2"));
            assertEquals(2, Main.run("ablate", "--windows", "x", "--confirm-window", "0"));
        } finally {
            System.setErr(err);
        }
        String said = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(said.contains("give --windows DIR, --continuous DIR or both"), said);
        assertTrue(said.contains("--confirm-window must be above 0 s"), said);
    }
}
