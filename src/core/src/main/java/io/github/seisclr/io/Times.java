package io.github.seisclr.io;

import java.time.Instant;

/**
 * Conversions between {@link Instant} and epoch nanoseconds, the clock of the reader and of the
 * stream package's feeds.
 *
 * <p>Public for seisclr's other packages (the CLI and the engine modules among them); not part of the
 * API a caller needs, and it may change without notice.
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

    /**
     * Reads a range end as users write it: a UTC day ({@code 2024-01-31}) or an ISO 8601 time
     * ({@code 2024-01-31T06:00:00Z}; one without a zone, {@code 2024-01-31T06:00:00}, is UTC, as
     * ObsPy's {@code UTCDateTime} reads it; one with an offset, {@code 2024-01-31T07:00:00+01:00},
     * is that instant). A day as the start of a range is its first instant; as the end of a range
     * it is included, so the range ends at the next day's first instant.
     *
     * @param text the day or time
     * @param end whether it ends a range
     * @return the instant
     * @throws IllegalArgumentException for anything else, quoting it
     */
    public static Instant dayOrTime(String text, boolean end) {
        try {
            java.time.LocalDate d = java.time.LocalDate.parse(text);
            return (end ? d.plusDays(1) : d).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException notADay) {
            try {
                return Instant.parse(text); // with Z or an offset; a leap second as the second before
            } catch (java.time.format.DateTimeParseException noZone) {
                try {
                    return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new IllegalArgumentException("must be a day (2024-01-31) or a UTC time (2024-01-31T06:00:00Z,"
                            + " or without a zone as UTC), got '" + text + "'");
                }
            }
        }
    }

    /**
     * @param text a range end as users write it
     * @return whether it names a whole UTC day ({@code 2024-01-31}), which {@link #dayOrTime} reads
     *     as the day's first instant, or, ending a range, the next day's
     */
    public static boolean isDay(String text) {
        try {
            java.time.LocalDate.parse(text);
            return true;
        } catch (java.time.format.DateTimeParseException notADay) {
            return false;
        }
    }

    /** Nanoseconds spanned by {@code samples} sample periods at {@code rate} Hz, rounded. */
    static long spanNanos(long samples, double rate) {
        return Math.round(samples * (NANOS_PER_SECOND / rate));
    }
}
