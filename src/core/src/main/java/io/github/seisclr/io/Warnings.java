package io.github.seisclr.io;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Warnings about the data, logged once per process and listed in every run's result.
 *
 * <p>Logged once: the same stretch of data is often read more than once (an archive's station is
 * calibrated on its first day and then scored on it; training, detection and the STA/LTA baseline
 * each align it), and a user should read of each flat line, spike, missing component or damaged
 * file once. The last 10,000 warnings are remembered, so a process that runs for months holds no
 * more.
 *
 * <p>Listed in every run: a run that {@link #collect}s gets every warning said on its thread while
 * it runs, whether or not the process had logged it before, so that a caller that runs the same
 * data twice reads the warnings in both results ({@code DetectionResult.warnings()}). For seisclr's
 * own stages; not part of the API a caller needs.
 */
public final class Warnings {
    /** Most warnings one run lists; past it, one line says how many more there were. */
    public static final int MAX_PER_RUN = 1000;

    private static final Set<String> SAID = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 10_000;
                }
            }));

    /** The span of data time whose warnings the run on this thread keeps ({@link #keeping}; null: all). */
    private static final ThreadLocal<java.time.Instant[]> KEPT = new ThreadLocal<>();

    /** The lists collecting on this thread, innermost first (null: none); each gets every warning said. */
    private static final ThreadLocal<Deque<Listed>> RUNS = new ThreadLocal<>();

    private Warnings() {
    }

    /**
     * The warnings listed for a run, or for a stream over all its calls ({@link #collectInto}): by
     * key, in the order first said, each once (the first text said for its key), the first
     * {@link #MAX_PER_RUN}, and a count of the others said. Not thread-safe: one thread collects
     * into it at a time.
     */
    public static final class Listed {
        private final Map<String, String> said = new LinkedHashMap<>();
        private long more;
        /** Keys of warnings said again as they learn more ({@link #updating}) counted past the first {@link #MAX_PER_RUN}. */
        private final Set<String> countedPast = new java.util.HashSet<>();
        /** Gets each warning new to this list and each new text of one said again ({@link #Listed(java.util.function.Consumer)}); null: none. */
        private final java.util.function.Consumer<String> heard;
        /** Keys past the first {@link #MAX_PER_RUN} that {@link #heard} has had. */
        private final Set<String> heardPast = new java.util.HashSet<>();

        /** A list that only lists. */
        public Listed() {
            this(null);
        }

        /**
         * @param heard gets each warning new to this list, and each new text of a warning said again as
         *     it learns more ({@link #updating}), as it is said, past the first {@link #MAX_PER_RUN} too
         *     (a stream's listener, over months)
         */
        public Listed(java.util.function.Consumer<String> heard) {
            this.heard = heard;
        }

        private void add(String key, String text, boolean replace) {
            if (said.containsKey(key)) {
                if (replace && !text.equals(said.put(key, text))) { // in its place: the order first said stands
                    hear(text);
                }
                return;
            }
            if (said.size() < MAX_PER_RUN) {
                said.put(key, text);
                hear(text);
                return;
            }
            if (!replace || countedPast.add(key)) {
                more++; // a warning said again as it learns more (replace) counts once
            }
            if (heard != null && (heardPast.add(key) || replace)) {
                hear(text);
            }
        }

        private void hear(String text) {
            if (heard != null) {
                heard.accept(text);
            }
        }

        /** @return the warnings, each once, then a line counting those said past the first {@link #MAX_PER_RUN} */
        public List<String> list() {
            List<String> out = new ArrayList<>(said.values());
            if (more > 0) {
                out.add(more + " more warning(s) said and not listed (the first " + MAX_PER_RUN + " are)");
            }
            return List.copyOf(out);
        }
    }

    /** What {@link #collect} gives: the body's value and the warnings said while it ran. */
    public record Collected<T>(T value, List<String> warnings) {
    }

    /**
     * Runs {@code body} on this thread and lists what is warned meanwhile on this thread through
     * {@link #say} and {@link #once}. Runs nest: an inner run's warnings are the outer's too.
     *
     * @param body the run
     * @param <T> what it gives
     * @return its value and its warnings, each once, in the order first said
     */
    public static <T> Collected<T> collect(Supplier<T> body) {
        Listed run = new Listed();
        T value = within(run, body);
        return new Collected<>(value, run.list());
    }

    /**
     * Runs {@code body} on this thread and adds what is warned meanwhile on this thread to
     * {@code listed}, which may already hold the warnings of earlier calls (a stream's, over all its
     * calls). Where {@code listed} already collects on this thread (calls that nest), the body just runs.
     *
     * @param listed where the warnings go
     * @param body the run
     */
    public static void collectInto(Listed listed, Runnable body) {
        within(listed, () -> {
            body.run();
            return null;
        });
    }

    /** @return what {@code body} gives, run with {@code listed} collecting on this thread */
    private static <T> T within(Listed listed, Supplier<T> body) {
        Deque<Listed> runs = RUNS.get();
        if (runs != null && runs.contains(listed)) {
            return body.get();
        }
        if (runs == null) {
            runs = new ArrayDeque<>();
            RUNS.set(runs);
        }
        runs.push(listed);
        try {
            return body.get();
        } finally {
            runs.remove(listed);
            if (runs.isEmpty()) {
                RUNS.remove();
            }
        }
    }

    /**
     * Runs {@code body} keeping, of the warnings that ask {@link #kept}, those about data in {@code
     * [from, to)}: a run that reads data before and after the span it keeps (an archive's day reads
     * the end of the day before as warm-up and the start of the next as overlap), so that what lies
     * there is warned of by its own day's run, as spikes and flat lines are.
     *
     * @param from the span's start
     * @param to its end
     * @param body the run
     * @param <T> what it gives
     * @return what it gives
     */
    public static <T> T keeping(java.time.Instant from, java.time.Instant to, Supplier<T> body) {
        java.time.Instant[] before = KEPT.get();
        KEPT.set(new java.time.Instant[] {from, to});
        try {
            return body.get();
        } finally {
            if (before == null) {
                KEPT.remove();
            } else {
                KEPT.set(before);
            }
        }
    }

    /**
     * @param time the data time a warning is about
     * @return whether the run on this thread keeps warnings about it ({@link #keeping}; yes where it
     *     set no span)
     */
    public static boolean kept(java.time.Instant time) {
        java.time.Instant[] span = KEPT.get();
        return span == null || (!time.isBefore(span[0]) && time.isBefore(span[1]));
    }

    /**
     * @param from the start of the data time a warning is about (a day file's day)
     * @param to its end (excluded)
     * @return whether the run on this thread keeps warnings about some of it: whether {@code [from, to)}
     *     meets the span it keeps ({@link #keeping}; yes where it set no span)
     */
    public static boolean kept(java.time.Instant from, java.time.Instant to) {
        java.time.Instant[] span = KEPT.get();
        return span == null || (from.isBefore(span[1]) && to.isAfter(span[0]));
    }

    /**
     * @param key what the warning says
     * @return true the first time a key is given (then the caller warns), false after
     */
    private static boolean firstTime(String key) {
        return SAID.add(key);
    }

    /**
     * Warns through {@code log} the first time {@code said} is said in this process, and lists it
     * in the runs collecting on this thread every time.
     *
     * @param log where to warn
     * @param said the warning, whole (its text is its key)
     */
    public static void once(org.slf4j.Logger log, String said) {
        once(log, said, said);
    }

    /**
     * Warns through {@code log} the first time {@code key} is given in this process, and lists
     * {@code said} under it in the runs collecting on this thread (once per run: the first text
     * given for the key), for a warning whose text may differ for the same thing (a flat line seen
     * to different lengths by pieces that overlap).
     *
     * @param log where to warn
     * @param key what the warning is about
     * @param said the warning, whole
     */
    public static void once(org.slf4j.Logger log, String key, String said) {
        if (firstTime(key)) {
            log.warn(said);
        }
        note(key, said);
    }

    /**
     * Warns through {@code log} the first time {@code said} is said in this process, and lists it
     * under {@code key} in the runs collecting on this thread in place of what was listed under it
     * before: for a warning that a stream says again as it learns more of the same thing (a
     * stretch's spikes, counted at the first, the 10th, ... and at its end), so that a run lists the
     * last count once, as batch lists its one warning.
     *
     * @param log where to warn
     * @param key what the warning is about
     * @param said the warning, whole
     */
    public static void updating(org.slf4j.Logger log, String key, String said) {
        if (firstTime(said)) {
            log.warn(said);
        }
        note(key, said, true);
    }

    /**
     * Lists {@code said} under {@code key} in the runs collecting on this thread, in place of what
     * was listed under it before, without logging it: for the counts a warning learns between the
     * ones it logs ({@link #updating}), so that its last count is logged however the counts fall.
     *
     * @param key what the warning is about
     * @param said the warning, whole
     */
    public static void relisting(String key, String said) {
        note(key, said, true);
    }

    /**
     * Warns through {@code log} where {@code first} (the caller's own once-only rule: a file named
     * once per archive object, a record once per process), and lists the warning in the runs
     * collecting on this thread either way.
     *
     * @param first whether to log it
     * @param log where to warn
     * @param pattern the warning, with {@code {}} where each argument goes
     * @param args the arguments
     */
    public static void sayIf(boolean first, org.slf4j.Logger log, String pattern, Object... args) {
        String said = format(pattern, args);
        if (first) {
            log.warn(said);
        }
        note(said, said);
    }

    /**
     * Lists a warning said (and logged) before, in the runs collecting on this thread: for a run over
     * data whose reading warned of them earlier ({@code WaveformIndex#warnings()}).
     *
     * @param said the warning, whole
     */
    public static void relay(String said) {
        note(said, said);
    }

    /**
     * Warns through {@code log} and lists it in the runs collecting on this thread.
     *
     * @param log where to warn
     * @param said the warning, whole
     */
    public static void say(org.slf4j.Logger log, String said) {
        log.warn(said);
        note(said, said);
    }

    /**
     * {@link #say(org.slf4j.Logger, String)} with the warning made from an SLF4J pattern ({@code {}}
     * for each argument).
     *
     * @param log where to warn
     * @param pattern the warning, with {@code {}} where each argument goes
     * @param args the arguments
     */
    public static void say(org.slf4j.Logger log, String pattern, Object... args) {
        say(log, format(pattern, args));
    }

    /** @return the SLF4J pattern with its arguments in place of {@code {}}, as the log would say it */
    private static String format(String pattern, Object... args) {
        return org.slf4j.helpers.MessageFormatter.arrayFormat(pattern, args).getMessage();
    }

    /** Lists {@code said} under {@code key} in the lists collecting on this thread (none: nothing). */
    private static void note(String key, String said) {
        note(key, said, false);
    }

    /** As {@link #note(String, String)}; {@code replace}: in place of the text listed under {@code key} before. */
    private static void note(String key, String said, boolean replace) {
        Deque<Listed> runs = RUNS.get();
        if (runs != null) {
            for (Listed r : runs) {
                r.add(key, said, replace);
            }
        }
    }
}
