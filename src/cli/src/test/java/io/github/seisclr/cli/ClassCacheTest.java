package io.github.seisclr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassCacheTest {
    private static final String SHARING = "mixed mode, sharing";

    /** A jar whose manifest names one library jar, as the built seisclr-cli.jar names target/lib. */
    private static Path jar(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/a.jar"), "not really a jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/a.jar");
        Path jar = dir.resolve("seisclr-cli.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.putNextEntry(new JarEntry("x.txt"));
            out.write(1);
        }
        return jar;
    }

    private static List<String> child(Path jar, String... options) {
        List<String> cmd = new ArrayList<>(List.of("/opt/java/bin/java"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-XX:+UseSerialGC", "-jar", jar.toString(), "detect", "data-samples"));
        return cmd;
    }

    @Test
    void theFirstRunWritesTheArchiveAndLaterRunsUseIt(@TempDir Path dir) throws IOException {
        Path jar = jar(dir);
        ClassCache first = ClassCache.of(child(jar), "detect", Map.of(), SHARING, "17.0.15+6").orElseThrow();
        assertTrue(first.writes());
        Path archive = first.archive();
        assertEquals(dir.resolve(ClassCache.FOLDER), archive.getParent());
        assertTrue(archive.getFileName().toString().matches("detect-[0-9a-f]{16}\\.jsa"), archive.toString());
        List<String> cmd = first.command();
        assertEquals(List.of("/opt/java/bin/java", "-XX:+UseSerialGC", "-Xlog:cds=off,cds+dynamic=off"), cmd.subList(0, 3));
        assertTrue(cmd.get(3).startsWith("-XX:ArchiveClassesAtExit=" + dir.resolve(ClassCache.FOLDER)), cmd.get(3));
        assertEquals(List.of("-jar", jar.toString(), "detect", "data-samples"), cmd.subList(4, cmd.size()));
        Path writing = Path.of(cmd.get(3).substring("-XX:ArchiveClassesAtExit=".length()));

        // Java writes the archive when the second JVM exits; the first JVM puts it in place
        Files.writeString(writing, "archive");
        long now = System.currentTimeMillis();
        List<Path> older = new ArrayList<>();
        for (int i = 1; i <= 3; i++) { // archives of earlier builds or other options, the first the newest
            Path p = archive.resolveSibling("detect-000000000000000" + i + ".jsa");
            Files.writeString(p, "x");
            Files.setLastModifiedTime(p, FileTime.fromMillis(now - i * 86_400_000L));
            older.add(p);
        }
        Path otherCommand = archive.resolveSibling("train-0123456789abcdef.jsa");
        Path abandoned = archive.resolveSibling("detect-0123456789abcdef.999.tmp");
        Path beingWritten = archive.resolveSibling("detect-0123456789abcdef.998.tmp");
        for (Path p : List.of(otherCommand, abandoned, beingWritten)) {
            Files.writeString(p, "x");
        }
        Files.setLastModifiedTime(otherCommand, FileTime.fromMillis(now - 10 * 86_400_000L));
        Files.setLastModifiedTime(abandoned, FileTime.fromMillis(now - 2 * 3600_000L));
        first.finish(0);
        assertEquals("archive", Files.readString(archive));
        assertFalse(Files.exists(writing));
        assertTrue(Files.exists(older.get(0)) && Files.exists(older.get(1)), "the command's newest are kept");
        assertFalse(Files.exists(older.get(2)), "beyond " + ClassCache.KEEP + " the oldest are deleted");
        assertFalse(Files.exists(abandoned), "a killed run's file is deleted after an hour");
        assertTrue(Files.exists(beingWritten), "another run still writing is left alone");
        assertTrue(Files.exists(otherCommand), "other commands keep theirs");

        ClassCache second = ClassCache.of(child(jar), "detect", Map.of(), SHARING, "17.0.15+6").orElseThrow();
        assertFalse(second.writes());
        assertEquals(archive, second.archive());
        assertTrue(second.command().contains("-XX:SharedArchiveFile=" + archive), second.command().toString());
        second.finish(0);
        assertEquals("archive", Files.readString(archive));
    }

    @Test
    void aFailedRunLeavesNoArchive(@TempDir Path dir) throws IOException {
        ClassCache c = ClassCache.of(child(jar(dir)), "train", Map.of(), SHARING, "17").orElseThrow();
        Path writing = writing(c);
        Files.writeString(writing, "half an archive");
        c.finish(1);
        assertFalse(Files.exists(writing));
        assertFalse(Files.exists(c.archive()));
        // a run that exits 0 without having written one (Java could not) leaves nothing either
        ClassCache d = ClassCache.of(child(jar(dir)), "train", Map.of(), SHARING, "17").orElseThrow();
        d.finish(0);
        assertFalse(Files.exists(d.archive()));
        // one whose archive cannot be put in place (here a folder in the way) leaves no file behind
        ClassCache e = ClassCache.of(child(jar(dir)), "train", Map.of(), SHARING, "17").orElseThrow();
        Path written = writing(e);
        Files.writeString(written, "archive");
        Files.createDirectories(e.archive().resolve("in the way"));
        e.finish(0);
        assertFalse(Files.exists(written));
        assertTrue(Files.isDirectory(e.archive()));
    }

    private static Path writing(ClassCache c) {
        return Path.of(c.command().stream().filter(o -> o.startsWith("-XX:ArchiveClassesAtExit=")).findFirst()
                .orElseThrow().substring("-XX:ArchiveClassesAtExit=".length()));
    }

    /** --debug: Java's own messages about the archive are left on, to say why one could not be used. */
    @Test
    void withDebugJavaSaysWhatItDoesWithTheArchive(@TempDir Path dir) throws IOException {
        Path jar = jar(dir);
        List<String> cmd = new ArrayList<>(child(jar));
        cmd.add("--debug");
        List<String> debug = ClassCache.of(cmd, "detect", Map.of(), SHARING, "17").orElseThrow().command();
        assertTrue(debug.stream().noneMatch(o -> o.startsWith("-Xlog:cds")), debug.toString());
        List<String> plain = ClassCache.of(child(jar), "detect", Map.of(), SHARING, "17").orElseThrow().command();
        assertTrue(plain.contains("-Xlog:cds=off,cds+dynamic=off"), plain.toString());
    }

    /** A rebuilt jar or library, another Java or other options: another archive, since Java would refuse the old one. */
    @Test
    void theKeyFollowsWhatTheArchiveDependsOn(@TempDir Path dir) throws IOException {
        Path jar = jar(dir);
        String key = ClassCache.key(jar, List.of("/opt/java/bin/java", "-Xmx1g"), "17.0.15+6");
        assertEquals(key, ClassCache.key(jar, List.of("/opt/java/bin/java", "-Xmx1g"), "17.0.15+6"));
        assertNotEquals(key, ClassCache.key(jar, List.of("/opt/java/bin/java", "-Xmx2g"), "17.0.15+6"));
        assertNotEquals(key, ClassCache.key(jar, List.of("/opt/java/bin/java", "-Xmx1g"), "17.0.16+8"));
        assertNotEquals(key, ClassCache.key(jar, List.of("/usr/java/bin/java", "-Xmx1g"), "17.0.15+6"));
        // system properties do not change what Java can map: the same archive
        assertEquals(key, ClassCache.key(jar, List.of("/opt/java/bin/java", "-Xmx1g",
                "-Dorg.slf4j.simpleLogger.log.io.github.seisclr.detect=debug"), "17.0.15+6"));
        Path lib = dir.resolve("lib/a.jar");
        Files.setLastModifiedTime(lib, FileTime.fromMillis(Files.getLastModifiedTime(lib).toMillis() - 60_000));
        String rebuiltLib = ClassCache.key(jar, List.of("/opt/java/bin/java", "-Xmx1g"), "17.0.15+6");
        assertNotEquals(key, rebuiltLib);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        assertNotEquals(rebuiltLib, ClassCache.key(jar, List.of("/opt/java/bin/java", "-Xmx1g"), "17.0.15+6"));
    }

    @Test
    void noArchiveWhereItCannotWorkOrIsNotWanted(@TempDir Path dir) throws IOException {
        Path jar = jar(dir);
        assertTrue(ClassCache.of(child(jar), "detect", Map.of(ClassCache.OPT_OUT, "off"), SHARING, "17").isEmpty(), "opted out");
        assertTrue(ClassCache.of(child(jar), "detect", Map.of(), "mixed mode", "17").isEmpty(), "a Java without class sharing");
        assertTrue(ClassCache.of(child(jar), "detect", Map.of(), null, "17").isEmpty());
        assertTrue(ClassCache.of(List.of("/opt/java/bin/java", "-XX:+UseSerialGC", "-cp", "a.jar:b.jar",
                "io.github.seisclr.cli.Main", "detect", "x"), "detect", Map.of(), SHARING, "17").isEmpty(), "not java -jar");
        assertTrue(ClassCache.of(child(jar), "../x", Map.of(), SHARING, "17").isEmpty(), "not a command name");
        assertFalse(Files.exists(dir.resolve(ClassCache.FOLDER)), "nothing made");
        Path colon = Files.createDirectories(dir.resolve("a" + File.pathSeparator + "b"));
        assertTrue(ClassCache.of(child(jar(colon)), "detect", Map.of(), SHARING, "17").isEmpty(),
                "Java would read a path with " + File.pathSeparator + " as two archives");
        // a file where the folder would be (also where the folder cannot be written: root writes anyway)
        Path other = Files.createDirectories(dir.resolve("other"));
        Path otherJar = jar(other);
        Files.writeString(other.resolve(ClassCache.FOLDER), "a file");
        assertTrue(ClassCache.of(child(otherJar), "detect", Map.of(), SHARING, "17").isEmpty(), "no folder for it");
        if (dir.toFile().setWritable(false)) {
            try {
                if (!Files.isWritable(dir)) { // (root writes anyway)
                    assertTrue(ClassCache.of(child(jar), "detect", Map.of(), SHARING, "17").isEmpty(), "a folder it cannot write");
                }
            } finally {
                dir.toFile().setWritable(true);
            }
        }
    }

    /**
     * The real thing: {@code java -jar} twice on a jar of this build. The first run writes the
     * archive, the second takes it and writes none; both say the same, and neither shows Java's
     * archive messages. Java can map the archive written (with {@code -Xshare:on} it would refuse
     * to start otherwise).
     */
    @Test
    void aRealJarWritesTheArchiveOnceAndJavaMapsIt(@TempDir Path dir) throws IOException, InterruptedException {
        org.junit.jupiter.api.Assumptions.assumeTrue(String.valueOf(System.getProperty("java.vm.info")).contains("sharing"),
                "this Java does not share classes: no archive is written");
        // the classes of this build in one jar (Java archives classes from jars only), the libraries by its manifest
        Path jar = dir.resolve("seisclr-cli.jar");
        List<String> libraries = new ArrayList<>();
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        List<Path> folders = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (Files.isDirectory(p)) {
                folders.add(p);
            } else if (e.endsWith(".jar") && Files.isRegularFile(p)) {
                libraries.add(p.toUri().toString());
            }
        }
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", libraries));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Path folder : folders) {
                try (Stream<Path> files = Files.walk(folder)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        String name = folder.relativize(f).toString().replace(File.separatorChar, '/');
                        if (name.startsWith("META-INF/MANIFEST") || !seen.add(name)) {
                            continue;
                        }
                        out.putNextEntry(new JarEntry(name));
                        Files.copy(f, out);
                    }
                }
            }
        }
        Path data = Path.of("..", "..", "data-samples").toAbsolutePath().normalize();
        if (!Files.isDirectory(data)) {
            data = Path.of("data-samples").toAbsolutePath();
        }
        String[] first = run(jar, "info", data.toString());
        assertEquals("0", first[0], first[2]);
        Path folder = dir.resolve(ClassCache.FOLDER);
        List<String> written;
        try (Stream<Path> files = Files.list(folder)) {
            written = files.map(f -> f.getFileName().toString()).toList();
        }
        assertEquals(1, written.size(), written.toString());
        assertTrue(written.get(0).matches("info-[0-9a-f]{16}\\.jsa"), written.toString());
        Path archive = folder.resolve(written.get(0));
        FileTime writtenAt = Files.getLastModifiedTime(archive);
        String[] second = run(jar, "info", data.toString());
        assertEquals("0", second[0], second[2]);
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(written, files.map(f -> f.getFileName().toString()).toList(), "nothing more written");
        }
        assertEquals(writtenAt, Files.getLastModifiedTime(archive));
        String[] mapped = run(Map.of(Launcher.SAME_JVM, "1"), List.of("-XX:+UseSerialGC", "-Xshare:on",
                "-XX:SharedArchiveFile=" + archive), jar, "info", data.toString());
        assertEquals("0", mapped[0], mapped[2]);
        assertEquals(untimed(first[1]), untimed(mapped[1]));
        assertEquals(untimed(first[1]), untimed(second[1]));
        assertTrue(first[1].contains("XX.SYN01"), first[1]);
        for (String[] r : List.of(first, second)) {
            assertFalse(r[2].contains("cds") || r[2].contains("shared archive"), r[2]);
        }
    }

    /** @return what info says, without the time it took to read */
    private static String untimed(String said) {
        return said.replaceAll("read in [0-9.]+ s", "read in ... s");
    }

    /** @return {exit status, stdout, stderr} of {@code java -jar jar args} */
    private static String[] run(Path jar, String... args) throws IOException, InterruptedException {
        return run(Map.of(), List.of(), jar, args);
    }

    private static String[] run(Map<String, String> env, List<String> options, Path jar, String... args)
            throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(options);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(Launcher.SAME_JVM);
        pb.environment().remove(ClassCache.OPT_OUT);
        for (String v : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            pb.environment().remove(v); // options given that way keep the command in the first JVM
        }
        pb.environment().putAll(env);
        Path out = Files.createTempFile("cds-out", ".txt");
        Path err = Files.createTempFile("cds-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("java -jar " + String.join(" ", args) + " did not end");
            }
            return new String[] {String.valueOf(p.exitValue()), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8)};
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
