package io.github.seisclr.spark;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One run into an output at a time: two would do the same station-days and append them twice. The
 * lock is the operating system's lock on {@code _seisclr/lock}, held for the run, which it gives back
 * when the process ends however it ends (review: a run killed outright left a lock file that every
 * later run refused until the user found and deleted it; a takeover by process id could not tell a
 * dead process from one of another host or container). The file names the run that holds it, for
 * the refusal, and is emptied when the run ends.
 */
final class OutputLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);

    /**
     * The lock files this process holds. A second take in the process is refused here, before it opens
     * the file: closing any descriptor of a file gives back every POSIX lock the process holds on it
     * (review: a refused second take freed the first run's lock for other processes).
     */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, Path key, FileChannel channel, FileLock lock) {
        this.file = file;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param state the output's state folder
     * @return the lock, held until {@link #close}
     * @throws io.github.seisclr.BadInputException when another run holds it, naming that run
     * @throws UncheckedIOException when the file cannot be locked at all (a file system without locks)
     */
    static OutputLock take(Path state) {
        Path file = state.resolve("lock");
        Path key;
        try {
            key = state.toRealPath().resolve("lock");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the output (" + file + "): " + e.getMessage(), e);
        }
        if (!HELD.add(key)) {
            throw refused(file, ProcessHandle.current().pid() + " on this host, another run in this process");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldHere) {
                lock = null;
            } catch (IOException unsupported) {
                // a file system without locks (NFSv3 without lockd, some FUSE mounts): the run goes on, said
                LOG.warn("cannot lock {} ({}): going on without the lock; start no second run into this output while"
                        + " this one runs", file, unsupported.getMessage());
                OutputLock unlocked = new OutputLock(file, key, channel, null);
                channel = null;
                return unlocked;
            }
            String before = read(channel);
            if (lock == null) {
                throw refused(file, before.isEmpty() ? "?" : before);
            }
            if (!before.isEmpty()) {
                LOG.warn("{} names a run that is no longer running (process {}): it ended without giving the output back"
                        + " (killed outright); taking it over", file, before);
            }
            String who = ProcessHandle.current().pid() + " on " + hostName() + " since " + Instant.now();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            OutputLock taken = new OutputLock(file, key, channel, lock);
            channel = null;
            return taken;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the output (" + file + "): " + e.getMessage(), e);
        } finally {
            if (channel != null) {
                HELD.remove(key);
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the error that brought us here is the one to tell
                }
            }
        }
    }

    private static io.github.seisclr.BadInputException refused(Path file, String holder) {
        return new io.github.seisclr.BadInputException(io.github.seisclr.BadInputException.Problem.INCONSISTENT,
                file.toString(), null, null, -1, "another run is writing into this output (process " + holder
                + "); wait for it to end, or give another --out");
    }

    /** Empties the file (no run holds the output) and gives the lock back. */
    @Override
    public void close() {
        try {
            if (lock != null) {
                channel.truncate(0);
                lock.release();
            }
        } catch (IOException e) {
            LOG.warn("cannot give back {}: {}", file, e.getMessage());
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("cannot close {}: {}", file, e.getMessage());
            }
            HELD.remove(key);
        }
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(4096, channel.size()));
        channel.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "?";
        }
    }
}
