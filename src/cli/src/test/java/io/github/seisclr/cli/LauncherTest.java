package io.github.seisclr.cli;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherTest {
    private static final Optional<String> JAVA = Optional.of("/opt/java/bin/java");
    private static final String[] ARGS = {"detect", "data-samples", "--out", "x.csv"};

    @Test
    void withoutAChosenCollectorTheCommandRunsInASecondJvmWithTheSerialCollector() {
        List<String> cmd = Launcher.command(List.of("-Xmx512m", "-Dfoo=bar"), JAVA, "a.jar", Map.of(), ARGS).orElseThrow();
        assertEquals(List.of("/opt/java/bin/java", "-Xmx512m", "-Dfoo=bar", "-XX:+UseSerialGC", "-Dseisclr.launched=true",
                "-cp", "a.jar", "io.github.seisclr.cli.Main", "detect", "data-samples", "--out", "x.csv"), cmd);
    }

    @Test
    void aChosenCollectorAnAgentTheOptOutOrAnUnknownJvmKeepTheCommandInThisJvm() {
        assertTrue(Launcher.command(List.of("-XX:+UseG1GC"), JAVA, "a.jar", Map.of(), ARGS).isEmpty());
        assertTrue(Launcher.command(List.of("-XX:+UseZGC", "-Xmx1g"), JAVA, "a.jar", Map.of(), ARGS).isEmpty());
        assertTrue(Launcher.command(List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005"), JAVA, "a.jar",
                Map.of(), ARGS).isEmpty());
        assertTrue(Launcher.command(List.of("-javaagent:/x/agent.jar"), JAVA, "a.jar", Map.of(), ARGS).isEmpty());
        assertTrue(Launcher.command(List.of(), JAVA, "a.jar", Map.of("SEISCLR_SAME_JVM", "1"), ARGS).isEmpty());
        assertTrue(Launcher.command(List.of(), Optional.empty(), "a.jar", Map.of(), ARGS).isEmpty());
        assertTrue(Launcher.command(List.of(), JAVA, "", Map.of(), ARGS).isEmpty());
    }

    /** The real thing: a JVM started as a user starts it runs the command in a second one and passes on its status. */
    @Test
    void theSecondJvmRunsTheCommandAndItsExitStatusComesBack() throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String cp = System.getProperty("java.class.path");
        String[] ok = run(java, cp, "--version", "--debug");
        assertEquals("0", ok[0], ok[2]);
        assertTrue(ok[1].startsWith("seisclr "), ok[1]);
        assertTrue(ok[2].contains("running in a second JVM") && ok[2].contains("-XX:+UseSerialGC"), ok[2]);
        String[] bad = run(java, cp, "detect", "no-such-folder-here");
        assertEquals("1", bad[0], bad[2]);
        assertTrue(bad[2].contains("no-such-folder-here"), bad[2]);
        String[] usage = run(java, cp, "detect", "--no-such-option");
        assertEquals("2", usage[0], usage[2]);
    }

    /** @return exit status, stdout, stderr */
    private static String[] run(String java, String cp, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp, Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(Launcher.SAME_JVM);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        File out = File.createTempFile("launcher", ".out");
        File err = File.createTempFile("launcher", ".err");
        try {
            Process p = pb.redirectOutput(out).redirectError(err).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
            return new String[] {String.valueOf(p.exitValue()),
                    Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8)};
        } finally {
            out.delete();
            err.delete();
        }
    }
}
