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

    @Test
    void tooFewVectorsIsRefusedWithAFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackgroundModel.fit(new double[10][64], 0.25));
        assertTrue(e.getMessage().contains("at least 128"), e.getMessage());
    }
}
