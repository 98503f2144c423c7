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

    /**
     * Regression (review of 2026-12-04): references were taken in time order, each with its
     * nearest free candidate, so the earlier of two close references could take the later one's
     * only candidate and the count fell short of what a one-to-one matching gives.
     */
    @Test
    void closeReferencesGetTheLargestMatchingWhateverTheOrder() {
        List<ReferenceEvent> refs = List.of(new ReferenceEvent("A", T.plusSeconds(10), null),
                new ReferenceEvent("A", T.plusSeconds(11), null));
        DetectionMatch.Candidate c109 = new DetectionMatch.Candidate("A", T.plusMillis(10_900), 5);
        DetectionMatch.Candidate c88 = new DetectionMatch.Candidate("A", T.plusMillis(8_800), 5);
        for (List<DetectionMatch.Candidate> c : List.of(List.of(c109, c88), List.of(c88, c109))) {
            DetectionMatch.Result r = DetectionMatch.match(c, refs, Duration.ofMillis(1500));
            assertEquals(2, r.truePositives(), "both references matched: 10.9 s to 11 s, 8.8 s to 10 s");
            assertEquals(0, r.falsePositives());
            assertEquals(c88, r.matched().get(0)[1]);
            assertEquals(c109, r.matched().get(1)[1]);
        }
        // nearest first, 10.1 s would go to 10 s (0.1 s) and leave 11 s without one; moved instead
        DetectionMatch.Candidate c101 = new DetectionMatch.Candidate("A", T.plusMillis(10_100), 5);
        DetectionMatch.Candidate c90 = new DetectionMatch.Candidate("A", T.plusMillis(9_000), 5);
        DetectionMatch.Result r = DetectionMatch.match(List.of(c101, c90), refs, Duration.ofMillis(1500));
        assertEquals(2, r.truePositives(), "10.1 s goes to 11 s so that 9.0 s can match 10 s");
        assertEquals(c90, r.matched().get(0)[1]);
        assertEquals(c101, r.matched().get(1)[1]);
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
