package io.github.seisclr.io;

import java.time.Instant;

/**
 * Conversions between {@link Instant} and epoch nanoseconds, the clock of the reader and of the
 * stream package's feeds.
 */
public final class Times {
    static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Times() {
    }

    /**
     * @param t a time
     * @return nanoseconds since the epoch
     * @throws ArithmeticException beyond about the year 2262
     */
    public static long toNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), NANOS_PER_SECOND), t.getNano());
    }

    /**
     * @param epochNanos nanoseconds since the epoch (negative before it)
     * @return the time
     */
    public static Instant toInstant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND),
                Math.floorMod(epochNanos, NANOS_PER_SECOND));
    }

    /** Nanoseconds spanned by {@code samples} sample periods at {@code rate} Hz, rounded. */
    static long spanNanos(long samples, double rate) {
        return Math.round(samples * (NANOS_PER_SECOND / rate));
    }
}
