package io.github.seisclr.eval;

import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.PickList;
import io.github.seisclr.pick.Polarity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PickScoresTest {
    private static final Instant T = Instant.parse("2024-05-01T00:00:00Z");

    private static Detection det(String id, String sta, double start) {
        Instant s = T.plusMillis(Math.round(start * 1000));
        return new Detection(id, "XX." + sta + "..HH", s, s.plusSeconds(10), s.plusSeconds(1), 9, 10, 5, "m");
    }

    private static Pick pick(String id, String sta, Phase ph, double t, double lower, double upper, Polarity pol,
                             String evidence) {
        return new Pick(SourceId.parse("XX." + sta + "..HHZ"), ph, T.plusMillis(Math.round(t * 1000)),
                Math.max(lower, upper), lower, upper, pol, 9, id, evidence);
    }

    @Test
    void residualsCoverageSharesAndPolarities() {
        List<Detection> dets = List.of(det("A-1", "A", 9.5), det("B-1", "B", 19.8), det("C-1", "C", 30), det("A-2", "A", 50));
        List<Pick> picks = List.of(
                // A: P 0.02 s late with lower sigma 0.03 (covered), S 0.2 s early with upper sigma 0.1 (2 sigma)
                pick("A-1", "A", Phase.P, 10.02, 0.03, 0.01, Polarity.POSITIVE, "x"),
                pick("A-1", "A", Phase.S, 12.8, 0.1, 0.1, Polarity.UNDECIDABLE, "x"),
                // B: P 0.05 s early with upper sigma 0.01 (outside 2 sigma), no S
                pick("B-1", "B", Phase.P, 19.95, 0.2, 0.01, Polarity.NEGATIVE, "x"),
                // C: P 3 s off the reference: not matched
                pick("C-1", "C", Phase.P, 33, 0.01, 0.01, Polarity.UNDECIDABLE, "x"),
                // a false detection
                pick("A-2", "A", Phase.P, 50, 0.01, 0.01, Polarity.POSITIVE, "x"));
        DetectionResult r = new DetectionResult(dets, new PickList(picks), List.of(), List.of(), 1.0,
                DetectorConfig.defaults(), "m", Map.of());
        List<ReferenceEvent> refs = List.of(new ReferenceEvent("A", T.plusSeconds(10), T.plusSeconds(13)),
                new ReferenceEvent("B", T.plusSeconds(20), T.plusSeconds(22)),
                new ReferenceEvent("C", T.plusSeconds(30), null));
        PickScores s = PickScores.of(r, refs, Duration.ofMillis(1500));
        assertEquals(2, s.matched());
        assertEquals(1, s.p().missing(), "C not detected");
        assertArrayEquals(new double[] {0.02, -0.05}, s.residualsP(), 1e-9);
        assertEquals(0.5, s.pCoverage().within1(), 1e-9, "A within its lower sigma, B not within its upper");
        assertEquals(0.5, s.pCoverage().within2(), 1e-9);
        assertEquals(2, s.withReferenceS());
        assertEquals(1, s.sPicked());
        assertEquals(1, s.s().missing());
        assertEquals(-0.2, s.s().mean(), 1e-9);
        assertEquals(0.0, s.sCoverage().within1(), 1e-9);
        assertEquals(1.0, s.sCoverage().within2(), 1e-9);
        assertEquals(new PickScores.Polarities(2, 2), s.polarity());
    }

    @Test
    void aDetectionMatchedByItsStartWithoutAPPickCountsAsAMissingPick() {
        // D's detection starts at the reference P but the picker gave it no P (only an S)
        List<Detection> dets = List.of(det("A-1", "A", 9.5), det("D-1", "D", 40.2));
        List<Pick> picks = List.of(pick("A-1", "A", Phase.P, 10.02, 0.03, 0.01, Polarity.POSITIVE, "x"),
                pick("D-1", "D", Phase.S, 43, 0.1, 0.1, Polarity.UNDECIDABLE, "x"));
        DetectionResult r = new DetectionResult(dets, new PickList(picks), List.of(), List.of(), 1.0,
                DetectorConfig.defaults(), "m", Map.of());
        List<ReferenceEvent> refs = List.of(new ReferenceEvent("A", T.plusSeconds(10), null),
                new ReferenceEvent("D", T.plusSeconds(40), null));
        PickScores s = PickScores.of(r, refs, Duration.ofMillis(1500));
        assertEquals(2, s.matched(), "both detected");
        assertEquals(1, s.p().count());
        assertEquals(1, s.p().missing(), "D has no P pick");
    }
}
