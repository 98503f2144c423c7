package io.github.seisclr.score;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.util.KthSelector;

/**
 * A robust Gaussian model of background feature vectors, scored by Mahalanobis distance.
 *
 * <p>Fitting follows the concentration steps of the minimum covariance determinant estimator
 * (Rousseeuw and Van Driessen 1999): start from the coordinate-wise median and a diagonal
 * covariance, then repeatedly keep the {@code 1 - trim} share of vectors nearest the current fit
 * and refit mean and covariance on them. Events are rare and far from the background, so they are
 * trimmed away rather than absorbed. The covariance is shrunk towards its diagonal (Ledoit-Wolf
 * style, fixed weight) so that it stays invertible with few vectors.
 */
public final class BackgroundModel {
    /** Weight of the shrinkage towards the diagonal: off-diagonal covariances are multiplied by {@code 1 - SHRINK}. */
    private static final double SHRINK = 0.1;
    /**
     * Ridge added to every variance, as a share of the mean variance: sparse features with nearly
     * no variance in the background must not turn every small excursion into a huge distance.
     */
    private static final double RIDGE = 0.05;
    private final double[] mean;
    private final double[][] covariance;
    /** Rows of the lower-triangular {@code L^-1} ({@code Sigma = L L^T}), each up to its diagonal, one after another. */
    private final double[] rows;
    private final int dimension;
    private final double trim;
    private final int fittedOn;

    private BackgroundModel(double[] mean, double[][] covariance, double trim, int fittedOn) {
        this.mean = mean;
        this.covariance = covariance;
        this.dimension = mean.length;
        this.rows = packRows(invFactor(covariance));
        this.trim = trim;
        this.fittedOn = fittedOn;
    }

    /**
     * @param dimension the vectors' dimension
     * @return the fewest vectors {@link #fit} takes: twice the dimension
     */
    public static int minVectors(int dimension) {
        return 2 * dimension;
    }

    /**
     * @param vectors background candidates {@code [n][d]}, n at least 2 d
     * @param trim share of vectors treated as outliers at each step, 0 to 0.5
     * @return the fitted model
     */
    public static BackgroundModel fit(double[][] vectors, double trim) {
        int n = vectors.length;
        if (n == 0) {
            throw new IllegalArgumentException("no vectors to fit a background model to");
        }
        int d = vectors[0].length;
        if (n < minVectors(d)) {
            throw new IllegalArgumentException("need at least " + minVectors(d) + " vectors to fit a " + d
                    + "-dimensional background, got " + n + " (too little data: give at least a few minutes)");
        }
        if (!(trim >= 0 && trim <= 0.5)) {
            throw new IllegalArgumentException("trim must be 0 to 0.5, got " + trim);
        }
        double[] mu = new double[d];
        double[] col = new double[n];
        double[] dev = new double[n];
        double[] var = new double[d];
        // order statistics by selection rather than sorting: the same values, several times faster
        KthSelector select = new KthSelector();
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < n; i++) {
                col[i] = vectors[i][k];
            }
            mu[k] = select.select(col, null, n / 2);
            for (int i = 0; i < n; i++) {
                dev[i] = Math.abs(vectors[i][k] - mu[k]);
            }
            double mad = 1.4826 * select.select(dev, null, n / 2);
            var[k] = Math.max(mad * mad, 1e-12);
        }
        double[][] cov = new double[d][d];
        for (int k = 0; k < d; k++) {
            cov[k][k] = var[k];
        }
        BackgroundModel m = new BackgroundModel(mu, cov, trim, n);
        int keep = Math.max(2 * d, (int) Math.round(n * (1 - trim)));
        for (int step = 0; step < 4; step++) {
            double[] dist = new double[n];
            m.distancesSquared(vectors, 0, n, dist);
            double cut = select.select(dist.clone(), null, keep - 1);
            double[] newMu = new double[d];
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (dist[i] <= cut) {
                    for (int k = 0; k < d; k++) {
                        newMu[k] += vectors[i][k];
                    }
                    count++;
                }
            }
            for (int k = 0; k < d; k++) {
                newMu[k] /= count;
            }
            double[][] c = new double[d][d];
            for (int i = 0; i < n; i++) {
                if (dist[i] <= cut) {
                    for (int a = 0; a < d; a++) {
                        double da = vectors[i][a] - newMu[a];
                        for (int b = 0; b <= a; b++) {
                            c[a][b] += da * (vectors[i][b] - newMu[b]);
                        }
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b <= a; b++) {
                    c[a][b] /= count - 1;
                }
            }
            m = new BackgroundModel(newMu, regularise(c), trim, n);
        }
        return m;
    }

    /**
     * Shrinks a covariance towards its diagonal and adds a ridge, as every background model's
     * covariance is: the off-diagonal entries times 0.9, every variance plus 5 % of the mean
     * variance (at least 1e-12), so that it stays invertible with few vectors and sparse features.
     *
     * @param covariance {@code [d][d]} with its lower triangle (diagonal included) filled; changed in
     *     place into the full symmetric result
     * @return {@code covariance}
     */
    public static double[][] regularise(double[][] covariance) {
        int d = covariance.length;
        double meanVar = 0;
        for (int a = 0; a < d; a++) {
            meanVar += covariance[a][a] / d;
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                covariance[a][b] *= 1 - SHRINK;
                covariance[b][a] = covariance[a][b];
            }
            covariance[a][a] = Math.max(covariance[a][a] + RIDGE * meanVar, 1e-12);
        }
        return covariance;
    }

    private static double[][] invFactor(double[][] cov) {
        RealMatrix l = new CholeskyDecomposition(new Array2DRowRealMatrix(cov), 1e-12, 1e-15).getL();
        int d = cov.length;
        double[][] inv = new double[d][d];
        // forward substitution for L^-1
        for (int col = 0; col < d; col++) {
            for (int row = col; row < d; row++) {
                double s = row == col ? 1 : 0;
                for (int k = col; k < row; k++) {
                    s -= l.getEntry(row, k) * inv[k][col];
                }
                inv[row][col] = s / l.getEntry(row, row);
            }
        }
        return inv;
    }

    private static double[] packRows(double[][] lower) {
        int d = lower.length;
        double[] packed = new double[d * (d + 1) / 2];
        int i = 0;
        for (int row = 0; row < d; row++) {
            for (int col = 0; col <= row; col++) {
                packed[i++] = lower[row][col];
            }
        }
        return packed;
    }

    /**
     * @param v a feature vector
     * @return its squared Mahalanobis distance from the background
     */
    public double distanceSquared(double[] v) {
        double[] c = new double[dimension];
        for (int k = 0; k < dimension; k++) {
            c[k] = v[k] - mean[k];
        }
        // z = L^-1 c row by row; four partial sums break the chain of dependent additions that
        // would otherwise bound the speed (this runs for every frame: a million per station-day)
        double s = 0;
        int at = 0;
        for (int row = 0; row < dimension; row++) {
            double a0 = 0;
            double a1 = 0;
            double a2 = 0;
            double a3 = 0;
            int k = 0;
            for (; k + 3 <= row; k += 4) {
                a0 += rows[at + k] * c[k];
                a1 += rows[at + k + 1] * c[k + 1];
                a2 += rows[at + k + 2] * c[k + 2];
                a3 += rows[at + k + 3] * c[k + 3];
            }
            for (; k <= row; k++) {
                a0 += rows[at + k] * c[k];
            }
            double z = (a0 + a1) + (a2 + a3);
            s += z * z;
            at += row + 1;
        }
        return s;
    }

    /**
     * Squared distances of many vectors, each exactly (bit for bit) {@link #distanceSquared}'s:
     * the same sums in the same order, run across a block of vectors at a time so that the inner
     * loops vectorise (about 1.7 times faster).
     *
     * @param v vectors
     * @param from first index
     * @param to end index (exclusive)
     * @param out {@code out[i]} gets vector {@code i}'s squared distance
     */
    public void distancesSquared(double[][] v, int from, int to, double[] out) {
        int block = 256;
        double[][] c = new double[dimension][block];
        double[] a0 = new double[block];
        double[] a1 = new double[block];
        double[] a2 = new double[block];
        double[] a3 = new double[block];
        double[] s = new double[block];
        for (int b0 = from; b0 < to; b0 += block) {
            int n = Math.min(block, to - b0);
            for (int f = 0; f < n; f++) {
                double[] x = v[b0 + f];
                for (int k = 0; k < dimension; k++) {
                    c[k][f] = x[k] - mean[k];
                }
            }
            java.util.Arrays.fill(s, 0);
            int at = 0;
            for (int row = 0; row < dimension; row++) {
                java.util.Arrays.fill(a0, 0);
                java.util.Arrays.fill(a1, 0);
                java.util.Arrays.fill(a2, 0);
                java.util.Arrays.fill(a3, 0);
                int k = 0;
                for (; k + 3 <= row; k += 4) {
                    double r0 = rows[at + k];
                    double r1 = rows[at + k + 1];
                    double r2 = rows[at + k + 2];
                    double r3 = rows[at + k + 3];
                    double[] c0 = c[k];
                    double[] c1 = c[k + 1];
                    double[] c2 = c[k + 2];
                    double[] c3 = c[k + 3];
                    for (int f = 0; f < n; f++) {
                        a0[f] += r0 * c0[f];
                        a1[f] += r1 * c1[f];
                        a2[f] += r2 * c2[f];
                        a3[f] += r3 * c3[f];
                    }
                }
                for (; k <= row; k++) {
                    double r0 = rows[at + k];
                    double[] c0 = c[k];
                    for (int f = 0; f < n; f++) {
                        a0[f] += r0 * c0[f];
                    }
                }
                for (int f = 0; f < n; f++) {
                    double z = (a0[f] + a1[f]) + (a2[f] + a3[f]);
                    s[f] += z * z;
                }
                at += row + 1;
            }
            System.arraycopy(s, 0, out, b0, n);
        }
    }

    /**
     * A slow update towards a newer fit: the Gaussian matching the mixture of this model (weight
     * {@code 1 - weight}) and {@code newer} (weight {@code weight}).
     *
     * @param newer a model fitted on recent background
     * @param weight its weight, 0 to 1
     * @return the blended model
     */
    public BackgroundModel blend(BackgroundModel newer, double weight) {
        if (newer.dimension != dimension) {
            throw new IllegalArgumentException("dimension " + newer.dimension + " differs from " + dimension);
        }
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("weight must be 0 to 1, got " + weight);
        }
        double[] mu = new double[dimension];
        for (int k = 0; k < dimension; k++) {
            mu[k] = (1 - weight) * mean[k] + weight * newer.mean[k];
        }
        double[][] c = new double[dimension][dimension];
        for (int a = 0; a < dimension; a++) {
            double da = mean[a] - newer.mean[a];
            for (int b = 0; b <= a; b++) {
                // one triangle, mirrored: (w da) db and (w db) da can differ in the last bit, and the
                // Cholesky factorisation refuses a matrix that is not exactly symmetric
                c[a][b] = (1 - weight) * covariance[a][b] + weight * newer.covariance[a][b]
                        + weight * (1 - weight) * da * (mean[b] - newer.mean[b]);
                c[b][a] = c[a][b];
            }
        }
        return new BackgroundModel(mu, c, trim, fittedOn + newer.fittedOn);
    }

    /**
     * A model from its parts, e.g. as saved by {@link #mean()} and {@link #covariance()}.
     *
     * @param mean the mean feature vector
     * @param covariance the covariance matrix, symmetric and positive definite
     * @param trim the trimmed share it was fitted with, 0 to 0.5
     * @param fittedOn vectors it was fitted on
     * @return the model
     * @throws IllegalArgumentException for parts that do not make a model (empty, not square, not
     *     finite, not symmetric, not positive definite)
     */
    public static BackgroundModel of(double[] mean, double[][] covariance, double trim, int fittedOn) {
        int d = mean.length;
        if (d == 0 || covariance.length != d) {
            throw new IllegalArgumentException("covariance is " + covariance.length + " rows for a " + d + "-d mean");
        }
        for (int a = 0; a < d; a++) {
            if (!Double.isFinite(mean[a]) || covariance[a].length != d) {
                throw new IllegalArgumentException("mean or covariance row " + a + " is not finite or not " + d + " long");
            }
            for (int b = 0; b < d; b++) {
                if (!Double.isFinite(covariance[a][b]) || covariance[a][b] != covariance[b][a]) {
                    throw new IllegalArgumentException("covariance is not finite and symmetric at " + a + "," + b);
                }
            }
        }
        if (!(trim >= 0 && trim <= 0.5) || fittedOn < 0) {
            throw new IllegalArgumentException("trim " + trim + " or fittedOn " + fittedOn + " out of range");
        }
        double[][] c = new double[d][];
        for (int a = 0; a < d; a++) {
            c[a] = covariance[a].clone();
        }
        try {
            return new BackgroundModel(mean.clone(), c, trim, fittedOn);
        } catch (org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException
                 | org.apache.commons.math3.linear.NonSymmetricMatrixException e) {
            throw new IllegalArgumentException("covariance is not positive definite: " + e.getMessage(), e);
        }
    }

    /** @return a copy of the mean feature vector */
    public double[] mean() {
        return mean.clone();
    }

    /** @return a copy of the covariance matrix */
    public double[][] covariance() {
        double[][] c = new double[dimension][];
        for (int a = 0; a < dimension; a++) {
            c[a] = covariance[a].clone();
        }
        return c;
    }

    /** @return feature dimension */
    public int dimension() {
        return dimension;
    }

    /** @return the trimmed share used in fitting */
    public double trim() {
        return trim;
    }

    /** @return number of vectors it was fitted on */
    public int fittedOn() {
        return fittedOn;
    }
}
