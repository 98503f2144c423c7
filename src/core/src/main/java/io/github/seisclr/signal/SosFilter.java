package io.github.seisclr.signal;

import java.util.Arrays;

/**
 * An IIR filter as a cascade of second-order sections (biquads), each
 * {@code H(z) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2)}, run in transposed direct
 * form II. Immutable; {@link #newState()} gives the running state for streaming use.
 */
public final class SosFilter {
    /** Per section: b0, b1, b2, a1, a2. */
    private final double[][] sections;
    private final double sampleRate;

    SosFilter(double[][] sections, double sampleRate) {
        this.sections = sections;
        this.sampleRate = sampleRate;
    }

    /** @return the sample rate (Hz) the filter was designed for */
    public double sampleRate() {
        return sampleRate;
    }

    /** @return the number of second-order sections */
    public int sectionCount() {
        return sections.length;
    }

    /**
     * Filters causally (one pass forward), as a streaming filter would, from rest.
     *
     * @param x input samples
     * @return a new array of filtered samples
     */
    public double[] filter(double[] x) {
        double[] y = x.clone();
        newState().processInPlace(y, 0, y.length);
        return y;
    }

    /**
     * Filters causally (one pass forward) from the steady state of a constant input equal to the
     * first sample, as SciPy's {@code sosfilt} with {@code sosfilt_zi(sos) * x[0]}: as if the trace
     * had held its first value for ever before it began. A band-pass then ignores a constant offset
     * (a digitiser's DC level of 10<sup>5</sup> counts gives the same output as none, to rounding),
     * where from rest the offset is a step that rings through the first seconds.
     *
     * @param x input samples
     * @return a new array of filtered samples
     */
    public double[] filterSettled(double[] x) {
        double[] y = x.clone();
        if (y.length > 0) {
            State s = newState();
            s.settle(y[0]);
            s.processInPlace(y, 0, y.length);
        }
        return y;
    }

    /**
     * Filters forward then backward, as ObsPy's {@code zerophase=True}: no phase shift, the
     * magnitude response squared. For batch processing only (it needs the whole trace).
     *
     * @param x input samples
     * @return a new array of filtered samples
     */
    public double[] filterZeroPhase(double[] x) {
        double[] y = filter(x);
        reverse(y);
        newState().processInPlace(y, 0, y.length);
        reverse(y);
        return y;
    }

    private static void reverse(double[] y) {
        for (int i = 0, j = y.length - 1; i < j; i++, j--) {
            double t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
    }

    /**
     * @param frequencyHz a frequency from 0 to Nyquist
     * @return |H| of one causal pass at that frequency
     */
    public double magnitude(double frequencyHz) {
        double w = 2 * Math.PI * frequencyHz / sampleRate;
        double cr = Math.cos(w);
        double ci = -Math.sin(w);
        double c2r = Math.cos(2 * w);
        double c2i = -Math.sin(2 * w);
        double mag = 1;
        for (double[] s : sections) {
            double nr = s[0] + s[1] * cr + s[2] * c2r;
            double ni = s[1] * ci + s[2] * c2i;
            double dr = 1 + s[3] * cr + s[4] * c2r;
            double di = s[3] * ci + s[4] * c2i;
            mag *= Math.sqrt((nr * nr + ni * ni) / (dr * dr + di * di));
        }
        return mag;
    }

    /** @return a fresh running state (filter at rest) */
    public State newState() {
        return new State();
    }

    /** The running state of a causal filter: feed blocks in order, state carries over. Not thread-safe. */
    public final class State {
        private final double[] z1 = new double[sections.length];
        private final double[] z2 = new double[sections.length];

        private State() {
        }

        /**
         * Filters a block in place, continuing from the previous block.
         *
         * @param x samples, overwritten by the output
         * @param from first index
         * @param to one past the last index
         */
        public void processInPlace(double[] x, int from, int to) {
            for (int k = 0; k < sections.length; k++) {
                double[] s = sections[k];
                double b0 = s[0];
                double b1 = s[1];
                double b2 = s[2];
                double a1 = s[3];
                double a2 = s[4];
                double d1 = z1[k];
                double d2 = z2[k];
                for (int i = from; i < to; i++) {
                    double in = x[i];
                    double out = b0 * in + d1;
                    d1 = b1 * in - a1 * out + d2;
                    d2 = b2 * in - a2 * out;
                    x[i] = out;
                }
                z1[k] = d1;
                z2[k] = d2;
            }
        }

        /**
         * Sets the state to the steady state of a constant input {@code u}: what it would hold had
         * every earlier sample been {@code u} (see {@link SosFilter#filterSettled}).
         *
         * @param u the constant input, e.g. a stretch's first sample
         */
        public void settle(double u) {
            double in = u;
            for (int k = 0; k < sections.length; k++) {
                double[] s = sections[k];
                // a section's gain at DC; its transposed direct-form-II state in steady state
                double g = (s[0] + s[1] + s[2]) / (1 + s[3] + s[4]);
                z2[k] = (s[2] - s[4] * g) * in;
                z1[k] = (s[1] + s[2] - (s[3] + s[4]) * g) * in;
                in *= g;
            }
        }

        /** Returns the filter to rest, e.g. after a gap. */
        public void reset() {
            Arrays.fill(z1, 0);
            Arrays.fill(z2, 0);
        }
    }
}
