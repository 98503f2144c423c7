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

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
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
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldHere) {
                lock = null; // this very process holds it (a second run in one JVM)
            }
            String before = read(channel);
            if (lock == null) {
                throw new io.github.seisclr.BadInputException(io.github.seisclr.BadInputException.Problem.INCONSISTENT,
                        file.toString(), null, null, -1, "another run is writing into this output (process "
                        + (before.isEmpty() ? "?" : before) + "); wait for it to end, or give another --out");
            }
            if (!before.isEmpty()) {
                LOG.warn("{} names a run that is no longer running (process {}): it ended without giving the output back"
                        + " (killed outright); taking it over", file, before);
            }
            String who = ProcessHandle.current().pid() + " on " + hostName() + " since " + Instant.now();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            OutputLock taken = new OutputLock(file, channel, lock);
            channel = null;
            return taken;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the output (" + file + "): " + e.getMessage(), e);
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the error that brought us here is the one to tell
                }
            }
        }
    }

    /** Empties the file (no run holds the output) and gives the lock back. */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            LOG.warn("cannot give back {}: {}", file, e.getMessage());
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("cannot close {}: {}", file, e.getMessage());
            }
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
