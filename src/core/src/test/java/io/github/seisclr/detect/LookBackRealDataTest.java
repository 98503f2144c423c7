package io.github.seisclr.detect;

import io.github.seisclr.SharedData;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A detection's P does not lie inside the detection before it, on a real window (skips without ../shared). */
class LookBackRealDataTest {
    /**
     * Regression (black-box review): NCEDC CI.DPP, 2013-06-22 (analyst P 17:35:23.77, S 29.67). The
     * bundled model's detector gave the event (P 23.73, no S) and then a second detection from 43.19 s
     * whose look-back put its P at 29.70, on the analyst's S, inside the first detection: the S came
     * out as another event's P, and the first event's S search ended there. The first event's own S
     * search, not cut there, picks that onset as its S, and the motion there is more horizontal than
     * at its P: the second trigger is a later phase of the first event, which keeps its S.
     */
    @Test
    void theSOfAnEventIsNotAnotherEventsP() {
        Path dir = SharedData.dir("ncedc-phasenet").orElse(null);
        assumeTrue(dir != null, "../shared/data/ncedc-phasenet absent");
        DetectionResult r = Detector.of(Encoder.bundled(), DetectorConfig.defaults())
                .detect(Waveforms.read(dir.resolve("mseed/CI_DPP_2013062217345377.mseed")));
        List<Detection> dets = r.detections();
        for (Detection d : dets) {
            for (Pick p : r.picks().select(Phase.P)) {
                if (!p.detectionId().equals(d.id())) {
                    continue;
                }
                for (Detection earlier : dets) {
                    if (earlier.start().isBefore(d.start())) {
                        assertTrue(!p.time().isBefore(earlier.end()), d.id() + "'s P " + p.time() + " lies in "
                                + earlier.id() + " (" + earlier.start() + " to " + earlier.end() + "): " + r.picks());
                    }
                }
            }
        }
        Instant analystP = Instant.parse("2013-06-22T17:35:23.77Z");
        Instant analystS = Instant.parse("2013-06-22T17:35:29.67Z");
        List<Pick> near = r.picks().picks().stream()
                .filter(p -> Math.abs(Duration.between(analystP, p.time()).toMillis()) < 10_000).toList();
        assertTrue(near.stream().anyMatch(p -> p.phase() == Phase.P
                && Math.abs(Duration.between(analystP, p.time()).toMillis()) < 200), near.toString());
        assertTrue(near.stream().anyMatch(p -> p.phase() == Phase.S
                && Math.abs(Duration.between(analystS, p.time()).toMillis()) < 500), "the event keeps its S: " + near);
    }
}
