package io.github.seisclr.io;

import java.nio.DoubleBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One continuous, gap-free segment of one channel: evenly sampled values from a start time at a
 * fixed rate. Immutable: the samples are copied in and handed out as copies or read-only views.
 *
 * <p>Sample {@code i} lies at {@code start + i / sampleRate} seconds. Samples are stored as
 * {@code double}, which holds 32-bit integer counts and 32-bit floats exactly; {@link #sampleType()}
 * remembers what they were recorded as, so that writing back reproduces them exactly.
 */
public final class Trace {
    private final SourceId id;
    private final long startNanos;
    private final double sampleRate;
    private final double[] samples;
    private final SampleType sampleType;

    /**
     * Samples beyond this magnitude, the largest 32-bit float, are refused (here, and by the miniSEED
     * reader with the record's place): the encoder computes in single precision, and the picker's sums
     * of squares overflow not far beyond (a damaged FLOAT32 sample, at most this large, is read, and
     * held by the detector: see the stream's tests).
     */
    static final double MAX_SAMPLE = Float.MAX_VALUE;

    /**
     * Samples all within this magnitude, not all zero, are said by the miniSEED reader (a record at
     * a time, once per file and channel) and a station whose samples all are is warned of by the
     * detector: the detector, its picker and STA/LTA square samples, and below about
     * 1.5e-154 a square falls out of a double's range, so nothing is scored there (review: FLOAT64
     * data scaled to 1e-200 or 1e-300 gave no detection without a word; 1e-160 still detects as at
     * 1). No recorder's data in any unit come near it. They are not refused: a synthetic pulse's far
     * tail on an exact-zero background holds such samples, harmlessly.
     */
    public static final double MIN_SCALE = 1e-150;

    /**
     * @param largest the largest magnitude of some samples
     * @return whether they are too small to score: not all zero, and all within {@link #MIN_SCALE}
     */
    public static boolean tooSmall(double largest) {
        return largest > 0 && largest <= MIN_SCALE;
    }

    /** Takes ownership of {@code samples}: callers inside the package hand over a fresh array. */
    Trace(SourceId id, long startNanos, double sampleRate, double[] samples, SampleType type) {
        this.id = Objects.requireNonNull(id, "id");
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
            throw new IllegalArgumentException("sampleRate must be positive and finite, got "
                    + sampleRate + " Hz for " + id);
        }
        this.startNanos = startNanos;
        this.sampleRate = sampleRate;
        this.samples = Objects.requireNonNull(samples, "samples");
        this.sampleType = Objects.requireNonNull(type, "sampleType");
        for (int i = 0; i < samples.length; i++) {
            // beyond the largest 32-bit float, as the miniSEED reader refuses (the encoder computes in
            // single precision; review: a Java caller's 1e200 gave no detection without a word)
            if (!Double.isFinite(samples[i]) || Math.abs(samples[i]) > MAX_SAMPLE) {
                throw new IllegalArgumentException("sample " + i + " of " + id + " at "
                        + Times.toInstant(startNanos + Times.spanNanos(i, sampleRate))
                        + " is " + samples[i] + "; samples must be finite and within +-3.4e38 (a 32-bit float's"
                        + " range, in which the encoder computes)");
            }
        }
    }

    /**
     * Makes a trace from a copy of {@code samples}.
     *
     * @param id the channel
     * @param start time of the first sample (UTC)
     * @param sampleRateHz samples per second, positive
     * @param samples the values; must be finite, within +-3.4e38 (the largest 32-bit float)
     * @param type what the values were recorded as (decides how they are written back)
     * @return the trace
     * @throws IllegalArgumentException for a non-positive rate, a sample not finite or beyond that
     *     range, or a start outside the years 1678-2261 (nanoseconds since 1970 in a 64-bit integer)
     * @throws NullPointerException for a null id, start, samples or type, naming which
     */
    public static Trace of(SourceId id, Instant start, double sampleRateHz, double[] samples,
                           SampleType type) {
        java.util.Objects.requireNonNull(start, "start");
        java.util.Objects.requireNonNull(samples, "samples");
        long nanos;
        try {
            nanos = Times.toNanos(start);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("start " + start + " of " + id + " lies outside the times a trace"
                    + " can hold (1678-2261: nanoseconds since 1970 in a 64-bit integer)", e);
        }
        return new Trace(id, nanos, sampleRateHz, samples.clone(), type);
    }

    /**
     * Makes a trace of 64-bit float samples from a copy of {@code samples}.
     *
     * @param id the channel
     * @param start time of the first sample (UTC)
     * @param sampleRateHz samples per second, positive
     * @param samples the values; must be finite, within +-3.4e38 (the largest 32-bit float)
     * @return the trace
     * @throws IllegalArgumentException for a non-positive rate, a sample not finite or beyond that
     *     range, or a start outside the years 1678-2261
     * @throws NullPointerException for a null id, start or samples, naming which
     */
    public static Trace of(SourceId id, Instant start, double sampleRateHz, double[] samples) {
        return of(id, start, sampleRateHz, samples, SampleType.DOUBLE);
    }

    /** @return the channel */
    public SourceId id() {
        return id;
    }

    /** @return time of the first sample (UTC, nanosecond precision) */
    public Instant start() {
        return Times.toInstant(startNanos);
    }

    /** @return time of the last sample; equals {@link #start()} for a one-sample trace */
    public Instant end() {
        return timeOf(Math.max(0, samples.length - 1));
    }

    /** @return the time one sample period after the last sample: where a following record would start */
    public Instant endExclusive() {
        return timeOf(samples.length);
    }

    /** @return the time spanned, {@code length / sampleRate} */
    public Duration duration() {
        return Duration.ofNanos(Times.spanNanos(samples.length, sampleRate));
    }

    /** @return samples per second (Hz) */
    public double sampleRate() {
        return sampleRate;
    }

    /** @return seconds between samples */
    public double samplePeriodSeconds() {
        return 1.0 / sampleRate;
    }

    /** @return number of samples */
    public int length() {
        return samples.length;
    }

    /** @return what the samples were recorded as */
    public SampleType sampleType() {
        return sampleType;
    }

    /**
     * @param i sample index, from 0
     * @return sample {@code i}
     */
    public double sample(int i) {
        return samples[i];
    }

    /** @return a copy of all samples */
    public double[] samples() {
        return samples.clone();
    }

    /** @return a read-only view of the samples, without copying */
    public DoubleBuffer samplesView() {
        return DoubleBuffer.wrap(samples).asReadOnlyBuffer();
    }

    /**
     * @param i sample index (may lie outside the trace)
     * @return the time of sample {@code i}
     */
    public Instant timeOf(long i) {
        return Times.toInstant(startNanos + Times.spanNanos(i, sampleRate));
    }

    /**
     * @param t a time
     * @return the index of the sample nearest {@code t}; may lie outside {@code [0, length)}
     */
    public long indexOf(Instant t) {
        return Math.round((Times.toNanos(t) - startNanos) * sampleRate / Times.NANOS_PER_SECOND);
    }

    /**
     * The samples between two times, both included when they fall on samples.
     *
     * @param from first time wanted
     * @param to last time wanted
     * @return a new trace; empty of samples is refused
     * @throws IllegalArgumentException when the range holds no sample of this trace
     */
    public Trace slice(Instant from, Instant to) {
        long a = Math.max(0, (long) Math.ceil((Times.toNanos(from) - startNanos) * sampleRate
                / Times.NANOS_PER_SECOND - 1e-6));
        long b = Math.min(samples.length - 1L, (long) Math.floor((Times.toNanos(to) - startNanos)
                * sampleRate / Times.NANOS_PER_SECOND + 1e-6));
        if (a > b) {
            throw new IllegalArgumentException("no sample of " + id + " (" + start() + " to "
                    + end() + ") lies between " + from + " and " + to);
        }
        return new Trace(id, startNanos + Times.spanNanos(a, sampleRate), sampleRate,
                Arrays.copyOfRange(samples, (int) a, (int) b + 1), sampleType);
    }

    /** Package access to the array without a copy, for the writer and the assembler. */
    double[] array() {
        return samples;
    }

    long startNanos() {
        return startNanos;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Trace t && t.id.equals(id) && t.startNanos == startNanos
                && Double.compare(t.sampleRate, sampleRate) == 0 && t.sampleType == sampleType
                && Arrays.equals(t.samples, samples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, startNanos, sampleRate, sampleType, samples.length);
    }

    @Override
    public String toString() {
        return id + " | " + start() + " - " + end() + " | " + sampleRate + " Hz, " + samples.length
                + " samples";
    }
}
