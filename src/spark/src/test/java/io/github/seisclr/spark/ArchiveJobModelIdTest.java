package io.github.seisclr.spark;

import io.github.seisclr.detect.Detector;
import io.github.seisclr.model.Encoder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Regression (review of 2026-12-04): the job's day files (CSV, QuakeML) named the model by the first
 * 12 digits of its features id, which dropped the features tag that {@code detect} and the rows
 * keep ({@code +inZ} for a vertical-only model, a dilations tag): two feature configurations of one
 * set of weights shared provenance and QuakeML ids, and a model without a manifest checksum threw.
 */
class ArchiveJobModelIdTest {
    @Test
    void dayFilesNameTheModelAsDetectionsDo() {
        Encoder bundled = Encoder.bundled();
        assertEquals(Detector.modelId(bundled), Detector.modelId(bundled.featuresId()));
        String sha = "0123456789abcdef".repeat(4);
        assertEquals("0123456789ab+inZ", Detector.modelId(sha + "+inZ"));
        assertEquals("0123456789ab", Detector.modelId(sha));
        assertEquals("unknown", Detector.modelId((String) null));
    }
}
