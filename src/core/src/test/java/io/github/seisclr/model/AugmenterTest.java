package io.github.seisclr.model;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each augmentation alone, and what it keeps invariant. */
class AugmenterTest {
    private static final EncoderConfig ENC = EncoderConfig.builder().objective(EncoderConfig.Objective.CONTRASTIVE)
            .build();

    private static float[][] source(Augmenter a, long seed) {
        Random r = new Random(seed);
        int n = ENC.windowSamples() + 2 * a.margin();
        float[][] s = new float[3][n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                s[c][i] = (float) (r.nextGaussian() * (c + 1));
            }
        }
        return s;
    }

    private static AugmentConfig.Builder off() {
        return AugmentConfig.builder().maxShiftSeconds(0).maxAmplitudeFactor(1).polarityFlipProbability(0)
                .mix(0, 0).noise(0, 0).channelDropoutProbability(0).timeMask(0, 0).bandJitterProbability(0);
    }

    @Test
    void withEverythingOffTheViewIsTheWindow() {
        Augmenter a = new Augmenter(AugmentConfig.none(), ENC);
        float[][] s = source(a, 1);
        assertArrayEquals(s, a.view(s, source(a, 2), new Random(3)));
    }

    @Test
    void shiftKeepsSamplesOnlyMovesTheCut() {
        Augmenter a = new Augmenter(off().maxShiftSeconds(0.5).build(), ENC);
        assertEquals(25, a.margin());
        assertEquals(100, new Augmenter(AugmentConfig.defaults(), ENC).margin());
        float[][] s = source(a, 1);
        for (int trial = 0; trial < 20; trial++) {
            float[][] v = a.view(s, null, new Random(trial));
            int found = -1;
            for (int o = 0; o <= 2 * a.margin() && found < 0; o++) {
                boolean same = true;
                for (int i = 0; i < v[0].length && same; i++) {
                    same = v[0][i] == s[0][o + i] && v[2][i] == s[2][o + i];
                }
                found = same ? o : -1;
            }
            assertTrue(found >= 0, "view is a contiguous cut of the source, all components alike");
        }
    }

    @Test
    void amplitudeAndPolarityKeepTheShapeAndTheRatioBetweenComponents() {
        Augmenter a = new Augmenter(off().maxAmplitudeFactor(4).polarityFlipProbability(0.5).build(), ENC);
        float[][] s = source(a, 1);
        boolean flipped = false;
        for (int trial = 0; trial < 20; trial++) {
            float[][] v = a.view(s, null, new Random(trial));
            double g = v[0][0] / s[0][0];
            flipped |= g < 0;
            assertTrue(Math.abs(g) >= 0.25 - 1e-6 && Math.abs(g) <= 4 + 1e-6, "gain " + g);
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < v[c].length; i++) {
                    assertEquals(g * s[c][i], v[c][i], 1e-4 * Math.abs(s[c][i]) + 1e-5);
                }
            }
        }
        assertTrue(flipped, "polarity flips happen");
    }

    @Test
    void channelDropoutZeroesExactlyOneWholeComponent() {
        Augmenter a = new Augmenter(off().channelDropoutProbability(1).build(), ENC);
        float[][] s = source(a, 1);
        float[][] v = a.view(s, null, new Random(4));
        int zeroed = 0;
        for (int c = 0; c < 3; c++) {
            boolean allZero = true;
            for (float f : v[c]) {
                allZero &= f == 0f;
            }
            if (allZero) {
                zeroed++;
            } else {
                assertArrayEquals(java.util.Arrays.copyOf(s[c], v[c].length), v[c]);
            }
        }
        assertEquals(1, zeroed);
    }

    @Test
    void timeMaskZeroesOneStretchOnAllComponentsAndKeepsTheRest() {
        Augmenter a = new Augmenter(off().timeMask(1, 0.15).build(), ENC);
        float[][] s = source(a, 1);
        float[][] v = a.view(s, null, new Random(5));
        int masked = 0;
        for (int i = 0; i < v[0].length; i++) {
            boolean zero = v[0][i] == 0f;
            assertEquals(zero, v[1][i] == 0f);
            if (zero) {
                masked++;
            } else {
                assertEquals(s[0][i], v[0][i]);
            }
        }
        assertTrue(masked <= 0.15 * v[0].length);
    }

    @Test
    void addedNoiseIsBoundedAndMixingAddsTheOtherWindow() {
        Augmenter noisy = new Augmenter(off().noise(1, 0.3).build(), ENC);
        float[][] s = source(noisy, 1);
        float[][] v = noisy.view(s, null, new Random(6));
        double ss = 0;
        for (int i = 0; i < v[0].length; i++) {
            ss += (v[0][i] - s[0][i]) * (v[0][i] - s[0][i]);
        }
        assertTrue(Math.sqrt(ss / v[0].length) <= 0.35, "noise std at most 0.3");
        Augmenter mixer = new Augmenter(off().mix(1, 0.3).build(), ENC);
        float[][] other = source(mixer, 2);
        float[][] m = mixer.view(s, other, new Random(7));
        double w = (m[1][10] - s[1][10]) / other[1][10];
        assertTrue(w >= 0 && w <= 0.3, "mix weight " + w);
        for (int i = 0; i < m[1].length; i++) {
            assertEquals(s[1][i] + w * other[1][i], m[1][i], 1e-4);
        }
    }

    @Test
    void bandJitterChangesSpectrumButNotLength() {
        Augmenter a = new Augmenter(off().bandJitterProbability(1).build(), ENC);
        float[][] s = source(a, 1);
        float[][] v = a.view(s, null, new Random(8));
        assertEquals(ENC.windowSamples(), v[0].length);
        double diff = 0;
        for (int i = 0; i < v[0].length; i++) {
            diff += Math.abs(v[0][i] - s[0][i]);
        }
        assertTrue(diff > 0);
    }

    @Test
    void sameRandomSameView() {
        Augmenter a = new Augmenter(AugmentConfig.defaults(), ENC);
        float[][] s = source(a, 1);
        float[][] o = source(a, 2);
        assertArrayEquals(a.view(s, o, new Random(9)), a.view(s, o, new Random(9)));
    }
}
