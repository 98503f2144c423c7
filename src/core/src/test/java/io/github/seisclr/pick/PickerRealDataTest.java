package io.github.seisclr.pick;

import io.github.seisclr.SharedData;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Alignment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The P picker's look-back from an S-like onset on real windows, with the onsets detectors gave
 * there (the picks do not depend on the model otherwise).
 */
@Tag("realdata")
class PickerRealDataTest {
    private static final SourceId[] CHANNELS = {SourceId.parse("PG.PB..EHZ"), SourceId.parse("PG.PB..EHN"),
            SourceId.parse("PG.PB..EHE")};

    /**
     * NCEDC PG.PB, 2006-11-21: S (analyst 06:06:43.13) triggered trained and random-weight encoders alike
     * (detections from 43.13 s; the onset the picker is given, the middle of the first score window
     * that rose, 0.44 s before: 42.69 s); P (analyst 06:06:41.18) is weak and emergent. The look-back took a burst of
     * noise 7 s earlier for it (with a 0.01-0.8 s uncertainty), then, once only an onset the vertical
     * stays above counted, a point 1.2 s early, since its AIC search ended half a second after the
     * point the look-back had measured a second from. Now the analyst's P.
     */
    @Test
    void aWeakPBeforeAnSLikeOnset() {
        Path dir = SharedData.dir("ncedc-phasenet").orElse(null);
        assumeTrue(dir != null, "../shared/data/ncedc-phasenet absent");
        StationStream st = Waveforms.read(dir.resolve("mseed/PG_PB_2006112106061118.mseed")).stations().get(0);
        List<AlignedSegment> segs = Alignment.align(st, 100, 10);
        assertEquals(1, segs.size());
        DetectorConfig c = DetectorConfig.defaults();
        Picker picker = new Picker(1, 20, c.pickPreSeconds(), c.pickPostSeconds(), c.maxSMinusPSeconds());
        // the stretch the detector hands the picker: the P search and the look-back before the onset,
        // the search after it, a second's margin each side (EventStage)
        Instant onset = Instant.parse("2006-11-21T06:06:42.69Z");
        AlignedSegment seg = segs.get(0);
        long at = seg.indexOf(onset);
        AlignedSegment window = seg.slice(at - Math.round((picker.pSearchBeforeSeconds() + 1) * 100),
                at + Math.round((picker.pSearchAfterSeconds() + 1) * 100));
        Pick p = picker.pickP(picker.prepare(window), CHANNELS, onset, 7, "PB-1").orElseThrow();
        assertTrue(p.evidence().contains("found a clear earlier onset"), p.evidence());
        double error = Duration.between(Instant.parse("2006-11-21T06:06:41.18Z"), p.time()).toNanos() / 1e9;
        assertEquals(0, error, 0.1, p::toString);
    }
}
