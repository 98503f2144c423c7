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
        assertSameGaussian(a.background(), b.background(), tolerance);
        assertEquals(a.residual() == null, b.residual() == null, "a residual part in both or neither");
        if (a.residual() != null) {
            assertEquals(a.residualMedian(), b.residualMedian(), tolerance * (1 + Math.abs(a.residualMedian())),
                    "residual median");
            assertEquals(a.residualSpread(), b.residualSpread(), tolerance * a.residualSpread(), "residual spread");
            double[] sa = a.residual().line().slope();
            double[] sb = b.residual().line().slope();
            for (int q = 0; q < sa.length; q++) {
                assertEquals(sa[q], sb[q], tolerance * (1 + Math.abs(sa[q])), "slope " + q);
            }
            assertSameGaussian(a.residual().residuals(), b.residual().residuals(), tolerance);
        }
    }

    private static void assertSameGaussian(io.github.seisclr.score.BackgroundModel a,
                                           io.github.seisclr.score.BackgroundModel b, double tolerance) {
        double[] ma = a.mean();
        double[] mb = b.mean();
        double[][] ca = a.covariance();
        double[][] cb = b.covariance();
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

    /**
     * A station without horizontals is calibrated against reference noise without them: the
     * vertical's reference is measured on its own (not read from the file, which stores the
     * three-component one), cached apart, and differs from the three-component one.
     */
    @Test
    void aVerticalOnlyStationsReferenceIsMeasuredOnTheVerticalAlone() {
        DetectorConfig config = DetectorConfig.defaults();
        Encoder bundled = Encoder.bundled();
        boolean[] z = {true, false, false};
        ReferenceNoise.Reference three = ReferenceNoise.of(bundled, "bundled", config, K);
        ReferenceNoise.Reference vertical = ReferenceNoise.of(bundled, "bundled", config, K, z);
        assertSame(ReferenceNoise.stored(bundled, config, K), three, 0);
        // measured as these settings ask: without the residual part, which they do not score
        assertSame(ReferenceNoise.measure(bundled, config, K, z, config.residual()), vertical, 0);
        assertNull(vertical.residual());
        ReferenceNoise.Reference verticalResidual = ReferenceNoise.withResidual(bundled, "bundled", config, K, z);
        assertSame(ReferenceNoise.measure(bundled, config, K, z), verticalResidual, 0);
        assertSameGaussian(vertical.background(), verticalResidual.background(), 0);
        assertTrue(vertical == ReferenceNoise.of(bundled, "bundled", config, K, z.clone()), "cached");
        double[] a = three.background().mean();
        double[] b = vertical.background().mean();
        double diff = 0;
        for (int q = 0; q < a.length; q++) {
            diff = Math.max(diff, Math.abs(a[q] - b[q]));
        }
        assertTrue(diff > 0.1, "the horizontals move the features' background: largest mean difference " + diff);
        assertArrayEquals(new boolean[] {true, false, false}, Detector.components(java.util.List.of('Z')));
        assertArrayEquals(new boolean[] {true, true, true}, Detector.components(java.util.List.of('Z', '1', 'E')));
        assertArrayEquals(new boolean[] {true, true, true}, Detector.components(java.util.List.of('X')),
                "no known component: as three");
    }

    /**
     * A short vertical-only recording leans on the prior (a 3 min stretch gets 23 % of its own
     * weight): the detector's background model lies near the vertical's reference, not the three
     * components'.
     */
    @Test
    void aVerticalOnlyStationLeansOnTheVerticalsReference() {
        DetectorConfig config = DetectorConfig.defaults();
        Encoder bundled = Encoder.bundled();
        io.github.seisclr.synth.SyntheticDataset d = io.github.seisclr.synth.SyntheticGenerator.generate(
                io.github.seisclr.synth.SynthConfig.builder().seed(77).duration(java.time.Duration.ofMinutes(3))
                        .stations(1).threeComponent(false).eventsPerHour(0).spikesPerHour(0).gapsPerDay(0).build());
        java.util.List<io.github.seisclr.io.StationStream> z = io.github.seisclr.io.StationStream.of(d.traces());
        Calibration c = Detector.of(bundled, config).detect(z, x -> { }).calibrations().values().iterator().next();
        Detector det = new Detector(bundled, config);
        double[] three = ReferenceNoise.of(bundled, det.modelId(), config, K).background().mean();
        double[] vertical = ReferenceNoise.of(bundled, det.modelId(), config, K, new boolean[] {true, false, false})
                .background().mean();
        double[] m = c.background().mean();
        double toThree = 0;
        double toVertical = 0;
        for (int q = 0; q < m.length; q++) {
            toThree += (m[q] - three[q]) * (m[q] - three[q]);
            toVertical += (m[q] - vertical[q]) * (m[q] - vertical[q]);
        }
        assertTrue(toVertical < 0.25 * toThree, "the background's squared distance from the vertical's reference "
                + toVertical + ", from the three components' " + toThree);
    }

    /** A detector takes the stored values as they are: an entry with a wider tail widens its score scale. */
    @Test
    void aDetectorUsesTheStoredReference() throws IOException {
        DetectorConfig config = DetectorConfig.defaults();
        Encoder plain = Encoder.bundled().untrained(23); // a seed no other test measures in this JVM
        ReferenceNoise.Reference measured = ReferenceNoise.measure(plain, config, K);
        assertTrue(measured.tail() < ReferenceNoise.DESIGN_TAIL, "random weights have a light tail: " + measured.tail());
        ReferenceNoise.Reference wide = new ReferenceNoise.Reference(measured.background(), measured.median(),
                measured.spread(), 2 * ReferenceNoise.DESIGN_TAIL, measured.residual(), measured.residualMedian(),
                measured.residualSpread());
        Encoder carrying = roundTrip(plain.withAttachment(ReferenceNoise.ENTRY,
                ReferenceNoise.entry(plain, config, K, wide)));
        assertEquals(2.0, new Detector(carrying, config).scale(K), 1e-12);
    }

    /** @return the bundled model with its manifest's encoder setting {@code field} set to {@code value} */
    private static Encoder bundledWith(String field, double value) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(
                Encoder.class.getResourceAsStream(Encoder.BUNDLED));
             java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] b = in.readAllBytes();
                if (e.getName().equals("manifest.json")) {
                    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
                    com.fasterxml.jackson.databind.JsonNode root = json.readTree(b);
                    ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("encoder")).put(field, value);
                    b = json.writeValueAsBytes(root);
                }
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                zip.write(b);
                zip.closeEntry();
            }
        }
        return Encoder.load(new ByteArrayInputStream(out.toByteArray()), field + " " + value);
    }

    /**
     * An entry stored before the rate, band and window entered the model id (the bundled model's,
     * carried by a copy with only its manifest edited) serves a model of those weights whose id now
     * carries a settings tag only where the entry's own rate and band are the model's: the window
     * does not enter the measurement, the rate and band do.
     */
    @Test
    void anEntryOfTheIdBeforeTheSettingsServesOnlyTheRateAndBandItRecords() throws IOException {
        DetectorConfig config = DetectorConfig.defaults();
        Encoder window = bundledWith("windowSeconds", 8);
        assertEquals(Encoder.bundled().featuresId() + "+w8", window.featuresId());
        assertNotNull(ReferenceNoise.stored(window, config, K), "the entry records 100 Hz and 1-20 Hz, as this model");
        assertNull(ReferenceNoise.stored(bundledWith("sampleRate", 50), config, K), "the entry was measured at 100 Hz");
        assertNull(ReferenceNoise.stored(bundledWith("bandHighHz", 45), config, K), "the entry was measured on 1-20 Hz");
    }

    @Test
    void aReferenceForOtherWeightsOrSettingsOrDamagedIsMeasuredAnew() throws IOException {
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
        // a version-2 entry (before the residual): its distance part is used, the residual part is
        // measured where a detector scores the residual
        com.fasterxml.jackson.databind.node.ObjectNode v2 = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(entry);
        v2.remove("residual");
        v2.put("version", 2);
        Encoder older = one.withAttachment(ReferenceNoise.ENTRY, v2.toString().getBytes(StandardCharsets.UTF_8));
        ReferenceNoise.Reference distanceOnly = ReferenceNoise.stored(older, config, K);
        assertNotNull(distanceOnly, "a version-2 entry serves the distance");
        assertNull(distanceOnly.residual());
        assertSame(ReferenceNoise.stored(one, config, K), ReferenceNoise.withResidual(older, "v2-entry", config, K,
                ReferenceNoise.ALL), 0);
        // storing the entry again on a model that holds a version-2 one (settings nothing in this JVM
        // has measured, so that it is read from the file): the residual part is measured and stored
        DetectorConfig fewer = config.toBuilder().trim(0.2).build();
        Encoder fresh = Encoder.bundled().untrained(6);
        com.fasterxml.jackson.databind.node.ObjectNode v2other = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(ReferenceNoise.entry(fresh, fewer, K,
                        ReferenceNoise.measure(fresh, fewer, K)));
        v2other.remove("residual");
        v2other.put("version", 2);
        Encoder restored = Detector.withReferenceNoise(fresh.withAttachment(ReferenceNoise.ENTRY,
                v2other.toString().getBytes(StandardCharsets.UTF_8)), fewer);
        assertNotNull(ReferenceNoise.stored(restored, fewer, K).residual(), "stored again with its residual part");
        // an entry of a version between, or before, is measured anew
        for (int v : new int[] {1, ReferenceNoise.VERSION + 1}) {
            v2.put("version", v);
            assertNull(ReferenceNoise.stored(one.withAttachment(ReferenceNoise.ENTRY,
                    v2.toString().getBytes(StandardCharsets.UTF_8)), config, K), "version " + v);
        }
        // a damaged residual part in a version-3 entry: measured instead
        String noLine = text.replaceFirst("\"line\":\\{", "\"lines\":{");
        assertTrue(!noLine.equals(text));
        assertNull(ReferenceNoise.stored(one.withAttachment(ReferenceNoise.ENTRY, noLine.getBytes(StandardCharsets.UTF_8)),
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
