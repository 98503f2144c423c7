package io.github.seisclr.detect;

import io.github.seisclr.SharedData;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** No S is picked where the data end before the S search does, on real data (skips without ../shared). */
class SSearchAtDataEndRealDataTest {
    /**
     * Black-box review: ipoc-cx CX.PB01, 2014-03-01, cut 6.6 s after the P of an event at
     * 02:01:29.38 (S 11.3 s after P in the whole hour). The S search, which ends at the strongest
     * S-like energy it sees, saw only the P wavetrain and took it for S, 0.37 s after P. The P stays;
     * no S is given.
     */
    @Test
    void theSOfAnEventCutOffAfterItsPIsNotTheWavetrainOfItsP() {
        Path dir = SharedData.dir("ipoc-cx").orElse(null);
        assumeTrue(dir != null, "../shared/data/ipoc-cx absent");
        Instant end = Instant.parse("2014-03-01T02:01:36Z");
        List<Trace> cut = new ArrayList<>();
        for (StationStream st : Waveforms.read(dir.resolve("CX.PB01.2014-03-01T02.mseed")).stations()) {
            st.components().values().forEach(ts -> ts.forEach(t -> cut.add(t.slice(t.start(), end))));
        }
        DetectionResult r = Detector.of(Encoder.bundled(), DetectorConfig.defaults())
                .detect(StationStream.of(cut), s -> { });
        Instant p = Instant.parse("2014-03-01T02:01:29.378Z");
        Pick pick = r.picks().select(Phase.P).stream()
                .filter(x -> Math.abs(Duration.between(p, x.time()).toMillis()) < 100).findFirst()
                .orElseThrow(() -> new AssertionError("the P is found as in the whole hour: " + r.picks()));
        List<Pick> s = r.picks().select(Phase.S).stream().filter(x -> x.detectionId().equals(pick.detectionId())).toList();
        assertEquals(List.of(), s, "the data end 6.6 s after P, the S 11.3 s after it");
        assertTrue(r.detections().stream().anyMatch(d -> d.id().equals(pick.detectionId())));
    }
}
