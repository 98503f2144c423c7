package io.github.seisclr.detect;

import io.github.seisclr.score.BackgroundModel;
import io.github.seisclr.score.ResidualModel;

import java.util.Locale;
import java.util.Objects;

/**
 * What a station's background looks like to the detector: the robust Gaussian model of its
 * frame features ({@link BackgroundModel}) and the median and spread of the baseline-relative log
 * distance that turn it into a score in robust standard deviations. {@link Detector} fits one per
 * station on the data it processes; {@link IncrementalDetector} fits one on its first minutes
 * (or takes one from a batch run) and can adapt it slowly.
 *
 * <p>A calibration can also hold the station's {@link ResidualModel} (how predictable each second
 * of its features is from the seconds before) with the median and spread of its baseline-relative
 * log residual: the score is then the mean of the two scores ({@link DetectorConfig#residual}).
 *
 * @see DetectionResult#calibrations()
 */
public final class Calibration {
    private final BackgroundModel background;
    private final double median;
    private final double spread;
    private final String origin;
    private final String components;
    private final ResidualModel residual;
    private final double residualMedian;
    private final double residualSpread;

    /**
     * @param background the background feature model
     * @param median median of the baseline-relative log distance
     * @param spread its robust spread (median minus 10th percentile, over 1.2816), times the model's
     *     score scale where the model's noise scores have a heavy upper tail (the detector's own
     *     calibrations include it; see docs/detection.md)
     * @param origin how it was made, for provenance (e.g. "batch fit on 24.0 h")
     */
    public Calibration(BackgroundModel background, double median, double spread, String origin) {
        this(background, median, spread, origin, null);
    }

    /**
     * @param background the background feature model
     * @param median median of the baseline-relative log distance
     * @param spread its robust spread, as {@link #Calibration(BackgroundModel, double, double, String)}
     * @param origin how it was made, for provenance
     * @param components the components it was fitted on ({@code ZNE}, {@code Z}, ...), or null when
     *     not known: a calibration is used only for data with the same components, since the
     *     background and score scale of three components are not those of the vertical alone
     */
    public Calibration(BackgroundModel background, double median, double spread, String origin, String components) {
        this(background, median, spread, origin, components, null, Double.NaN, Double.NaN);
    }

    private Calibration(BackgroundModel background, double median, double spread, String origin, String components,
                        ResidualModel residual, double residualMedian, double residualSpread) {
        if (residual != null) {
            if (residual.dimension() != background.dimension()) {
                throw new IllegalArgumentException("a residual model of " + residual.dimension()
                        + " features beside a background of " + background.dimension());
            }
            requireScale("residual median", residualMedian, "residual spread", residualSpread);
        }
        this.residual = residual;
        this.residualMedian = residualMedian;
        this.residualSpread = residualSpread;
        this.background = Objects.requireNonNull(background, "background");
        requireScale("median", median, "spread", spread);
        this.median = median;
        this.spread = spread;
        this.origin = Objects.requireNonNull(origin, "origin");
        this.components = components;
    }

    /**
     * Largest magnitude of a median ({@link #median()}, {@link #residualMedian()}) that a calibration
     * may hold. The detector's medians and spreads are of logs of ratios of squared distances per
     * dimension to a trailing baseline of the same values: near 0 and below 1 (0.08 and 0.27 on
     * data-samples; a heavy-tailed model's widening, about 7.1 / 4.02, widens the spread less than
     * twice). A median of 20 would put a station's typical frame e^20 (about 5e8) times its own
     * baseline: no such value comes from the detector, and one read from a damaged or edited file
     * would make every frame's score hugely negative (no detection ever) or positive.
     */
    public static final double MAX_MEDIAN = 20;
    /** Largest spread ({@link #spread()}, {@link #residualSpread()}): as {@link #MAX_MEDIAN}, a score of 5 is then e^100 above the median. */
    public static final double MAX_SPREAD = 20;
    /**
     * Smallest spread: a tenth of the detector's floor (1e-9, where a station's values are all alike),
     * leaving room for the rounding of blends; a smaller one makes every wiggle a detection.
     */
    public static final double MIN_SPREAD = 1e-10;

    /**
     * @throws IllegalArgumentException unless the median is finite and within {@link #MAX_MEDIAN} of 0,
     *     and the spread finite and from {@link #MIN_SPREAD} to {@link #MAX_SPREAD}
     */
    private static void requireScale(String medianName, double median, String spreadName, double spread) {
        if (!Double.isFinite(median)) {
            throw new IllegalArgumentException(medianName + " must be finite, got " + median);
        }
        if (Math.abs(median) > MAX_MEDIAN) {
            throw new IllegalArgumentException(medianName + " " + median + " is out of range: it must lie from -"
                    + (int) MAX_MEDIAN + " to " + (int) MAX_MEDIAN + " (the detector's medians of baseline-relative"
                    + " logs lie near 0)");
        }
        if (!(spread > 0) || !Double.isFinite(spread)) {
            throw new IllegalArgumentException(spreadName + " must be positive and finite, got " + spread);
        }
        if (spread < MIN_SPREAD || spread > MAX_SPREAD) {
            throw new IllegalArgumentException(spreadName + " " + spread + " is out of range: it must lie from "
                    + MIN_SPREAD + " to " + (int) MAX_SPREAD + " (the detector's spreads of baseline-relative logs"
                    + " lie below 1)");
        }
    }

    /**
     * @param model the station's residual model
     * @param median median of its baseline-relative log residual
     * @param spread its robust spread (as {@link #spread()}'s, without the model's widening)
     * @return this calibration with the residual part (replacing any it had)
     */
    public Calibration withResidual(ResidualModel model, double median, double spread) {
        return new Calibration(background, this.median, this.spread, origin, components,
                java.util.Objects.requireNonNull(model, "model"), median, spread);
    }

    /** @return the residual model, or null when this calibration scores the distance alone */
    public ResidualModel residual() {
        return residual;
    }

    /** @return median of the baseline-relative log residual (NaN without a residual model) */
    public double residualMedian() {
        return residualMedian;
    }

    /** @return its robust spread (NaN without a residual model) */
    public double residualSpread() {
        return residualSpread;
    }

    /** @return the background feature model */
    public BackgroundModel background() {
        return background;
    }

    /** @return median of the baseline-relative log distance */
    public double median() {
        return median;
    }

    /** @return its robust spread */
    public double spread() {
        return spread;
    }

    /** @return how it was made */
    public String origin() {
        return origin;
    }

    /** @return the components it was fitted on ({@code ZNE}, {@code Z}, ...), or null when not recorded */
    public String components() {
        return components;
    }

    /**
     * @param relative baseline-relative log distance
     * @return the score: robust standard deviations above the background median
     */
    double score(double relative) {
        return (relative - median) / spread;
    }

    /**
     * @param relative baseline-relative log distance
     * @param residualRelative baseline-relative log residual, NaN where not computed
     * @return the mean of the distance's score and the residual's (each in robust standard
     *     deviations above its median) where this calibration has a residual part and a residual is
     *     given; else the distance's score
     */
    double score(double relative, double residualRelative) {
        if (residual == null || Double.isNaN(residualRelative)) {
            return score(relative);
        }
        return 0.5 * (score(relative) + (residualRelative - residualMedian) / residualSpread);
    }

    /**
     * @param newer a calibration from recent data
     * @param weight its weight, 0 to 1
     * @return this one moved {@code weight} of the way towards {@code newer}
     */
    Calibration blend(Calibration newer, double weight) {
        // a residual part that newer lacks (adapted without the residual scored) would go stale: it
        // is dropped, so that a detector that scores the residual fits it anew
        boolean both = residual != null && newer.residual != null;
        return new Calibration(background.blend(newer.background, weight),
                (1 - weight) * median + weight * newer.median,
                (1 - weight) * spread + weight * newer.spread,
                origin.endsWith(", adapted") ? origin : origin + ", adapted", components,
                both ? residual.blend(newer.residual, weight) : null,
                both ? (1 - weight) * residualMedian + weight * newer.residualMedian : Double.NaN,
                both ? (1 - weight) * residualSpread + weight * newer.residualSpread : Double.NaN);
    }

    /** Median and spread of baseline-relative values, as the batch detector computes them. */
    static double[] medianAndSpread(double[] values) {
        double[] all = values.clone();
        java.util.Arrays.sort(all);
        double median = all[all.length / 2];
        double q10 = all[all.length / 10];
        return new double[] {median, Math.max((median - q10) / 1.2816, 1e-9)};
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Calibration[median %.3f, spread %.3f, %d-d background of %d vectors%s, %s]", median,
                spread, background.dimension(), background.fittedOn(), residual == null ? ""
                        : String.format(Locale.ROOT, ", residual median %.3f, spread %.3f", residualMedian, residualSpread), origin);
    }
}
