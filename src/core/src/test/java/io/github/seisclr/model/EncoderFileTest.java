package io.github.seisclr.model;

import io.github.seisclr.ModelException;
import io.github.seisclr.signal.AlignedSegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model files: exact round trip, and clear refusals of damaged or incompatible files. */
class EncoderFileTest {
    private static Encoder untrained(EncoderConfig c, long seed) {
        Map<String, float[]> w = Network.init(c, seed);
        ModelManifest.Training t = new ModelManifest.Training(seed, 0, 0, 0, 0, List.of(), 0, List.of(),
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, null);
        ModelManifest m = new ModelManifest(ModelManifest.FORMAT, Trainer.formatVersion(c), "test", "2024-01-01T00:00:00Z", "test",
                Trainer.manifestEncoder(c), Trainer.preprocessing(c), Trainer.augmentation(AugmentConfig.defaults()), t,
                Encoder.weightList(c), null);
        return new Encoder(c, w, Encoder.withChecksum(m, Encoder.sha256(Encoder.weightBytes(c, w))));
    }

    /** {@link #untrained} with the hours each input component carried in its (notional) training. */
    private static Encoder trainedOn(EncoderConfig c, long seed, Map<String, Double> componentHours, String init) {
        Map<String, float[]> w = Network.init(c, seed);
        ModelManifest.Training t = new ModelManifest.Training(seed, 0, 0, 0, 0, List.of(), 0, List.of(),
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, init, componentHours);
        ModelManifest m = new ModelManifest(ModelManifest.FORMAT, Encoder.leavesOut(t) ? 4 : Trainer.formatVersion(c),
                "test", "2024-01-01T00:00:00Z", "test",
                Trainer.manifestEncoder(c), Trainer.preprocessing(c), Trainer.augmentation(AugmentConfig.defaults()), t,
                Encoder.weightList(c), null);
        return new Encoder(c, w, Encoder.withChecksum(m, Encoder.sha256(Encoder.weightBytes(c, w))));
    }

    private static io.github.seisclr.signal.AlignedSegment segment(int n, boolean[] present) {
        Random r = new Random(3);
        double[][] data = new double[3][n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; present[c] && i < n; i++) {
                data[c][i] = (c + 1) * r.nextGaussian();
            }
        }
        return new io.github.seisclr.signal.AlignedSegment("XX.A..HH", java.time.Instant.parse("2024-01-01T00:00:00Z"),
                100, data, present);
    }

    @Test
    void aModelTrainedOnVerticalsAloneLeavesTheHorizontalsOutOfItsInput(@TempDir Path dir) throws IOException {
        EncoderConfig c = EncoderConfig.builder().build();
        Map<String, Double> zOnly = new java.util.LinkedHashMap<>(Map.of("Z", 2.6, "N", 0.0, "E", 0.0));
        Encoder z = trainedOn(c, 5, zOnly, null);
        assertArrayEquals(new boolean[] {true, false, false}, z.inputComponents());
        io.github.seisclr.signal.AlignedSegment three = segment(6000, new boolean[] {true, true, true});
        io.github.seisclr.signal.AlignedSegment vertical = new io.github.seisclr.signal.AlignedSegment(three.station(),
                three.start(), 100, new double[][] {three.data()[0], new double[6000], new double[6000]},
                new boolean[] {true, false, false});
        FrameFeatures a = z.frames(three);
        FrameFeatures b = z.frames(vertical);
        assertEquals(a.count(), b.count());
        for (int j = 0; j < a.count(); j++) {
            assertArrayEquals(b.frame(j), a.frame(j), 0f, "frame " + j + ": the horizontals are left out");
        }
        // the same weights taking all three components give other frames: the horizontals counted there
        Encoder all = trainedOn(c, 5, null, null);
        assertArrayEquals(new boolean[] {true, true, true}, all.inputComponents());
        assertTrue(!Arrays.equals(all.frames(three).frame(100), a.frame(100)));
        // part of a segment and a stream give the same frames as the whole segment
        FrameFeatures part = z.frames(three, 800, 4000);
        assertArrayEquals(a.frame(100), part.frame(0), 1e-5f);
        FrameStream fs = z.stream(three.present());
        List<float[]> streamed = new java.util.ArrayList<>(List.of(fs.push(three.data(), 0, 6000)));
        streamed.addAll(List.of(fs.finish()));
        assertArrayEquals(a.frame(200), streamed.get(200), 1e-4f);
        // the record survives the file; a fine-tuned model and one without the record take all three
        Path f = dir.resolve("z.zip");
        z.save(f);
        Encoder back = Encoder.load(f);
        assertEquals(zOnly, back.manifest().training().componentHours());
        assertArrayEquals(new boolean[] {true, false, false}, back.inputComponents());
        assertArrayEquals(new boolean[] {true, true, true}, trainedOn(c, 5, zOnly, "abc").inputComponents());
        assertEquals(null, untrained(c, 5).manifest().training().componentHours());
        assertArrayEquals(new boolean[] {true, true, true}, untrained(c, 5).inputComponents());
        // written as version 4, which earlier seisclr refuses; its features are told apart from the unmasked ones'
        assertEquals(4, back.manifest().formatVersion());
        assertEquals("+inZ", z.featuresTag());
        assertEquals(z.manifest().weightsSha256() + "+inZ", z.featuresId());
        assertEquals("", all.featuresTag());
        // the same record under version 2 (as no seisclr writes it): read as before, all three components
        Path v2 = withFormatVersion(z, 4, 2, dir.resolve("v2.zip"));
        assertArrayEquals(new boolean[] {true, true, true}, Encoder.load(v2).inputComponents());
        // a stretch without any component the model takes is encoded as it is, in batch and stream alike
        io.github.seisclr.signal.AlignedSegment horizontals = segment(6000, new boolean[] {false, true, true});
        FrameFeatures h = z.frames(horizontals);
        FrameStream hs = z.stream(horizontals.present());
        List<float[]> hStreamed = new java.util.ArrayList<>(List.of(hs.push(horizontals.data(), 0, 6000)));
        hStreamed.addAll(List.of(hs.finish()));
        assertArrayEquals(h.frame(200), hStreamed.get(200), 1e-4f);
        assertArrayEquals(all.frames(horizontals).frame(200), h.frame(200), 0f);
    }

    private static float[][][] windows(EncoderConfig c, int n) {
        Random r = new Random(1);
        float[][][] w = new float[n][3][c.windowSamples()];
        for (float[][] a : w) {
            for (float[] b : a) {
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) r.nextGaussian();
                }
            }
        }
        return w;
    }

    @Test
    void saveLoadGivesBitIdenticalEmbeddings(@TempDir Path dir) {
        EncoderConfig c = EncoderConfig.builder().build();
        Encoder e = untrained(c, 5);
        Path f = dir.resolve("m.zip");
        e.save(f);
        Encoder back = Encoder.load(f);
        float[][][] w = windows(c, 8);
        assertArrayEquals(e.embed(w), back.embed(w));
        assertEquals(e.manifest().weightsSha256(), back.manifest().weightsSha256());
        assertEquals(c, back.config());
        e.weights().forEach((k, v) -> assertArrayEquals(v, back.weights().get(k)));
    }

    /** API review: an encoder and its settings logged as Object's {@code Encoder@1b2c3d}. */
    @Test
    void anEncoderAndItsSettingsSayWhatTheyAre() {
        Encoder e = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        String said = e.toString();
        assertTrue(said.startsWith("Encoder[" + e.manifest().description() + ", " + e.config().objective() + ", features "
                + e.featuresId()) && !said.contains("closed"), said);
        assertTrue(e.config().toString().startsWith("EncoderConfig[sampleRate=100.0, ") && e.config().toString()
                .contains("channels=[8, 16, 32, 64, 64]"), e.config().toString());
        e.close();
        assertTrue(e.toString().endsWith(", closed]"), e.toString());
    }

    /**
     * API review (2026-12-07): {@code manifest()} handed out the encoder's own arrays, so a caller's
     * change reached the file {@code save} wrote, and two equal manifests were not {@code equals}.
     */
    @Test
    void aManifestsArraysAreCopiesAndEqualManifestsAreEqual(@TempDir Path dir) {
        Encoder e = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        e.manifest().encoder().channels()[0] = 777;
        e.manifest().weights().get(0).shape()[0] = 12345;
        Path f = dir.resolve("m.zip");
        e.save(f);
        Encoder back = Encoder.load(f);
        Encoder fresh = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        assertTrue(back.manifest().encoder().channels()[0] != 777, "the saved file keeps the model's widths");
        assertArrayEquals(fresh.manifest().encoder().channels(), back.manifest().encoder().channels());
        assertArrayEquals(fresh.manifest().weights().get(0).shape(), e.manifest().weights().get(0).shape());
        assertEquals(fresh.manifest().encoder(), back.manifest().encoder(), "records compare by content");
        assertEquals(fresh.manifest().weights(), back.manifest().weights());
        assertTrue(e.manifest().encoder().toString().contains("channels=["), e.manifest().encoder().toString());
        io.github.seisclr.score.ScoreTrace t = new io.github.seisclr.score.ScoreTrace("XX.A..HH",
                java.time.Instant.EPOCH, 12.5, new float[] {1, 2, 3}, 1.04);
        t.values()[0] = 999;
        assertEquals(1f, t.value(0));
        assertEquals(t, new io.github.seisclr.score.ScoreTrace("XX.A..HH", java.time.Instant.EPOCH, 12.5,
                new float[] {1, 2, 3}, 1.04));
    }

    /**
     * Dilations other than the default are kept in the file, which is then version 3 (an older
     * seisclr that would ignore them refuses it); the default ones are not written, and files
     * without them load with the default.
     */
    @Test
    void dilationsRoundTripAsVersionThree(@TempDir Path dir) throws IOException {
        EncoderConfig c = EncoderConfig.builder().dilations(1, 2, 4, 8, 8).build();
        Encoder e = untrained(c, 5);
        Path f = dir.resolve("dilated.zip");
        e.save(f);
        Encoder back = Encoder.load(f);
        assertEquals(c, back.config());
        assertArrayEquals(new int[] {1, 2, 4, 8, 8}, back.config().dilations());
        assertEquals(3, back.manifest().formatVersion());
        assertEquals(back.manifest().weightsSha256() + "+d1.2.4.8.8", back.featuresId());
        float[][][] w = windows(c, 4);
        assertArrayEquals(e.embed(w), back.embed(w));
        String manifest = manifestText(f);
        assertTrue(manifest.contains("\"dilations\""), manifest);

        EncoderConfig plain = EncoderConfig.builder().build();
        Path g = dir.resolve("plain.zip");
        untrained(plain, 5).save(g);
        assertEquals(2, Encoder.load(g).manifest().formatVersion());
        assertEquals(Encoder.load(g).manifest().weightsSha256(), Encoder.load(g).featuresId());
        assertTrue(!manifestText(g).contains("\"dilations\" : ["), "default dilations are not written");
        assertArrayEquals(new int[] {1, 1, 1, 1, 2}, Encoder.load(g).config().dilations());
        // the same weights read with other dilations would give other features: the setting matters
        EncoderConfig other = EncoderConfig.builder().dilations(1, 2, 4, 8, 8).build();
        Encoder reread = new Encoder(other, Encoder.load(g).weights(), null);
        float[][][] x = windows(plain, 2);
        assertTrue(!java.util.Arrays.deepEquals(Encoder.load(g).embed(x), reread.embed(x)));
    }

    /**
     * An encoder without a manifest (built in code, not read from a file) is still identified by its
     * weights: two of them with other weights must not share what is tied to the id (the detector's
     * cached reference noise and calibrations), and the id is the checksum a file would record.
     */
    @Test
    void anEncoderWithoutAManifestIsIdentifiedByItsWeights(@TempDir Path dir) {
        EncoderConfig c = EncoderConfig.builder().build();
        Encoder a = new Encoder(c, Network.init(c, 1), null);
        Encoder b = new Encoder(c, Network.init(c, 2), null);
        assertTrue(a.featuresId() != null && b.featuresId() != null);
        assertTrue(!a.featuresId().equals(b.featuresId()), "other weights, another id");
        assertEquals(a.featuresId(), new Encoder(c, Network.init(c, 1), null).featuresId(), "the same weights, the same id");
        Path f = dir.resolve("b.zip");
        untrained(c, 2).save(f);
        assertEquals(Encoder.load(f).featuresId(), b.featuresId(), "the checksum a model file records");
        EncoderConfig longer = EncoderConfig.builder().dilations(1, 2, 4, 8, 8).build();
        Encoder l = new Encoder(longer, Network.init(longer, 2), null);
        assertTrue(l.featuresId().endsWith(longer.dilationsTag()) && !longer.dilationsTag().isEmpty());
    }

    /** A file that gives dilations under an older format version is refused: an older seisclr would ignore them. */
    @Test
    void dilationsUnderAnOlderFormatVersionAreRefused(@TempDir Path dir) throws IOException {
        Path edited = withFormatVersion(untrained(EncoderConfig.builder().dilations(1, 2, 4, 8, 8).build(), 5), 3, 2,
                dir.resolve("edited.zip"));
        ModelException ex = assertThrows(ModelException.class, () -> Encoder.load(edited));
        assertEquals(ModelException.Problem.CORRUPT, ex.problem());
        assertTrue(ex.getMessage().contains("edited.zip") && ex.getMessage().contains("dilations need version 3"),
                ex.getMessage());
    }

    /** @return {@code to}: the encoder saved, with its manifest's format version {@code from} rewritten as {@code version} */
    private static Path withFormatVersion(Encoder e, int from, int version, Path to) throws IOException {
        Path f = to.resolveSibling("saved-" + to.getFileName());
        e.save(f);
        rewrite(f, to, (name, bytes) -> name.equals(Encoder.MANIFEST_ENTRY)
                ? new String(bytes, StandardCharsets.UTF_8).replace("\"formatVersion\" : " + from, "\"formatVersion\" : " + version)
                .getBytes(StandardCharsets.UTF_8) : bytes);
        return to;
    }

    private static String manifestText(Path zip) throws IOException {
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            return new String(z.getInputStream(z.getEntry(Encoder.MANIFEST_ENTRY)).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Review (2026-12-07): the bundled model with only its manifest's sample rate (50 Hz), upper band
     * corner (45 Hz) or window (8 s) changed kept its weights' checksum, so all of them printed the
     * bundled model's id, da3d6fc5569d, though the first found 18 detections on data-samples where
     * the bundled model finds 19, and the bundled model's calibrations were read for them without a
     * word. The rate, band and window now enter the id where they are not the defaults; the bundled
     * model, at the defaults, keeps its id.
     */
    @Test
    void sampleRateBandAndWindowEnterTheIdAndTheBundledModelKeepsItsOwn(@TempDir Path dir) throws IOException {
        Path bundled = Path.of("models", Encoder.BUNDLED);
        String sha = "da3d6fc5569d16dab83f04ad644fdbabc782adf9452ca5859eea50f69be162fd";
        assertEquals(sha, Encoder.load(bundled).featuresId(), "the bundled model's id, as docs and outputs give it");
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        ids.put("bundled", sha);
        Object[][] edits = {{"sampleRate", 50.0, "+r50"}, {"bandHighHz", 45.0, "+b1-45"}, {"bandLowHz", 2.0, "+b2-20"},
            {"windowSeconds", 8.0, "+w8"}};
        for (Object[] edit : edits) {
            Path f = dir.resolve(edit[0] + ".zip");
            rewrite(bundled, f, (name, bytes) -> name.equals(Encoder.MANIFEST_ENTRY) ? editJson(bytes,
                    root -> ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("encoder"))
                            .put((String) edit[0], (Double) edit[1])) : bytes);
            Encoder e = Encoder.load(f);
            assertEquals(sha, e.manifest().weightsSha256(), "the weights and their checksum are the bundled model's");
            assertEquals(sha + edit[2], e.featuresId(), (String) edit[0]);
            assertEquals(sha, EncoderConfig.withoutSettingsTag(e.featuresId()));
            ids.put((String) edit[0], e.featuresId());
        }
        assertEquals(ids.size(), new java.util.HashSet<>(ids.values()).size(), "one id each: " + ids);
    }

    /** The untrained baseline of a model: its starting weights for a seed, savable and loadable like any model. */
    @Test
    void untrainedTwinHasTheSeedsStartingWeightsAndRoundTrips(@TempDir Path dir) {
        EncoderConfig c = EncoderConfig.builder().build();
        Encoder model = untrained(c, 3);
        Encoder twin = model.untrained(5);
        assertEquals(c, twin.config());
        Network.init(c, 5).forEach((k, v) -> assertArrayEquals(v, twin.weights().get(k)));
        assertTrue(twin.manifest().description().contains("untrained"));
        assertTrue(!twin.manifest().weightsSha256().equals(model.manifest().weightsSha256()));
        Path f = dir.resolve("twin.zip");
        twin.save(f);
        float[][][] w = windows(c, 4);
        assertArrayEquals(twin.embed(w), Encoder.load(f).embed(w));
    }

    @Test
    void damagedWeightsFailTheChecksum(@TempDir Path dir) throws IOException {
        Encoder e = untrained(EncoderConfig.builder().build(), 5);
        Path f = dir.resolve("m.zip");
        e.save(f);
        Path bad = dir.resolve("bad.zip");
        rewrite(f, bad, (name, bytes) -> {
            if (name.equals(Encoder.WEIGHTS_ENTRY)) {
                bytes[100] ^= 1;
            }
            return bytes;
        });
        ModelException ex = assertThrows(ModelException.class, () -> Encoder.load(bad));
        assertEquals(ModelException.Problem.CORRUPT, ex.problem());
        assertTrue(ex.getMessage().contains("checksum") && ex.getMessage().contains("bad.zip"), ex.getMessage());
    }

    /** The jar carries models/ as it is: the bundled encoder is the repository's model file. */
    @Test
    void bundledModelIsTheOneInModels() {
        Encoder file = Encoder.load(Path.of("models", Encoder.BUNDLED));
        Encoder bundled = Encoder.bundled();
        assertEquals(file.manifest().weightsSha256(), bundled.manifest().weightsSha256());
        file.weights().forEach((k, v) -> assertArrayEquals(v, bundled.weights().get(k), k));
    }

    /** The bundled v1 file (format version 1, no objective in its manifest) loads as a contrastive model. */
    @Test
    void versionOneFilesLoadAsContrastive() {
        Encoder v1 = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        assertEquals(EncoderConfig.Objective.CONTRASTIVE, v1.config().objective());
        assertEquals(1, v1.manifest().formatVersion());
        assertEquals(null, v1.manifest().encoder().objective());
        assertEquals(400, v1.config().windowSamples());
    }

    /** Further entries: kept through a save and a load, never on other weights, names and sizes bounded. */
    @Test
    void attachmentsRoundTripAndStayWithTheirWeights(@TempDir Path dir) throws IOException {
        EncoderConfig c = EncoderConfig.builder().build();
        byte[] note = "{\"a\": 1}".getBytes(StandardCharsets.UTF_8);
        Encoder e = untrained(c, 3).withAttachment("note.json", note);
        Path f = dir.resolve("m.zip");
        e.save(f);
        Encoder back = Encoder.load(f);
        assertArrayEquals(note, back.attachment("note.json").orElseThrow());
        assertTrue(back.attachment("other.json").isEmpty());
        assertEquals(e.manifest().weightsSha256(), back.manifest().weightsSha256());
        assertTrue(back.untrained(4).attachment("note.json").isEmpty(), "other weights carry no entry");
        for (String bad : new String[] {"manifest.json", "weights.bin", "x.txt", "a/b.json", ".json", null}) {
            assertThrows(IllegalArgumentException.class, () -> e.withAttachment(bad, note), String.valueOf(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> e.withAttachment("big.json", new byte[Encoder.MAX_ATTACHMENT + 1]));
        // a file with an oversized entry (not written by seisclr) still loads; the entry is not read
        Path big = dir.resolve("big.zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(f));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(big))) {
            for (ZipEntry z; (z = in.getNextEntry()) != null; ) {
                out.putNextEntry(new ZipEntry(z.getName()));
                out.write(in.readAllBytes());
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("huge.json"));
            out.write(new byte[Encoder.MAX_ATTACHMENT + 10]);
            out.closeEntry();
        }
        Encoder loaded = Encoder.load(big);
        assertTrue(loaded.attachment("huge.json").isEmpty());
        assertArrayEquals(note, loaded.attachment("note.json").orElseThrow());
        // an entry twice: which copy counts would depend on the tool reading the zip, so refused.
        // ZipOutputStream refuses duplicate names, so a second manifest is written under a name of
        // the same length and renamed in the bytes
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(f));
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry z; (z = in.getNextEntry()) != null; ) {
                byte[] b = in.readAllBytes();
                out.putNextEntry(new ZipEntry(z.getName()));
                out.write(b);
                out.closeEntry();
                if (z.getName().equals("manifest.json")) {
                    out.putNextEntry(new ZipEntry("manifest.jsoX"));
                    out.write(b);
                    out.closeEntry();
                }
            }
        }
        String raw = new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1).replace("manifest.jsoX", "manifest.json");
        Path twice = dir.resolve("twice.zip");
        Files.write(twice, raw.getBytes(StandardCharsets.ISO_8859_1));
        ModelException dup = assertThrows(ModelException.class, () -> Encoder.load(twice));
        assertEquals(ModelException.Problem.CORRUPT, dup.problem());
        assertTrue(dup.getMessage().contains("twice.zip") && dup.getMessage().contains("manifest.json twice"),
                dup.getMessage());
    }

    @Test
    void notAModelIsRefused(@TempDir Path dir) throws IOException {
        Path junk = dir.resolve("junk.zip");
        Files.write(junk, "this is not a zip".getBytes(StandardCharsets.UTF_8));
        ModelException ex = assertThrows(ModelException.class, () -> Encoder.load(junk));
        assertEquals(ModelException.Problem.CORRUPT, ex.problem());
        assertTrue(ex.getMessage().contains("junk.zip"), ex.getMessage());
        // regression (review): said "it lacks manifest.json" of a text file
        assertTrue(ex.getMessage().contains("it is not a zip file"), ex.getMessage());
        assertEquals(ModelException.Problem.IO, assertThrows(ModelException.class,
                () -> Encoder.load(dir.resolve("missing.zip"))).problem());
    }

    @Test
    void newerFormatVersionIsRefusedWithTheFix(@TempDir Path dir) throws IOException {
        Path future = withFormatVersion(untrained(EncoderConfig.builder().build(), 5), 2, 99, dir.resolve("future.zip"));
        ModelException ex = assertThrows(ModelException.class, () -> Encoder.load(future));
        assertEquals(ModelException.Problem.INCOMPATIBLE_VERSION, ex.problem());
        assertTrue(ex.getMessage().contains("upgrade seisclr"), ex.getMessage());
        assertTrue(ex.getMessage().contains("versions 1 to 4"), ex.getMessage());
    }

    /**
     * Regression (found by the soak test, when passes ran on ND4J's inference sessions, which kept
     * the id of every array they freed): many small passes on one encoder give the same results.
     */
    @Test
    void manyPassesGiveTheSameResults() {
        Encoder e = untrained(EncoderConfig.builder().build(), 5);
        float[] buf = new float[3 * 848];
        Random rng = new Random(2);
        for (int i = 0; i < buf.length; i++) {
            buf[i] = (float) rng.nextGaussian();
        }
        float[][] first = e.framesOf(buf, 848);
        for (int i = 1; i < 12; i++) {
            float[][] again = e.framesOf(buf, 848);
            for (int j = 0; j < first.length; j++) {
                assertArrayEquals(first[j], again[j], "pass " + i);
            }
        }
    }

    /** Regression: a manifest without its encoder section gave a NullPointerException's text. */
    @Test
    void manifestWithoutEncoderSectionIsRefusedByName(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.zip");
        untrained(EncoderConfig.builder().build(), 5).save(f);
        Path cut = dir.resolve("cut.zip");
        rewrite(f, cut, (name, bytes) -> name.equals(Encoder.MANIFEST_ENTRY) ? editJson(bytes,
                root -> root.remove("encoder")) : bytes);
        ModelException ex = assertThrows(ModelException.class, () -> Encoder.load(cut));
        assertEquals(ModelException.Problem.CORRUPT, ex.problem());
        assertTrue(ex.getMessage().contains("no 'encoder' section") && ex.getMessage().contains("cut.zip"),
                ex.getMessage());
        // regression (review): a truncated manifest was said with Jackson's source description and reference chain
        Path truncated = dir.resolve("truncated.zip");
        rewrite(f, truncated, (name, bytes) -> name.equals(Encoder.MANIFEST_ENTRY)
                ? java.util.Arrays.copyOf(bytes, bytes.length / 2) : bytes);
        ex = assertThrows(ModelException.class, () -> Encoder.load(truncated));
        assertTrue(ex.getMessage().contains("truncated.zip: manifest.json cannot be parsed") && ex.getMessage()
                .contains("(line ") && !ex.getMessage().contains("Source:") && !ex.getMessage().contains("reference chain"),
                ex.getMessage());
    }

    /**
     * Regression (review of 2026-12-04): a manifest.json of JSON {@code null} ended in a bare
     * NullPointerException; training hours of a component that were not a number, negative or null
     * made the model leave that component out or take it in silently; a folder given as the model
     * was said not to exist.
     */
    @Test
    void damagedManifestValuesAndAFolderAreRefusedByName(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.zip");
        trainedOn(EncoderConfig.builder().build(), 5, Map.of("Z", 2.0, "N", 2.0, "E", 2.0), null).save(f);
        assertEquals(3, countTrue(Encoder.load(f).inputComponents()));
        Path nothing = dir.resolve("null.zip");
        rewrite(f, nothing, (name, bytes) -> name.equals(Encoder.MANIFEST_ENTRY)
                ? "null".getBytes(StandardCharsets.UTF_8) : bytes);
        ModelException ex = assertThrows(ModelException.class, () -> Encoder.load(nothing));
        assertEquals(ModelException.Problem.CORRUPT, ex.problem());
        assertTrue(ex.getMessage().contains("null.zip") && ex.getMessage().contains("no manifest"), ex.getMessage());
        List<java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode>> edits = List.of(
                h -> h.put("Z", "NaN"), h -> h.put("Z", -1.0), h -> h.putNull("N"), h -> h.put("E", "Infinity"));
        for (int i = 0; i < edits.size(); i++) {
            var edit = edits.get(i);
            Path bad = dir.resolve("hours-" + i + ".zip");
            rewrite(f, bad, (name, bytes) -> name.equals(Encoder.MANIFEST_ENTRY) ? editJson(bytes, root -> edit.accept(
                    (com.fasterxml.jackson.databind.node.ObjectNode) root.get("training").get("componentHours"))) : bytes);
            ex = assertThrows(ModelException.class, () -> Encoder.load(bad), "edit " + i);
            assertEquals(ModelException.Problem.CORRUPT, ex.problem());
            assertTrue(ex.getMessage().contains(bad.getFileName().toString())
                    && ex.getMessage().contains("componentHours"), ex.getMessage());
        }
        ex = assertThrows(ModelException.class, () -> Encoder.load(dir));
        assertEquals(ModelException.Problem.IO, ex.problem());
        assertTrue(ex.getMessage().contains("is a folder"), ex.getMessage());
    }

    private static int countTrue(boolean[] b) {
        int n = 0;
        for (boolean v : b) {
            n += v ? 1 : 0;
        }
        return n;
    }

    /** Regression: a manifest whose weight shapes were edited (same byte count) was accepted. */
    @Test
    void manifestWithAnEditedWeightShapeIsRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.zip");
        untrained(EncoderConfig.builder().build(), 5).save(f);
        Path edited = dir.resolve("edited.zip");
        rewrite(f, edited, (name, bytes) -> name.equals(Encoder.MANIFEST_ENTRY) ? editJson(bytes, root -> {
            com.fasterxml.jackson.databind.node.ArrayNode shape =
                    (com.fasterxml.jackson.databind.node.ArrayNode) root.get("weights").get(0).get("shape");
            long a = shape.get(0).asLong();
            long b = shape.get(1).asLong();
            shape.set(0, b); // transposed: same size, other shape
            shape.set(1, a);
        }) : bytes);
        ModelException ex = assertThrows(ModelException.class, () -> Encoder.load(edited));
        assertEquals(ModelException.Problem.CORRUPT, ex.problem());
        assertTrue(ex.getMessage().contains("lists weight 1 as"), ex.getMessage());
    }

    @Test
    void aFailedSaveLeavesTheOldFileAndNoTemporaryOne(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.zip");
        Encoder e = untrained(EncoderConfig.builder().build(), 5);
        e.save(f);
        byte[] before = Files.readAllBytes(f);
        // the target is now a folder that cannot be replaced by a file: the rename fails
        Path folder = dir.resolve("folder.zip");
        Files.createDirectories(folder.resolve("inside"));
        assertThrows(ModelException.class, () -> e.save(folder));
        assertTrue(Files.isDirectory(folder.resolve("inside")));
        e.save(f);
        assertArrayEquals(before, Files.readAllBytes(f), "same weights, same bytes");
        try (var list = Files.list(dir)) {
            assertEquals(List.of("folder.zip", "m.zip"), list.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file left behind");
        }
    }

    private static byte[] editJson(byte[] bytes, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit) {
        try {
            com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(bytes);
            edit.accept(root);
            return m.writeValueAsBytes(root);
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @Test
    void dataAtAnotherSampleRateIsRefused() {
        Encoder e = untrained(EncoderConfig.builder().build(), 5);
        double[][] data = new double[3][5000];
        AlignedSegment seg = new AlignedSegment("XX.STA..HH", Instant.EPOCH, 50, data, new boolean[] {true, true, true});
        ModelException ex = assertThrows(ModelException.class, () -> e.frames(seg));
        assertEquals(ModelException.Problem.INCOMPATIBLE_DATA, ex.problem());
        assertTrue(ex.getMessage().contains("100.0 Hz") && ex.getMessage().contains("50.0 Hz"), ex.getMessage());
    }

    @Test
    void framesOverALongSegmentMatchWindowEmbeddings() {
        EncoderConfig c = EncoderConfig.builder().build();
        Encoder e = untrained(c, 6);
        Random r = new Random(2);
        int n = 100_000;
        double[][] data = new double[3][n];
        for (double[] d : data) {
            for (int i = 0; i < n; i++) {
                d[i] = r.nextGaussian() * 100;
            }
        }
        AlignedSegment seg = new AlignedSegment("XX.STA..HH", Instant.EPOCH, 100, data, new boolean[] {true, true, true});
        FrameFeatures f = e.frames(seg);
        assertEquals(n / 8, f.count());
        // a window cut from the same prepared input, deep inside the segment and across a chunk border
        float[][] x = Preprocessor.prepare(seg, c);
        int t = c.windowSamples();
        for (int start : new int[] {8000, 32_768 - 200, 60_000}) {
            float[][][] w = new float[1][3][t];
            for (int k = 0; k < 3; k++) {
                System.arraycopy(x[k], start, w[0][k], 0, t);
            }
            float[] emb = e.embed(w)[0];
            double[] mean = new double[c.embeddingDim()];
            f.windowMean(start / 8, t / 8, mean);
            double[] fromEmb = new double[c.embeddingDim()];
            for (int s = 0; s < Network.POOL_SEGMENTS; s++) {
                for (int k = 0; k < fromEmb.length; k++) {
                    fromEmb[k] += emb[s * fromEmb.length + k] / Network.POOL_SEGMENTS;
                }
            }
            // frames near the window's edges see neighbouring samples in the long run, zeros in the window
            double err = 0;
            double norm = 0;
            for (int k = 0; k < mean.length; k++) {
                err += Math.abs(mean[k] - fromEmb[k]);
                norm += Math.abs(mean[k]);
            }
            assertTrue(err / norm < 0.1, "relative difference " + err / norm + " at " + start);
        }
    }

    interface Rewriter {
        byte[] apply(String name, byte[] bytes);
    }

    static void rewrite(Path from, Path to, Rewriter r) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from));
             OutputStream os = Files.newOutputStream(to);
             ZipOutputStream out = new ZipOutputStream(os)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] b = r.apply(e.getName(), in.readAllBytes());
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(b);
                out.closeEntry();
            }
        }
    }
}
