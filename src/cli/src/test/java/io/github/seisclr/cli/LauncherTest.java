package io.github.seisclr.cli;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherTest {
    private static final String[] ARGS = {"detect", "data-samples", "--out", "x.csv"};

    private static Launcher.Jvm jar(List<String> options) {
        return new Launcher.Jvm(options, "/opt/java", "target/seisclr-cli.jar detect data-samples --out x.csv",
                "target/seisclr-cli.jar", false, true);
    }

    @Test
    void aPlainJavaJarRunsTheCommandInASecondJvmWithTheSerialCollectorAndTheSameJar() {
        List<String> cmd = Launcher.command(jar(List.of("-Xmx512m", "-Dfoo=bar")), Map.of(), ARGS).orElseThrow();
        assertEquals(List.of("/opt/java/bin/java", "-Xmx512m", "-Dfoo=bar", "-XX:+UseSerialGC", "-jar",
                "target/seisclr-cli.jar", "detect", "data-samples", "--out", "x.csv"), cmd);
        Launcher.Jvm cp = new Launcher.Jvm(List.of(), "/opt/java", "io.github.seisclr.cli.Main train --input x",
                "a.jar:b.jar", false, true);
        assertEquals(List.of("/opt/java/bin/java", "-XX:+UseSerialGC", "-cp", "a.jar:b.jar", "io.github.seisclr.cli.Main",
                "train", "--input", "x"), Launcher.command(cp, Map.of(), new String[] {"train", "--input", "x"}).orElseThrow());
        Launcher.Jvm spaces = new Launcher.Jvm(List.of(), "/opt/my java", "/home/a b/seisclr-cli.jar detect x",
                "/home/a b/seisclr-cli.jar", false, true);
        assertEquals(List.of("/opt/my java/bin/java", "-XX:+UseSerialGC", "-jar", "/home/a b/seisclr-cli.jar", "detect",
                "x"), Launcher.command(spaces, Map.of(), new String[] {"detect", "x"}).orElseThrow());
    }

    @Test
    void everythingElseStaysInThisJvm() {
        // options two JVMs cannot share, or that choose the collector
        for (String o : List.of("-XX:+UseG1GC", "-XX:+UseZGC", "-agentlib:jdwp=transport=dt_socket,address=5005",
                "-javaagent:/x/agent.jar", "-Dcom.sun.management.jmxremote.port=9010", "-XX:StartFlightRecording",
                "-Xlog:gc:file=gc.log", "-XX:HeapDumpPath=/tmp")) {
            assertTrue(Launcher.command(jar(List.of("-Xmx1g", o)), Map.of(), ARGS).isEmpty(), o);
        }
        assertTrue(Launcher.command(jar(List.of()), Map.of("SEISCLR_SAME_JVM", "1"), ARGS).isEmpty(), "opted out");
        assertTrue(Launcher.command(jar(List.of()), Map.of("SEISCLR_SAME_JVM", "child"), ARGS).isEmpty(), "the child");
        for (String[] args : List.of(new String[] {"archive", "--sds", "x"}, new String[] {"bench"},
                new String[] {"--version"}, new String[] {})) {
            assertTrue(Launcher.command(jar(List.of()), Map.of(), args).isEmpty(), String.join(" ", args));
        }
        // regression: bash's process substitution (--out >(gzip > x.gz)) names a descriptor the second JVM lacks
        assertTrue(Launcher.command(jar(List.of()), Map.of(), new String[] {"detect", "data-samples", "--out",
            "/dev/fd/63"}).isEmpty(), "an inherited descriptor");
        assertTrue(Launcher.command(jar(List.of()), Map.of(), new String[] {"detect", "/proc/self/fd/63"}).isEmpty(),
                "an inherited descriptor as input");
        assertTrue(Launcher.command(new Launcher.Jvm(List.of(), "/opt/java", "target/seisclr-cli.jar detect x",
                "target/seisclr-cli.jar", true, true), Map.of(), ARGS).isEmpty(), "serial collector already");
        assertTrue(Launcher.command(new Launcher.Jvm(List.of(), "/opt/java", "target/seisclr-cli.jar detect x",
                "target/seisclr-cli.jar", false, false), Map.of(), ARGS).isEmpty(), "Main loaded by another program");
        assertTrue(Launcher.command(new Launcher.Jvm(List.of(), "/opt/java",
                "org.codehaus.plexus.classworlds.launcher.Launcher exec:java", "boot.jar", false, true), Map.of(), ARGS)
                .isEmpty(), "another main class");
    }

    /** The real thing: a JVM started as a user starts it runs the command in a second one and passes on its status. */
    @Test
    void theSecondJvmRunsTheCommandAndItsExitStatusComesBack() throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String cp = System.getProperty("java.class.path");
        Path dir = Files.createTempDirectory("launcher");
        try {
            String[] ok = run(java, cp, "synth", "--hours", "0.1", "--out", dir.toString(), "--debug");
            assertEquals("0", ok[0], ok[2]);
            assertTrue(ok[2].contains("running in a second JVM") && ok[2].contains("-XX:+UseSerialGC"), ok[2]);
            try (var files = Files.list(dir)) {
                assertTrue(files.anyMatch(f -> f.toString().endsWith(".mseed")), "synth wrote nothing");
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        String[] bad = run(java, cp, "detect", "no-such-folder-here");
        assertEquals("1", bad[0], bad[2]);
        assertTrue(bad[2].contains("no-such-folder-here"), bad[2]);
        String[] usage = run(java, cp, "detect", "--no-such-option");
        assertEquals("2", usage[0], usage[2]);
    }

    /** Stopping the first JVM (SIGTERM, as systemd or timeout do) stops the second one; killing it outright too. */
    @Test
    void theSecondJvmStopsWithTheFirst() throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        for (boolean kill : new boolean[] {false, true}) {
            Path dir = Files.createTempDirectory("launcher");
            try {
                ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        Main.class.getName(), "synth", "--hours", "160", "--stations", "20", "--out", dir.toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
                pb.environment().remove(Launcher.SAME_JVM);
                pb.environment().remove("JAVA_TOOL_OPTIONS");
                pb.environment().remove("JDK_JAVA_OPTIONS");
                pb.environment().remove("_JAVA_OPTIONS");
                Process first = pb.start();
                ProcessHandle second = null;
                for (int i = 0; i < 200 && second == null; i++) {
                    Thread.sleep(50);
                    second = first.toHandle().children().findFirst().orElse(null);
                }
                assertTrue(second != null, "no second JVM");
                Thread.sleep(1500);
                if (kill) {
                    first.destroyForcibly();
                } else {
                    first.destroy();
                }
                assertTrue(first.waitFor(60, TimeUnit.SECONDS), "first JVM still running");
                assertTrue(second.onExit().thenApply(h -> true).completeOnTimeout(false, 60, TimeUnit.SECONDS).join(),
                        "second JVM still running after the first was " + (kill ? "killed" : "stopped"));
                if (!kill) {
                    assertEquals(143, first.exitValue());
                }
            } finally {
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    /** @return exit status, stdout, stderr */
    private static String[] run(String java, String cp, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp, Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(Launcher.SAME_JVM);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
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
