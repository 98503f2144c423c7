package io.github.seisclr.eval;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Matching and residuals on small hand-checked cases. */
class DetectionMatchTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void oneToOneWithinToleranceNearestFirst() {
        List<ReferenceEvent> refs = List.of(new ReferenceEvent("A", T.plusSeconds(10), null),
                new ReferenceEvent("A", T.plusSeconds(100), null), new ReferenceEvent("B", T.plusSeconds(10), null));
        List<DetectionMatch.Candidate> c = List.of(
                new DetectionMatch.Candidate("A", T.plusMillis(10_400), 5),   // matches A@10 (0.4 s)
                new DetectionMatch.Candidate("A", T.plusMillis(9_900), 5),    // nearer: takes A@10 instead
                new DetectionMatch.Candidate("A", T.plusSeconds(50), 5),      // nothing near: FP
                new DetectionMatch.Candidate("C", T.plusSeconds(10), 5));     // other station: FP
        DetectionMatch.Result r = DetectionMatch.match(c, refs, Duration.ofMillis(1500));
        assertEquals(1, r.truePositives());
        assertEquals(3, r.falsePositives());
        assertEquals(2, r.falseNegatives());
        assertEquals(0.25, r.precision(), 1e-12);
        assertEquals(1.0 / 3, r.recall(), 1e-12);
        assertEquals(2 * 0.25 * (1.0 / 3) / (0.25 + 1.0 / 3), r.f1(), 1e-12);
        assertEquals(T.plusMillis(9_900), r.matched().get(0)[1].onset());
    }

    @Test
    void residualStatisticsHandChecked() {
        Residuals r = Residuals.of(new double[] {0.05, -0.15, 0.3, -0.6}, 2);
        assertEquals(4, r.count());
        assertEquals(2, r.missing());
        assertEquals(-0.1, r.mean(), 1e-12);
        assertEquals((0.05 + 0.15 + 0.3 + 0.6) / 4, r.mae(), 1e-12);
        assertEquals(0.25, r.within01(), 1e-12);
        assertEquals(0.5, r.within02(), 1e-12);
        assertEquals(0.75, r.within05(), 1e-12);
        assertEquals(Math.sqrt((0.0225 + 0.0025 + 0.16 + 0.25) / 3), r.std(), 1e-12);
    }
}
