package io.github.seisclr.eval;

import io.github.seisclr.synth.TruthEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression (review of 2026-12-04): an event whose neighbour's P came 39.5 s before its own was not
 * left out as crowded (the duration, in whole seconds, rounded -39.5 down to -40), while one 39.5 s
 * after was; the window is now the same on both sides.
 */
class SyntheticPicksTest {
    private static TruthEntry at(String station, int id, double seconds) {
        Instant p = Instant.parse("2024-01-01T00:00:00Z").plusMillis(Math.round(seconds * 1000));
        return new TruthEntry(TruthEntry.Kind.EVENT, station, id, p, p.plusSeconds(30), p, p.plusSeconds(5), 2, 30, 10, 1);
    }

    @Test
    void aNeighbourWithin40SecondsCrowdsAnEventOnBothSides() {
        TruthEntry e = at("A", 1, 100);
        assertTrue(SyntheticPicks.crowded(List.of(e, at("A", 2, 60.5)), e), "39.5 s before");
        assertTrue(SyntheticPicks.crowded(List.of(e, at("A", 2, 139.5)), e), "39.5 s after");
        assertFalse(SyntheticPicks.crowded(List.of(e, at("A", 2, 60)), e), "40 s before");
        assertFalse(SyntheticPicks.crowded(List.of(e, at("A", 2, 140)), e), "40 s after");
        assertFalse(SyntheticPicks.crowded(List.of(e, at("B", 2, 100)), e), "another station");
    }
}
