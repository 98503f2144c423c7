package io.github.seisclr.cli;

import io.github.seisclr.eval.ReferenceEvent;
import io.github.seisclr.io.StationStream;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Regression (review of 2026-12-04): a reference pick at a station the waveforms do not hold (a
 * station written NET.STA in the pick table, a typo) was silently counted as missed.
 */
class EvaluateCommandTest {
    @Test
    void referenceStationsWithoutWaveformsAreNamed() {
        Instant t = Instant.parse("2024-01-01T00:00:10Z");
        List<ReferenceEvent> refs = List.of(new ReferenceEvent("AAA", t, null), new ReferenceEvent("NC.BBB", t, null),
                new ReferenceEvent("NC.BBB", t.plusSeconds(60), null));
        List<StationStream> held = List.of(new StationStream("NC", "AAA", "", "HH", Map.of()),
                new StationStream("NC", "BBB", "", "HH", Map.of()));
        assertEquals(List.of("NC.BBB"), EvaluateCommand.warnAboutStationsWithoutWaveforms(refs, held));
    }

    @Test
    void aStationCodeHeldInTwoNetworksIsNamed() {
        Instant t = Instant.parse("2024-01-01T00:00:10Z");
        List<ReferenceEvent> refs = List.of(new ReferenceEvent("AAA", t, null), new ReferenceEvent("CCC", t, null));
        List<StationStream> held = List.of(new StationStream("NC", "AAA", "", "HH", Map.of()),
                new StationStream("BK", "AAA", "", "HH", Map.of()), new StationStream("NC", "AAA", "", "EH", Map.of()),
                new StationStream("NC", "CCC", "", "HH", Map.of()), new StationStream("NC", "DDD", "", "HH", Map.of()),
                new StationStream("BK", "DDD", "", "HH", Map.of()));
        // DDD is in two networks too, but no reference names it
        assertEquals(List.of("AAA"), EvaluateCommand.warnAboutStationCodesInSeveralNetworks(refs, held));
    }
}
