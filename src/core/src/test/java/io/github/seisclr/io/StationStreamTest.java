package io.github.seisclr.io;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StationStreamTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static Trace trace(String id) {
        return Trace.of(SourceId.parse(id), T0, 100, new double[100]);
    }

    /**
     * API review (2026-12-07): a station stream built by hand with another station's channel as a
     * component was scored as if it were one ("no E component" the only word); it is refused, naming both.
     */
    @Test
    void aChannelOfAnotherStreamOrUnderAnotherKeyIsRefused() {
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> new StationStream("XX", "T",
                "", "HH", Map.of('Z', List.of(trace("XX.T..HHZ")), 'N', List.of(trace("YY.OTHER..EHN")))));
        assertTrue(other.getMessage().contains("channel YY.OTHER..EHN given as component N of XX.T..HH"),
                other.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StationStream("XX", "T", "", "HH",
                Map.of('N', List.of(trace("XX.T..HHE")))));
        StationStream fine = new StationStream("XX", "T", "", "HH", Map.of('E', List.of(trace("XX.T..HHE")),
                'Z', List.of(trace("XX.T..HHZ"))));
        assertEquals(List.of('Z', 'E'), List.copyOf(fine.components().keySet()), "vertical first");
        assertEquals(fine, StationStream.of(List.of(trace("XX.T..HHZ"), trace("XX.T..HHE"))).get(0));
    }
}
