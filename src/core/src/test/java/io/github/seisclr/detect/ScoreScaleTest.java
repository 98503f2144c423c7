package io.github.seisclr.detect;

import io.github.seisclr.io.Waveforms;
import io.github.seisclr.model.Encoder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The threshold means the same for every model ({@link ReferenceNoise#scale}). Regression test for
 * a model whose noise scores have a heavy upper tail: a predictive-objective model trained on
 * seisclr's synthetic data (kept in the test resources, not bundled: see docs/training.md) scored
 * pure noise at 5-8.5 robust standard deviations and gave 47 detections on data-samples, 28 of
 * them false; its reference-noise tail (99.9th percentile 7.1 against the design 4.0) now widens
 * its score scale.
 */
class ScoreScaleTest {
    private static Encoder heavyTailed() throws IOException {
        try (InputStream in = ScoreScaleTest.class.getResourceAsStream("predictive-synthetic-heavy-tail.zip")) {
            return Encoder.load(in, "predictive-synthetic-heavy-tail.zip");
        }
    }

    @Test
    void heavyTailedNoiseScoresWidenTheScaleAndTheBundledModelKeepsItsOwn() throws IOException {
        int k = 13;
        Detector bundled = new Detector(Encoder.bundled(), DetectorConfig.defaults());
        assertEquals(1.0, bundled.scale(k), "the design model: tail 4.01");
        Detector heavy = new Detector(heavyTailed(), DetectorConfig.defaults());
        double s = heavy.scale(k);
        assertTrue(s > 1.5 && s < 2.2, "scale " + s);
        // what the public API reports (at the model's own frame rate, 100 Hz / 8: the same 13 frames)
        assertEquals(s, heavy.scoreScaleWidening(), 1e-12);
        assertEquals(1.0, bundled.scoreScaleWidening());
        DetectionResult r = heavy.detect(Waveforms.read(Path.of("data-samples")));
        assertTrue(r.detections().size() <= 25, r.detections().size() + " detections (20 true arrivals)");
        assertTrue(r.detections().size() >= 18, r.detections().size() + " detections (20 true arrivals)");
    }
}
