package io.github.seisclr.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Progress bars on standard error: redrawn in place on a terminal; where standard error is a file
 * or a pipe (a log, a CI job, {@code 2> run.log}), one plain line at the start, at most one every
 * {@value #LOG_INTERVAL_MILLIS} ms after it, and one at the end, instead of carriage-return redraws
 * that pile up into one long line.
 */
final class Progress {
    private Progress() {
    }

    /** How often a bar writes a line where standard error is not a terminal (ms). */
    static final int LOG_INTERVAL_MILLIS = 30_000;
    /** Characters of a bar's line in a log, its extra message included (no terminal to fit). */
    static final int LOG_WIDTH = 160;
    /** How often a bar is redrawn on a terminal (ms). */
    static final int TERMINAL_INTERVAL_MILLIS = 500;

    /**
     * @param task the bar's name
     * @param max its total
     * @param unit what it counts, with its leading space (" stations")
     * @param continuous on a terminal, redraw even when the count did not move (for a rate or a
     *     loss in the extra message)
     * @return a builder for standard error, set for a terminal or for a log
     */
    static ProgressBarBuilder bar(String task, long max, String unit, boolean continuous) {
        return bar(task, max, unit, continuous, stderrIsTerminal(), System.err);
    }

    /** As {@link #bar(String, long, String, boolean)}, for the given kind of output and stream. */
    static ProgressBarBuilder bar(String task, long max, String unit, boolean continuous, boolean terminal,
                                 PrintStream out) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setUnit(unit, 1);
        ProgressBarConsumer consumer;
        if (terminal) {
            consumer = new ConsoleProgressBarConsumer(out);
            b.setUpdateIntervalMillis(TERMINAL_INTERVAL_MILLIS);
            if (continuous) {
                b.continuousUpdate();
            }
        } else {
            // a fixed width: no terminal to measure; closing the bar draws its last state again
            String[] last = {null};
            consumer = new DelegatingProgressBarConsumer(line -> {
                if (!line.equals(last[0])) {
                    out.println(line);
                    last[0] = line;
                }
            }, LOG_WIDTH);
            b.setUpdateIntervalMillis(LOG_INTERVAL_MILLIS);
        }
        return b.setConsumer(consumer);
    }

    /**
     * @return whether standard error is a terminal: on Linux, whether file descriptor 2 is a tty
     *     device ({@code /dev/pts/N}, {@code /dev/ttyN}, {@code /dev/console}); elsewhere, or where that
     *     cannot be read, whether the process has a console, which Java tells from standard input and
     *     output, not error (so there, {@code 2> run.log} alone still gets the terminal's redraws)
     */
    static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd)) {
                return isTerminalDevice(Files.readSymbolicLink(fd).toString());
            }
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            // fall through
        }
        return System.console() != null;
    }

    /** @return whether a file descriptor's target names a terminal device */
    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }
}
