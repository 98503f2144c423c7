package io.github.seisclr.score;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackgroundModelTest {
    @Test
    void trimmedFitIgnoresAFifthOfOutliers() {
        Random r = new Random(1);
        int d = 4;
        double[][] v = new double[5000][d];
        for (int i = 0; i < v.length; i++) {
            for (int k = 0; k < d; k++) {
                v[i][k] = i % 5 == 0 ? 30 + 10 * r.nextGaussian() : r.nextGaussian();
            }
        }
        BackgroundModel m = BackgroundModel.fit(v, 0.25);
        // a background vector at the origin is near; an outlier is far
        double near = m.distanceSquared(new double[d]);
        double far = m.distanceSquared(new double[] {30, 30, 30, 30});
        assertTrue(near < 1, "origin distance^2 " + near);
        assertTrue(far > 1000, "outlier distance^2 " + far);
    }

    @Test
    void distanceOfGaussianBackgroundIsChiSquared() {
        Random r = new Random(2);
        int d = 8;
        double[][] v = new double[20000][d];
        for (double[] row : v) {
            for (int k = 0; k < d; k++) {
                row[k] = 3 * r.nextGaussian() + k;
            }
        }
        BackgroundModel m = BackgroundModel.fit(v, 0.0);
        double mean = 0;
        for (double[] row : v) {
            mean += m.distanceSquared(row) / v.length;
        }
        // E[chi^2_d] = d, slightly less with the ridge that guards sparse features
        assertEquals(d, mean, 0.6);
    }

    /** The fast per-frame distance is the textbook (v - mean)^T Sigma^-1 (v - mean), in 64 dimensions as the encoder gives. */
    @Test
    void distanceIsTheMahalanobisDistanceOfTheFittedGaussian() {
        java.util.Random r = new java.util.Random(4);
        int d = 64;
        double[][] v = new double[1000][d];
        for (double[] row : v) {
            double common = r.nextGaussian();
            for (int k = 0; k < d; k++) {
                row[k] = 0.5 * common + r.nextGaussian() * (1 + k % 5);
            }
        }
        BackgroundModel m = BackgroundModel.fit(v, 0.2);
        org.apache.commons.math3.linear.RealMatrix inv = new org.apache.commons.math3.linear.LUDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(m.covariance())).getSolver().getInverse();
        double[] mu = m.mean();
        for (int t = 0; t < 20; t++) {
            double[] x = new double[d];
            double[] c = new double[d];
            for (int k = 0; k < d; k++) {
                x[k] = r.nextGaussian() * 3;
                c[k] = x[k] - mu[k];
            }
            double expected = new org.apache.commons.math3.linear.ArrayRealVector(c)
                    .dotProduct(inv.operate(new org.apache.commons.math3.linear.ArrayRealVector(c)));
            assertEquals(expected, m.distanceSquared(x), 1e-9 * expected);
        }
    }

    /** The blocked distances are the per-vector ones bit for bit, across block boundaries and odd dimensions. */
    @Test
    void blockedDistancesEqualOneByOne() {
        java.util.Random r = new java.util.Random(9);
        for (int d : new int[] {64, 7}) {
            double[][] v = new double[700][d];
            for (double[] row : v) {
                for (int k = 0; k < d; k++) {
                    row[k] = r.nextGaussian() * (1 + k % 3);
                }
            }
            BackgroundModel m = BackgroundModel.fit(v, 0.2);
            double[] out = new double[v.length];
            java.util.Arrays.fill(out, -1);
            m.distancesSquared(v, 13, 690, out);
            for (int i = 0; i < v.length; i++) {
                double expected = i >= 13 && i < 690 ? m.distanceSquared(v[i]) : -1;
                assertEquals(expected, out[i], 0.0, "d " + d + ", vector " + i);
            }
        }
    }

    @Test
    void tooFewVectorsIsRefusedWithAFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackgroundModel.fit(new double[10][64], 0.25));
        assertTrue(e.getMessage().contains("at least 128"), e.getMessage());
    }

    /**
     * Blending models whose covariance and mean-difference terms nearly cancel (alternating-sign
     * correlations, opposite mean trends) at many weights gives a usable model: the blended
     * covariance must be exactly symmetric for the Cholesky factorisation (the case below failed
     * at weight 0.21 when the two triangles were computed separately).
     */
    @Test
    void blendsOfModelsWithDifferentMeansAreUsable() {
        Random r = new Random(10);
        int d = 16;
        double[][] a = new double[200][d];
        double[][] b = new double[200][d];
        for (int i = 0; i < 200; i++) {
            double ca = r.nextGaussian();
            double cb = r.nextGaussian();
            for (int k = 0; k < d; k++) {
                a[i][k] = ca * (k % 2 == 0 ? 1 : -1) + r.nextGaussian() * 0.5 + k * 0.1;
                b[i][k] = cb + r.nextGaussian() * 0.5 - k * 0.1;
            }
        }
        BackgroundModel ma = BackgroundModel.fit(a, 0.25);
        BackgroundModel mb = BackgroundModel.fit(b, 0.25);
        for (int t = 1; t < 100; t++) {
            double dist = ma.blend(mb, t / 100.0).distanceSquared(b[0]);
            assertTrue(Double.isFinite(dist) && dist >= 0, "weight " + t / 100.0 + ": " + dist);
        }
        assertEquals(mb.distanceSquared(a[1]), ma.blend(mb, 1).distanceSquared(a[1]), 1e-9 * mb.distanceSquared(a[1]));
        assertEquals(ma.distanceSquared(b[1]), ma.blend(mb, 0).distanceSquared(b[1]), 1e-9 * ma.distanceSquared(b[1]));
    }
}
