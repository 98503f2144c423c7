package io.github.seisclr.detect;

import io.github.seisclr.signal.AlignedSegment;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spike test that keeps one-sample glitches from becoming detections. */
class GlitchTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static AlignedSegment segment(double[] z) {
        Random r = new Random(3);
        double[][] d = new double[3][z.length];
        for (int i = 0; i < z.length; i++) {
            d[0][i] = z[i];
            d[1][i] = r.nextGaussian() * 10;
            d[2][i] = r.nextGaussian() * 10;
        }
        return new AlignedSegment("XX.STA..HH", T0, 100, d, new boolean[] {true, true, true});
    }

    private static double[] noise(int n) {
        Random r = new Random(7);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian() * 10;
        }
        return x;
    }

    @Test
    void aOneSampleSpikeIsAGlitch() {
        double[] z = noise(400);
        z[250] = 5000;
        assertTrue(Detector.isGlitch(segment(z), T0.plusSeconds(2), T0.plusSeconds(3)));
    }

    @Test
    void aBandLimitedArrivalIsNot() {
        double[] z = noise(400);
        for (int i = 250; i < 400; i++) {
            z[i] += 2000 * Math.sin(2 * Math.PI * 8 * (i - 250) / 100.0) * Math.exp(-(i - 250) / 60.0);
        }
        assertFalse(Detector.isGlitch(segment(z), T0.plusSeconds(2), T0.plusSeconds(3)));
    }

    /** A strong arrival whose first samples are the last of the data: not judged a spike. */
    @Test
    void anArrivalCutOffByTheEndOfTheDataIsNot() {
        double[] z = noise(300);
        z[298] = -2000;
        z[299] = -2500;
        assertFalse(Detector.isGlitch(segment(z), T0.plusSeconds(1), T0.plusSeconds(3)));
    }

    /** A near-field P on an accelerometer: one sample far above the rest, then seconds of shaking. */
    @Test
    void anImpulsiveArrivalFollowedByShakingIsNot() {
        double[] z = noise(600);
        Random r = new Random(11);
        z[250] = 5500;
        for (int i = 251; i < 600; i++) {
            z[i] += r.nextGaussian() * 400 * Math.exp(-(i - 251) / 150.0);
        }
        assertFalse(Detector.isGlitch(segment(z), T0.plusSeconds(2), T0.plusSeconds(4)));
    }

    /**
     * Review (2026-12-07): one sample far above a strong event's own samples, 1 s after its P, dropped
     * the whole detection as a spike, since the second after it was no stronger than the P second
     * before it. The shaking is judged against the noise before the trigger.
     */
    @Test
    void aSpikeInsideAnEventsArrivalIsNotTheEventsWhole() {
        double[] z = noise(800);
        Random r = new Random(5);
        for (int i = 200; i < 800; i++) {
            z[i] += r.nextGaussian() * 600 * Math.exp(-(i - 200) / 400.0);
        }
        z[300] = 20_000;
        AlignedSegment seg = segment(z);
        assertFalse(Detector.isGlitch(seg, T0.plusSeconds(2), T0.plusSeconds(7)));
        // the same spike where no event is: still a spike
        double[] quiet = noise(800);
        quiet[300] = 20_000;
        assertTrue(Detector.isGlitch(segment(quiet), T0.plusSeconds(2), T0.plusSeconds(7)));
    }
}
