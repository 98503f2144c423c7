package io.github.seisclr.signal;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Segments of one component that overlap or touch: every stretch comes from one segment of each. */
class AlignmentTest {
    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

    private static double[] noise(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.round(r.nextGaussian() * 500);
        }
        return x;
    }

    private static Trace trace(String code, Instant start, double rate, double[] x) {
        return Trace.of(SourceId.parse(code), start, rate, x);
    }

    /**
     * Stretches in time order, no sample time repeated or reversed: each stretch's first sample
     * after the last sample of the one before (across a gap of under a sample between two segments,
     * the last sample's nominal interval may reach into the next stretch by a fraction of a sample).
     */
    private static void assertInOrderWithoutOverlap(List<AlignedSegment> segs) {
        for (int i = 1; i < segs.size(); i++) {
            AlignedSegment prev = segs.get(i - 1);
            Instant prevLast = prev.timeOf(prev.length() - 1);
            assertTrue(segs.get(i).start().isAfter(prevLast), "stretch " + i + " overlaps the one before");
        }
    }

    /**
     * Regression (review): 200 Hz with a gap of 4 ms (0.8 sample, a gap to the reader) taken to 100 Hz:
     * the first segment's resampled end passed the second's start, the pieces merged across the two
     * segments and the alignment threw a bare NoSuchElementException, ending the whole run.
     */
    @Test
    void aGapOfUnderASampleAtTwiceTheRateDoesNotBreakTheAlignment() {
        Trace a = trace("XX.ALN..HHZ", T0, 200, noise(2001, 1));
        Trace b = trace("XX.ALN..HHZ", a.endExclusive().plusMillis(4), 200, noise(4000, 2));
        StationStream s = new StationStream("XX", "ALN", "", "HH", Map.of('Z', List.of(a, b)));
        List<AlignedSegment> segs = Alignment.align(s, 100, 1);
        assertEquals(2, segs.size(), segs.toString());
        assertInOrderWithoutOverlap(segs);
        assertEquals(T0, segs.get(0).start());
        assertTrue(segs.get(0).length() >= 1000, "the first segment's 10 s are kept: " + segs.get(0).length());
        assertTrue(segs.get(1).length() >= 1998, "the second's 20 s are kept: " + segs.get(1).length());
    }

    /** Both copies of an overlap kept (OverlapPolicy.KEEP_BOTH): stretches from one copy each. */
    @Test
    void overlappingSegmentsGiveStretchesFromOneSegmentEach() {
        double[] x = noise(3000, 3);
        Trace a = trace("XX.OVL..HHZ", T0, 100, Arrays.copyOfRange(x, 0, 2000));
        Trace b = trace("XX.OVL..HHZ", T0.plusSeconds(15), 100, noise(1500, 4));
        StationStream s = new StationStream("XX", "OVL", "", "HH", Map.of('Z', List.of(a, b)));
        List<AlignedSegment> segs = Alignment.align(s, 100, 1);
        assertEquals(2, segs.size(), segs.toString());
        assertInOrderWithoutOverlap(segs);
        assertArrayEquals(a.samples(), segs.get(0).data()[0], "the first copy whole");
        assertEquals(T0.plusSeconds(20), segs.get(1).start());
        assertArrayEquals(Arrays.copyOfRange(b.samples(), 500, 1500), segs.get(1).data()[0], "the rest of the second");
    }

    /**
     * Regression (review): one component in two touching segments (as a resampled or flat-line split
     * gives) under another in one: the pieces merged across N's two segments, none held the whole
     * stretch, and the minute was dropped without a word.
     */
    @Test
    void aComponentInTwoTouchingSegmentsKeepsEverySample() {
        double[] z = noise(6000, 5);
        double[] n = noise(6000, 6);
        Trace n1 = trace("XX.TCH..HHN", T0, 100, Arrays.copyOfRange(n, 0, 3000));
        Trace n2 = trace("XX.TCH..HHN", n1.endExclusive(), 100, Arrays.copyOfRange(n, 3000, 6000));
        StationStream s = new StationStream("XX", "TCH", "", "HH", Map.of(
                'Z', List.of(trace("XX.TCH..HHZ", T0, 100, z)), 'N', List.of(n1, n2)));
        List<AlignedSegment> segs = Alignment.align(s, 100, 1);
        assertEquals(2, segs.size(), segs.toString());
        assertEquals(6000, segs.stream().mapToInt(AlignedSegment::length).sum());
        assertArrayEquals(Arrays.copyOfRange(z, 3000, 6000), segs.get(1).data()[0]);
        assertArrayEquals(Arrays.copyOfRange(n, 3000, 6000), segs.get(1).data()[1]);
        assertEquals(Duration.ofSeconds(30), Duration.between(T0, segs.get(1).start()));
    }

    /**
     * Regression (review): a vertical that starts 2 microseconds before the horizontals, and so ends
     * 2 microseconds before them too (CX.PB02 on ipoc-cx), lost its first sample and every component's:
     * the stretch began at the vertical's second sample, while a stream, which puts the components on
     * one grid sample by sample, kept it, so batch and stream scored on frames one sample apart. Every
     * sample of all three is kept now, and the stretch starts at the vertical's first.
     */
    @Test
    void componentsMicrosecondsApartKeepTheirFirstAndLastSamples() {
        double[] z = noise(3000, 7);
        double[] n = noise(3000, 8);
        double[] e = noise(3000, 9);
        Instant late = T0.plusNanos(2_000);
        StationStream s = new StationStream("XX", "USA", "", "HH", Map.of(
                'Z', List.of(trace("XX.USA..HHZ", T0, 100, z)),
                'N', List.of(trace("XX.USA..HHN", late, 100, n)),
                'E', List.of(trace("XX.USA..HHE", late, 100, e))));
        List<AlignedSegment> segs = Alignment.align(s, 100, 1);
        assertEquals(1, segs.size(), segs.toString());
        assertEquals(T0, segs.get(0).start());
        assertArrayEquals(z, segs.get(0).data()[0]);
        assertArrayEquals(n, segs.get(0).data()[1]);
        assertArrayEquals(e, segs.get(0).data()[2]);
    }

    /**
     * Review: a horizontal at a rate within 1e-9 of the vertical's (taken as equal, not resampled)
     * drifts by a fraction of a sample over a long stretch; its last sample then lay past the end the
     * vertical set, and the whole stretch was dropped without a word. It is kept now, at most a
     * sample shorter.
     */
    @Test
    void componentsWhoseRatesAgreeWithoutBeingEqualKeepTheirStretch() {
        int n = 360_000;
        StationStream s = new StationStream("XX", "DRF", "", "HH", Map.of(
                'Z', List.of(trace("XX.DRF..HHZ", T0, 100, noise(n, 12))),
                'N', List.of(trace("XX.DRF..HHN", T0.plusNanos(4_997_000), 99.99999991, noise(n - 1, 13)))));
        List<AlignedSegment> segs = Alignment.align(s, 100, 1);
        assertEquals(1, segs.size(), segs.toString());
        assertTrue(segs.get(0).length() >= n - 2, "length " + segs.get(0).length());
        assertTrue(segs.get(0).present()[1], "the horizontal kept");
    }

    /** Stretches that meet between two samples of the vertical: each of its samples in exactly one of them. */
    @Test
    void stretchesThatMeetBetweenSamplesKeepEverySample() {
        double[] z = noise(6000, 10);
        double[] n = noise(2000, 11);
        // N stops 0.3 samples after a Z sample: the stretch with N ends there, Z alone goes on
        Trace nTrace = trace("XX.MID..HHN", T0.plusMillis(3), 100, n);
        StationStream s = new StationStream("XX", "MID", "", "HH", Map.of(
                'Z', List.of(trace("XX.MID..HHZ", T0, 100, z)), 'N', List.of(nTrace)));
        List<AlignedSegment> segs = Alignment.align(s, 100, 1);
        assertInOrderWithoutOverlap(segs);
        int total = segs.stream().mapToInt(AlignedSegment::length).sum();
        assertEquals(6000, total, "every vertical sample in exactly one stretch: " + segs);
    }

    /**
     * Regression (review): a rate within 0.01 % of the model's (100.005 Hz, as a blockette 100 or a
     * miniSEED 3 rate can say) was labelled 100 Hz without resampling, so sample times drifted: 0.18 s
     * after an hour. It is resampled now, and the last sample keeps its time.
     */
    @Test
    void aRateNearTheModelsIsResampledNotRelabelled() {
        double rate = 100.005;
        int n = 360_000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.sin(2 * Math.PI * 1.3 * i / rate); // 1.3 Hz: its phase tells time
        }
        Trace t = trace("XX.DRF..HHZ", T0, rate, x);
        List<AlignedSegment> segs = Alignment.align(new StationStream("XX", "DRF", "", "HH", Map.of('Z', List.of(t))),
                100, 1);
        assertEquals(1, segs.size());
        AlignedSegment seg = segs.get(0);
        double lastTime = (seg.length() - 1) / 100.0;
        assertEquals((n - 1) / rate, lastTime, 0.011, "the last sample's time");
        // away from the edges, each sample is the sine at its own time
        for (int k = 1000; k < seg.length() - 1000; k += 9973) {
            assertEquals(Math.sin(2 * Math.PI * 1.3 * k / 100.0), seg.data()[0][k], 0.01, "sample " + k);
        }
        // a rate that is the model's but for rounding is taken as it is
        Trace same = trace("XX.DRF..HHZ", T0, 100 * (1 + 1e-12), Arrays.copyOf(x, 1000));
        assertArrayEquals(same.samples(), Alignment.align(new StationStream("XX", "DRF", "", "HH",
                Map.of('Z', List.of(same))), 100, 1).get(0).data()[0]);
    }
}
