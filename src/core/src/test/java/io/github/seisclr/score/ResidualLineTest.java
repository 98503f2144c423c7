package io.github.seisclr.score;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResidualLineTest {
    /** Pairs {@code y = a + b x + noise} for two features with different lines. */
    private static double[][][] pairs(Random r, int n, double[] a, double[] b, double noise) {
        double[][] y = new double[n][a.length];
        double[][] x = new double[n][a.length];
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < a.length; q++) {
                x[i][q] = 1 + r.nextGaussian();
                y[i][q] = a[q] + b[q] * x[i][q] + noise * r.nextGaussian();
            }
        }
        return new double[][][] {y, x};
    }

    @Test
    void fitsEachFeaturesLine() {
        double[][][] p = pairs(new Random(1), 5_000, new double[] {0.5, -1}, new double[] {0.8, 0.2}, 0.1);
        ResidualLine line = ResidualLine.fit(p[0], p[1], 0);
        assertEquals(0.8, line.slope()[0], 0.01);
        assertEquals(0.2, line.slope()[1], 0.01);
        double[] r = new double[2];
        line.residual(new double[] {0.5 + 0.8 * 2, -1 + 0.2 * 2}, new double[] {2, 2}, r);
        assertEquals(0, r[0], 0.02);
        assertEquals(0, r[1], 0.02);
    }

    @Test
    void theSecondFitLeavesOutTheFramesItPredictsWorst() {
        Random rnd = new Random(2);
        double[][][] p = pairs(rnd, 2_000, new double[] {0}, new double[] {0.9}, 0.05);
        // one frame in ten an "onset": far above what its past predicts
        for (int i = 0; i < p[0].length; i += 10) {
            p[0][i][0] += 5 + rnd.nextDouble();
        }
        double plain = ResidualLine.fit(p[0], p[1], 0).meanY()[0];
        ResidualLine trimmed = ResidualLine.fit(p[0], p[1], 0.25);
        assertEquals(0.9, trimmed.slope()[0], 0.02);
        assertEquals(0.9, trimmed.meanY()[0], 0.08, "the onsets are left out (one refit: 0.95): the plain fit's mean is " + plain);
        assertTrue(plain > 1.3, "without the trim the onsets lift the line: " + plain);
    }

    /** Blending two fits gives the line of the two data sets pooled in those proportions. */
    @Test
    void aBlendIsTheLineOfTheMixture() {
        Random r = new Random(3);
        double[][][] one = pairs(r, 3_000, new double[] {0}, new double[] {0.9}, 0.1);
        double[][][] two = pairs(r, 1_000, new double[] {1}, new double[] {0.3}, 0.1);
        for (double[] x : two[1]) {
            x[0] += 2; // elsewhere in x as well
        }
        double[][] y = new double[4_000][];
        double[][] x = new double[4_000][];
        for (int i = 0; i < 3_000; i++) {
            y[i] = one[0][i];
            x[i] = one[1][i];
        }
        for (int i = 0; i < 1_000; i++) {
            y[3_000 + i] = two[0][i];
            x[3_000 + i] = two[1][i];
        }
        ResidualLine pooled = ResidualLine.fit(y, x, 0);
        ResidualLine blended = ResidualLine.fit(one[0], one[1], 0).blend(ResidualLine.fit(two[0], two[1], 0), 0.25);
        assertEquals(pooled.slope()[0], blended.slope()[0], 1e-9);
        assertEquals(pooled.meanX()[0], blended.meanX()[0], 1e-9);
        assertEquals(pooled.meanY()[0], blended.meanY()[0], 1e-9);
        assertEquals(pooled.varX()[0], blended.varX()[0], 1e-9);
        assertEquals(pooled.covXY()[0], blended.covXY()[0], 1e-9);
    }

    @Test
    void aFlatPredictorLeavesTheMeanAsTheLine() {
        double[][] y = {{1}, {2}, {3}};
        double[][] x = {{0}, {0}, {0}};
        ResidualLine line = ResidualLine.fit(y, x, 0);
        assertEquals(0, line.slope()[0], 0);
        double[] r = new double[1];
        line.residual(new double[] {2}, new double[] {0}, r);
        assertEquals(0, r[0], 1e-12);
    }

    @Test
    void refusesWhatMakesNoLine() {
        assertThrows(IllegalArgumentException.class, () -> ResidualLine.fit(new double[][] {{1}}, new double[][] {{1}}, 0));
        assertThrows(IllegalArgumentException.class, () -> ResidualLine.fit(new double[][] {{1}, {2}},
                new double[][] {{1}}, 0));
        assertThrows(IllegalArgumentException.class, () -> ResidualLine.fit(new double[][] {{1}, {2}},
                new double[][] {{1}, {2}}, 0.6));
        assertThrows(IllegalArgumentException.class, () -> ResidualLine.of(new double[] {0}, new double[] {0},
                new double[] {-1}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> ResidualLine.of(new double[] {Double.NaN}, new double[] {0},
                new double[] {1}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> ResidualLine.of(new double[] {0, 1}, new double[] {0},
                new double[] {1}, new double[] {0}));
        ResidualLine one = ResidualLine.of(new double[] {0}, new double[] {0}, new double[] {1}, new double[] {0});
        ResidualLine two = ResidualLine.of(new double[] {0, 0}, new double[] {0, 0}, new double[] {1, 1},
                new double[] {0, 0});
        assertThrows(IllegalArgumentException.class, () -> one.blend(two, 0.5));
        assertThrows(IllegalArgumentException.class, () -> one.blend(one, 1.5));
    }

    /** A residual Gaussian moved to other lines has the means and variances of the residuals under them. */
    @Test
    void aResidualGaussianMovedToOtherLinesMatchesTheResidualsUnderThem() {
        Random r = new Random(4);
        double[][][] p = pairs(r, 4_000, new double[] {0.2, 1}, new double[] {0.7, 0.4}, 0.2);
        ResidualLine own = ResidualLine.fit(p[0], p[1], 0);
        ResidualLine other = ResidualLine.of(new double[] {0.5, 0.8}, new double[] {1.0, 1.0},
                new double[] {1.2, 0.9}, new double[] {0.2, 0.7});
        ResidualModel moved = ResidualModel.fit(p[0], p[1], own, 0).under(other);
        ResidualModel direct = ResidualModel.fit(p[0], p[1], other, 0);
        assertEquals(other, moved.line());
        for (int q = 0; q < 2; q++) {
            assertEquals(direct.residuals().mean()[q], moved.residuals().mean()[q], 1e-9, "mean " + q);
            double v = direct.residuals().covariance()[q][q];
            assertEquals(v, moved.residuals().covariance()[q][q], 0.1 * v, "variance " + q
                    + " (the covariance's ridge differs a little)");
        }
    }
}
