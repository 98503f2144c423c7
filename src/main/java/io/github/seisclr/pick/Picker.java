package io.github.seisclr.pick;

import io.github.seisclr.baseline.AicPicker;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Butterworth;
import io.github.seisclr.signal.Signals;
import io.github.seisclr.signal.SosFilter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Refines a detection into P and S picks.
 *
 * <ul>
 *   <li><b>P</b>: the AIC minimum of the vertical, band-passed zero-phase (2 corners, the given band),
 *   in a window from {@code preSeconds} before to {@code postSeconds} after the detection onset.</li>
 *   <li><b>S</b>: the AIC minimum of each horizontal, band-passed alike, from 0.1 s after P to the
 *   strongest 0.2 s of horizontal energy before the detection's end (at least 3 s, at most
 *   {@code maxSMinusPSeconds} after P); the component whose AIC drops deeper
 *   wins. A vertical-only station gets its S from the vertical. No S is picked where that
 *   strongest 0.2 s is the first of the search: the energy only falls after P, so no S onset
 *   shows.</li>
 * </ul>
 * Uncertainties come from the AIC curve's flatness around its minimum.
 */
public final class Picker {
    /** Length of the window whose energy peak ends the S search (s). */
    private static final double PEAK_SECONDS = 0.2;
    private final double bandLowHz;
    private final double bandHighHz;
    private final double preSeconds;
    private final double postSeconds;
    private final double maxSMinusPSeconds;

    /**
     * @param bandLowHz band-pass lower corner (Hz)
     * @param bandHighHz band-pass upper corner (Hz)
     * @param preSeconds P search before the onset (s)
     * @param postSeconds P search after the onset (s)
     * @param maxSMinusPSeconds longest S-P time searched (s)
     */
    public Picker(double bandLowHz, double bandHighHz, double preSeconds, double postSeconds, double maxSMinusPSeconds) {
        this.bandLowHz = bandLowHz;
        this.bandHighHz = bandHighHz;
        this.preSeconds = preSeconds;
        this.postSeconds = postSeconds;
        this.maxSMinusPSeconds = maxSMinusPSeconds;
    }

    /** Band-passed components of a segment, computed once per segment. */
    public final class Filtered {
        final AlignedSegment segment;
        final double[][] data = new double[3][];

        /** @return the band-passed vertical (or the first component present) */
        public double[] vertical() {
            return data[0] != null ? data[0] : (data[1] != null ? data[1] : data[2]);
        }

        Filtered(AlignedSegment segment) {
            this.segment = segment;
            double high = Math.min(bandHighHz, 0.45 * segment.sampleRate());
            SosFilter f = Butterworth.bandpass(2, bandLowHz, high, segment.sampleRate());
            for (int c = 0; c < 3; c++) {
                data[c] = segment.present()[c] ? f.filterZeroPhase(segment.data()[c]) : null;
            }
        }
    }

    /**
     * @param segment a station's aligned components (or a stretch of them around a detection)
     * @return the band-passed components, reusable for every detection in the segment
     */
    public Filtered prepare(AlignedSegment segment) {
        return new Filtered(segment);
    }

    /**
     * Picks P near a detection onset.
     *
     * @param f band-passed data around the onset: from at least {@link #pSearchBeforeSeconds()} before
     *     to {@link #pSearchAfterSeconds()} after it where the data allow
     * @param channels channel ids of Z, N/1, E/2 (null where absent)
     * @param onset detection onset
     * @param confidence detection score
     * @param detectionId detection id
     * @return the P pick, or empty when there is too little data around the onset
     */
    public Optional<Pick> pickP(Filtered f, SourceId[] channels, Instant onset, double confidence,
                                String detectionId) {
        double rate = f.segment.sampleRate();
        int n = f.segment.length();
        int i0 = (int) Math.max(0, f.segment.indexOf(onset) - Math.round(preSeconds * rate));
        int i1 = (int) Math.min(n, f.segment.indexOf(onset) + Math.round(postSeconds * rate));
        int zc = f.data[0] != null ? 0 : (f.data[1] != null ? 1 : 2);
        if (i1 - i0 < 16) {
            return Optional.empty();
        }
        AicPicker.Pick p = AicPicker.pick(Arrays.copyOfRange(f.data[zc], i0, i1));
        int pIndex = i0 + p.index();
        double pUnc = p.uncertaintySamples() / rate;
        String how = String.format("AIC minimum on %s band-passed %.1f-%.1f Hz, searched %.1f s before to %.1f s after"
                + " the score onset", channels[zc].channel(), bandLowHz, bandHighHz, preSeconds, postSeconds);
        // An onset much stronger on the horizontals than on the vertical is S-like: the detector
        // fired on S because P was weak. Look back on the vertical for a clear earlier onset.
        int second = horizontalToVertical(f, pIndex, rate) > 1.5 ? lookBack(f, zc, pIndex, rate) : -1;
        if (second >= 0) {
            AicPicker.Pick earlier = AicPicker.pick(Arrays.copyOfRange(f.data[zc],
                    Math.max(0, second - (int) Math.round(rate)), Math.min(n, second + (int) Math.round(0.5 * rate))));
            pIndex = Math.max(0, second - (int) Math.round(rate)) + earlier.index();
            pUnc = earlier.uncertaintySamples() / rate;
            how = String.format("the score onset is S-like (horizontals dominate); AIC on %s band-passed %.1f-%.1f Hz"
                    + " found a clear earlier onset, taken as P", channels[zc].channel(), bandLowHz, bandHighHz);
        }
        return Optional.of(new Pick(channels[zc], Phase.P, f.segment.timeOf(pIndex), pUnc, confidence, detectionId,
                how));
    }

    /** @return how long before a detection onset the data for {@link #pickP} should start (s) */
    public double pSearchBeforeSeconds() {
        return preSeconds + Math.min(maxSMinusPSeconds, 15) + 3;
    }

    /** @return how long after a detection onset the data for {@link #pickP} should reach (s) */
    public double pSearchAfterSeconds() {
        return postSeconds + 1;
    }

    /**
     * The end of the S search: the detection's end, at least 3 s and at most {@code
     * maxSMinusPSeconds} after P. (It was 60 % of the way there, to keep later phases out; but the
     * search ends at the strongest horizontal energy anyway, and the 60 % cut S off wherever it
     * came late in its detection: NCEDC S-P of 8-10 s, synthetic S MAE 1.08 against 0.75 s.)
     *
     * @param p the P pick
     * @param end the detection's end
     * @return the last time S is searched
     */
    public Instant sSearchEnd(Instant p, Instant end) {
        double span = Math.max(0, java.time.Duration.between(p, end).toNanos() / 1e9);
        double s = Math.min(maxSMinusPSeconds, Math.max(3, span));
        return p.plusNanos(Math.round(s * 1e9));
    }

    /** @return the S search's longest reach after P (s) */
    public double maxSMinusPSeconds() {
        return maxSMinusPSeconds;
    }

    /**
     * Picks S after a P pick.
     *
     * @param f band-passed data from before P to after {@link #sSearchEnd}
     * @param channels channel ids of Z, N/1, E/2 (null where absent)
     * @param p the P pick's time
     * @param searchEnd the end of the S search ({@link #sSearchEnd})
     * @param confidence detection score
     * @param detectionId detection id
     * @return the S pick, or empty when the search window is too short
     */
    public Optional<Pick> pickS(Filtered f, SourceId[] channels, Instant p, Instant searchEnd, double confidence,
                                String detectionId) {
        double rate = f.segment.sampleRate();
        int n = f.segment.length();
        long pIndex = f.segment.indexOf(p);
        // S-P is as short as 0.3 s within about 3 km of a source (induced and volcanic seismicity)
        int s0 = (int) Math.max(0, pIndex + Math.round(0.1 * rate));
        int s1 = (int) Math.min(n, f.segment.indexOf(searchEnd));
        if (s1 - s0 < Math.round(1.5 * rate)) {
            return Optional.empty();
        }
        // AIC splits at any change of variance, decreases included: end the S search with the
        // strongest 0.2 s of horizontal energy, so that the split it finds is an onset
        int peak = energyPeak(f, s0, s1, rate);
        // the strongest 0.2 s right where the search starts: the energy only falls after P, and no
        // onset of S shows (on a vertical alone the P wave is often the strongest motion); AIC would
        // split the P coda's decay somewhere instead (NCEDC: 3 vertical-only picks 1.2-4.8 s early)
        if (peak - s0 < Math.round(1.5 * PEAK_SECONDS * rate)) {
            return Optional.empty();
        }
        s1 = Math.min(s1, Math.max(s0 + (int) Math.round(rate), peak));
        return best(f, channels, s0, s1, rate, confidence, detectionId);
    }

    /** Index of the largest 0.2 s RMS of the horizontals (or the vertical alone) within [from, to). */
    private static int energyPeak(Filtered f, int from, int to, double rate) {
        int w = Math.max(1, (int) Math.round(PEAK_SECONDS * rate));
        boolean horizontals = f.data[1] != null || f.data[2] != null;
        double[] e = new double[to - from];
        for (int c = horizontals ? 1 : 0; c < (horizontals ? 3 : 1); c++) {
            if (f.data[c] != null) {
                for (int k = from; k < to; k++) {
                    e[k - from] += f.data[c][k] * f.data[c][k];
                }
            }
        }
        double run = 0;
        double best = -1;
        int at = from;
        for (int k = 0; k < e.length; k++) {
            run += e[k];
            if (k >= w) {
                run -= e[k - w];
            }
            if (run > best) {
                best = run;
                at = from + k;
            }
        }
        return at;
    }

    /** RMS of the horizontals over RMS of the vertical in the second after {@code i} (1 without horizontals). */
    private static double horizontalToVertical(Filtered f, int i, double rate) {
        if (f.data[0] == null || (f.data[1] == null && f.data[2] == null)) {
            return 1;
        }
        int to = Math.min(f.data[0].length, i + (int) Math.round(rate));
        double h = 0;
        double z = 0;
        int comps = 0;
        for (int c = 1; c < 3; c++) {
            if (f.data[c] != null) {
                comps++;
                for (int k = i; k < to; k++) {
                    h += f.data[c][k] * f.data[c][k];
                }
            }
        }
        for (int k = i; k < to; k++) {
            z += f.data[0][k] * f.data[0][k];
        }
        return z > 0 ? Math.sqrt(h / comps / z) : 1;
    }

    /**
     * Searches the vertical up to {@code min(maxSMinusP, 15 s)} before {@code i} for the onset with
     * the strongest after/before RMS ratio; returns it when that ratio is at least 2, else -1.
     */
    private int lookBack(Filtered f, int zc, int i, double rate) {
        double[] z = f.data[zc];
        int from = (int) Math.max(Math.round(3 * rate), i - Math.round(Math.min(maxSMinusPSeconds, 15) * rate));
        int to = i - (int) Math.round(0.5 * rate);
        int bestAt = -1;
        double best = 2.0;
        int step = Math.max(1, (int) Math.round(rate / 20));
        for (int k = from; k < to; k += step) {
            double before = Signals.rms(z, k - (int) Math.round(3 * rate), k - (int) Math.round(0.2 * rate));
            double after = Signals.rms(z, k, Math.min(i, k + (int) Math.round(rate)));
            if (before > 0 && after / before > best) {
                best = after / before;
                bestAt = k;
            }
        }
        return bestAt;
    }


    private Optional<Pick> best(Filtered f, SourceId[] channels, int s0, int s1, double rate, double confidence,
                                String detectionId) {
        AicPicker.Pick bestPick = null;
        int bestC = -1;
        double bestDrop = -Double.MAX_VALUE;
        boolean horizontals = f.data[1] != null || f.data[2] != null;
        for (int c = horizontals ? 1 : 0; c < (horizontals ? 3 : 1); c++) {
            if (f.data[c] == null) {
                continue;
            }
            AicPicker.Pick p = AicPicker.pick(Arrays.copyOfRange(f.data[c], s0, s1));
            double[] aic = p.aic();
            double max = -Double.MAX_VALUE;
            for (double a : aic) {
                if (Double.isFinite(a)) {
                    max = Math.max(max, a);
                }
            }
            double drop = (max - aic[p.index() - 1]) / aic.length;
            if (drop > bestDrop) {
                bestDrop = drop;
                bestPick = p;
                bestC = c;
            }
        }
        if (bestPick == null) {
            return Optional.empty();
        }
        Instant t = f.segment.timeOf(s0 + bestPick.index());
        return Optional.of(new Pick(channels[bestC], Phase.S, t, bestPick.uncertaintySamples() / rate, confidence,
                detectionId, String.format("AIC minimum on %s band-passed %.1f-%.1f Hz between 0.1 s after P and %.1f s"
                        + " after P (%s)", channels[bestC].channel(), bandLowHz, bandHighHz, (s1 - s0) / rate + 0.1,
                horizontals ? "deepest of the horizontals" : "no horizontals: on the vertical")));
    }
}
