package io.github.seisclr.cli;

import java.util.function.Supplier;

/**
 * Says on standard error, when the JVM is stopped (Ctrl-C, SIGTERM) before a command has finished,
 * how far it got and what became of its output: without it a stopped {@code detect} ended with its
 * exit status alone (review: after an hour of {@code detect --sds}, nothing said that nothing was
 * written, nor where a run that can go on is).
 */
final class StopNotice implements AutoCloseable {
    private final Thread hook;
    private volatile boolean finished;

    /** @param message what to say, asked for at the stop (so it can count what was done by then) */
    StopNotice(Supplier<String> message) {
        hook = new Thread(() -> {
            if (!finished) {
                System.err.println();
                System.err.println(message.get());
                System.err.flush();
            }
        }, "seisclr-stop-notice");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The command has finished: nothing to say at a stop from here on. */
    @Override
    public void close() {
        finished = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is stopping already; the hook sees finished and says nothing
        }
    }
}
