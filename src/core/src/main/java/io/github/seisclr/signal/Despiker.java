package io.github.seisclr.signal;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.Warnings;

import java.time.Instant;
import java.util.Arrays;

/**
 * Isolated spikes of one or two samples, replaced by a straight line in the samples the detector
 * scores and picks on (the input is not altered): a telemetry glitch or a flipped bit, which no
 * ground motion makes, otherwise stands in the scores for seconds and in the amplitude term's
 * long-term average for a minute, and can hide an event that follows it.
 *
 * <p>Each component is judged on its own, sample by sample, against its sample-to-sample scale: the
 * median absolute step between consecutive samples over its first {@value #WARM_UP} samples, then
 * the mean absolute step averaged exponentially over about {@value #SPAN} samples, each step counted
 * at most {@value #CAP} scales (the steps of the samples as they come out, so that a spike replaced
 * does not raise it, and a transient that is not replaced does not blind it for long), and never
 * below the data's quantum (the smallest step that is not zero among the samples as they come in:
 * one count for data in counts, so that a step of a count in noise under a count is no spike). Sample {@code i} is a spike of one sample when it lies
 * more than {@value #JUMP} scales from the sample before it (as the detector has it) while the data
 * around it are quiet: the {@value #STEPS} steps between the samples before it, the step from the
 * sample before to the one after and from that to the next, each at most {@value #RETURN} scales
 * and at most a {@value #QUIET}th of the spike's, and not all of the steps before it zero where a
 * swing of more than {@value #JUMP} scales led to them (a plateau at a clipped digitiser's full
 * scale). Samples {@code i} and {@code i + 1} are a spike of two
 * when both lie that far away and the two after them carry on alike. Band-limited ground motion does
 * not do that: a digitiser's anti-alias filter spreads even an impulse over many samples, and an
 * arrival goes on after its first samples; within an arrival the steps around any one sample are
 * large. Nothing is judged among a stretch's first {@value #WARM_UP} samples, nor among its last
 * ones, whose followers are not there.
 *
 * <p>The samples come out {@value #LOOKAHEAD} behind those that go in ({@link #push}), and the last
 * ones at the stretch's end ({@link #finish}): fed whole or piece by piece, a stretch gives the
 * same samples. A channel at another rate than the model's is judged at its own rate before it is
 * resampled ({@link #despiked}), since resampling spreads a spike over several samples. Not
 * thread-safe: one stretch, fed in order.
 */
public final class Despiker {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Despiker.class);
    /** Scales from the sample before beyond which a sample may be a spike. */
    static final double JUMP = 20;
    /** Scales within which each step around a spike stays (see {@link #QUIET}). */
    static final double RETURN = 5;
    /** Times the roughness around it (the largest sample-to-sample step there) that a spike stands out by. */
    static final double QUIET = 10;
    /** Steps before a sample that count into the roughness around it. */
    static final int STEPS = 10;
    /** Samples at a stretch's start that only set the scale. */
    static final int WARM_UP = 100;
    /** Samples over which the scale is averaged after the warm-up. */
    static final int SPAN = 100;
    /** Scales (or quanta, where more) beyond which a step counts as this many into the scale. */
    static final double CAP = 5;
    /** Samples despiked at a time when the whole stretch is at hand. */
    private static final int BLOCK = 1 << 16;
    /** Samples held back to judge the one before them. */
    static final int LOOKAHEAD = 3;

    private final boolean[] present;
    private final Lane[] lanes = new Lane[3];
    /** Samples held back (of every component alike). */
    private int held;
    private int spikes;
    /** The spike count at which {@link #warningDue} next answers yes. */
    private long nextWarning = 1;
    /** The spike count the stream's last warning gave ({@link #finalCountDue}). */
    private int countSaid;
    /** The first {@value #KEPT} spikes: index (from the stretch's first sample), component and jump in scales. */
    private long[] spikeAt = new long[8];
    private int[] spikeComponent = new int[8];
    private double[] spikeJump = new double[8];
    /** Spikes whose place is kept. */
    static final int KEPT = 10_000;

    /** @param present which components the stretch records (Z, N/1, E/2); the others are passed as they are */
    public Despiker(boolean[] present) {
        if (present.length != 3) {
            throw new IllegalArgumentException("present must name 3 components (Z, N/1, E/2), got " + present.length);
        }
        this.present = present.clone();
        for (int c = 0; c < 3; c++) {
            lanes[c] = new Lane(c);
        }
    }

    /**
     * Feeds the stretch's next samples.
     *
     * @param data {@code [3][m]} samples
     * @param from first index
     * @param to one past the last index
     * @return the samples judged so far and not returned before, {@code [3][k]}
     */
    public double[][] push(double[][] data, int from, int to) {
        int n = Math.max(0, to - from);
        int ready = Math.max(0, held + n - LOOKAHEAD);
        double[][] result = new double[3][];
        for (int c = 0; c < 3; c++) {
            result[c] = new double[ready];
            if (present[c]) {
                lanes[c].push(data[c], from, to, result[c]);
            } else {
                // passed as they are, as far as they are out (zeros where the caller gives none)
                int r = 0;
                for (int k = 0; k < Math.min(held, ready); k++) {
                    result[c][r++] = lanes[c].heldValue(k);
                }
                for (int i = from; r < ready; i++) {
                    result[c][r++] = valueOf(data[c], i);
                }
                lanes[c].holdLast(data[c], from, to, held);
            }
        }
        held = Math.min(LOOKAHEAD, held + n);
        return result;
    }

    /** @return sample {@code i} of a component not recorded, 0 where the caller gives no array or a short one */
    private static double valueOf(double[] x, int i) {
        return x != null && i < x.length ? x[i] : 0;
    }

    /** @return the samples still held, unjudged (the stretch has ended), {@code [3][k]} */
    public double[][] finish() {
        double[][] result = new double[3][held];
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < held; k++) {
                result[c][k] = lanes[c].heldValue(k);
            }
        }
        held = 0;
        return result;
    }

    /**
     * {@link #push} for a despiker of one component, the vertical's slot ({@code new Despiker(new
     * boolean[] {true, false, false})}).
     *
     * @param x the component's samples
     * @param from first index
     * @param to one past the last index
     * @return the samples judged so far and not returned before
     */
    public double[] pushOne(double[] x, int from, int to) {
        requireOne();
        int n = Math.max(0, to - from);
        double[] result = new double[Math.max(0, held + n - LOOKAHEAD)];
        lanes[0].push(x, from, to, result);
        held = Math.min(LOOKAHEAD, held + n);
        return result;
    }

    /** @return {@link #finish} for a despiker of one component: the samples still held, unjudged */
    public double[] finishOne() {
        requireOne();
        double[] result = new double[held];
        for (int k = 0; k < held; k++) {
            result[k] = lanes[0].heldValue(k);
        }
        held = 0;
        return result;
    }

    /**
     * A trace at its own rate with its spikes replaced, before it is resampled to the model's rate
     * (which would spread a spike over several samples, where it is no longer told from ground
     * motion), with a warning naming the channel.
     *
     * @param t a contiguous trace (a run: no gap, no flat line in it)
     * @return the trace with its spikes replaced; {@code t} itself where it has none
     */
    public static Trace despiked(Trace t) {
        return despiked(t, (trace, d) -> d.warnTrace(trace, null, null));
    }

    /**
     * As {@link #despiked(Trace)}, giving the trace and its despiker to {@code found} where it had
     * spikes, instead of warning.
     *
     * @param t a contiguous trace (a run: no gap, no flat line in it)
     * @param found given the trace (as it came) and its despiker, where there were spikes
     * @return the trace with its spikes replaced; {@code t} itself where it has none
     */
    public static Trace despiked(Trace t, java.util.function.BiConsumer<Trace, Despiker> found) {
        // judged a block at a time first, keeping nothing, so that a trace without spikes (nearly
        // all) is not copied; one with spikes is copied and judged again in place
        Despiker scan = ofOne();
        int n = t.length();
        double[] block = new double[Math.min(n, BLOCK)];
        for (int from = 0; from < n; from += BLOCK) {
            int m = Math.min(n, from + BLOCK) - from;
            for (int i = 0; i < m; i++) {
                block[i] = t.sample(from + i);
            }
            scan.pushOne(block, 0, m);
        }
        if (scan.spikes() == 0) {
            return t;
        }
        double[] x = t.samples();
        Despiker d = ofOne();
        int at = 0;
        for (int from = 0; from < n; from += BLOCK) {
            double[] part = d.pushOne(x, from, Math.min(n, from + BLOCK));
            System.arraycopy(part, 0, x, at, part.length);
            at += part.length;
        }
        double[] rest = d.finishOne();
        System.arraycopy(rest, 0, x, at, rest.length);
        found.accept(t, d);
        return Trace.of(t.id(), t.start(), t.sampleRate(), x);
    }

    /** @return a despiker of one component, in the vertical's slot ({@link #pushOne}) */
    public static Despiker ofOne() {
        return new Despiker(new boolean[] {true, false, false});
    }

    private void requireOne() {
        if (!present[0] || present[1] || present[2]) {
            throw new IllegalStateException("not a despiker of one component");
        }
    }

    /**
     * Warns of the spikes replaced in a trace at its own rate ({@link #despiked}) from {@code from}
     * to {@code to}.
     *
     * @param t the trace
     * @param from the first time to warn of, or null for the trace's start
     * @param to the end (exclusive) of the times to warn of, or null for the trace's end
     */
    public void warnTrace(Trace t, Instant from, Instant to) {
        // samples nearest to the times, as the pieces of a long input meet
        warnChannel(t.id(), t.start(), t.sampleRate(), from == null ? 0 : t.indexOf(from),
                to == null ? Long.MAX_VALUE : t.indexOf(to));
    }

    /**
     * Warns of the spikes replaced among samples {@code [from, to)} of one channel's run at its own
     * rate, before it is resampled (a despiker of one component).
     *
     * @param id the channel
     * @param start the time of the run's first sample
     * @param rate the channel's rate
     */
    public void warnChannel(SourceId id, Instant start, double rate, long from, long to) {
        warn(id + " (at " + rate + " Hz, before resampling)", new SourceId[] {id, null, null}, start, rate, from, to);
    }

    /**
     * Whether a stream should warn now: at the first spike, then at the 10th, 100th, ... (a channel
     * that keeps glitching for days is said again, not once per line of data); each call that
     * answers yes moves the next mark on.
     *
     * @return whether the spikes so far have reached the next mark
     */
    public boolean warningDue() {
        if (spikes < nextWarning) {
            return false;
        }
        nextWarning = 10L * spikes;
        countSaid = spikes;
        return true;
    }

    /**
     * Whether a stream whose stretch has ended should warn once more: where spikes came after the
     * last mark {@link #warningDue} answered at, so that the stretch's last warning gives its whole
     * count, as batch's one warning does (the stream's result listed "1 isolated spike(s)" for a
     * stretch with two; black-box review). Answers yes once.
     *
     * @return whether the count said last is not the stretch's count
     */
    public boolean finalCountDue() {
        if (spikes == countSaid || spikes == 0) {
            return false;
        }
        countSaid = spikes;
        nextWarning = Math.max(nextWarning, 10L * spikes);
        return true;
    }

    /** @return spikes replaced so far */
    public int spikes() {
        return spikes;
    }

    /** @return the index (from the stretch's first sample) of the first spike, -1 for none */
    public long firstSpike() {
        long first = -1;
        for (int i = 0; i < Math.min(spikes, KEPT); i++) {
            first = first < 0 || spikeAt[i] < first ? spikeAt[i] : first;
        }
        return first;
    }

    /**
     * Replaces the spikes of a whole stretch, in place where there are any: as fed piece by piece and
     * finished.
     *
     * @param segment the stretch; its arrays are changed where spikes are replaced
     * @return the despiker, for its counts
     */
    public static Despiker applyInPlace(AlignedSegment segment) {
        Despiker d = new Despiker(segment.present());
        double[][] data = segment.data();
        int n = segment.length();
        int at = 0;
        // in blocks, so that a day's stretch is not copied whole
        for (int from = 0; from < n; from += BLOCK) {
            double[][] part = d.push(data, from, Math.min(n, from + BLOCK));
            at = copyBack(part, data, at);
        }
        copyBack(d.finish(), data, at);
        return d;
    }

    /**
     * Warns of the spikes replaced in a stretch, if any (batch once per stretch; a stream at its
     * first spike, where the count is of the spikes so far).
     *
     * @param station the station stream
     * @param channels the channels in their slots (null where there is none)
     * @param start the time of the stretch's first sample
     * @param rate its sample rate
     */
    public void warn(String station, SourceId[] channels, Instant start, double rate) {
        warn(station, channels, start, rate, 0, Long.MAX_VALUE);
    }

    /**
     * Warns of the spikes replaced among samples {@code [from, to)} of the stretch, if any (the part
     * of a piece that is its own, where pieces overlap).
     */
    public void warn(String station, SourceId[] channels, Instant start, double rate, long from, long to) {
        int first = -1;
        int count = 0;
        for (int i = 0; i < Math.min(spikes, KEPT); i++) {
            if (spikeAt[i] >= from && spikeAt[i] < to) {
                first = first < 0 || spikeAt[i] < spikeAt[first] ? i : first;
                count++;
            }
        }
        if (first < 0) {
            return;
        }
        // past the spikes whose place is kept, the whole stretch's count is still known (a stream's
        // later marks must say something new, or the once-per-process rule would hold them back)
        boolean whole = from <= 0 && to == Long.MAX_VALUE;
        String counted = whole ? Integer.toString(spikes) : count + (spikes > KEPT ? " or more" : "");
        int c = spikeComponent[first];
        SourceId channel = channels == null ? null : channels[c];
        Instant firstAt = start.plusNanos(Math.round(spikeAt[first] / rate * 1e9));
        String said = String.format(java.util.Locale.ROOT, "%s: %s isolated spike(s) of one or two samples, the first"
                + " on %s at %s, %.0f times the sample-to-sample noise and back within two samples: a glitch, not ground"
                + " motion; replaced by a straight line in what the detector scores and picks on (the input is not"
                + " altered)", station, counted,
                channel == null ? "component " + "ZNE".charAt(c) : channel, firstAt, spikeJump[first]);
        // logged once per text (the same data can be read more than once: an archive's first day); a
        // run lists the last count of the spikes from this first one (a stream counts them as they come)
        Warnings.updating(LOG, station + ": spikes from " + firstAt, said);
    }

    private static int copyBack(double[][] part, double[][] data, int at) {
        for (int c = 0; c < 3; c++) {
            System.arraycopy(part[c], 0, data[c], at, part[c].length);
        }
        return at + part[0].length;
    }

    private void spike(int c, long at, double jump) {
        if (spikes < KEPT) {
            if (spikes == spikeAt.length) {
                spikeAt = Arrays.copyOf(spikeAt, 2 * spikes);
                spikeComponent = Arrays.copyOf(spikeComponent, 2 * spikes);
                spikeJump = Arrays.copyOf(spikeJump, 2 * spikes);
            }
            spikeAt[spikes] = at;
            spikeComponent[spikes] = c;
            spikeJump[spikes] = jump;
        }
        spikes++;
    }

    /** One component: its held samples, its scale and the steps before the next sample out. */
    private final class Lane {
        private final int component;
        /** The held samples as they will come out (o0 the oldest). */
        private double o0, o1, o2, o3;
        /** Samples in (of this component). */
        private long in;
        /** The last sample out (as replaced). */
        private double lastOut;
        private double scale;
        /**
         * The smallest step between samples in that is not zero: the data's quantum, where they are
         * counts (of the samples as they come in, which a replacement's fractions do not lower).
         */
        private double quantum = Double.POSITIVE_INFINITY;
        /** The last sample in. */
        private double lastIn;
        /** The last step between samples out that was not zero: what began a plateau the samples are on. */
        private double lastStep;
        /** The steps of the first {@value #WARM_UP} samples, whose median starts the scale. */
        private final double[] early = new double[WARM_UP];
        /** The last {@value #STEPS} steps between samples out, in a ring, and where the next goes. */
        private final double[] steps = new double[STEPS];
        private int step;

        Lane(int component) {
            this.component = component;
        }

        /** @return held sample {@code k} (0 the oldest) as it will come out */
        double heldValue(int k) {
            return k == 0 ? o0 : k == 1 ? o1 : k == 2 ? o2 : o3;
        }

        /** Holds the last samples of a component passed as it is, after {@code held} held before. */
        void holdLast(double[] x, int from, int to, int heldBefore) {
            for (int i = from; i < to; i++) {
                take(valueOf(x, i), heldBefore >= LOOKAHEAD ? LOOKAHEAD : heldBefore++);
                in++;
            }
        }

        /** Places sample {@code v} at held position {@code k}, shifting the held samples when full. */
        private void take(double v, int k) {
            if (k == LOOKAHEAD) {
                // full: the oldest has gone out
                o0 = o1;
                o1 = o2;
                o2 = v;
            } else if (k == 0) {
                o0 = v;
            } else if (k == 1) {
                o1 = v;
            } else {
                o2 = v;
            }
        }

        void push(double[] x, int from, int to, double[] result) {
            int r = 0;
            int k = held;
            for (int i = from; i < to; i++) {
                double v = x[i];
                if (in > 0) {
                    double d = Math.abs(v - lastIn);
                    if (d > 0 && d < quantum) {
                        quantum = d;
                    }
                }
                lastIn = v;
                if (k < LOOKAHEAD) {
                    take(v, k++);
                    in++;
                    continue;
                }
                o3 = v;
                in++;
                // all LOOKAHEAD samples after o0 are held: judge it, put it out
                long at = in - 1 - LOOKAHEAD;
                if (at >= WARM_UP) {
                    judge(at);
                }
                result[r++] = o0;
                out(at);
                o0 = o1;
                o1 = o2;
                o2 = o3;
            }
        }

        /** Judges the oldest held sample, number {@code at} (all {@value #LOOKAHEAD} after it are held). */
        private void judge(long at) {
            // never below the data's quantum: where the noise is under a count, a step of one count is no spike
            double s = Math.max(scale, quantum == Double.POSITIVE_INFINITY ? 0 : quantum);
            double before = lastOut;
            double jump = Math.abs(o0 - before);
            if (!(jump > JUMP * s)) {
                return;
            }
            double rough = 0;
            for (double step : steps) {
                rough = Math.max(rough, step);
            }
            if (!(rough > 0) && lastStep > JUMP * s) {
                // ten equal samples before it, reached by a swing: a plateau at a clipped digitiser's
                // full scale, where a swing of one sample may be ground motion it could not follow
                return;
            }
            // one sample: the two after it carry on from the one before it as noise does
            double one = Math.max(rough, Math.max(Math.abs(o1 - before), Math.abs(o2 - o1)));
            if (one <= RETURN * s && jump > QUIET * one) {
                o0 = before + (o1 - before) / 2;
                spike(component, at, jump / s);
                return;
            }
            double both = Math.min(jump, Math.abs(o1 - before));
            double two = Math.max(rough, Math.max(Math.abs(o2 - before), Math.abs(o3 - o2)));
            if (both > JUMP * s && two <= RETURN * s && both > QUIET * two) {
                o0 = before + (o2 - before) / 3;
                o1 = before + 2 * (o2 - before) / 3;
                spike(component, at, jump / s);
            }
        }

        /** Updates the scale and the steps with sample {@code at}, the oldest held, as it goes out. */
        private void out(long at) {
            if (at > 0) {
                double d = Math.abs(o0 - lastOut);
                if (d > 0) {
                    lastStep = d;
                }
                if (Double.isFinite(d)) {
                    if (at < WARM_UP) {
                        early[(int) at] = d;
                    } else {
                        // a step counts at most CAP scales (a transient not replaced does not blind it
                        // for long); from a scale of zero, as it is
                        double cap = CAP * Math.max(scale, quantum == Double.POSITIVE_INFINITY ? 0 : quantum);
                        scale += ((cap > 0 ? Math.min(d, cap) : d) - scale) / SPAN;
                    }
                } else if (at < WARM_UP) {
                    early[(int) at] = 0;
                }
                steps[step] = Double.isFinite(d) ? d : Double.POSITIVE_INFINITY;
                step = step == STEPS - 1 ? 0 : step + 1;
                if (at == WARM_UP - 1) {
                    // the median, which a spike among the first samples does not move
                    double[] sorted = Arrays.copyOfRange(early, 1, WARM_UP);
                    Arrays.sort(sorted);
                    scale = sorted[sorted.length / 2];
                }
            }
            lastOut = o0;
        }
    }

    @Override
    public String toString() {
        return "Despiker[" + spikes + " spikes, " + Arrays.toString(present) + "]";
    }
}
