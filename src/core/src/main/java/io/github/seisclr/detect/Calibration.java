package io.github.seisclr.detect;

import io.github.seisclr.score.BackgroundModel;

import java.util.Objects;

/**
 * What a station's background looks like to the detector: the robust Gaussian model of its
 * frame features ({@link BackgroundModel}) and the median and spread of the baseline-relative log
 * distance that turn it into a score in robust standard deviations. {@link Detector} fits one per
 * station on the data it processes; {@link IncrementalDetector} fits one on its first minutes
 * (or takes one from a batch run) and can adapt it slowly.
 *
 * @see DetectionResult#calibrations()
 */
public final class Calibration {
    private final BackgroundModel background;
    private final double median;
    private final double spread;
    private final String origin;
    private final String components;

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
        this.background = Objects.requireNonNull(background, "background");
        if (!Double.isFinite(median)) {
            throw new IllegalArgumentException("median must be finite, got " + median);
        }
        if (!(spread > 0) || !Double.isFinite(spread)) {
            throw new IllegalArgumentException("spread must be positive and finite, got " + spread);
        }
        this.median = median;
        this.spread = spread;
        this.origin = Objects.requireNonNull(origin, "origin");
        this.components = components;
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
     * @param newer a calibration from recent data
     * @param weight its weight, 0 to 1
     * @return this one moved {@code weight} of the way towards {@code newer}
     */
    Calibration blend(Calibration newer, double weight) {
        return new Calibration(background.blend(newer.background, weight),
                (1 - weight) * median + weight * newer.median,
                (1 - weight) * spread + weight * newer.spread,
                origin.endsWith(", adapted") ? origin : origin + ", adapted", components);
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
        return String.format("Calibration[median %.3f, spread %.3f, %d-d background of %d vectors, %s]", median,
                spread, background.dimension(), background.fittedOn(), origin);
    }
}
