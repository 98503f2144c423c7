package io.github.seisclr.detect;

import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Butterworth;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DespikerTest {
    private static final double RATE = 100;
    private static final boolean[] ALL = {true, true, true};

    /** Three components of band-limited noise (RMS about 1) on a DC offset, as a station records it. */
    private static double[][] noise(int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[3][n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                x[c][i] = r.nextGaussian();
            }
            Butterworth.bandpass(4, 0.5, 30, RATE).newState().processInPlace(x[c], 0, n);
            for (int i = 0; i < n; i++) {
                x[c][i] = 3 * x[c][i] + 1000;
            }
        }
        return x;
    }

    private static double[][] copy(double[][] x) {
        double[][] y = new double[x.length][];
        for (int c = 0; c < x.length; c++) {
            y[c] = x[c].clone();
        }
        return y;
    }

    private static Despiker despike(double[][] x) {
        return Despiker.applyInPlace(new AlignedSegment("XX.STA..HH", Instant.EPOCH, RATE, x, ALL));
    }

    @Test
    void aOneSampleSpikeIsReplacedAndNothingElseMoves() {
        double[][] clean = noise(6000, 1);
        double[][] x = copy(clean);
        x[0][3000] += 1e5;
        Despiker d = despike(x);
        assertEquals(1, d.spikes());
        assertEquals(3000, d.firstSpike());
        assertEquals((clean[0][2999] + clean[0][3001]) / 2, x[0][3000], 1e-9);
        x[0][3000] = clean[0][3000];
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(clean[c], x[c], "component " + c);
        }
    }

    @Test
    void aTwoSampleSpikeOnAHorizontalIsReplaced() {
        double[][] clean = noise(6000, 2);
        double[][] x = copy(clean);
        x[2][4000] -= 5e3;
        x[2][4001] += 2e4;
        Despiker d = despike(x);
        assertEquals(1, d.spikes());
        assertEquals(4000, d.firstSpike());
        for (int i = 4000; i <= 4001; i++) {
            double between = clean[2][3999] + (clean[2][4002] - clean[2][3999]) * (i - 3999) / 3.0;
            assertEquals(between, x[2][i], 1e-9);
        }
    }

    /** Noise alone, however long, holds no spike: nothing moves. */
    @Test
    void noiseIsLeftAsItIs() {
        double[][] clean = noise(200_000, 3);
        double[][] x = copy(clean);
        assertEquals(0, despike(x).spikes());
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(clean[c], x[c]);
        }
    }

    /**
     * Ground motion is band-limited: a sharp, strong arrival (a million times the noise, its
     * first half cycle a few samples long), a step (a mass re-centring) and a burst at a quarter of
     * the rate whose zero crossings fall on the samples are left alone.
     */
    @Test
    void sharpArrivalsStepsAndFastOscillationsAreLeftAlone() {
        double[][] clean = noise(12_000, 4);
        double[][] x = copy(clean);
        // an impulsive arrival: an impulse through a 40 Hz anti-alias low-pass, then a decaying coda
        double[] arrival = new double[3000];
        arrival[0] = 3e6;
        Butterworth.lowpass(8, 40, RATE).newState().processInPlace(arrival, 0, arrival.length);
        for (int i = 0; i < arrival.length; i++) {
            x[0][2000 + i] += arrival[i] + 1e5 * Math.exp(-i / 300.0) * Math.sin(2 * Math.PI * 7 * i / RATE);
        }
        // a step
        for (int i = 6000; i < 12_000; i++) {
            x[1][i] += 5e4;
        }
        // 25 Hz, its zero crossings on the samples: 0, A, 0, -A, ...
        for (int i = 0; i < 400; i++) {
            x[2][8000 + i] += 1e5 * Math.sin(Math.PI / 2 * i);
        }
        double[][] before = copy(x);
        assertEquals(0, despike(x).spikes());
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(before[c], x[c], "component " + c);
        }
    }

    /**
     * A stream fed in packets of any size gives the samples of the whole stretch, in the same order,
     * with all three components and with one missing (passed as it is).
     */
    @Test
    void piecesGiveWhatTheWholeGives() {
        for (boolean[] present : new boolean[][] {ALL, {true, false, true}}) {
            double[][] x = noise(20_000, 5);
            for (int at : new int[] {150, 3001, 9999, 19_990}) {
                x[at % 3][at] += 1e4;
            }
            x[2][12_000] += 3e4;
            x[2][12_001] += 3e4;
            double[][] whole = copy(x);
            Despiker all = Despiker.applyInPlace(new AlignedSegment("XX.STA..HH", Instant.EPOCH, RATE, whole, present));
            Random r = new Random(6);
            Despiker d = new Despiker(present);
            double[][] out = new double[3][x[0].length];
            int at = 0;
            for (int from = 0; from < x[0].length; ) {
                int to = Math.min(x[0].length, from + r.nextInt(700));
                double[][] part = d.push(x, from, to);
                at = append(part, out, at);
                assertTrue(at <= to, "a sample out before its followers are in");
                from = to;
            }
            at = append(d.finish(), out, at);
            assertEquals(x[0].length, at);
            assertEquals(all.spikes(), d.spikes());
            // the four one-sample spikes (19,990 among the last samples judged) and the pair; 3001 and
            // 19,990 lie on N, not judged where N is missing
            assertEquals(present[1] ? 5 : 3, d.spikes());
            for (int c = 0; c < 3; c++) {
                assertArrayEquals(whole[c], out[c], "component " + c);
            }
            if (!present[1]) {
                assertArrayEquals(x[1], out[1], "the missing component as it is");
            }
        }
    }

    /** The first samples of a stretch only set the scale, and the last ones, without followers, are not judged. */
    @Test
    void theEdgesAreNotJudged() {
        double[][] x = noise(3000, 7);
        x[0][50] += 1e5;
        x[0][2999] += 1e5;
        double[][] before = copy(x);
        assertEquals(0, despike(x).spikes());
        assertArrayEquals(before[0], x[0]);
    }

    /** A component the stretch does not record (all zeros) and a flat line are passed as they are. */
    @Test
    void absentComponentsAndFlatLinesArePassed() {
        double[][] x = new double[3][2000];
        x[1][1000] = 7; // a single non-zero count in a flat line: no scale to judge it by
        double[][] before = copy(x);
        Despiker d = Despiker.applyInPlace(new AlignedSegment("XX.STA..HH", Instant.EPOCH, RATE, x,
                new boolean[] {true, true, false}));
        assertEquals(0, d.spikes());
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(before[c], x[c]);
        }
    }

    private static int append(double[][] part, double[][] out, int at) {
        for (int c = 0; c < 3; c++) {
            System.arraycopy(part[c], 0, out[c], at, part[c].length);
        }
        return at + part[0].length;
    }
}
