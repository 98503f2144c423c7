package io.github.seisclr.signal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SignalsTest {
    @Test
    void detrendRemovesALineExactly() {
        double[] x = new double[1001];
        for (int i = 0; i < x.length; i++) {
            x[i] = 3.5 - 0.25 * i + (i % 2 == 0 ? 1 : -1);
        }
        double[] y = Signals.detrend(x);
        for (int i = 10; i < 990; i++) {
            assertEquals(i % 2 == 0 ? 1 : -1, y[i], 1e-2);
        }
    }

    @Test
    void taperZeroesTheEndsAndKeepsTheMiddle() {
        double[] x = new double[100];
        java.util.Arrays.fill(x, 2);
        double[] y = Signals.taper(x, 0.1);
        assertEquals(0, y[0]);
        assertEquals(0, y[99]);
        assertEquals(1, y[5], 1e-12);
        assertEquals(2, y[50]);
    }

    @Test
    void windowsShareOneScaleAcrossComponents() {
        double[][] c = {{0, 2, 0, -2, 0, 2}, {0, 1, 0, -1, 0, 1}};
        assertEquals(3, Windows.count(6, 2, 2));
        double[][] w = Windows.window(c, 0, 4, Windows.Normalization.PEAK);
        assertEquals(1.0, w[0][1], 1e-12);
        assertEquals(0.5, w[1][1], 1e-12);
        assertEquals(0, Windows.count(3, 4, 1));
    }
}
