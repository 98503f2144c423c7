package io.github.seisclr.signal;

import org.junit.jupiter.api.Test;

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

    @Test
    void irrationalRatioIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Resampler(100, 100 * Math.PI));
    }
}
