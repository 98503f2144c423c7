package io.github.seisclr.model;

import io.github.seisclr.score.BackgroundModel;

/**
 * The symmetric InfoNCE loss over a batch of view pairs (NT-Xent; Oord et al. 2018, Chen et al.
 * 2020) and its gradient with respect to the projections, in double precision.
 *
 * <p>With {@code S = z1 z2^T / t}: view 1 of window {@code i} must pick out view 2 of window
 * {@code i} among all views 2 (softmax cross-entropy over row {@code i} of {@code S}), and view 2
 * must pick out view 1 likewise (over column {@code i}); the loss is the mean of both directions
 * over the batch. With transient negatives {@code z3}, each row also holds the similarities to all
 * of them ({@code z1 z3^T / t}, {@code z2 z3^T / t}), which must rank below the partner.
 *
 * <p>Computing the loss here, from projections a forward pass produced, is what lets training run
 * the encoder's backward passes in independent chunks (gradient caching, Gao et al. 2021): the
 * gradient with respect to the projections couples the whole batch, but it is small, and with it
 * the weight gradients of each chunk of windows follow from that chunk alone.
 */
final class InfoNce {
    private InfoNce() {
    }

    /**
     * The loss, how often view 1 finds its partner first, and the gradients.
     *
     * @param loss the symmetric InfoNCE loss
     * @param top1 share of views 1 whose most similar view 2 is their partner (chance: 1 / batch)
     * @param gradients {@code dloss/dz} for {@code z1}, {@code z2} and, with negatives, {@code z3}
     */
    record Result(double loss, double top1, float[][][] gradients) {
    }

    /**
     * @param z1 first views' projections {@code [B][P]}
     * @param z2 second views' projections {@code [B][P]}
     * @param z3 transient negatives' projections {@code [B][P]}, or null
     * @param temperature softmax temperature
     * @return loss, top-1 retrieval and gradients
     */
    static Result of(float[][] z1, float[][] z2, float[][] z3, double temperature) {
        boolean neg = z3 != null;
        double[][] s = dots(z1, z2, temperature);
        Softmax r = symmetric(s, neg ? dots(z1, z3, temperature) : null, neg ? dots(z2, z3, temperature) : null);
        float[][] g1 = combine(r.ds, false, z2, r.dn1, false, z3, temperature);
        float[][] g2 = combine(r.ds, true, z1, r.dn2, false, z3, temperature);
        float[][][] g = neg ? new float[][][] {g1, g2, combine(r.dn1, true, z1, r.dn2, true, z2, temperature)}
                : new float[][][] {g1, g2};
        return new Result(r.loss, (double) r.hits / z1.length, g);
    }

    /**
     * The same loss with a distance critic: the similarity of context {@code c_i} and target
     * {@code t_j} is minus their squared distance under {@code precision} (the batch's whitening,
     * {@link #whitening}), divided by the dimension and the temperature. The context then has to
     * lie nearest its own target in the metric the detector thresholds, rather than point the same
     * way after a learned head. {@code precision} is a constant of the step (no gradient through it).
     *
     * @param c contexts {@code [B][D]}
     * @param t targets {@code [B][D]}
     * @param precision {@code [D][D]}, symmetric
     * @param temperature softmax temperature
     * @return loss, top-1 retrieval and the gradients for {@code c} and {@code t}
     */
    static Result distance(float[][] c, float[][] t, double[][] precision, double temperature) {
        int b = c.length;
        int d = c[0].length;
        double scale = 1 / (d * temperature);
        double[][] s = new double[b][b];
        double[] diff = new double[d];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                for (int q = 0; q < d; q++) {
                    diff[q] = (double) c[i][q] - t[j][q];
                }
                s[i][j] = -scale * quadratic(precision, diff);
            }
        }
        Softmax r = symmetric(s, null, null);
        // dS_ij/dc_i = -2 scale P (c_i - t_j), dS_ij/dt_j = +2 scale P (c_i - t_j)
        double[][] dc = new double[b][d];
        double[][] dt = new double[b][d];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                double w = 2 * scale * r.ds[i][j];
                for (int q = 0; q < d; q++) {
                    double x = w * ((double) c[i][q] - t[j][q]);
                    dc[i][q] -= x;
                    dt[j][q] += x;
                }
            }
        }
        float[][] gc = new float[b][d];
        float[][] gt = new float[b][d];
        for (int i = 0; i < b; i++) {
            for (int q = 0; q < d; q++) {
                double a = 0;
                double e = 0;
                for (int k = 0; k < d; k++) {
                    a += precision[q][k] * dc[i][k];
                    e += precision[q][k] * dt[i][k];
                }
                gc[i][q] = (float) a;
                gt[i][q] = (float) e;
            }
        }
        return new Result(r.loss, (double) r.hits / b, new float[][][] {gc, gt});
    }

    private static double quadratic(double[][] p, double[] x) {
        double sum = 0;
        for (int a = 0; a < x.length; a++) {
            double row = 0;
            for (int k = 0; k < x.length; k++) {
                row += p[a][k] * x[k];
            }
            sum += x[a] * row;
        }
        return sum;
    }

    /**
     * The inverse of the rows' covariance, shrunk as the detector's background model shrinks it
     * ({@link BackgroundModel#regularise}), so that a batch with fewer rows than dimensions still
     * has one.
     *
     * @param x rows {@code [n][d]}, n at least 2
     * @return {@code [d][d]}
     */
    static double[][] whitening(float[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        for (float[] row : x) {
            for (int q = 0; q < d; q++) {
                mean[q] += row[q] / (double) n;
            }
        }
        double[][] cov = new double[d][d];
        for (float[] row : x) {
            for (int a = 0; a < d; a++) {
                double da = row[a] - mean[a];
                for (int k = 0; k <= a; k++) {
                    cov[a][k] += da * (row[k] - mean[k]) / (n - 1);
                }
            }
        }
        return new org.apache.commons.math3.linear.CholeskyDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(BackgroundModel.regularise(cov), false),
                1e-12, 1e-15)
                .getSolver().getInverse().getData();
    }

    /** The softmax part of the symmetric loss over similarities {@code s} (and negatives). */
    private record Softmax(double loss, int hits, double[][] ds, double[][] dn1, double[][] dn2) {
    }

    private static Softmax symmetric(double[][] s, double[][] n1, double[][] n2) {
        int b = s.length;
        boolean neg = n1 != null;
        double[][] ds = new double[b][b];
        double[][] dn1 = neg ? new double[b][b] : null;
        double[][] dn2 = neg ? new double[b][b] : null;
        double w = 0.5 / b; // half of each direction's mean over the batch
        double loss = 0;
        int hits = 0;
        double[] row = new double[neg ? 2 * b : b];
        for (int i = 0; i < b; i++) { // view 1 -> view 2: row i of [S | N1]
            int best = 0;
            for (int j = 0; j < b; j++) {
                row[j] = s[i][j];
                if (s[i][j] > s[i][best]) {
                    best = j;
                }
            }
            hits += best == i ? 1 : 0;
            if (neg) {
                System.arraycopy(n1[i], 0, row, b, b);
            }
            double lse = logSumExp(row);
            loss += w * (lse - s[i][i]);
            for (int j = 0; j < b; j++) {
                ds[i][j] += w * Math.exp(row[j] - lse);
            }
            ds[i][i] -= w;
            if (neg) {
                for (int k = 0; k < b; k++) {
                    dn1[i][k] = w * Math.exp(row[b + k] - lse);
                }
            }
        }
        for (int j = 0; j < b; j++) { // view 2 -> view 1: column j of S, then row j of N2
            for (int i = 0; i < b; i++) {
                row[i] = s[i][j];
            }
            if (neg) {
                System.arraycopy(n2[j], 0, row, b, b);
            }
            double lse = logSumExp(row);
            loss += w * (lse - s[j][j]);
            for (int i = 0; i < b; i++) {
                ds[i][j] += w * Math.exp(row[i] - lse);
            }
            ds[j][j] -= w;
            if (neg) {
                for (int k = 0; k < b; k++) {
                    dn2[j][k] = w * Math.exp(row[b + k] - lse);
                }
            }
        }
        return new Softmax(loss, hits, ds, dn1, dn2);
    }

    /** {@code a_i . b_j / t} for all pairs. */
    private static double[][] dots(float[][] a, float[][] b, double t) {
        double[][] out = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                double d = 0;
                for (int q = 0; q < a[i].length; q++) {
                    d += (double) a[i][q] * b[j][q];
                }
                out[i][j] = d / t;
            }
        }
        return out;
    }

    private static double logSumExp(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    /**
     * {@code (da x + db y) / t} with {@code da}, {@code db} optionally transposed (and {@code db}
     * absent without negatives): the chain rule from similarities to one set of projections.
     */
    private static float[][] combine(double[][] da, boolean transposeA, float[][] x, double[][] db,
                                     boolean transposeB, float[][] y, double t) {
        int b = x.length;
        int p = x[0].length;
        float[][] out = new float[b][p];
        double[] acc = new double[p];
        for (int i = 0; i < b; i++) {
            java.util.Arrays.fill(acc, 0);
            for (int j = 0; j < b; j++) {
                double c = transposeA ? da[j][i] : da[i][j];
                for (int q = 0; q < p; q++) {
                    acc[q] += c * x[j][q];
                }
            }
            if (db != null) {
                for (int k = 0; k < b; k++) {
                    double c = transposeB ? db[k][i] : db[i][k];
                    for (int q = 0; q < p; q++) {
                        acc[q] += c * y[k][q];
                    }
                }
            }
            for (int q = 0; q < p; q++) {
                out[i][q] = (float) (acc[q] / t);
            }
        }
        return out;
    }
}
