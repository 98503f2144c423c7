package io.github.seisclr.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole-or-nothing writes that otherwise behave as a plain write does (review findings). */
class AtomicFilesTest {
    private static void write(Path f, String text) throws IOException {
        AtomicFiles.write(f, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Regression: the temporary file's 0600 became every output's permissions. */
    @Test
    void aNewFileGetsThePermissionsAPlainWriteGives(@TempDir Path dir) throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.csv"), "x");
        write(dir.resolve("atomic.csv"), "y");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(dir.resolve("atomic.csv")));
        assertEquals("y", Files.readString(dir.resolve("atomic.csv")));
    }

    @Test
    void aReplacedFileKeepsItsPermissions(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("picks.csv"), "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        write(f, "new");
        assertEquals("new", Files.readString(f));
        assertEquals(PosixFilePermissions.fromString("rw-r-----"), Files.getPosixFilePermissions(f));
    }

    /** Regression: a link was replaced by a plain file and the file it pointed to kept the old bytes. */
    @Test
    void aLinkIsWrittenThrough(@TempDir Path dir) throws IOException {
        Path real = Files.writeString(dir.resolve("model-v3.zip"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("current.zip"), Path.of("model-v3.zip"));
        write(link, "new");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(real));
        try (var s = Files.list(dir)) {
            assertEquals(List.of("current.zip", "model-v3.zip"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporary(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("a.csv"), "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(1);
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    /**
     * Regression: {@code --out} naming a named pipe (or a device, {@code /dev/null} as root) replaced
     * it with a regular file and the reader got nothing. A pipe is written through and stays a pipe.
     */
    @Test
    void aNamedPipeIsWrittenThroughNotReplaced(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("out.fifo");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no mkfifo here: " + e.getMessage());
            return;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo failed");
        java.util.concurrent.CompletableFuture<String> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        write(fifo, "a,b\n");
        assertEquals("a,b\n", read.get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(!Files.isRegularFile(fifo) && Files.exists(fifo), "still a pipe");
        try (var listed = Files.list(dir)) {
            assertEquals(1, listed.count(), "no temporary file left");
        }
    }
}
