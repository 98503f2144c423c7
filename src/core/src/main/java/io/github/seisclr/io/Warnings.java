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

    /** The runs collecting on this thread, innermost first; each gets every warning said. */
    private static final ThreadLocal<Deque<Run>> RUNS = ThreadLocal.withInitial(ArrayDeque::new);

    private Warnings() {
    }

    /** One run's warnings by key, in the order first said, each once (the first text said for its key). */
    private static final class Run {
        final Map<String, String> said = new LinkedHashMap<>();
        long more;

        void add(String key, String text) {
            if (said.containsKey(key)) {
                return;
            }
            if (said.size() < MAX_PER_RUN) {
                said.put(key, text);
            } else {
                more++;
            }
        }

        List<String> list() {
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
        Deque<Run> runs = RUNS.get();
        Run run = new Run();
        runs.push(run);
        try {
            T value = body.get();
            return new Collected<>(value, run.list());
        } finally {
            runs.remove(run);
            if (runs.isEmpty()) {
                RUNS.remove();
            }
        }
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
     * {@link #once(org.slf4j.Logger, String)} with the warning made from an SLF4J pattern ({@code {}}
     * for each argument).
     *
     * @param log where to warn
     * @param pattern the warning, with {@code {}} where each argument goes
     * @param args the arguments
     */
    public static void onceOf(org.slf4j.Logger log, String pattern, Object... args) {
        once(log, org.slf4j.helpers.MessageFormatter.arrayFormat(pattern, args).getMessage());
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
        String said = org.slf4j.helpers.MessageFormatter.arrayFormat(pattern, args).getMessage();
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
        say(log, org.slf4j.helpers.MessageFormatter.arrayFormat(pattern, args).getMessage());
    }

    /** Lists {@code said} under {@code key} in the runs collecting on this thread (none: nothing). */
    private static void note(String key, String said) {
        Deque<Run> runs = RUNS.get();
        if (runs.isEmpty()) {
            RUNS.remove();
            return;
        }
        for (Run r : runs) {
            r.add(key, said);
        }
    }
}
