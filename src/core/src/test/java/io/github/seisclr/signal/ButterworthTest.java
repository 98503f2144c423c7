package io.github.seisclr.signal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Filter responses against the analytic Butterworth magnitude with bilinear pre-warping. */
class ButterworthTest {
    private static final double FS = 100.0;
    private static final double[] FREQS = {0.05, 0.3, 1, 2, 5, 10, 15, 20, 30, 45, 49};

    private static double warp(double f) {
        return 2 * FS * Math.tan(Math.PI * f / FS);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 6})
    void lowpassMatchesAnalyticResponse(int n) {
        SosFilter f = Butterworth.lowpass(n, 10, FS);
        for (double freq : FREQS) {
            double want = 1 / Math.sqrt(1 + Math.pow(warp(freq) / warp(10), 2 * n));
            assertEquals(want, f.magnitude(freq), 1e-9 * Math.max(1e-3, want), "f=" + freq);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 6})
    void highpassMatchesAnalyticResponse(int n) {
        SosFilter f = Butterworth.highpass(n, 2, FS);
        for (double freq : FREQS) {
            double want = 1 / Math.sqrt(1 + Math.pow(warp(2) / warp(freq), 2 * n));
            assertEquals(want, f.magnitude(freq), 1e-9 * Math.max(1e-3, want), "f=" + freq);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void bandpassMatchesAnalyticResponse(int n) {
        SosFilter f = Butterworth.bandpass(n, 2, 15, FS);
        double w1 = warp(2);
        double w2 = warp(15);
        for (double freq : FREQS) {
            double w = warp(freq);
            double q = (w * w - w1 * w2) / (w * (w2 - w1));
            double want = 1 / Math.sqrt(1 + Math.pow(q * q, n));
            assertEquals(want, f.magnitude(freq), 1e-8 * Math.max(1e-3, want), "f=" + freq);
        }
        assertEquals(1 / Math.sqrt(2), f.magnitude(2), 1e-9, "-3 dB at the corners");
        assertEquals(1 / Math.sqrt(2), f.magnitude(15), 1e-9);
    }

    @Test
    void filteredSineHasTheDesignedAmplitude() {
        SosFilter f = Butterworth.bandpass(4, 1, 10, FS);
        for (double freq : new double[] {0.5, 3, 12}) {
            double[] x = new double[20_000];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.sin(2 * Math.PI * freq * i / FS);
            }
            double[] y = f.filter(x);
            double peak = 0;
            for (int i = 10_000; i < y.length; i++) {
                peak = Math.max(peak, Math.abs(y[i]));
            }
            assertEquals(f.magnitude(freq), peak, 2e-3, "steady-state amplitude at " + freq + " Hz");
        }
    }

    @Test
    void zeroPhaseFilterHasNoDelayAndSquaredGain() {
        SosFilter f = Butterworth.bandpass(2, 1, 10, FS);
        double freq = 3;
        double[] x = new double[20_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(2 * Math.PI * freq * i / FS);
        }
        double[] y = f.filterZeroPhase(x);
        double g = f.magnitude(freq) * f.magnitude(freq);
        for (int i = 5_000; i < 15_000; i++) {
            assertEquals(g * x[i], y[i], 1e-3);
        }
    }

    @Test
    void blockwiseStreamingEqualsOnePass() {
        SosFilter f = Butterworth.bandpass(4, 1, 20, FS);
        double[] x = new Random(1).doubles(10_007).toArray();
        double[] whole = f.filter(x);
        double[] blocks = x.clone();
        SosFilter.State s = f.newState();
        int[] cuts = {0, 1, 7, 512, 513, 4096, 9000, 10_007};
        for (int k = 0; k + 1 < cuts.length; k++) {
            s.processInPlace(blocks, cuts[k], cuts[k + 1]);
        }
        assertArrayEquals(whole, blocks, 0.0);
    }

    @Test
    void aSettledBandPassIgnoresAConstantOffset() {
        SosFilter f = Butterworth.bandpass(4, 1, 20, FS);
        double[] x = new Random(2).doubles(3000).map(v -> 50 * (v - 0.5)).toArray();
        double[] shifted = java.util.Arrays.stream(x).map(v -> v + 1e5).toArray();
        double[] a = f.filterSettled(x);
        double[] b = f.filterSettled(shifted);
        double rms = Math.sqrt(java.util.Arrays.stream(a).map(v -> v * v).average().orElseThrow());
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-6 * rms, "sample " + i);
        }
        // from rest the offset is a step that rings far above the signal in the first second
        double[] rest = f.filter(shifted);
        double worst = 0;
        for (int i = 0; i < 100; i++) {
            worst = Math.max(worst, Math.abs(rest[i] - a[i]));
        }
        assertTrue(worst > 100 * rms, "from rest the offset rings by " + worst + " against an RMS of " + rms);
    }

    @Test
    void aSettledFilterHoldsAConstantInputAtItsGainAtDc() {
        double[] x = new double[500];
        java.util.Arrays.fill(x, 3.5);
        for (double v : Butterworth.lowpass(4, 5, FS).filterSettled(x)) {
            assertEquals(3.5, v, 1e-9);
        }
        for (double v : Butterworth.bandpass(3, 1, 20, FS).filterSettled(x)) {
            assertEquals(0, v, 1e-9);
        }
        assertEquals(0, Butterworth.bandpass(4, 1, 20, FS).filterSettled(new double[0]).length);
    }

    @Test
    void aSettledStateStreamsAsTheWholeTrace() {
        SosFilter f = Butterworth.bandpass(4, 1, 20, FS);
        double[] x = new Random(3).doubles(5000).map(v -> 7e4 + v).toArray();
        double[] whole = f.filterSettled(x);
        double[] blocks = x.clone();
        SosFilter.State s = f.newState();
        s.settle(x[0]);
        int[] cuts = {0, 1, 300, 301, 5000};
        for (int k = 0; k + 1 < cuts.length; k++) {
            s.processInPlace(blocks, cuts[k], cuts[k + 1]);
        }
        assertArrayEquals(whole, blocks, 0.0);
    }

    @Test
    void badCornersAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Butterworth.bandpass(4, 10, 60, FS));
        assertTrue(e.getMessage().contains("Nyquist (50.0 Hz)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Butterworth.lowpass(0, 10, FS));
    }
}
