package io.github.seisclr.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The second JVM's classes, kept as a class-data archive beside the jar (Java's dynamic
 * class-data sharing), so that later runs of the same command start faster.
 *
 * <p>Why: {@code detect} loads about 4,300 classes, 2,000 of them from the jars (ND4J, SameDiff,
 * SeisFile, picocli); reading, verifying and linking them took about 1 s of every run. The first
 * run of a command writes the classes it loaded to {@code seisclr-cds/COMMAND-KEY.jsa} beside the
 * jar when it exits (about 1.5 s more, once; 27 MB for {@code detect}); later runs map them from
 * there. The key covers what an archive depends on: the Java runtime, the second JVM's options
 * other than system properties, and the size and time of the jar and of every jar its manifest
 * names, so a rebuilt jar, another Java or other heap options write a new archive (the command's
 * {@value #KEEP} newest are kept). A run whose archive cannot be used (it does not match after all)
 * runs as without one: Java checks it and falls back, and its messages about it are turned off
 * unless the command has {@code --debug}.
 *
 * <p>Only for {@code java -jar} (the class path then is the jar and its manifest's), on a Java
 * that shares classes already ({@code java.vm.info} says "sharing"), where the jar's folder can be
 * written and has 256 MB free (Java 17 ends a run with an error when it cannot write the archive),
 * and unless {@value #OPT_OUT} is {@code off}. A run that fails leaves no archive.
 */
final class ClassCache {
    /** Environment variable that turns the archive off ({@code off}). */
    static final String OPT_OUT = "SEISCLR_CLASS_CACHE";
    /** The folder beside the jar. */
    static final String FOLDER = "seisclr-cds";
    /** Archives kept per command: the newest, for the builds and option sets used last. */
    static final int KEEP = 3;
    /** Free space the archive's folder must have before a run writes one (an archive is 5-30 MB). */
    static final long MIN_FREE = 256L << 20;
    /** Java's messages about using and writing archives, which would otherwise show when one does not match. */
    private static final String QUIET = "-Xlog:cds=off,cds+dynamic=off";

    private final List<String> command;
    private final Path archive;
    private final Path writing;

    private ClassCache(List<String> command, Path archive, Path writing) {
        this.command = command;
        this.archive = archive;
        this.writing = writing;
    }

    /** @return the second JVM's command with the archive's options */
    List<String> command() {
        return command;
    }

    /** @return the archive this run uses or writes */
    Path archive() {
        return archive;
    }

    /** @return whether this run writes the archive (it had none) */
    boolean writes() {
        return writing != null;
    }

    /**
     * @param child the second JVM's command ({@link Launcher#command})
     * @param subcommand the command it runs (one archive each: each loads its own classes)
     * @param env the environment
     * @param vmInfo {@code java.vm.info} of this JVM, which the second one shares
     * @param vmVersion {@code java.vm.version}
     * @return the command with the archive's options, or empty when no archive is used
     */
    static Optional<ClassCache> of(List<String> child, String subcommand, Map<String, String> env, String vmInfo,
                                   String vmVersion) {
        int jarAt = child.indexOf("-jar");
        if ("off".equalsIgnoreCase(env.getOrDefault(OPT_OUT, "")) || jarAt < 1 || jarAt + 1 >= child.size()
                || vmInfo == null || !vmInfo.contains("sharing") || !subcommand.matches("[a-z]+")) {
            return Optional.empty();
        }
        try {
            Path jar = Path.of(child.get(jarAt + 1)).toAbsolutePath().normalize();
            Path dir = jar.getParent().resolve(FOLDER);
            if (dir.toString().contains(File.pathSeparator)) {
                return Optional.empty(); // Java would read the archive's path as two (a base and a top archive)
            }
            String key = key(jar, child.subList(0, jarAt), vmVersion);
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                return Optional.empty();
            }
            Path archive = dir.resolve(subcommand + "-" + key + ".jsa");
            List<String> cmd = new ArrayList<>(child.subList(0, jarAt));
            if (!child.subList(jarAt + 2, child.size()).contains("--debug")) {
                cmd.add(QUIET); // with --debug Java says why it could not use or write an archive
            }
            Path writing = null;
            if (Files.isRegularFile(archive)) {
                cmd.add("-XX:SharedArchiveFile=" + archive);
            } else if (Files.getFileStore(dir).getUsableSpace() > MIN_FREE) {
                // Java 17 ends a run with an error (exit status 1) when it cannot write the archive
                writing = dir.resolve(subcommand + "-" + key + "." + ProcessHandle.current().pid() + ".tmp");
                cmd.add("-XX:ArchiveClassesAtExit=" + writing);
            } else {
                return Optional.empty();
            }
            cmd.addAll(child.subList(jarAt, child.size()));
            return Optional.of(new ClassCache(List.copyOf(cmd), archive, writing));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a folder that cannot be made or read: run without
        }
    }

    /**
     * After the second JVM has exited: a run that wrote the archive and succeeded puts it in place
     * and deletes the command's older archives; a failed run's is deleted.
     *
     * @param status the second JVM's exit status
     */
    void finish(int status) {
        if (writing == null) {
            return;
        }
        try {
            if (status == 0 && Files.isRegularFile(writing) && Files.size(writing) > 0) {
                try {
                    Files.move(writing, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(writing, archive, StandardCopyOption.REPLACE_EXISTING);
                }
                prune();
            }
        } catch (IOException | RuntimeException e) {
            // the archive only saves time: a run goes on without it
        } finally {
            try {
                Files.deleteIfExists(writing); // a failed run's, or one that could not be put in place
            } catch (IOException | RuntimeException e) {
                // left for a later run's pruning
            }
        }
    }

    /**
     * Deletes the command's archives beyond the {@value #KEEP} newest (those of earlier builds or
     * other options; a few are kept, so that switching between option sets does not write them
     * again every time) and files of runs that were stopped while writing one, after an hour.
     */
    private void prune() throws IOException {
        String name = archive.getFileName().toString();
        String prefix = name.substring(0, name.lastIndexOf('-') + 1);
        Instant stale = Instant.now().minus(Duration.ofHours(1));
        List<Path> archives = new ArrayList<>();
        try (var files = Files.list(archive.getParent())) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (!n.startsWith(prefix)) {
                    continue;
                }
                try {
                    if (n.endsWith(".jsa")) {
                        archives.add(f);
                    } else if (n.endsWith(".tmp") && Files.getLastModifiedTime(f).toInstant().isBefore(stale)) {
                        Files.deleteIfExists(f); // a run still writing its own is not disturbed
                    }
                } catch (IOException | RuntimeException e) {
                    // another run deleted it first, or it cannot be: the next file
                }
            }
        }
        java.util.Map<Path, Long> times = new java.util.HashMap<>();
        for (Path f : archives) {
            try {
                times.put(f, Files.getLastModifiedTime(f).toMillis());
            } catch (IOException e) {
                times.put(f, Long.MIN_VALUE);
            }
        }
        archives.sort(java.util.Comparator.comparing((Path f) -> f.equals(archive) ? Long.MAX_VALUE : times.get(f))
                .reversed());
        for (Path f : archives.subList(Math.min(KEEP, archives.size()), archives.size())) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException | RuntimeException e) {
                // the next
            }
        }
    }

    /**
     * What an archive depends on, hashed: the runtime, the options other than system properties
     * (heap sizes decide how Java addresses objects and classes, which an archive must match), and
     * the jars on the class path.
     */
    static String key(Path jar, List<String> javaAndOptions, String vmVersion) throws IOException {
        StringBuilder s = new StringBuilder(String.valueOf(vmVersion)).append('\n');
        for (String o : javaAndOptions) {
            if (!o.startsWith("-D")) {
                s.append(o).append('\n');
            }
        }
        List<Path> jars = new ArrayList<>();
        jars.add(jar);
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String classPath = m == null ? null : m.getMainAttributes().getValue("Class-Path");
            if (classPath != null) {
                for (String entry : classPath.trim().split("\\s+")) {
                    if (!entry.isEmpty()) {
                        jars.add(jar.getParent().resolve(entry).normalize());
                    }
                }
            }
        }
        for (Path p : jars) {
            s.append(p).append(' ');
            if (Files.isRegularFile(p)) {
                s.append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis());
            }
            s.append('\n');
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
