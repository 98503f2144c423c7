package io.github.seisclr.signal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResamplerTest {
    private static double[] sines(double rate, int n, double... freqs) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            for (double f : freqs) {
                x[i] += Math.sin(2 * Math.PI * f * i / rate + f);
            }
        }
        return x;
    }

    private static double maxInteriorError(double[] got, double[] want, int edge) {
        double err = 0;
        for (int i = edge; i < got.length - edge; i++) {
            err = Math.max(err, Math.abs(got[i] - want[i]));
        }
        return err;
    }

    @Test
    void upsampling40To100KeepsAKnownSineAtTheRightTimes() {
        Resampler r = new Resampler(40, 100);
        assertEquals(5, r.up());
        assertEquals(2, r.down());
        double[] y = r.resample(sines(40, 4000, 3.0));
        assertEquals(9998, y.length);
        assertTrue(maxInteriorError(y, sines(100, y.length, 3.0), 200) < 2e-3);
    }

    @Test
    void downsampling200To100RemovesWhatWouldAlias() {
        Resampler r = new Resampler(200, 100);
        double[] y = r.resample(sines(200, 20_000, 5.0, 70.0));
        assertTrue(maxInteriorError(y, sines(100, y.length, 5.0), 200) < 2e-3,
                "70 Hz removed, 5 Hz kept");
    }

    @Test
    void fiftyTo100AndSameRate() {
        double[] y = new Resampler(50, 100).resample(sines(50, 5000, 7.0));
        assertTrue(maxInteriorError(y, sines(100, y.length, 7.0), 200) < 2e-3);
        double[] x = sines(100, 100, 1.0);
        assertArrayEquals(x, new Resampler(100, 100).resample(x), 0.0);
    }

    /** Regression: a file written at 33.3 Hz stores 33.3001017 Hz (factor and multiplier), which was refused. */
    @Test
    void rateThatIsNoSmallFractionOfTheTargetIsResampledWithoutDrift() {
        double rate = 33.3001017293998;
        Resampler r = new Resampler(rate, 100);
        assertEquals(0, r.up(), "no fraction with terms up to 1000");
        double[] y = r.resample(sines(rate, 120_000, 4.0)); // one hour: drift would show at the end
        assertEquals((int) Math.floor(119_999 * 100 / rate) + 1, y.length);
        assertTrue(maxInteriorError(y, sines(100, y.length, 4.0), 200) < 2e-3);
    }

    @Test
    void irrationalDownsamplingRemovesWhatWouldAlias() {
        double rate = 100 * Math.PI;
        double[] y = new Resampler(rate, 100).resample(sines(rate, 60_000, 5.0, 120.0));
        assertTrue(maxInteriorError(y, sines(100, y.length, 5.0), 200) < 2e-3, "120 Hz removed, 5 Hz kept");
    }

    /**
     * A digitiser's DC level passes exactly and the run's ends do not ring: zero past the ends made
     * 10<sup>5</sup> counts ring by some 10<sup>4</sup> over the first and last 16 input periods,
     * which the model's band-pass then took for an event.
     */
    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(doubles = {40, 50, 200, 33.3001017293998, 100 * Math.PI})
    void aConstantOffsetPassesAndTheEndsDoNotRing(double rate) {
        Resampler r = new Resampler(rate, 100);
        double[] x = sines(rate, (int) Math.round(60 * rate), 2.0);
        double[] shifted = java.util.Arrays.stream(x).map(v -> v + 1e5).toArray();
        double[] y = r.resample(x);
        double[] z = r.resample(shifted);
        double worst = 0;
        for (int k = 0; k < y.length; k++) {
            assertEquals(y[k] + 1e5, z[k], 1e-6, "output " + k);
            worst = Math.max(worst, Math.abs(z[k] - 1e5));
        }
        assertTrue(worst < 1.5, "a sine of amplitude 1 on 1e5 counts departs by " + worst + " at most");
        double[] flat = new double[500];
        java.util.Arrays.fill(flat, -31_234.5);
        for (double v : r.resample(flat)) {
            assertEquals(-31_234.5, v, 1e-9);
        }
    }

    @Test
    void impossibleRatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Resampler(0, 100));
        assertThrows(IllegalArgumentException.class, () -> new Resampler(Double.NaN, 100));
        assertThrows(IllegalArgumentException.class, () -> new Resampler(Double.POSITIVE_INFINITY, 100));
        // a damaged header's rate: refused, not gigabytes of kernel (review finding)
        assertThrows(IllegalArgumentException.class, () -> new Resampler(200_000.3, 100));
        assertThrows(IllegalArgumentException.class, () -> new Resampler(1e9 + 0.3, 100));
    }
}
