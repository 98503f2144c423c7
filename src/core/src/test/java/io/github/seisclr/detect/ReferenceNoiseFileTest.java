package io.github.seisclr.detect;

import io.github.seisclr.model.Encoder;
import io.github.seisclr.model.EncoderConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model's reference-noise prior stored in its file ({@link Detector#withReferenceNoise}) is used
 * as measured, only for the weights, settings and measurement version it was made for, and the
 * bundled model's stored one is what the measurement gives today.
 */
class ReferenceNoiseFileTest {
    private static final int K = 13;

    private static Encoder roundTrip(Encoder e) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.save(out);
        return Encoder.load(new ByteArrayInputStream(out.toByteArray()), "round trip");
    }

    private static void assertSame(ReferenceNoise.Reference a, ReferenceNoise.Reference b, double tolerance) {
        assertEquals(a.median(), b.median(), tolerance * (1 + Math.abs(a.median())), "median");
        assertEquals(a.spread(), b.spread(), tolerance * a.spread(), "spread");
        assertEquals(a.tail(), b.tail(), tolerance * (1 + Math.abs(a.tail())), "tail");
        double[] ma = a.background().mean();
        double[] mb = b.background().mean();
        double[][] ca = a.background().covariance();
        double[][] cb = b.background().covariance();
        for (int q = 0; q < ma.length; q++) {
            assertEquals(ma[q], mb[q], tolerance * (1 + Math.abs(ma[q])), "mean " + q);
            for (int r = 0; r < ma.length; r++) {
                assertEquals(ca[q][r], cb[q][r], tolerance * Math.sqrt(ca[q][q] * ca[r][r]), "covariance " + q + "," + r);
            }
        }
    }

    @Test
    void theBundledModelsStoredReferenceIsTodaysMeasurement() {
        // fails after a change of code that changes the measurement: bump ReferenceNoise.VERSION and
        // store the bundled model's reference again (models/README.md)
        Encoder bundled = Encoder.bundled();
        DetectorConfig config = DetectorConfig.defaults();
        ReferenceNoise.Reference stored = ReferenceNoise.stored(bundled, config, K);
        assertNotNull(stored, "the bundled model carries its reference noise for the default settings");
        assertSame(ReferenceNoise.measure(bundled, config, K), stored, 1e-4);
        assertEquals(K, new Detector(bundled, config).framesPerWindow(100.0 / EncoderConfig.FRAME_STRIDE));
    }

    @Test
    void aStoredReferenceIsTheMeasuredOneAfterASaveAndALoad() throws IOException {
        Encoder plain = Encoder.bundled().untrained(5);
        DetectorConfig config = DetectorConfig.defaults();
        Encoder carrying = roundTrip(Detector.withReferenceNoise(plain, config));
        ReferenceNoise.Reference stored = ReferenceNoise.stored(carrying, config, K);
        assertNotNull(stored);
        assertSame(ReferenceNoise.measure(plain, config, K), stored, 0);
        // the same weights, so the same checksum: the saved file keeps the manifest's
        assertEquals(plain.manifest().weightsSha256(), carrying.manifest().weightsSha256());
    }

    /** A detector takes the stored values as they are: an entry with a wider tail widens its score scale. */
    @Test
    void aDetectorUsesTheStoredReference() throws IOException {
        DetectorConfig config = DetectorConfig.defaults();
        Encoder plain = Encoder.bundled().untrained(23); // a seed no other test measures in this JVM
        ReferenceNoise.Reference measured = ReferenceNoise.measure(plain, config, K);
        assertTrue(measured.tail() < ReferenceNoise.DESIGN_TAIL, "random weights have a light tail: " + measured.tail());
        ReferenceNoise.Reference wide = new ReferenceNoise.Reference(measured.background(), measured.median(),
                measured.spread(), 2 * ReferenceNoise.DESIGN_TAIL);
        Encoder carrying = roundTrip(plain.withAttachment(ReferenceNoise.ENTRY,
                ReferenceNoise.entry(plain, config, K, wide)));
        assertEquals(2.0, new Detector(carrying, config).scale(K), 1e-12);
    }

    @Test
    void aReferenceForOtherWeightsOrSettingsOrDamagedIsMeasuredAnew() {
        DetectorConfig config = DetectorConfig.defaults();
        Encoder one = Detector.withReferenceNoise(Encoder.bundled().untrained(6), config);
        byte[] entry = one.attachment(ReferenceNoise.ENTRY).orElseThrow();
        // another model's entry copied into a file: not these weights
        Encoder other = Encoder.bundled().untrained(7).withAttachment(ReferenceNoise.ENTRY, entry);
        assertNull(ReferenceNoise.stored(other, config, K));
        // other detection settings: the background's trim differs
        DetectorConfig trimmed = config.toBuilder().trim(config.trim() / 2).build();
        assertNull(ReferenceNoise.stored(one, trimmed, K));
        assertNull(ReferenceNoise.stored(one, config, K + 1));
        DetectorConfig longer = config.toBuilder().baselineSeconds(config.baselineSeconds() * 2).build();
        assertNull(ReferenceNoise.stored(one, longer, K));
        // a later measurement version
        String text = new String(entry, StandardCharsets.UTF_8);
        String later = text.replace("\"version\":" + ReferenceNoise.VERSION, "\"version\":" + (ReferenceNoise.VERSION + 1));
        assertTrue(!later.equals(text), "the entry names its version");
        assertNull(ReferenceNoise.stored(one.withAttachment(ReferenceNoise.ENTRY, later.getBytes(StandardCharsets.UTF_8)),
                config, K));
        // damaged: not JSON, or a covariance of the wrong size; measured instead, with a warning
        assertNull(ReferenceNoise.stored(one.withAttachment(ReferenceNoise.ENTRY, "{not json".getBytes(StandardCharsets.UTF_8)),
                config, K));
        String cut = text.replaceFirst("\"covariance\":\\[\\[", "\"covariance\":[[1.0],[");
        String otherFormat = text.replace("seisclr-reference-noise", "something-else");
        assertTrue(!otherFormat.equals(text));
        assertNull(ReferenceNoise.stored(one.withAttachment(ReferenceNoise.ENTRY,
                otherFormat.getBytes(StandardCharsets.UTF_8)), config, K));
        assertTrue(!cut.equals(text));
        assertNull(ReferenceNoise.stored(one.withAttachment(ReferenceNoise.ENTRY, cut.getBytes(StandardCharsets.UTF_8)),
                config, K));
        // and the untouched entry is used
        assertNotNull(ReferenceNoise.stored(one, config, K));
        assertArrayEquals(entry, one.attachment(ReferenceNoise.ENTRY).orElseThrow());
    }

    @Test
    void trainingsAndUntrainedCopiesCarryNoEntryOfTheirOwnWeights() {
        Encoder one = Detector.withReferenceNoise(Encoder.bundled().untrained(6), DetectorConfig.defaults());
        assertTrue(one.untrained(8).attachment(ReferenceNoise.ENTRY).isEmpty());
    }
}
