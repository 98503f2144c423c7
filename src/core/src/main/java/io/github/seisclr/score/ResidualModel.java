package io.github.seisclr.score;

import java.util.Objects;

/**
 * How surprising a frame's last second is given the seconds before it: each feature's last second
 * is predicted from its past by a {@link ResidualLine}, and what is left over is scored by its
 * squared Mahalanobis distance under a robust Gaussian of the residuals of the station's background
 * ({@link BackgroundModel}). Noise is about as predictable from its past as it was fitted to be; an
 * onset is not, even where the event lasts long enough to become part of the background a plain
 * distance is measured from.
 */
public final class ResidualModel {
    private final ResidualLine line;
    private final BackgroundModel residuals;

    /**
     * @param line the per-feature lines
     * @param residuals the Gaussian of the residuals they leave on background frames
     * @throws IllegalArgumentException when the two are not of the same features
     */
    public ResidualModel(ResidualLine line, BackgroundModel residuals) {
        this.line = Objects.requireNonNull(line, "line");
        this.residuals = Objects.requireNonNull(residuals, "residuals");
        if (line.dimension() != residuals.dimension()) {
            throw new IllegalArgumentException("a line of " + line.dimension() + " features and residuals of "
                    + residuals.dimension());
        }
    }

    /**
     * Fits the lines on pairs ({@link ResidualLine#fit}), or takes {@code line} when given, then the
     * Gaussian of the residuals with the same trim.
     *
     * @param y the last second's (compressed) values, {@code [n][d]}, n at least {@link BackgroundModel#minVectors}
     * @param x the seconds before's, {@code [n][d]}
     * @param line the lines to use, or null to fit them on these pairs
     * @param trim the trimmed share, 0 to 0.5
     * @return the model
     */
    public static ResidualModel fit(double[][] y, double[][] x, ResidualLine line, double trim) {
        ResidualLine l = line != null ? line : ResidualLine.fit(y, x, trim);
        double[][] r = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            r[i] = new double[l.dimension()];
            l.residual(y[i], x[i], r[i]);
        }
        return new ResidualModel(l, BackgroundModel.fit(r, trim));
    }

    /**
     * @param y the last second's values
     * @param x the seconds before's
     * @param scratch a buffer of the features' length (overwritten)
     * @return the squared Mahalanobis distance of the residual
     */
    public double distanceSquared(double[] y, double[] x, double[] scratch) {
        line.residual(y, x, scratch);
        return residuals.distanceSquared(scratch);
    }

    /**
     * @param y the last second's values
     * @param x the seconds before's
     * @param out gets the residual (may be {@code y})
     */
    public void residual(double[] y, double[] x, double[] out) {
        line.residual(y, x, out);
    }

    /**
     * Squared distances of residuals already formed ({@link #residual}), as
     * {@link BackgroundModel#distancesSquared} gives them.
     *
     * @param residual residuals
     * @param from first index
     * @param to end index (exclusive)
     * @param out {@code out[i]} gets residual {@code i}'s squared distance
     */
    public void distancesSquared(double[][] residual, int from, int to, double[] out) {
        residuals.distancesSquared(residual, from, to, out);
    }

    /**
     * @param newer a model of recent background of the same features
     * @param weight its weight, 0 to 1
     * @return the lines and residual Gaussians blended as their mixtures
     */
    public ResidualModel blend(ResidualModel newer, double weight) {
        return new ResidualModel(line.blend(newer.line, weight), residuals.blend(newer.residuals, weight));
    }

    /**
     * The residual Gaussian moved to other lines: the residuals under {@code other} are these plus
     * {@code (a - a') + (b - b') x} per feature, so each feature's mean moves by {@code (a - a') +
     * (b - b') mean(x)} and its variance grows by {@code (b - b')^2 var(x)} (with the moments of
     * {@code x} behind these lines). The covariances between features, and between a residual and
     * its {@code x}, are not kept by the lines, so they are left as they are. Exact for the means and
     * variances where the residuals and {@code x} are uncorrelated, as least-squares residuals are
     * with their predictor on the pairs the lines were fitted on, without a trim; approximate where
     * the lines were fitted on a trimmed share and the Gaussian on another (as
     * {@link ResidualLine#fit} and {@link #fit} do), and the covariance's ridge stays the one it had.
     *
     * @param other lines of the same features
     * @return the model with {@code other}'s lines and the residual Gaussian moved to them
     */
    public ResidualModel under(ResidualLine other) {
        int d = dimension();
        if (other.dimension() != d) {
            throw new IllegalArgumentException("dimension " + other.dimension() + " differs from " + d);
        }
        double[] a = line.intercept();
        double[] b = line.slope();
        double[] a2 = other.intercept();
        double[] b2 = other.slope();
        double[] mx = line.meanX();
        double[] vx = line.varX();
        double[] mean = residuals.mean();
        double[][] cov = residuals.covariance();
        for (int q = 0; q < d; q++) {
            mean[q] += (a[q] - a2[q]) + (b[q] - b2[q]) * mx[q];
            cov[q][q] += (b[q] - b2[q]) * (b[q] - b2[q]) * vx[q];
        }
        return new ResidualModel(other, BackgroundModel.of(mean, cov, residuals.trim(), residuals.fittedOn()));
    }

    /** @return the per-feature lines */
    public ResidualLine line() {
        return line;
    }

    /** @return the Gaussian of the residuals */
    public BackgroundModel residuals() {
        return residuals;
    }

    /** @return the number of features */
    public int dimension() {
        return line.dimension();
    }
}
