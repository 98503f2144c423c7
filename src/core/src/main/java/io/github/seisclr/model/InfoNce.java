package io.github.seisclr.model;

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
        int b = z1.length;
        boolean neg = z3 != null;
        double[][] s = dots(z1, z2, temperature);
        double[][] n1 = neg ? dots(z1, z3, temperature) : null;
        double[][] n2 = neg ? dots(z2, z3, temperature) : null;
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
        float[][] g1 = combine(ds, false, z2, dn1, false, z3, temperature);
        float[][] g2 = combine(ds, true, z1, dn2, false, z3, temperature);
        float[][][] g = neg ? new float[][][] {g1, g2, combine(dn1, true, z1, dn2, true, z2, temperature)}
                : new float[][][] {g1, g2};
        return new Result(loss, (double) hits / b, g);
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
