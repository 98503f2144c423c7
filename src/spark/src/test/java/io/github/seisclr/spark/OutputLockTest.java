package io.github.seisclr.spark;

import io.github.seisclr.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review (2026-12-07): a run killed outright left its lock behind, and every later run refused the
 * output until the user deleted it; taking over by process id could not tell a dead process from one
 * of another host or container. The lock is now the operating system's, which a process's end gives back.
 */
class OutputLockTest {
    @TempDir
    Path dir;

    /** Takes the lock on the state folder {@code args[0]}, says "held", and holds it until killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            OutputLock lock = OutputLock.take(Path.of(args[0]));
            System.out.println("held");
            System.out.flush();
            Thread.sleep(120_000);
            lock.close();
        }
    }

    @Test
    void aLiveRunsLockIsRefusedAndAKilledRunsIsTakenOver() throws Exception {
        Path state = Files.createDirectories(dir.resolve("_seisclr"));
        Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), state.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Process second = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine(); // a JVM may say something first (JAVA_TOOL_OPTIONS)
            } while (line != null && !line.equals("held"));
            assertEquals("held", line);
            BadInputException refused = assertThrows(BadInputException.class, () -> OutputLock.take(state));
            assertTrue(refused.getMessage().contains("another run is writing into this output (process " + holder.pid()
                    + " on "), refused.getMessage());
            holder.destroyForcibly(); // SIGKILL: nothing of the run gives the lock back but its end
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            assertTrue(Files.readString(state.resolve("lock")).startsWith(holder.pid() + " on "), "left behind");
            try (OutputLock taken = OutputLock.take(state)) {
                // held by this process: a second run in it is refused too, and (review) that refusal does not
                // give the first one's lock back to other processes
                assertThrows(BadInputException.class, () -> OutputLock.take(state));
                second = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), Holder.class.getName(), state.toString()))
                        .redirectErrorStream(true).start();
                assertTrue(second.waitFor(60, TimeUnit.SECONDS), "a second process waited");
                String said = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(said.contains("another run is writing into this output (process "
                        + ProcessHandle.current().pid()) && !said.contains("held"), said);
            }
            assertEquals("", Files.readString(state.resolve("lock")), "given back: the file names no run");
            OutputLock.take(state).close(); // free again (the file is not read while held: that would free it)
        } finally {
            holder.destroyForcibly();
            if (second != null) {
                second.destroyForcibly();
            }
        }
    }
}
