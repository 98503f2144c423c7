package io.github.seisclr.score;

import org.apache.commons.math3.util.KthSelector;

/**
 * One straight line per feature that predicts a feature's value over the last second from its
 * value over the seconds before ({@code y = intercept + slope x}), fitted by least squares on a
 * station's background and kept as its moments (means of {@code x} and {@code y}, variance of
 * {@code x}, covariance of the two), so that two fits combine as their mixture does
 * ({@link #blend}), as {@link BackgroundModel#blend} combines two Gaussians.
 *
 * <p>In noise a feature's next second is about what the seconds before it were; at an onset it is
 * not. What the line leaves over ({@link #residual}) is the part of the last second its past did
 * not predict: {@link ResidualModel} scores it.
 */
public final class ResidualLine {
    /** A variance of {@code x} at or below this leaves the feature without a slope: its line is its mean. */
    private static final double FLAT = 1e-12;
    private final double[] meanX;
    private final double[] meanY;
    private final double[] varX;
    private final double[] covXY;
    private final double[] slope;
    private final double[] intercept;

    private ResidualLine(double[] meanX, double[] meanY, double[] varX, double[] covXY) {
        int d = meanX.length;
        if (d == 0 || meanY.length != d || varX.length != d || covXY.length != d) {
            throw new IllegalArgumentException("moments of " + d + ", " + meanY.length + ", " + varX.length + " and "
                    + covXY.length + " features do not make a line per feature");
        }
        this.meanX = meanX;
        this.meanY = meanY;
        this.varX = varX;
        this.covXY = covXY;
        slope = new double[d];
        intercept = new double[d];
        for (int q = 0; q < d; q++) {
            if (!Double.isFinite(meanX[q]) || !Double.isFinite(meanY[q]) || !(varX[q] >= 0)
                    || !Double.isFinite(varX[q]) || !Double.isFinite(covXY[q])) {
                throw new IllegalArgumentException("the moments of feature " + q + " are not finite (or a variance"
                        + " is negative)");
            }
            slope[q] = varX[q] > FLAT ? covXY[q] / varX[q] : 0;
            intercept[q] = meanY[q] - slope[q] * meanX[q];
        }
    }

    /**
     * A line from its moments, as {@link #meanX()} and the others give them.
     *
     * @throws IllegalArgumentException for moments of unequal lengths, not finite, or a negative variance
     */
    public static ResidualLine of(double[] meanX, double[] meanY, double[] varX, double[] covXY) {
        return new ResidualLine(meanX.clone(), meanY.clone(), varX.clone(), covXY.clone());
    }

    /**
     * Fits the lines on pairs of vectors, then once more on the {@code 1 - trim} share of pairs
     * whose residuals (each feature's in units of its spread, squared and summed) are smallest, so
     * that the onsets and codas among a station's frames do not bend the lines of its noise.
     *
     * @param y the values to predict, {@code [n][d]}
     * @param x what predicts them, {@code [n][d]}
     * @param trim the share of pairs left out of the second fit, 0 to 0.5
     * @return the fit
     * @throws IllegalArgumentException for fewer than two pairs, pairs of unequal shape, or a trim out of range
     */
    public static ResidualLine fit(double[][] y, double[][] x, double trim) {
        int n = y.length;
        if (n < 2 || x.length != n) {
            throw new IllegalArgumentException("a line needs at least two pairs, got " + n + " values and " + x.length
                    + " predictors");
        }
        if (!(trim >= 0 && trim <= 0.5)) {
            throw new IllegalArgumentException("trim must be 0 to 0.5, got " + trim);
        }
        boolean[] all = new boolean[n];
        java.util.Arrays.fill(all, true);
        ResidualLine first = moments(y, x, all);
        int keep = Math.max(2, (int) Math.round(n * (1 - trim)));
        if (keep >= n) {
            return first;
        }
        int d = first.dimension();
        double[] var = new double[d];
        double[] r = new double[d];
        for (int i = 0; i < n; i++) {
            first.residual(y[i], x[i], r);
            for (int q = 0; q < d; q++) {
                var[q] += r[q] * r[q] / n;
            }
        }
        double[] size = new double[n];
        for (int i = 0; i < n; i++) {
            first.residual(y[i], x[i], r);
            for (int q = 0; q < d; q++) {
                size[i] += r[q] * r[q] / Math.max(var[q], FLAT);
            }
        }
        double cut = new KthSelector().select(size.clone(), null, keep - 1);
        boolean[] kept = new boolean[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            kept[i] = size[i] <= cut && count < keep;
            count += kept[i] ? 1 : 0;
        }
        return moments(y, x, kept);
    }

    private static ResidualLine moments(double[][] y, double[][] x, boolean[] use) {
        int d = y[0].length;
        double[] mx = new double[d];
        double[] my = new double[d];
        double[] vx = new double[d];
        double[] cxy = new double[d];
        int n = 0;
        for (int i = 0; i < y.length; i++) {
            if (!use[i]) {
                continue;
            }
            if (y[i].length != d || x[i].length != d) {
                throw new IllegalArgumentException("pair " + i + " is not of " + d + " features");
            }
            n++;
            for (int q = 0; q < d; q++) {
                mx[q] += x[i][q];
                my[q] += y[i][q];
            }
        }
        for (int q = 0; q < d; q++) {
            mx[q] /= n;
            my[q] /= n;
        }
        for (int i = 0; i < y.length; i++) {
            if (!use[i]) {
                continue;
            }
            for (int q = 0; q < d; q++) {
                double dx = x[i][q] - mx[q];
                vx[q] += dx * dx;
                cxy[q] += dx * (y[i][q] - my[q]);
            }
        }
        for (int q = 0; q < d; q++) {
            vx[q] /= n;
            cxy[q] /= n;
        }
        return new ResidualLine(mx, my, vx, cxy);
    }

    /**
     * @param y the last second's values
     * @param x the seconds before's
     * @param out gets {@code y - intercept - slope x}, feature by feature (may be {@code y} or {@code x})
     */
    public void residual(double[] y, double[] x, double[] out) {
        for (int q = 0; q < slope.length; q++) {
            out[q] = y[q] - intercept[q] - slope[q] * x[q];
        }
    }

    /**
     * The line of the mixture of the pairs behind this fit (weight {@code 1 - weight}) and behind
     * {@code newer} (weight {@code weight}).
     *
     * @param newer another fit of the same features
     * @param weight its weight, 0 to 1
     * @return the blended line
     */
    public ResidualLine blend(ResidualLine newer, double weight) {
        int d = dimension();
        if (newer.dimension() != d) {
            throw new IllegalArgumentException("dimension " + newer.dimension() + " differs from " + d);
        }
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("weight must be 0 to 1, got " + weight);
        }
        double w = weight;
        double[] mx = new double[d];
        double[] my = new double[d];
        double[] vx = new double[d];
        double[] cxy = new double[d];
        for (int q = 0; q < d; q++) {
            double dx = meanX[q] - newer.meanX[q];
            double dy = meanY[q] - newer.meanY[q];
            mx[q] = (1 - w) * meanX[q] + w * newer.meanX[q];
            my[q] = (1 - w) * meanY[q] + w * newer.meanY[q];
            vx[q] = (1 - w) * varX[q] + w * newer.varX[q] + w * (1 - w) * dx * dx;
            cxy[q] = (1 - w) * covXY[q] + w * newer.covXY[q] + w * (1 - w) * dx * dy;
        }
        return new ResidualLine(mx, my, vx, cxy);
    }

    /** @return the number of features */
    public int dimension() {
        return slope.length;
    }

    /** @return the mean of the predictors, per feature (a copy) */
    public double[] meanX() {
        return meanX.clone();
    }

    /** @return the mean of the predicted values, per feature (a copy) */
    public double[] meanY() {
        return meanY.clone();
    }

    /** @return the variance of the predictors, per feature (a copy) */
    public double[] varX() {
        return varX.clone();
    }

    /** @return the covariance of predictor and predicted value, per feature (a copy) */
    public double[] covXY() {
        return covXY.clone();
    }

    /** @return the intercept of each feature's line (a copy) */
    public double[] intercept() {
        return intercept.clone();
    }

    /** @return the slope of each feature's line (a copy) */
    public double[] slope() {
        return slope.clone();
    }
}
