package io.github.seisclr.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Warnings about the data said once per process: the same stretch of data is often read more than
 * once (an archive's station is calibrated on its first day and then scored on it; training,
 * detection and the STA/LTA baseline each align it), and a user should read of each flat line,
 * spike, missing component or damaged file once. The last 10,000 warnings are remembered, so a
 * process that runs for months holds no more. A caller that runs the same data twice in one process
 * reads each such warning the first time only. For seisclr's own stages; not part of the API a
 * caller needs.
 */
public final class Warnings {
    private static final Set<String> SAID = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 10_000;
                }
            }));

    private Warnings() {
    }

    /**
     * @param key what the warning says (or a key that stands for it)
     * @return true the first time a key is given (then the caller warns), false after
     */
    public static boolean firstTime(String key) {
        return SAID.add(key);
    }

    /**
     * Warns through {@code log} the first time {@code said} is said in this process.
     *
     * @param log where to warn
     * @param said the warning, whole (its text is its key)
     */
    public static void once(org.slf4j.Logger log, String said) {
        if (firstTime(said)) {
            log.warn(said);
        }
    }
}
