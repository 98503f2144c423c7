package io.github.seisclr.pick;

import io.github.seisclr.baseline.AicPicker;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Butterworth;
import io.github.seisclr.signal.Signals;
import io.github.seisclr.signal.SosFilter;
import org.apache.commons.math3.distribution.FDistribution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Refines a detection into P and S picks, each with an asymmetric uncertainty meant as one standard
 * deviation, and P with its first-motion polarity.
 *
 * <ul>
 *   <li><b>P</b>, in two stages. First the AIC minimum of the vertical, band-passed zero-phase (2
 *   corners, the given band), from {@code preSeconds} before to {@code postSeconds} after the
 *   detection onset; where the onset is S-like (horizontals dominate in the second after that
 *   estimate, or after the detection onset where the estimate lies after it: it can fall into S)
 *   an earlier clear onset on the
 *   vertical is looked for (up to 15 s before the first estimate, one that the vertical stays above
 *   until the S-like onset: every second at least {@value #SUSTAIN_RATIO} times the noise before
 *   it, so that a burst of noise seconds before is not taken for P; where none does, one at least
 *   {@value #IMPULSIVE_RATIO} times its noise, an impulsive P whose coda died down), and P is placed
 *   by AIC from a second before it to a second after (not past the S-like onset). Where the vertical
 *   shows nothing at all (its strongest half second in the search at most {@value #SILENT_RATIO} times its RMS in
 *   the 5 s before, that RMS at most {@value #RISEN_RATIO} times the one of the 5 s before them, and
 *   no clear onset in the look-back) while a horizontal shows a clear arrival (at least {@value
 *   #CLEAR_RATIO} times), the arrival is picked where it shows: P on that horizontal (a dead
 *   vertical, or an event whose vertical motion is below the noise there), with no polarity; the
 *   evidence says so. P on a horizontal (that one, or a station without a vertical: the horizontal
 *   with the clearer arrival) looks back on the horizontals together for an earlier onset they stay
 *   above, as the vertical does from an S-like onset; without a vertical and with none found, the
 *   arrival may be S, and the pick {@linkplain #standsOnlyWithS stands only with an S after it}; so
 *   does a P picked on the vertical at an S-like onset where the look-back found no earlier one.
 *   Then, from 1 s before to 0.5 s after that estimate, three onsets that put no
 *   energy ahead of an arrival: AIC on the raw vertical (the component P is picked on) high-passed
 *   causally at the band's bottom, AIC on it band-passed causally over the upper half of the band,
 *   and the kurtosis onset (Baillard et al. 2014). The pick is their median, less their mean delay
 *   ({@value #CAUSAL_DELAY_SECONDS} s, measured on synthetic events); the uncertainty combines their spread
 *   with the causal AIC's likelihood band. The polarity is the sign of the first clear excursion of
 *   the causally high-passed vertical.</li>
 *   <li><b>S</b>, from 0.1 s after P (or the end of P's upper uncertainty, if later) to {@link
 *   #sSearchEnd}: on three components band-passed
 *   causally, the AIC split of the motion normal to P's principal direction (the P polarisation of
 *   the first 0.5 s), searched from that motion's quietest 0.2 s up to the 0.2 s where it exceeds the
 *   motion along P the most (so that neither P's own motion nor the fall of its coda is taken for S);
 *   the transverse motion and each horizontal give the spread. With one or two horizontals, the same
 *   on the horizontal motion (in excess of the vertical's, where there is one). The onset must raise
 *   the motion significantly over the second before it ({@link #S_RISE_SIGNIFICANCE}); otherwise no
 *   S. On a vertical alone, only an onset where the RMS at least doubles. No S where the search
 *   would end within its first 0.3 s (on a vertical alone: where the strongest motion comes first,
 *   the energy only falling after P).</li>
 * </ul>
 */
public final class Picker {
    /** Length of the window whose energy peak ends the S search (s). */
    private static final double PEAK_SECONDS = 0.2;
    /** An onset whose horizontals' RMS in the second after it is above this many times the vertical's is S-like. */
    static final double S_LIKE_RATIO = 1.5;
    /**
     * A vertical whose strongest half second (sliding) in the P search is at most this many times its
     * RMS in the 5 s before the search shows no arrival (white noise band-passed 1-20 Hz at 100 Hz,
     * over the default 3.5 s search: median 1.28, 99th percentile 1.61, simulated), unless that noise
     * has {@linkplain #RISEN_RATIO risen} ...
     */
    static final double SILENT_RATIO = 1.6;
    /** ... and a horizontal whose strongest half second in the search is at least this many times its own, a clear one. */
    static final double CLEAR_RATIO = 5.0;
    /** The vertical's noise before the P search, against the 5 s before it, above which it is a coda, not silence. */
    static final double RISEN_RATIO = 1.3;
    /**
     * An earlier onset found by the look-back from an S-like one counts only where every second from
     * it to the S-like onset has at least this many times the RMS of the noise before it: the vertical
     * does not fall back to its noise between P and S. Noise alone falls below it the more surely the
     * longer the stretch: white noise band-passed 1-20 Hz at 100 Hz, the quietest second against the
     * RMS of the 2.8 s before, over 15 s median 0.75 and 99th percentile 0.92, over 5 s 0.79 and 1.0,
     * over 1.5 s 0.89 and 1.2 (simulated, 1500 draws each: 18 % of the 1.5 s stretches reach 1), so a
     * burst of noise a second or two before the S-like onset can still be taken for P. The bursts the
     * look-back had taken for P on the NCEDC windows, 7 s and more before it, fell to 0.6-0.9. (First
     * set at 1.2; the weak P of the bundled synthetic samples' first event, 7.6 s before its S, has its
     * quietest second at 1.17.)
     */
    static final double SUSTAIN_RATIO = 1.0;
    /**
     * ... unless none does: then an onset whose second stands at least this many times above the noise
     * before it counts, an impulsive P whose coda died down before S (a burst of noise that strong is
     * rare; the bursts the look-back had taken on the NCEDC windows stood 2.0-2.7 times above it).
     */
    static final double IMPULSIVE_RATIO = 5.0;
    /** The P refinement searches this long before the first estimate (s). */
    static final double REFINE_BEFORE_SECONDS = 1.0;
    /** ... and this long after it (s). */
    static final double REFINE_AFTER_SECONDS = 0.5;
    /**
     * Above this many times its noise RMS, a stretch of the causal trace holds an arrival: Gaussian
     * noise peaks at about 3 RMS over 150 samples and passes 5 in under one draw in ten thousand.
     */
    static final double QUIET_PEAK = 5;
    /**
     * How late the causal onset estimators are on average (s): measured on synthetic events, whose
     * true onsets are known (mean residual +0.012 s at 100 Hz, seeds 101 and 202), and taken off.
     */
    static final double CAUSAL_DELAY_SECONDS = 0.01;
    /** Kurtosis window (s). */
    static final double KURTOSIS_SECONDS = 0.5;
    /** Smallest reported one-sigma uncertainty (samples). */
    static final double MIN_SIGMA_SAMPLES = 0.5;
    /**
     * Scale from the P candidates' spread and the causal AIC's likelihood band to one standard
     * deviation, with at least {@value #MIN_SIGMA_SAMPLES} sample (the sample grid's own resolution):
     * about 68 % of true P fall within it on synthetic events (seeds 101 and 202: 0.77 and 0.70;
     * PickCalibrationTest pins it on others) and of analyst P on real windows (NCEDC, each half:
     * 0.65 and 0.70).
     */
    static final double P_SCALE = 1.0;
    /**
     * As {@link #P_SCALE}, for S, set on synthetic events (seeds 101 and 202) so that about 68 % of
     * true S fall within one standard deviation: S onsets are less sharp than the AIC band says.
     */
    static final double S_SCALE = 2.0;
    /**
     * The S search reaches at least this far after P (s), however early the detection ends: the S-P
     * time of an event 120 km away (crustal velocities), the detector's reach for local events. A
     * detection often ends in the P coda of a distant event, before its S.
     */
    static final double MIN_S_SEARCH_SECONDS = 15;
    /** P polarisation window (s). */
    static final double P_POLARISATION_SECONDS = 0.5;
    /** Below this P rectilinearity, S is searched on the horizontals instead of normal to P. */
    static final double MIN_RECTILINEARITY = 0.5;
    /** A vertical-only S onset must raise the RMS by this factor. */
    static final double S_CLEAR_RATIO = 2.0;
    /**
     * One-sided significance of the rise an S onset on the horizontals or normal to P must show: the
     * variance of the second after it against the second before (after P) must pass the F test at
     * this level, with the band's effective samples per second on each side ({@link #sRiseRatio}).
     */
    static final double S_RISE_SIGNIFICANCE = 0.001;
    /** First-motion search after the P pick (s). */
    static final double POLARITY_SECONDS = 0.1;
    /** A first motion must exceed this many noise RMS... */
    static final double POLARITY_SNR = 4;
    /** ... with no swing the other way before it of more than this many. */
    static final double POLARITY_AGAINST = 2;
    /** No polarity for a P pick less certain than this (s). */
    static final double POLARITY_MAX_SIGMA = 0.05;
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
        /**
         * Each component in the upper half of the band and the vertical in the lower (log scale), made
         * when P or S is picked.
         */
        private final double[][] upper = new double[3][];
        private double[] lower;
        private final double[][] highPassed = new double[3][];
        private double[][] causal;

        /** @return the components band-passed causally (2 corners, the band): no energy ahead of an onset */
        double[][] causal() {
            if (causal == null) {
                causal = new double[3][];
                double high = bandTop(segment.sampleRate());
                SosFilter bp = Butterworth.bandpass(2, bandLowHz, high, segment.sampleRate());
                for (int c = 0; c < 3; c++) {
                    causal[c] = data[c] == null ? null : bp.filter(Signals.demean(segment.data()[c]));
                }
            }
            return causal;
        }

        /** @return the band-passed vertical (or the first component present) */
        public double[] vertical() {
            return data[0] != null ? data[0] : (data[1] != null ? data[1] : data[2]);
        }

        /**
         * @param channels channel ids of Z, N/1, E/2 (null where absent), as given to {@link #pickP}
         * @param pick a pick made on this data
         * @return the band-passed component the pick was made on ({@link #vertical()} where its
         *     channel is not among {@code channels})
         */
        public double[] componentOf(SourceId[] channels, Pick pick) {
            for (int c = 0; c < 3; c++) {
                if (data[c] != null && channels[c] != null && channels[c].equals(pick.channel())) {
                    return data[c];
                }
            }
            return vertical();
        }

        private static boolean constant(double[] x) {
            for (double v : x) {
                if (v != x[0]) {
                    return false;
                }
            }
            return true;
        }

        /** @return component {@code c} band-passed causally from the band's log-centre to twice its top */
        double[] upper(int c) {
            if (upper[c] == null) {
                double rate = segment.sampleRate();
                double lo = Math.sqrt(bandLowHz * bandHighHz);
                double hi = Math.min(2 * bandHighHz, 0.45 * rate);
                upper[c] = hi > 1.5 * lo ? Butterworth.bandpass(2, lo, hi, rate).filter(Signals.demean(segment.data()[c]))
                        : data[c];
            }
            return upper[c];
        }

        /** @return the vertical (or first component) band-passed from the band's bottom to its log-centre */
        double[] lower() {
            if (lower == null) {
                double hi = Math.min(Math.sqrt(bandLowHz * bandHighHz), 0.45 * segment.sampleRate());
                lower = hi > 1.5 * bandLowHz ? Butterworth.bandpass(2, bandLowHz, hi, segment.sampleRate())
                        .filterZeroPhase(Signals.demean(rawVertical())) : vertical();
            }
            return lower;
        }

        /** @return the raw component {@code c}, high-passed causally at the band's bottom */
        double[] highPassed(int c) {
            if (highPassed[c] == null) {
                highPassed[c] = Butterworth.highpass(2, bandLowHz, segment.sampleRate())
                        .filter(Signals.demean(segment.data()[c]));
            }
            return highPassed[c];
        }

        double[] rawVertical() {
            return segment.data()[verticalIndex()];
        }

        int verticalIndex() {
            return data[0] != null ? 0 : (data[1] != null ? 1 : 2);
        }

        Filtered(AlignedSegment segment) {
            this.segment = segment;
            double high = bandTop(segment.sampleRate());
            SosFilter f = Butterworth.bandpass(2, bandLowHz, high, segment.sampleRate());
            for (int c = 0; c < 3; c++) {
                // a channel that holds one value throughout is dead, not quiet: as if absent; the
                // mean goes first, or a digitiser's offset is a step at the start that rings into the
                // S window (which opens 1 s before P)
                data[c] = segment.present()[c] && !constant(segment.data()[c])
                        ? f.filterZeroPhase(Signals.demean(segment.data()[c])) : null;
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
        // without a vertical, the horizontal with the clearer arrival (the first present on a tie)
        int zc = f.data[0] != null ? 0 : clearer(f, i0, i1, rate);
        if (i1 - i0 < 16 || zc < 0) { // too short, or every channel dead
            return Optional.empty();
        }
        AicPicker.Pick p = AicPicker.pick(Arrays.copyOfRange(f.data[zc], i0, i1));
        int coarse = i0 + p.index();
        String how = firstSearch(channels[zc]);
        // An onset much stronger on the horizontals than on the vertical is S-like: the detector
        // fired on S because P was weak. Look back on the vertical for a clear earlier onset. Judged
        // at the detection onset too where the first estimate lies after it: the estimate can fall a
        // second into S, on a phase the vertical shows as strongly (review: synthetic SDS data, P
        // 3.7 s late, after the true S, where a trigger 0.08 s later had it right)
        int onsetIndex = (int) Math.max(0, Math.min(n - 1, f.segment.indexOf(onset)));
        // only where the estimate lies after the onset: one before it may be the true P of an event
        // whose S the detection fired on, and a look-back from there can take a burst of noise (review)
        boolean sLike = horizontalToVertical(f, coarse, rate) > S_LIKE_RATIO
                || onsetIndex < coarse && horizontalToVertical(f, onsetIndex, rate) > S_LIKE_RATIO;
        int second = sLike ? lookBack(new double[][] {f.data[zc]}, coarse, rate) : -1;
        // a vertical that records nothing here (nor a coda in the noise before the search) and no
        // clear onset in the look-back either (run here where the onset was not S-like; where it
        // was, it has found none)
        int clear = second < 0 && zc == 0 ? clearHorizontalOverSilentVertical(f, i0, i1, rate) : -1;
        if (clear > 0 && !sLike && lookBack(new double[][] {f.data[zc]}, coarse, rate) >= 0) {
            clear = -1;
        }
        if (second >= 0) {
            int first = coarse;
            coarse = refineEarlier(f.data[zc], second, coarse, rate);
            how += "; the score onset is S-like (horizontals dominate): the same AIC found a clear earlier onset, "
                    + movedBack(first, coarse, i0, rate);
        } else if (clear > 0) {
            // nothing on the vertical, here or in the look-back before it, and a clear arrival on a
            // horizontal: pick the arrival where it shows
            String silent = String.format(java.util.Locale.ROOT, "%s shows no arrival here (strongest half second %.1f"
                    + " times its noise) where %s does (%.1f times): picked on %s; ", channels[0].channel(),
                    arrivalRatio(f.data[0], i0, i1, rate), channels[clear].channel(),
                    arrivalRatio(f.data[clear], i0, i1, rate), channels[clear].channel());
            zc = clear;
            coarse = i0 + AicPicker.pick(Arrays.copyOfRange(f.data[zc], i0, i1)).index();
            how = silent + firstSearch(channels[zc]);
        }
        if (zc > 0) {
            // on a horizontal, nothing tells P from S (the horizontals dominate S, and there is no
            // vertical to weigh them against), and the detector often fires on S, the stronger
            // there: an earlier onset that the horizontals stay above until this one is taken for P
            // (review: synthetic data without its verticals, 72 of 128 P picks were on S)
            int earlier = lookBack(horizontals(f), coarse, rate);
            if (earlier >= 0) {
                int first = coarse;
                coarse = refineEarlier(f.data[zc], earlier, coarse, rate);
                how += "; the horizontals stay above an earlier onset until it, taken for P: "
                        + movedBack(first, coarse, i0, rate);
            } else if (f.data[0] == null) {
                // held for its S (standsOnlyWithS); beside a vertical that shows nothing the arrival
                // stands as P (NCEDC NC.MQ1P: the analyst's P, whose S 2 s later the S search misses)
                how += "; " + ONLY_WITH_S;
            }
        } else if (sLike && second < 0) {
            // an S-like onset on the vertical with no earlier onset before it: P too weak to show
            // (or none), and the detector fired on S; it stands only with an S after it, as on a
            // station without a vertical (review: a synthetic day, 20 of 81 P picks on the S of
            // events whose P stood at 0.8-1.7 times the noise; NCEDC PG.PB, P on the analyst's S)
            how += "; " + ONLY_WITH_S;
        }
        return Optional.of(refineP(f, channels, zc, coarse, how, confidence, detectionId));
    }

    /**
     * @return the AIC onset of {@code x} from a second before {@code earlier} to a second after it,
     *     not past {@code later} (the look-back measured the second after its point: a weak, emergent
     *     P grows there)
     */
    private static int refineEarlier(double[] x, int earlier, int later, double rate) {
        int from = Math.max(0, earlier - (int) Math.round(rate));
        return from + AicPicker.pick(Arrays.copyOfRange(x, from,
                Math.min(Math.min(x.length, later), earlier + (int) Math.round(rate)))).index();
    }

    /**
     * @return for the evidence, how far the look-back moved the estimate from {@code first} to
     *     {@code moved}, and whether that lies before the search starting at {@code searchStart}
     */
    private static String movedBack(int first, int moved, int searchStart, double rate) {
        return String.format(java.util.Locale.ROOT, "%.2f s before the first estimate%s", (first - moved) / rate,
                moved < searchStart ? " (before the search)" : "");
    }

    /** @return the horizontals present (not dead) */
    private static double[][] horizontals(Filtered f) {
        return Arrays.stream(f.data, 1, 3).filter(java.util.Objects::nonNull).toArray(double[][]::new);
    }

    /**
     * @return of the horizontals present, the one whose strongest half second in {@code [i0, i1)}
     *     stands highest over its noise (the first present on a tie), -1 where neither is
     */
    private static int clearer(Filtered f, int i0, int i1, double rate) {
        if (f.data[1] == null || f.data[2] == null) {
            return f.data[1] != null ? 1 : (f.data[2] != null ? 2 : -1);
        }
        return arrivalRatio(f.data[2], i0, i1, rate) > arrivalRatio(f.data[1], i0, i1, rate) ? 2 : 1;
    }

    /** The evidence of a P that {@link #standsOnlyWithS} (the words are the rule's mark). */
    private static final String ONLY_WITH_S = "no earlier onset: this arrival may be S, kept as P only where an S"
            + " follows it";

    /**
     * Whether a P pick stands only where an S is found after it. A P picked on a horizontal of a
     * station without a vertical (none recorded, or a dead one), with no earlier onset that the
     * horizontals stay above, may be the event's S: the detector often fires on S, the stronger on
     * the horizontals, and nothing else tells the two apart there. Where S is then found after it, the
     * arrival was P; where none is, it is most likely S itself and is given as S ({@link #noSFollows};
     * synthetic data without its verticals, 3 h of 2 stations: 23 of 23 such arrivals were S). The
     * same holds for a P picked on the vertical at an S-like onset (the horizontals dominate) with no
     * earlier onset before it: a P too weak to show, the detector fired on S (a synthetic day of one
     * station: 12 of the 16 such arrivals were the true S, the other 4 on neither phase). A P picked
     * on a horizontal beside a vertical that records only noise is not held: there the analysts' P of
     * NCEDC's NC.MQ1P stands, whose S the S search does not find.
     *
     * @param p a pick from {@link #pickP}
     * @return whether {@code p} is given only with an S after it
     */
    public static boolean standsOnlyWithS(Pick p) {
        return p.phase() == Phase.P && p.evidence().contains(ONLY_WITH_S);
    }

    /**
     * What a P that {@link #standsOnlyWithS} becomes where no S is found after it: the arrival, given
     * as S (nothing before it, nothing after it, and stronger on the horizontals, as S is), without a
     * polarity.
     *
     * @param heldP a P pick that stands only with an S after it
     * @return the same arrival as an S pick, its evidence saying why
     * @throws IllegalArgumentException for any other pick
     */
    public static Pick noSFollows(Pick heldP) {
        return noSFollows(heldP, false);
    }

    /**
     * As {@link #noSFollows(Pick)}, where {@code searchCut} says that no S was searched for, the data
     * ending before the S search did (its evidence says so, not that no S follows).
     *
     * @param heldP a P pick that stands only with an S after it
     * @param searchCut whether the data end before its S search does
     * @return the same arrival as an S pick, its evidence saying why
     * @throws IllegalArgumentException for any other pick
     */
    public static Pick noSFollows(Pick heldP, boolean searchCut) {
        if (!standsOnlyWithS(heldP)) {
            throw new IllegalArgumentException("not a P held for its S: " + heldP);
        }
        return new Pick(heldP.channel(), Phase.S, heldP.time(), heldP.uncertaintySeconds(),
                heldP.lowerUncertaintySeconds(), heldP.upperUncertaintySeconds(), Polarity.NONE, heldP.confidence(),
                heldP.detectionId(), heldP.evidence().replace(ONLY_WITH_S, (searchCut
                        ? "no earlier onset, and no S searched after it (the data end before its S search does)"
                        : "no earlier onset and no S after it")
                        + ": taken for S (the stronger phase on the horizontals)")
                        .replaceAll("; first motion [^;]*$", ""));
    }

    /** @return the evidence of the first P estimate's search on {@code channel} */
    private String firstSearch(SourceId channel) {
        return String.format(java.util.Locale.ROOT, "AIC on %s band-passed %.1f-%.1f Hz, searched %.1f s before to %.1f s"
                + " after the score onset", channel.channel(), bandLowHz, bandHighHz, preSeconds, postSeconds);
    }

    /**
     * @return the horizontal (1 or 2) P is picked on when the vertical shows no arrival in the P
     *     search {@code [i0, i1)} and that horizontal a clear one (the clearer of the two), else -1
     */
    private static int clearHorizontalOverSilentVertical(Filtered f, int i0, int i1, double rate) {
        if (arrivalRatio(f.data[0], i0, i1, rate) > SILENT_RATIO || risen(f.data[0], i0, rate)) {
            return -1;
        }
        int best = -1;
        double bestRatio = CLEAR_RATIO;
        for (int c = 1; c < 3; c++) {
            double r = f.data[c] == null ? 0 : arrivalRatio(f.data[c], i0, i1, rate);
            if (Double.isFinite(r) && r >= bestRatio) { // infinite: no noise before to measure against
                bestRatio = r;
                best = c;
            }
        }
        return best;
    }

    /**
     * @return whether the RMS of the 5 s before {@code i0} (the noise {@link #arrivalRatio} measures
     *     against) stands more than {@value #RISEN_RATIO} times above that of the 5 s before them: the
     *     coda of an earlier arrival, under which a weaker one on the vertical would not stand out
     *     (over 5 s of the band the RMS of noise varies by about 7 %); false where fewer than 2 s lie
     *     before those 5 s
     */
    private static boolean risen(double[] x, int i0, double rate) {
        int five = (int) Math.round(5 * rate);
        int a = Math.max(0, i0 - 2 * five);
        int b = i0 - five;
        if (b - a < 2 * rate) {
            return false;
        }
        double earlier = Signals.rms(x, a, b);
        return earlier > 0 && Signals.rms(x, b, i0) > RISEN_RATIO * earlier;
    }

    /**
     * @return the largest RMS of half a second within {@code [i0, i1)} over the RMS of the 5 s before
     *     {@code i0} (the data's start where nearer); infinite where that noise is zero or too short to
     *     measure (under half a second), so that a component without noise before never counts as
     *     silent (nor, for {@link #clearHorizontalOverSilentVertical}, as clear); 0 where the search is
     *     shorter than half a second
     */
    static double arrivalRatio(double[] x, int i0, int i1, double rate) {
        int from = (int) Math.max(0, i0 - Math.round(5 * rate));
        int w = Math.max(1, (int) Math.round(0.5 * rate));
        double noise = i0 - from >= w ? Signals.rms(x, from, i0) : 0;
        if (!(noise > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double best = 0;
        double run = 0;
        for (int k = i0; k < i1; k++) {
            run += x[k] * x[k];
            if (k - i0 >= w) {
                run -= x[k - w] * x[k - w];
            }
            if (k - i0 >= w - 1) {
                best = Math.max(best, run);
            }
        }
        return Math.sqrt(Math.max(0, best) / w) / noise;
    }

    /**
     * Second stage of the P pick: around the first AIC estimate, onsets from AIC in three bands and
     * from the kurtosis; the pick is their median, its uncertainty their spread and the AIC's own
     * likelihood band.
     */
    private Pick refineP(Filtered f, SourceId[] channels, int zc, int coarse, String how, double confidence,
                         String detectionId) {
        SourceId channel = channels[zc];
        double rate = f.segment.sampleRate();
        int a = Math.max(0, coarse - (int) Math.round(REFINE_BEFORE_SECONDS * rate));
        int b = refinementEnd(f, zc, coarse, a, rate);
        double share = Math.min(1, 2 * (bandHighHz - bandLowHz) / rate);
        List<Onsets.Onset> found = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Onsets.Onset full = Onsets.aic(new double[][] {f.data[zc]}, a, b, share);
        if (full == null) {
            // no onset to refine on (a stretch of under 8 samples at the data's end, a flat trace):
            // the first stage's pick, as uncertain as the stretch searched, its first motion undecided
            double sigma = Math.max(MIN_SIGMA_SAMPLES, (b - a) / 2.0) / rate;
            return new Pick(channel, Phase.P, f.segment.timeOf(coarse), sigma, sigma, sigma,
                    zc == 0 ? Polarity.UNDECIDABLE : Polarity.NONE, confidence, detectionId,
                    how + "; not refined (no onset in the refinement window)");
        }
        // the zero-phase band-pass spreads a sharp onset ahead of itself: the pick comes from the
        // causally high-passed trace, the upper band (sharper) and the kurtosis (impulsiveness)
        double causalShare = Math.min(1, 1 - 2 * bandLowHz / rate); // the causal high-pass's independent samples
        add(found, names, Onsets.aic(new double[][] {f.highPassed(zc)}, a, b, causalShare), "AIC-causal");
        add(found, names, Onsets.aic(new double[][] {f.upper(zc)}, a, b, share), "AIC-upper");
        add(found, names, Onsets.kurtosis(f.highPassed(zc), a, b, (int) Math.round(KURTOSIS_SECONDS * rate)), "kurtosis");
        if (found.isEmpty()) {
            add(found, names, full, "AIC"); // none of the three found an onset: the first stage's, refined
        }
        int[] idx = found.stream().mapToInt(Onsets.Onset::index).sorted().toArray();
        int pick = idx.length % 2 == 1 ? idx[idx.length / 2] : (idx[idx.length / 2 - 1] + idx[idx.length / 2]) / 2;
        // the likelihood band of the causal AIC measures how sharp the onset is
        Onsets.Onset sharp = names.get(0).equals("AIC-causal") ? found.get(0) : full;
        int first = idx[0];
        int last = idx[idx.length - 1];
        int other = zc == 1 ? 2 : zc == 2 ? 1 : -1;
        // (only where that horizontal shows an arrival there: AIC always finds a minimum, in noise too)
        Onsets.Onset beside = other > 0 && f.data[other] != null && arrivalRatio(f.data[other], a, b, rate) > SILENT_RATIO
                ? Onsets.aic(new double[][] {f.highPassed(other)}, a, b, causalShare) : null;
        if (beside != null) {
            // picked on a horizontal: the other horizontal's onset widens the spread (not the pick), as
            // P shows on both (black-box review: the NCEDC windows without Z, 39 % of the analysts' P
            // within one uncertainty)
            first = Math.min(first, beside.index());
            last = Math.max(last, beside.index());
        }
        double lowerSamples = Math.hypot(sharp.lowerWidth(), pick - first);
        double upperSamples = Math.hypot(sharp.upperWidth(), last - pick);
        double lower = Math.max(MIN_SIGMA_SAMPLES, P_SCALE * lowerSamples) / rate;
        double upper = Math.max(MIN_SIGMA_SAMPLES, P_SCALE * upperSamples) / rate;
        Polarity polarity = zc == 0 ? polarity(f, pick, Math.max(lower, upper)) : Polarity.NONE;
        StringBuilder ev = new StringBuilder(how);
        if (b > coarse + (int) Math.round(REFINE_AFTER_SECONDS * rate)) {
            ev.append(String.format(java.util.Locale.ROOT, "; refined up to %.2f s after the first estimate (it lay"
                    + " on the zero-phase band-pass's spread ahead of a strong onset)", (b - coarse) / rate));
        }
        // the causal filters and the variance build-up behind an onset put all three a little late
        double time = pick - CAUSAL_DELAY_SECONDS * rate;
        // each candidate's offset from the pick as reported, the delay taken off (black-box review:
        // they were given from the median, so the median read +0.000 and every offset 0.01 s short)
        ev.append(String.format(java.util.Locale.ROOT, "; refined: their median less %.3f s (the causal filters'"
                + " delay) of", CAUSAL_DELAY_SECONDS));
        for (int i = 0; i < found.size(); i++) {
            ev.append(String.format(java.util.Locale.ROOT, " %s %+.3f", names.get(i), (found.get(i).index() - time) / rate));
        }
        ev.append(" s (from the pick); first motion ").append(polarity == Polarity.NONE
                ? (f.data[0] == null ? "not sought (no vertical)" : "not sought (picked on a horizontal)")
                : polarity.quakeMl());
        return new Pick(channel, Phase.P, f.segment.timeOf(time), Math.max(lower, upper), lower, upper, polarity,
                confidence, detectionId, ev.toString());
    }

    /**
     * Where the P refinement stops searching: {@value #REFINE_AFTER_SECONDS} s after the first
     * estimate, or later where that estimate lies on the zero-phase band-pass's spread ahead of a
     * strong onset ({@link #precursorSeconds}): where the causally band-passed trace (no energy
     * ahead of an onset) holds only noise from {@code a} to the usual end (its peak there under
     * {@value #QUIET_PEAK} times its RMS over the 5 s before {@code a}) and less than a tenth of the
     * largest value that follows within that spread's reach, the search reaches to its end. A
     * stretch that holds an arrival of its own keeps the usual end, so that a stronger phase after it
     * does not draw the pick: a weak P with a strong S a second later (review: P 3-10 times the noise,
     * S 150-400 times, 0.8-1.3 s later, picked on the S without this), or an emergent P growing into
     * a stronger phase.
     */
    private int refinementEnd(Filtered f, int zc, int coarse, int a, double rate) {
        int n = f.segment.length();
        int usual = Math.min(n, coarse + (int) Math.round(REFINE_AFTER_SECONDS * rate));
        double reach = precursorSeconds(f.data[zc], coarse, rate);
        if (reach <= REFINE_AFTER_SECONDS) {
            return usual;
        }
        int far = Math.min(n, coarse + (int) Math.round(reach * rate));
        double[] x = f.causal()[zc];
        double noise = Signals.rms(x, a - (int) Math.round(5 * rate), a);
        double here = Signals.peak(x, a, usual);
        return noise > 0 && here < QUIET_PEAK * noise && here < 0.1 * Signals.peak(x, usual, far) ? far : usual;
    }

    /**
     * How far ahead of a sharp onset the zero-phase band-pass spreads it above the noise, so that the
     * first estimate, made on that trace, can lie that much early: the backward pass's response
     * decays ahead of the onset as {@code exp(-t / tau)}, {@code tau = sqrt(2) / (2 pi f_low)} (the
     * two-pole high-pass, 0.23 s at 1 Hz), so an onset {@code r} times the noise shows from about
     * {@code tau ln r} before it (synthetic events at SNR 270-1800 had P picked 1.2-1.8 s early when
     * the refinement reached only 0.5 s past the estimate).
     *
     * @return {@code tau ln(peak / noise)}, the peak the largest value of {@code x} in the 2 s from
     *     {@code coarse}, the noise its RMS over the 5 s ending 2 s before {@code coarse}; 0 where
     *     less than a second of that noise is there
     */
    private double precursorSeconds(double[] x, int coarse, double rate) {
        int to = coarse - (int) Math.round(2 * rate);
        int from = Math.max(0, to - (int) Math.round(5 * rate));
        if (to - from < rate) {
            return 0;
        }
        double noise = Signals.rms(x, from, to);
        double peak = Signals.peak(x, coarse, Math.min(x.length, coarse + (int) Math.round(2 * rate)));
        if (!(noise > 0) || peak <= noise) {
            return 0;
        }
        return Math.sqrt(2) / (2 * Math.PI * bandLowHz) * Math.log(peak / noise);
    }

    private static void add(List<Onsets.Onset> found, List<String> names, Onsets.Onset o, String name) {
        if (o != null) {
            found.add(o);
            names.add(name);
        }
    }

    /**
     * First-motion polarity on the raw vertical, high-passed causally at the band's bottom (a causal
     * filter does not move energy before the onset), and again low-passed causally at its top; given
     * only where the two agree (a linear-phase resampling filter rings ahead of a sharp onset): the
     * sign of the first excursion beyond {@value #POLARITY_SNR} times the noise RMS within {@value
     * #POLARITY_SECONDS} s (or twice the pick uncertainty) after the pick; undecidable when there is
     * none, when it follows a swing the other way of more than {@value #POLARITY_AGAINST} times the
     * noise, when the noise just before the pick is as large, or when the pick is too uncertain
     * ({@value #POLARITY_MAX_SIGMA} s).
     */
    private Polarity polarity(Filtered f, int pick, double sigma) {
        if (f.data[0] == null) {
            return Polarity.NONE; // a first motion on a horizontal is not a polarity
        }
        return firstMotion(f.rawVertical(), pick, sigma, f.segment.sampleRate());
    }

    Polarity firstMotion(double[] raw, int pick, double sigma, double rate) {
        if (sigma > POLARITY_MAX_SIGMA) {
            return Polarity.UNDECIDABLE;
        }
        int from = Math.max(0, pick - (int) Math.round(3 * rate));
        int reach = (int) Math.round(Math.max(POLARITY_SECONDS, 2 * sigma) * rate);
        int to = Math.min(raw.length, pick + reach + 1);
        if (pick - from < rate || to - pick < 3) {
            return Polarity.UNDECIDABLE;
        }
        double[] x = Arrays.copyOfRange(raw, from, to);
        double mean = 0;
        for (int i = 0; i < pick - from; i++) {
            mean += x[i];
        }
        mean /= pick - from;
        for (int i = 0; i < x.length; i++) {
            x[i] -= mean;
        }
        // read twice: on the causally high-passed trace, and on it low-passed causally at the band's
        // top. A sharp onset resampled from another rate (the resampler's linear-phase filter; a
        // digitiser's decimation filter alike) has ringing ahead of it, the opposite sign first: above
        // the band for data recorded faster than the model's rate, where the low-pass removes it,
        // within it for data recorded slower, where the low-pass only delays it past the guard. A
        // first motion is given only where both reads agree.
        double[] high = Butterworth.highpass(2, bandLowHz, rate).filter(x);
        double[] band = Butterworth.lowpass(4, bandTop(rate), rate).filter(high);
        int p = pick - from;
        int guard = Math.max(1, (int) Math.round(sigma * rate));
        Polarity a = excursion(high, p, guard, rate);
        return a == excursion(band, p, guard, rate) ? a : Polarity.UNDECIDABLE;
    }

    /** @return the sign of the first excursion of {@code y} from sample {@code p} on, by the rules of {@link #polarity} */
    private static Polarity excursion(double[] y, int p, int guard, double rate) {
        double noise = Signals.rms(y, Math.max(0, p - (int) Math.round(2 * rate)), Math.max(1, p - guard));
        if (!(noise > 0)) {
            return Polarity.UNDECIDABLE;
        }
        // the level the first motion departs from: the mean of the 0.05 s before the pick (one sample
        // alone would add its own noise to every excursion)
        int l0 = Math.max(0, p - Math.max(1, (int) Math.round(0.05 * rate)));
        double level = 0;
        for (int i = l0; i < p; i++) {
            level += y[i];
        }
        level /= Math.max(1, p - l0);
        for (int i = Math.max(0, p - guard); i < p; i++) {
            if (Math.abs(y[i] - level) > POLARITY_SNR * noise && Math.abs(y[i]) > POLARITY_SNR * noise) {
                return Polarity.UNDECIDABLE; // the noise just before the pick is as large: no clear first motion
            }
        }
        double up = 0;
        double down = 0;
        for (int i = p; i < y.length; i++) {
            double d = y[i] - level;
            up = Math.max(up, d);
            down = Math.max(down, -d);
            if (Math.abs(d) > POLARITY_SNR * noise) {
                // a swing the other way first, larger than noise does often: no clear first motion
                double against = d > 0 ? down : up;
                if (against > POLARITY_AGAINST * noise) {
                    return Polarity.UNDECIDABLE;
                }
                return d > 0 ? Polarity.POSITIVE : Polarity.NEGATIVE;
            }
        }
        return Polarity.UNDECIDABLE;
    }

    /** @return the band's top at a sampling rate (Hz): the model's, capped at 0.45 of the rate */
    private double bandTop(double rate) {
        return Math.min(bandHighHz, 0.45 * rate);
    }

    /** @return how long before a detection onset the data for {@link #pickP} should start (s) */
    public double pSearchBeforeSeconds() {
        return preSeconds + Math.min(maxSMinusPSeconds, 15) + 3;
    }

    /**
     * @return how far before a detection onset its P pick can lie, without the look-back from an
     *     S-like onset (s): the first search's lead, the refinement's, and a half-second margin
     */
    public double pLeadSeconds() {
        return preSeconds + REFINE_BEFORE_SECONDS + 0.5;
    }

    /** @return how long after a detection onset the data for {@link #pickP} should reach (s) */
    public double pSearchAfterSeconds() {
        return postSeconds + 1;
    }

    /**
     * The end of the S search: the detection's end, at least {@value #MIN_S_SEARCH_SECONDS} s and at
     * most {@code maxSMinusPSeconds} after P (the detector cuts it at the next event's P).
     * The search itself ends earlier, at the strongest S-like energy in that stretch. (A minimum of
     * 3 s missed the S of events 80-90 km away, S-P 10 s, whose detection ended in the P coda.)
     *
     * @param p the P pick
     * @param end the detection's end
     * @return the last time S is searched
     */
    public Instant sSearchEnd(Instant p, Instant end) {
        double span = Math.max(0, java.time.Duration.between(p, end).toNanos() / 1e9);
        double s = Math.min(maxSMinusPSeconds, Math.max(MIN_S_SEARCH_SECONDS, span));
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
     * @param pPick the P pick: the search starts 0.1 s after it, or where its upper uncertainty ends
     *     if later (an onset within it may be P's own)
     * @param searchEnd the end of the S search ({@link #sSearchEnd})
     * @param confidence detection score
     * @param detectionId detection id
     * @return the S pick, or empty when the search window is too short or no onset in it raises the
     *     motion enough to be told from the P coda
     */
    public Optional<Pick> pickS(Filtered f, SourceId[] channels, Pick pPick, Instant searchEnd, double confidence,
                                String detectionId) {
        double rate = f.segment.sampleRate();
        int n = f.segment.length();
        Instant p = pPick.time();
        long pIndex = f.segment.indexOf(p);
        // S-P is as short as 0.3 s within about 3 km of a source (induced and volcanic seismicity);
        // an emergent P's onset can come up to its upper uncertainty after the pick, and AIC took
        // it for S there (BW.KW1, vertical only: 4 of 7 S picks 0.16-0.84 s after P, within it)
        int s0 = (int) Math.max(0, pIndex + Math.round(Math.max(0.1, pPick.upperUncertaintySeconds()) * rate));
        int s1 = (int) Math.min(n, f.segment.indexOf(searchEnd));
        if (s1 - s0 < Math.round(1.5 * rate)) {
            return Optional.empty();
        }
        if (f.vertical() == null) {
            return Optional.empty(); // every channel dead
        }
        boolean threeC = f.data[0] != null && f.data[1] != null && f.data[2] != null;
        if (threeC) {
            return pickS3(f, channels, (int) pIndex, s0, s1, confidence, detectionId).map(s -> boundedByP(s, p));
        }
        if (f.data[1] != null || f.data[2] != null) {
            return pickSHorizontals(f, channels, (int) pIndex, s0, s1, confidence, detectionId)
                    .map(s -> boundedByP(s, p));
        }
        // AIC splits at any change of variance, decreases included: end the S search with the
        // strongest 0.2 s of horizontal energy, so that the split it finds is an onset
        int peak = energyPeak(new double[][] {f.data[f.verticalIndex()]}, s0, s1, rate);
        // the strongest 0.2 s right where the search starts: the energy only falls after P, and no
        // onset of S shows (on a vertical alone the P wave is often the strongest motion); AIC would
        // split the P coda's decay somewhere instead (NCEDC: 3 vertical-only picks 1.2-4.8 s early)
        if (peak - s0 < Math.round(1.5 * PEAK_SECONDS * rate)) {
            return Optional.empty();
        }
        s1 = Math.min(s1, Math.max(s0 + (int) Math.round(rate), peak));
        return pickSVertical(f, channels, (int) pIndex, s0, s1, confidence, detectionId).map(s -> boundedByP(s, p));
    }

    /**
     * S on the horizontals without the three components a polarisation needs (one or two
     * horizontals, with or without a vertical): the AIC split of the horizontal motion, band-passed
     * causally, searched as {@link #pickS3} searches the plane normal to P (with the vertical as the
     * motion to exceed, where there is one); each horizontal alone gives the spread.
     */
    private Optional<Pick> pickSHorizontals(Filtered f, SourceId[] channels, int pIndex, int s0, int s1,
                                            double confidence, String detectionId) {
        double rate = f.segment.sampleRate();
        double[][] x = f.causal();
        List<Integer> comps = new ArrayList<>();
        for (int c = 1; c < 3; c++) {
            if (x[c] != null) {
                comps.add(c);
            }
        }
        double[][] h = comps.stream().map(c -> x[c]).toArray(double[][]::new);
        SSplit split = splitS(h, x[0], pIndex, s0, s1, rate);
        if (split == null) {
            return Optional.empty();
        }
        List<Onsets.Onset> found = new ArrayList<>();
        List<String> names = new ArrayList<>();
        add(found, names, split.main(), "AIC-horizontals");
        int strongest = comps.get(0);
        double most = -1;
        for (int c : comps) {
            add(found, names, split.view(x[c]), "AIC-" + channels[c].channel());
            double e = Signals.rms(x[c], split.main().index(), split.end());
            if (e > most) {
                most = e;
                strongest = c;
            }
        }
        if (comps.size() == 1) {
            // one horizontal: its own view is the split itself, and the uncertainty had no spread, only
            // the AIC's band (black-box review: the NCEDC windows without E, a median of 0.03 s where
            // the three components give 0.11 s, and 36 % of the analysts' S within it); the onset in
            // the upper half of the band measures how sharp it is
            int c = comps.get(0);
            add(found, names, split.view(f.upper(c)), "AIC-" + channels[c].channel() + "-upper");
        }
        return Optional.of(sPick(f, channels[strongest], split.main(), found, names, String.format(java.util.Locale.ROOT,
                "AIC on the horizontal motion band-passed %.1f-%.1f Hz (too few components for P's polarisation), %s",
                bandLowHz, bandHighHz, split.describe(pIndex, rate)), confidence, detectionId));
    }

    /**
     * An S onset found by {@link #splitS}: the AIC split of the motion searched, the stretch
     * {@code [start, end)} searched, the rise at the onset ({@link #sRise}) and the AIC's share of
     * independent samples.
     */
    private record SSplit(Onsets.Onset main, int start, int end, double rise, double share) {
        /** @return the same split searched on other traces (another view of it, for the uncertainty) */
        Onsets.Onset view(double[]... xs) {
            return Onsets.aic(xs, start, end, share);
        }

        /** @return the stretch searched and the rise, for the pick's evidence */
        String describe(int pIndex, double rate) {
            return String.format(java.util.Locale.ROOT, "searched from %.1f s to %.1f s after P; RMS in the second"
                    + " after the onset %s times the second before", (start - pIndex) / rate, (end - pIndex) / rate,
                    Double.isInfinite(rise) ? "unbounded" : String.format(java.util.Locale.ROOT, "%.1f", rise));
        }
    }

    /**
     * The S split of {@code plane} (the motion normal to P, or the horizontals) after P: searched
     * from the plane's quietest 0.2 s ({@link #sSearchStart}) to the 0.2 s in which it exceeds the
     * motion {@code along} P (or the vertical; null: none) the most ({@link #sSearchPeak}), and kept
     * only where it raises the motion significantly over the second before it ({@link #sRiseRatio}).
     *
     * @return the split, or null where the search would end within its first 0.3 s, is too short for
     *     the AIC, or the onset does not stand out of the P coda
     */
    private SSplit splitS(double[][] plane, double[] along, int pIndex, int s0, int s1, double rate) {
        int peak = sSearchPeak(plane, along, s0, s1, rate);
        if (peak - s0 < Math.round(1.5 * PEAK_SECONDS * rate)) {
            return null;
        }
        int end = Math.min(s1, Math.max(s0 + (int) Math.round(rate), peak));
        int start = sSearchStart(plane, s0, end - (int) Math.round(0.3 * rate), rate);
        double share = Math.min(1, 2 * (bandHighHz - bandLowHz) / rate);
        Onsets.Onset main = Onsets.aic(plane, start, end, share);
        if (main == null) {
            return null;
        }
        double rise = sRise(plane, pIndex, main.index(), s1, rate);
        if (!(rise >= sRiseRatio(rate))) {
            return null; // no onset stands out of the P coda: no S rather than a split of it
        }
        return new SSplit(main, start, end, rise, share);
    }

    /**
     * S on three components: the P wave's polarisation (principal direction of the motion in the
     * first {@value #P_POLARISATION_SECONDS} s after P) splits the motion into the P direction and the
     * plane normal to it, where S moves. The S onset is the AIC split of the motion in that plane
     * (where P is poorly polarised, of the horizontal motion), searched from the plane's quietest
     * 0.2 s ({@link #sSearchStart}) to the 0.2 s in which it exceeds the motion along P the most
     * ({@link #sSearchPeak}); an onset that does not raise the motion significantly over the second
     * before it ({@link #sRiseRatio}) gives no S.
     */
    private Optional<Pick> pickS3(Filtered f, SourceId[] channels, int pIndex, int s0, int s1, double confidence,
                                  String detectionId) {
        double rate = f.segment.sampleRate();
        int n = f.segment.length();
        double[][] x = f.causal(); // no energy ahead of the S onset (zero-phase: S 0.15 s early on synthetic events)
        int pw = (int) Math.round(Math.min(P_POLARISATION_SECONDS, Math.max(0.2, 0.3 * (s1 - pIndex) / rate)) * rate);
        if (pIndex < 0 || pIndex + pw > n) {
            return Optional.empty();
        }
        double[][] pol = Onsets.polarisation(x, pIndex, pIndex + pw);
        double rect = pol[3][0];
        double[] q2 = Onsets.project(x, pol[1], 0, n);
        double[] q3 = Onsets.project(x, pol[2], 0, n);
        boolean polarised = rect >= MIN_RECTILINEARITY;
        double[][] plane = polarised ? new double[][] {q2, q3} : new double[][] {x[1], x[2]};
        SSplit split = splitS(plane, polarised ? Onsets.project(x, pol[0], 0, n) : x[0], pIndex, s0, s1, rate);
        if (split == null) {
            return Optional.empty();
        }
        List<Onsets.Onset> found = new ArrayList<>();
        List<String> names = new ArrayList<>();
        add(found, names, split.main(), polarised ? "AIC-normal-to-P" : "AIC-horizontals");
        // other views of the same split, for the uncertainty: the transverse motion, each horizontal
        double phi = Math.atan2(pol[0][2], pol[0][1]);
        add(found, names, split.view(Onsets.project(x, new double[] {0, -Math.sin(phi), Math.cos(phi)}, 0, n)),
                "AIC-transverse");
        if (polarised) {
            add(found, names, split.view(x[1], x[2]), "AIC-horizontals");
        }
        add(found, names, split.view(x[1]), "AIC-" + channels[1].channel());
        add(found, names, split.view(x[2]), "AIC-" + channels[2].channel());
        int c = Math.abs(pol[1][1]) + Math.abs(pol[2][1]) >= Math.abs(pol[1][2]) + Math.abs(pol[2][2]) ? 1 : 2;
        return Optional.of(sPick(f, channels[c], split.main(), found, names, String.format(java.util.Locale.ROOT,
                "AIC on the band-passed %.1f-%.1f Hz motion %s (P rectilinearity %.2f), %s", bandLowHz, bandHighHz,
                polarised ? "normal to P's" : "on the horizontals", rect, split.describe(pIndex, rate)), confidence,
                detectionId));
    }

    /**
     * S cannot arrive before P: an S pick's lower uncertainty reaches back to its P at most (where the
     * S views disagree by seconds it reached before P, 13 s for an S 7.7 s after P).
     */
    static Pick boundedByP(Pick s, Instant p) {
        double sp = java.time.Duration.between(p, s.time()).toNanos() / 1e9;
        if (s.lowerUncertaintySeconds() <= sp) {
            return s;
        }
        return new Pick(s.channel(), s.phase(), s.time(), Math.max(sp, s.upperUncertaintySeconds()), sp,
                s.upperUncertaintySeconds(), s.polarity(), s.confidence(), s.detectionId(), s.evidence());
    }

    /**
     * An S pick at the main onset, its uncertainty from that onset's likelihood band and the spread
     * of all the onsets found, scaled by {@link #S_SCALE}; the evidence lists each onset's offset.
     */
    private Pick sPick(Filtered f, SourceId channel, Onsets.Onset main, List<Onsets.Onset> found, List<String> names,
                       String how, double confidence, String detectionId) {
        double rate = f.segment.sampleRate();
        int pick = main.index();
        int[] idx = found.stream().mapToInt(Onsets.Onset::index).sorted().toArray();
        double lower = Math.max(MIN_SIGMA_SAMPLES, S_SCALE * Math.hypot(main.lowerWidth(), pick - idx[0])) / rate;
        double upper = Math.max(MIN_SIGMA_SAMPLES, S_SCALE * Math.hypot(main.upperWidth(), idx[idx.length - 1] - pick)) / rate;
        StringBuilder ev = new StringBuilder(how).append("; other views:");
        for (int i = 0; i < found.size(); i++) {
            ev.append(String.format(java.util.Locale.ROOT, " %s %+.3f", names.get(i), (found.get(i).index() - pick) / rate));
        }
        ev.append(" s (from the pick)");
        return new Pick(channel, Phase.S, f.segment.timeOf(pick), Math.max(lower, upper), lower, upper,
                Polarity.NONE, confidence, detectionId, ev.toString());
    }

    /**
     * S on a vertical alone, only where it is clear: the AIC split must be an onset whose RMS in the
     * second after it is at least {@value #S_CLEAR_RATIO} times that of the P coda in the second before.
     */
    private Optional<Pick> pickSVertical(Filtered f, SourceId[] channels, int pIndex, int s0, int s1,
                                         double confidence, String detectionId) {
        double rate = f.segment.sampleRate();
        double share = Math.min(1, 2 * (bandHighHz - bandLowHz) / rate);
        int zc = f.verticalIndex();
        Onsets.Onset main = Onsets.aic(new double[][] {f.data[zc]}, s0, s1, share);
        if (main == null) {
            return Optional.empty();
        }
        int k = main.index();
        int w = (int) Math.round(rate);
        double before = Signals.rms(f.data[zc], Math.max(s0, k - w), k);
        double after = Signals.rms(f.data[zc], k, Math.min(f.data[zc].length, k + w));
        double ratio = before > 0 ? after / before : Double.POSITIVE_INFINITY;
        if (ratio < S_CLEAR_RATIO) {
            return Optional.empty();
        }
        Onsets.Onset low = Onsets.aic(new double[][] {f.lower()}, s0, s1, share);
        int spread = low == null ? 0 : Math.abs(low.index() - k);
        double lower = Math.max(MIN_SIGMA_SAMPLES, S_SCALE * Math.hypot(main.lowerWidth(), spread)) / rate;
        double upper = Math.max(MIN_SIGMA_SAMPLES, S_SCALE * Math.hypot(main.upperWidth(), spread)) / rate;
        return Optional.of(new Pick(channels[zc], Phase.S, f.segment.timeOf(k), Math.max(lower, upper), lower, upper,
                Polarity.NONE, confidence, detectionId, String.format(java.util.Locale.ROOT,
                "AIC on %s band-passed %.1f-%.1f Hz (no horizontals), from %.1f s to %.1f s after P; RMS after/before"
                        + " the onset %s%s", channels[zc].channel(), bandLowHz, bandHighHz,
                (s0 - pIndex) / rate, (s1 - pIndex) / rate, Double.isInfinite(ratio) ? "unbounded (nothing before it)"
                        : String.format(java.util.Locale.ROOT, "%.1f", ratio),
                low == null ? "" : String.format(java.util.Locale.ROOT, "; AIC-lower %+.3f s", (low.index() - k) / rate))));
    }

    /**
     * The RMS ratio an S onset must raise the motion by, from the F test of {@link #S_RISE_SIGNIFICANCE}
     * with {@code 2 B} degrees of freedom on each side (a second of a band {@code B} Hz wide: 1.67 for
     * the 1-20 Hz band). The level is nominal: the degrees of freedom leave out that the plane has two
     * components (conservative) and that the second before is shorter where S follows P within a
     * second (not). In simulated band-passed noise (2,000 draws each) the AIC split of one trace,
     * searched over 2-15 s, passes it in 2-4 % of draws, of two components in 0.3-1.1 %.
     *
     * @param rate the sampling rate (Hz), which caps the band at 0.45 of it
     * @return the least RMS ratio, after over before
     */
    double sRiseRatio(double rate) {
        double high = bandTop(rate);
        double dof = Math.max(2, 2 * (high - bandLowHz));
        return Math.sqrt(new FDistribution(null, dof, dof).inverseCumulativeProbability(1 - S_RISE_SIGNIFICANCE));
    }

    /**
     * The rise at an S onset: the RMS of {@code xs} in the second from {@code k} (not past
     * {@code limit}, the S search's end) over that in the second before it (not before P).
     *
     * @param xs the traces
     * @param p P's index
     * @param k the onset's index
     * @param limit the end of the S search (exclusive)
     * @param rate sampling rate (Hz)
     * @return the ratio; 0 where nothing follows the onset or nothing moves after it, infinite where
     *     the motion rises from nothing (no second before it, or a silent one)
     */
    static double sRise(double[][] xs, int p, int k, int limit, double rate) {
        int w = Math.max(1, (int) Math.round(rate));
        int a1 = Math.min(Math.min(xs[0].length, limit), k + w);
        int b0 = Math.max(Math.max(0, p), k - w);
        if (a1 <= k) {
            return 0;
        }
        double after = 0;
        double before = 0;
        for (double[] x : xs) {
            after += Math.pow(Signals.rms(x, k, a1), 2);
            before += k > b0 ? Math.pow(Signals.rms(x, b0, k), 2) : 0;
        }
        if (!(after > 0)) {
            return 0;
        }
        return before > 0 ? Math.sqrt(after / before) : Double.POSITIVE_INFINITY;
    }

    /**
     * Where S is searched up to: the end of the 0.2 s in which the motion in the plane (energy per
     * component) exceeds that along {@code along} the most; P's own motion, and the P coda that leaks
     * into the plane where P is not purely rectilinear, lie mostly along P and never count, however
     * strong. Where the plane never exceeds it (or there is no {@code along}), its strongest 0.2 s.
     */
    private static int sSearchPeak(double[][] plane, double[] along, int from, int to, double rate) {
        if (along == null) {
            return energyPeak(plane, from, to, rate);
        }
        int w = Math.max(1, (int) Math.round(PEAK_SECONDS * rate));
        double[] inPlane = runningEnergy(plane, from, to, w);
        double[] onAxis = runningEnergy(new double[][] {along}, from, to, w);
        double best = 0;
        int at = -1;
        for (int k = from + w - 1; k < to; k++) {
            double excess = inPlane[k - from] / plane.length - onAxis[k - from];
            if (excess > best) {
                best = excess;
                at = k;
            }
        }
        return at >= 0 ? at : peakOf(inPlane, from);
    }

    /**
     * Where the S search's AIC starts: the start of the quietest 0.2 s of the plane in
     * {@code [from, to)}, so that the stretch it splits rises to S from the P coda's low; from the
     * P coda's decay before it, AIC would split at the fall as readily as at the rise.
     */
    private static int sSearchStart(double[][] plane, int from, int to, double rate) {
        int w = Math.max(1, (int) Math.round(PEAK_SECONDS * rate));
        if (to - from < w) {
            return from;
        }
        double[] run = runningEnergy(plane, from, to, w);
        double least = Double.POSITIVE_INFINITY;
        int at = from;
        for (int k = from + w - 1; k < to; k++) {
            if (run[k - from] < least) {
                least = run[k - from];
                at = k - w + 1;
            }
        }
        return at;
    }

    /** Index of the largest 0.2 s RMS of the given traces within [from, to). */
    private static int energyPeak(double[][] xs, int from, int to, double rate) {
        return peakOf(runningEnergy(xs, from, to, Math.max(1, (int) Math.round(PEAK_SECONDS * rate))), from);
    }

    /** @return the index (from {@code from}) of the first largest value of a {@link #runningEnergy} */
    private static int peakOf(double[] run, int from) {
        double best = -1;
        int at = from;
        for (int k = 0; k < run.length; k++) {
            if (run[k] > best) {
                best = run[k];
                at = from + k;
            }
        }
        return at;
    }

    /**
     * @return for each {@code k} in {@code [from, to)} (at {@code k - from}), the energy of the traces
     *     summed over the {@code w} samples ending at {@code k} (fewer at the start)
     */
    private static double[] runningEnergy(double[][] xs, int from, int to, int w) {
        double[] out = new double[Math.max(0, to - from)];
        double run = 0;
        for (int k = from; k < to; k++) {
            for (double[] x : xs) {
                run += x[k] * x[k];
                if (k - from >= w) {
                    run -= x[k - w] * x[k - w];
                }
            }
            out[k - from] = run;
        }
        return out;
    }


    /** @return the RMS over {@code [from, to)} of the components together (their mean square's root) */
    private static double rms(double[][] x, int from, int to) {
        double s = 0;
        for (double[] c : x) {
            double r = Signals.rms(c, from, to);
            s += r * r;
        }
        return Math.sqrt(s / x.length);
    }

    /**
     * The horizontals' RMS over the vertical's in the second after {@code t}: about 1 or less at a P
     * arrival, more at S, whose motion is mostly horizontal.
     *
     * @param f band-passed data holding the second after {@code t}
     * @param t the onset
     * @return the ratio; 1 without a vertical or without horizontals
     */
    public double horizontalToVertical(Filtered f, Instant t) {
        return horizontalToVertical(f, (int) Math.max(0, f.segment.indexOf(t)), f.segment.sampleRate());
    }

    /** RMS of the horizontals over RMS of the vertical in the second after {@code i} (1 without horizontals). */
    private static double horizontalToVertical(Filtered f, int i, double rate) {
        if (f.data[0] == null || (f.data[1] == null && f.data[2] == null)) {
            return 1;
        }
        int to = i + (int) Math.round(rate);
        double z = Signals.rms(f.data[0], i, to);
        return z > 0 ? rms(horizontals(f), i, to) / z : 1;
    }

    /**
     * Searches {@code z} (the vertical, or the horizontals together: the RMS over them) up to {@code
     * min(maxSMinusP, 15 s)} before {@code i}, to half a second before it, for the onset with the
     * strongest after/before RMS ratio (the second after it against the 2.8 s ending 0.2 s before
     * it), among those the motion stays above: the RMS of every second
     * from the onset to {@code i} (on a 0.05 s grid, the last ones cut at {@code i}) at least
     * {@value #SUSTAIN_RATIO} times that before it (a P arrival's coda lasts until S; a burst of noise
     * falls back). Returns it when that ratio is above 2; else, where none stays above, the onset
     * with the strongest ratio of at least {@value #IMPULSIVE_RATIO} (an impulsive P whose coda died
     * down before S); else -1.
     */
    private int lookBack(double[][] z, int i, double rate) {
        int from = (int) Math.max(Math.round(3 * rate), i - Math.round(Math.min(maxSMinusPSeconds, 15) * rate));
        int to = i - (int) Math.round(0.5 * rate);
        if (to <= from) {
            return -1;
        }
        int step = Math.max(1, (int) Math.round(rate / 20));
        int w = (int) Math.round(rate);
        // quietest second from each grid point to i: the RMS of the seconds starting on the grid, the
        // last ones cut at i (every grid point lies at least half a second before it), least from
        // the end backwards
        int points = (to - from + step - 1) / step;
        double[] second = new double[points];
        double[] quietest = new double[points + 1];
        quietest[points] = Double.POSITIVE_INFINITY;
        for (int j = points - 1; j >= 0; j--) {
            int q = from + j * step;
            second[j] = rms(z, q, Math.min(i, q + w));
            quietest[j] = Math.min(quietest[j + 1], second[j]);
        }
        int bestAt = -1;
        double best = 2.0;
        int clearAt = -1;
        double clear = IMPULSIVE_RATIO;
        for (int j = 0; j < points; j++) {
            int k = from + j * step;
            double before = rms(z, k - (int) Math.round(3 * rate), k - (int) Math.round(0.2 * rate));
            double after = second[j];
            if (!(before > 0)) {
                continue;
            }
            if (after / before > best && quietest[j] >= SUSTAIN_RATIO * before) {
                best = after / before;
                bestAt = k;
            }
            if (after / before >= clear) {
                clear = after / before;
                clearAt = k;
            }
        }
        // an impulsive P whose coda died down before S still stands out clearly
        return bestAt >= 0 ? bestAt : clearAt;
    }


}
