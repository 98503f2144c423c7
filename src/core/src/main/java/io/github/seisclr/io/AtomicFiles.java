package io.github.seisclr.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;

/**
 * Files written whole or not at all: the bytes go to a temporary file beside the target, which is
 * renamed over the target only when everything was written (and forced to the disk). A failed,
 * killed or concurrent run never leaves a half-written output or a damaged model; a reader sees the
 * old file or the new one. The new file gets the permissions a plain write would give it (the
 * umask), or the replaced file's; a symbolic link is written through, to the file it points to. A
 * path that leads to something other than a regular file or folder (a device such as
 * {@code /dev/null}, a named pipe, {@code /dev/stdout}) is written to directly: it cannot be
 * replaced, and must not be, so the bytes go through it as they come.
 *
 * <p>Public for seisclr's other packages (the CLI and the engine modules among them); not part of the
 * API a caller needs, and it may change without notice.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** What writes the content. */
    @FunctionalInterface
    public interface Body {
        /**
         * @param out the stream to write to (closed by the caller)
         * @throws IOException when writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes a file atomically (temporary file in the same folder, then a rename).
     *
     * @param file the file to write or replace; its folder must exist
     * @param body writes the content
     * @throws IOException when the file cannot be written; the target is then unchanged
     */
    public static void write(Path file, Body body) throws IOException {
        if (writtenThrough(file)) {
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
                body.write(out);
            }
            return;
        }
        Path abs = target(file.toAbsolutePath());
        Path dir = abs.getParent();
        // a short temporary name (the target's own may be at the file system's limit), created as a
        // plain new file would be, so that the umask decides its permissions (createTempFile: 0600)
        Path tmp = null;
        FileChannel channel = null;
        for (int attempt = 0; channel == null; attempt++) {
            tmp = dir.resolve(".seisclr-" + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
        boolean done = false;
        try {
            try (FileChannel ch = channel; OutputStream out = Channels.newOutputStream(ch)) {
                body.write(out);
                out.flush();
                ch.force(true);
            }
            if (Files.exists(abs)) {
                keepPermissions(abs, tmp);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * @param file a path
     * @return whether {@link #write} writes to it directly rather than replacing it: it exists (links
     *     followed, {@code /proc}'s magic ones included) and is neither a regular file nor a folder (a
     *     device, a named pipe, a socket, what {@code /dev/stdout} or {@code /dev/fd/N} lead to)
     */
    public static boolean writtenThrough(Path file) {
        return Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file);
    }

    /**
     * @param p a path, which need not exist yet
     * @return its absolute, normalised form with the links of the part that exists followed, so that
     *     two names of one place (a link, {@code ..}) compare equal
     */
    public static Path real(Path p) {
        Path abs = p.toAbsolutePath();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing == null ? abs.normalize() : existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Where the bytes go: the file itself, or for a symbolic link the file it points to (links followed). */
    private static Path target(Path file) throws IOException {
        Path p = file;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops > 40) {
                throw new FileSystemException(file.toString(), null, "too many levels of symbolic links");
            }
            Path to = Files.readSymbolicLink(p);
            p = p.getParent().resolve(to).normalize();
        }
        return p;
    }

    /** The replaced file's POSIX permissions on the new one. */
    private static void keepPermissions(Path from, Path to) {
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system, or not ours to change: the umask's permissions stay
        }
    }

    /**
     * @param e a failed file operation
     * @return why it failed, in words a user reads (e.g. "permission denied", "no such folder")
     *     rather than the exception's bare path
     */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof java.nio.file.FileSystemLoopException) {
            // a folder walk that follows links met a link back to a folder above it; the exception's
            // only text is the path, which the message names already (review)
            return "a link loop: it leads back to a folder that holds it";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String r = f.getReason();
            return r.isEmpty() ? r : Character.toLowerCase(r.charAt(0)) + r.substring(1);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
