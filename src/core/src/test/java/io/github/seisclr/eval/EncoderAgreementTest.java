package io.github.seisclr.eval;

import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.model.Encoder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncoderAgreementTest {
    private static final double WINDOW = io.github.seisclr.detect.DetectorConfig.defaults().scoreWindowSeconds();

    private static double[] noise(int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    private static float[][] columns(double[]... cols) {
        float[][] rows = new float[cols[0].length][cols.length];
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < cols.length; c++) {
                rows[i][c] = (float) cols[c][i];
            }
        }
        return rows;
    }

    @Test
    void theSameEncoderAgreesWithItselfAndAMonotoneScoreKeepsItsRanks() {
        double[] s = noise(20_000, 1);
        float[][] x = columns(noise(20_000, 2), noise(20_000, 3), noise(20_000, 4));
        EncoderAgreement.Result same = EncoderAgreement.compare(s, s, x, x);
        assertEquals(1, same.scorePearson(), 1e-12);
        assertEquals(1, same.scoreSpearman(), 1e-12);
        assertEquals(1, same.topSpearman(), 1e-12);
        assertEquals(1, same.topShared(), 1e-12);
        assertEquals(1, same.r2SecondFromFirst(), 1e-6);
        assertEquals(1, same.r2FirstFromSecond(), 1e-6);
        double[] e = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            e[i] = Math.exp(2 * s[i]);
        }
        EncoderAgreement.Result monotone = EncoderAgreement.compare(s, e, x, x);
        assertEquals(1, monotone.scoreSpearman(), 1e-12);
        assertEquals(1, monotone.topShared(), 1e-12);
        assertTrue(monotone.scorePearson() < 0.8, "Pearson sees the curvature: " + monotone.scorePearson());
    }

    @Test
    void independentScoresShareOnlyChanceTopFrames() {
        float[][] x = columns(noise(50_000, 2), noise(50_000, 3));
        EncoderAgreement.Result r = EncoderAgreement.compare(noise(50_000, 7), noise(50_000, 8), x, x);
        assertEquals(0, r.scorePearson(), 0.03);
        assertEquals(0, r.scoreSpearman(), 0.03);
        // two independent top-2 % sets: about 0.02 x 0.02 of the frames in both, 0.04 in either
        assertTrue(r.topShared() < 0.03, "shared " + r.topShared());
        // the few frames in both are ordered independently
        assertTrue(Double.isNaN(r.topSpearman()) || Math.abs(r.topSpearman()) < 0.5, "in both: " + r.topSpearman());
    }

    /** One feature that is a linear map of the other encoder's, one that is not, one that never fires. */
    @Test
    void theLinearSpanIsMeasuredPerFeatureOverTheFeaturesThatVary() {
        int n = 30_000;
        double[] a1 = noise(n, 11);
        double[] a2 = noise(n, 12);
        double[] linear = new double[n];
        for (int i = 0; i < n; i++) {
            linear[i] = 3 + 2 * a1[i] - 0.5 * a2[i];
        }
        float[][] a = columns(a1, a2, new double[n]);
        float[][] b = columns(linear, noise(n, 13), new double[n]);
        double[] s = noise(n, 14);
        EncoderAgreement.Result r = EncoderAgreement.compare(s, s, a, b);
        assertEquals(0.5, r.r2SecondFromFirst(), 0.01, "1 for the linear feature, 0 for the independent one");
        // a1 and a2 from b: the linear feature carries a mix of both (R² 0.94 and 0.06), the noise nothing
        assertEquals(0.5, r.r2FirstFromSecond(), 0.01);
        assertEquals(1, EncoderAgreement.r2(a, columns(linear)), 1e-6);
    }

    /** Scores that agree on which frames are high but order them oppositely there. */
    @Test
    void theOrderAmongTheFramesBothRankHighIsMeasuredOnItsOwn() {
        int n = 10_000;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
            b[i] = i < n - 200 ? i : 2 * n - i; // the top 200 (2 %) reversed, still above all others
        }
        float[][] x = columns(noise(n, 2), noise(n, 3));
        EncoderAgreement.Result r = EncoderAgreement.compare(a, b, x, x);
        assertEquals(1, r.topShared(), 1e-12);
        assertEquals(-1, r.topSpearman(), 1e-9);
        assertTrue(r.scoreSpearman() > 0.99, "overall the order agrees: " + r.scoreSpearman());
    }

    /** An encoder whose features never vary explains nothing and is explained by nothing: no figure, no failure. */
    @Test
    void featuresThatNeverVaryGiveNoFigure() {
        int n = 1_000;
        float[][] dead = columns(new double[n], new double[n], new double[n]);
        float[][] live = columns(noise(n, 1), noise(n, 2), noise(n, 3));
        double[] s = noise(n, 4);
        EncoderAgreement.Result r = EncoderAgreement.compare(s, s, dead, live);
        assertTrue(Double.isNaN(r.r2SecondFromFirst()), "from nothing: " + r.r2SecondFromFirst());
        assertTrue(Double.isNaN(r.r2FirstFromSecond()), "of nothing: " + r.r2FirstFromSecond());
        // two copies of one feature (collinear): the ridge keeps the fit, and it is exact
        double[] one = noise(n, 5);
        assertEquals(1, EncoderAgreement.r2(columns(one, one), columns(one)), 1e-6);
    }

    @Test
    void mismatchedInputsAreRefused() {
        float[][] x = columns(noise(100, 1), noise(100, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EncoderAgreement.compare(noise(100, 1), noise(99, 2), x, x));
        assertTrue(e.getMessage().contains("100 and 99"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EncoderAgreement.compare(noise(100, 1), noise(100, 2), x,
                columns(noise(90, 1), noise(90, 2))));
        assertThrows(IllegalArgumentException.class, () -> EncoderAgreement.compare(noise(100, 1), noise(100, 2),
                new float[0][], new float[0][]));
        double[] nan = noise(100, 3);
        nan[7] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> EncoderAgreement.compare(nan, noise(100, 2), x, x));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    /** The vectors of one encoder on the same data are the same, row for row, and as many as the frames allow. */
    @Test
    void vectorsCorrespondRowByRow() throws IOException {
        List<StationStream> stations = Waveforms.read(Path.of("data-samples")).stations();
        try (Encoder e = Encoder.bundled()) {
            float[][] every5 = EncoderAgreement.vectors(e, stations, WINDOW, 5);
            float[][] again = EncoderAgreement.vectors(e, stations, WINDOW, 5);
            assertEquals(every5.length, again.length);
            for (int i = 0; i < every5.length; i += 997) {
                assertArrayEquals(every5[i], again[i]);
            }
            assertEquals(e.config().embeddingDim(), every5[0].length);
            // two station-hours at 12.5 frames/s, every fifth: about 2 x 3600 x 12.5 / 5 less the gaps
            assertTrue(every5.length > 17_000 && every5.length <= 18_000, "vectors: " + every5.length);
            for (float[] v : every5) {
                for (float q : v) {
                    assertTrue(q >= 0 && Double.isFinite(q));
                }
            }
            assertThrows(IllegalArgumentException.class, () -> EncoderAgreement.vectors(e, stations, WINDOW, 0));
        }
    }
}
