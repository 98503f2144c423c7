package io.github.seisclr.signal;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlatlinesTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static double[] noise(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.round(r.nextGaussian() * 50);
        }
        return x;
    }

    @Test
    void findsRunsOfOneValueAtLeastTheMinimumLong() {
        double[] x = {1, 2, 2, 2, 3, 3, 4, 4, 4, 4};
        List<int[]> runs = Flatlines.find(x, 3);
        assertEquals(2, runs.size());
        assertArrayEquals(new int[] {1, 4}, runs.get(0));
        assertArrayEquals(new int[] {6, 10}, runs.get(1), "a run reaching the end counts");
        assertEquals(200, Flatlines.minSamples(100));
        assertEquals(2, Flatlines.minSamples(0.5), "never fewer than two samples");
    }

    @Test
    void splitLeavesOutExactlyTheFlatRunAndKeepsTimes() {
        double[] x = noise(6000, 1);
        for (int i = 2000; i < 2300; i++) {
            x[i] = 17; // 3 s flat: a dead stretch
        }
        for (int i = 4000; i < 4150; i++) {
            x[i] = -5; // 1.5 s: shorter than the minimum, kept
        }
        Trace t = Trace.of(SourceId.parse("XX.STA..HHZ"), T0, 100, x);
        List<Trace> parts = Flatlines.split(t);
        assertEquals(2, parts.size());
        assertEquals(T0, parts.get(0).start());
        assertEquals(2000, parts.get(0).length());
        assertEquals(T0.plusSeconds(23), parts.get(1).start());
        assertEquals(3700, parts.get(1).length());
        assertArrayEquals(java.util.Arrays.copyOfRange(x, 2300, 6000), parts.get(1).samples(), "samples unchanged");
        Trace live = Trace.of(t.id(), T0, 100, noise(500, 2));
        assertEquals(List.of(live), Flatlines.split(live), "nothing flat: itself");
    }

    @Test
    void alignmentCutsAtAFlatLineAndDropsAComponentFlatThroughout() {
        double[] z = noise(6000, 3);
        double[] n = noise(6000, 4);
        for (int i = 3000; i < 3500; i++) {
            n[i] = 0;
        }
        StationStream s = new StationStream("XX", "STA", "", "HH", Map.of(
                'Z', List.of(Trace.of(SourceId.parse("XX.STA..HHZ"), T0, 100, z)),
                'N', List.of(Trace.of(SourceId.parse("XX.STA..HHN"), T0, 100, n)),
                'E', List.of(Trace.of(SourceId.parse("XX.STA..HHE"), T0, 100, new double[6000]))));
        List<AlignedSegment> segs = Alignment.align(s, 100, 10);
        assertEquals(2, segs.size(), "the flat stretch of N cuts the station's data in two");
        assertEquals(3000, segs.get(0).length());
        assertEquals(T0.plusSeconds(35), segs.get(1).start());
        assertEquals(2500, segs.get(1).length());
        for (AlignedSegment seg : segs) {
            assertTrue(seg.present()[0] && seg.present()[1]);
            assertFalse(seg.present()[2], "a component flat throughout is absent, not zeros");
        }
    }

    @Test
    void aComponentMissingForAWhileLeavesTheOthersScored() {
        double[] z = noise(12000, 5);
        StationStream s = new StationStream("XX", "STA", "", "HH", Map.of(
                'Z', List.of(Trace.of(SourceId.parse("XX.STA..HHZ"), T0, 100, z)),
                'N', List.of(Trace.of(SourceId.parse("XX.STA..HHN"), T0, 100, noise(6000, 6))),
                'E', List.of(Trace.of(SourceId.parse("XX.STA..HHE"), T0, 100, noise(6000, 7)))));
        List<AlignedSegment> segs = Alignment.align(s, 100, 10);
        assertEquals(2, segs.size());
        assertArrayEquals(new boolean[] {true, true, true}, segs.get(0).present());
        assertEquals(6000, segs.get(0).length());
        assertArrayEquals(new boolean[] {true, false, false}, segs.get(1).present(), "the vertical goes on alone");
        assertEquals(T0.plusSeconds(60), segs.get(1).start());
        assertArrayEquals(java.util.Arrays.copyOfRange(z, 6000, 12000), segs.get(1).data()[0]);
    }
}
