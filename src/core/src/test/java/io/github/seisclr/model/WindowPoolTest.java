package io.github.seisclr.model;

import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticDataset;
import io.github.seisclr.synth.SyntheticGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression (review of 2026-12-04): {@code train --stream}, meant for more data than fits in
 * memory, read every folder whole just to list its files and kept every file's whole prepared
 * input for validation. Its validation pool now keeps the held-back ends alone.
 */
class WindowPoolTest {
    private static final EncoderConfig CONFIG = EncoderConfig.builder().objective(EncoderConfig.Objective.CONTRASTIVE)
            .build();

    private static List<StationStream> stations(long seed, Duration length) {
        return ModelTestData.stations(SyntheticGenerator.generate(SynthConfig.builder().seed(seed).duration(length)
                .stations(1).eventsPerHour(6).gapsPerDay(0).spikesPerHour(0).build()).traces());
    }

    private static WindowPool pool(boolean heldBackOnly) {
        WindowPool p = new WindowPool(CONFIG.windowSamples(), new HashMap<>(), new HashSet<>());
        return heldBackOnly ? p.heldBackOnly() : p;
    }

    @Test
    void aHeldBackOnlyPoolKeepsTheEndsAndDrawsTheSameValidationWindows() {
        List<StationStream> s = stations(3, Duration.ofMinutes(30));
        WindowPool whole = pool(false);
        WindowPool ends = pool(true);
        whole.add(s, CONFIG, 0.1);
        ends.add(s, CONFIG, 0.1);
        assertTrue(ends.samplesKept() < 0.11 * whole.samplesKept(), ends.samplesKept() + " of " + whole.samplesKept());
        assertTrue(ends.canTrain() && ends.canValidate());
        assertEquals(whole.hours, ends.hours, 1e-12);
        assertArrayEquals(whole.slotHours, ends.slotHours, 1e-12);
        Random a = new Random(5);
        Random b = new Random(5);
        for (int i = 0; i < 50; i++) {
            float[][] x = whole.validation(a);
            float[][] y = ends.validation(b);
            for (int c = 0; c < 3; c++) {
                assertArrayEquals(x[c], y[c], "window " + i);
            }
        }
    }

    @Test
    void segmentsTooShortToHoldAnythingBackAreKeptWholeForTraining() {
        // one minute, 5 % held back: 3 s, less than one 4 s window
        List<StationStream> s = stations(4, Duration.ofMinutes(1));
        WindowPool ends = pool(true);
        ends.add(s, CONFIG, 0.05);
        assertTrue(ends.canTrain());
        assertFalse(ends.canValidate());
        assertEquals(3L * 6000, ends.samplesKept());
        assertEquals(CONFIG.windowSamples(), ends.train(new Random(1))[0].length);
    }

    @Test
    void trainingOnAFolderFileByFileListsItsFilesAndUsesThemAll(@TempDir Path dir) {
        SyntheticDataset d = SyntheticGenerator.generate(SynthConfig.builder().seed(6).duration(Duration.ofMinutes(12))
                .stations(2).eventsPerHour(6).gapsPerDay(0).spikesPerHour(0).build());
        d.write(dir);
        Trainer t = ModelTestData.quickTrainer(1).batchSize(16).epochs(1).batchesPerEpoch(2).validationBatches(1).build();
        ModelManifest.Training byFile = t.fitFiles(List.of(dir)).manifest().training();
        ModelManifest.Training inMemory = ModelTestData.quickTrainer(1).batchSize(16).epochs(1).batchesPerEpoch(2)
                .validationBatches(1).build().fit(Waveforms.read(dir).stations()).manifest().training();
        assertEquals(inMemory.hours(), byFile.hours(), 1e-9);
        assertEquals(List.of("XX.SYN01.00.HH", "XX.SYN02.00.HH"), byFile.stations().stream().sorted().toList());
        assertEquals(2, byFile.sources().size(), byFile.sources().toString());
    }

    /**
     * Regression (review): an SDS archive holds one file per channel and day; read one file at a
     * time, every training window held one component (three times the hours, none of them three
     * components). Files named otherwise, one per channel, kept doing so (review of 2026-12-07:
     * 6.00 h for 2 h of a station, the model claiming three components). Read a station-day at a
     * time from every file that holds it, both give the hours and windows of a whole read.
     */
    @Test
    void aStationsComponentsInFilesOfTheirOwnAreReadTogether(@TempDir Path dir) throws java.io.IOException {
        SyntheticDataset d = SyntheticGenerator.generate(SynthConfig.builder().seed(6).duration(Duration.ofMinutes(12))
                .stations(1).eventsPerHour(6).gapsPerDay(0).spikesPerHour(0).build());
        Path sds = dir.resolve("sds");
        io.github.seisclr.io.SdsArchive.write(d.traces(), sds, io.github.seisclr.io.WriteOptions.defaults());
        Path plain = dir.resolve("plain");
        java.nio.file.Files.createDirectories(plain);
        for (io.github.seisclr.io.Trace t : d.traces()) {
            Waveforms.write(List.of(t), plain.resolve(t.id().channel() + ".mseed"));
        }
        ModelManifest.Training inMemory = ModelTestData.quickTrainer(1).batchSize(16).epochs(1).batchesPerEpoch(2)
                .validationBatches(1).build().fit(Waveforms.read(sds).stations()).manifest().training();
        for (Path input : List.of(sds, plain)) {
            ModelManifest.Training byFile = ModelTestData.quickTrainer(1).batchSize(16).epochs(1).batchesPerEpoch(2)
                    .validationBatches(1).build().fitFiles(List.of(input)).manifest().training();
            assertEquals(3, byFile.sources().size(), byFile.sources().toString());
            assertEquals(inMemory.hours(), byFile.hours(), 1e-9, input + ": three components in each window, as in memory");
            assertEquals(inMemory.componentHours(), byFile.componentHours(), input.toString());
        }
    }

    /**
     * Regression (review of 2026-12-04): file by file, the batches of a file without a training
     * window were lost, so an epoch ran fewer batches than asked for; they now go to the next file.
     */
    @Test
    void aFileWithoutATrainingWindowGivesItsBatchesToTheNext(@TempDir Path dir) {
        SyntheticDataset d = SyntheticGenerator.generate(SynthConfig.builder().seed(7).duration(Duration.ofMinutes(12))
                .stations(1).eventsPerHour(6).gapsPerDay(0).spikesPerHour(0).build());
        d.write(dir);
        // five seconds of another station: less than one window
        List<io.github.seisclr.io.Trace> scrap = d.traces().stream().map(t -> io.github.seisclr.io.Trace.of(
                new io.github.seisclr.io.SourceId("XX", "SCRAP", "00", t.id().channel()), t.start(), 100,
                java.util.Arrays.copyOf(t.samples(), 500))).toList();
        Waveforms.write(scrap, dir.resolve("XX.SCRAP.mseed"));
        ModelManifest.Training t = ModelTestData.quickTrainer(1).batchSize(16).epochs(2).batchesPerEpoch(4)
                .validationBatches(1).patience(5).build().fitFiles(List.of(dir)).manifest().training();
        assertEquals(2 * 4 * 16, t.windowsSeen(), "every epoch draws its 4 batches of 16");
    }

    /**
     * Regression (second review of 2026-12-04): with transient negatives, the validation batches
     * draw loud training windows, which a pool of held-back ends alone does not have; file by file
     * such a run stopped before its first epoch ("no window to draw").
     */
    @Test
    void fileByFileTrainingWithTransientNegativesRuns(@TempDir Path dir) {
        SynthConfig c = SynthConfig.builder().seed(8).duration(Duration.ofMinutes(12)).stations(1).eventsPerHour(6)
                .gapsPerDay(0).spikesPerHour(0).build();
        SyntheticGenerator.generate(c).write(dir);
        ModelManifest.Training t = ModelTestData.quickTrainer(1).transientNegatives(1).batchSize(16).epochs(1)
                .batchesPerEpoch(2).validationBatches(1).build().fitFiles(List.of(dir)).manifest().training();
        assertEquals(2 * 16, t.windowsSeen());
    }

    /**
     * A station whose band channels are too short to train on, beside one whose channels lie below
     * the band, is refused for being too short, not for its rate (second review of 2026-12-04).
     */
    @Test
    void tooShortIsSaidWhenAUsableChannelIsTooShort() {
        List<io.github.seisclr.io.Trace> hh = SyntheticGenerator.generate(SynthConfig.builder().seed(9)
                .duration(Duration.ofMinutes(1)).stations(1).eventsPerHour(0).gapsPerDay(0).spikesPerHour(0).build())
                .traces().stream().map(t -> io.github.seisclr.io.Trace.of(t.id(), t.start(), 100,
                        java.util.Arrays.copyOf(t.samples(), 300))).toList();
        List<io.github.seisclr.io.Trace> both = new java.util.ArrayList<>(hh);
        for (io.github.seisclr.io.Trace t : hh) {
            both.add(io.github.seisclr.io.Trace.of(new io.github.seisclr.io.SourceId("XX", "LOW", "00",
                    "LH" + t.id().channel().charAt(2)), t.start(), 1.0, new double[3600]));
        }
        io.github.seisclr.BadInputException ex = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.seisclr.BadInputException.class,
                () -> ModelTestData.quickTrainer(1).build().fit(ModelTestData.stations(both)));
        assertEquals(io.github.seisclr.BadInputException.Problem.EMPTY, ex.problem(), ex.getMessage());
    }

    /**
     * Stretches between gaps shorter than one window cannot train and are left out; the pool now
     * counts them, and training says how much (review of 2026-12-04: they were dropped unreported).
     */
    @Test
    void stretchesShorterThanOneWindowAreCountedAsLeftOut() {
        List<io.github.seisclr.io.Trace> whole = SyntheticGenerator.generate(SynthConfig.builder().seed(10)
                .duration(Duration.ofMinutes(6)).stations(1).eventsPerHour(0).gapsPerDay(0).spikesPerHour(0).build())
                .traces();
        // per component: 0-2 s, 10-310 s and 320-323 s; the 4 s window fits in the middle one alone
        List<io.github.seisclr.io.Trace> cut = new java.util.ArrayList<>();
        for (io.github.seisclr.io.Trace t : whole) {
            for (int[] piece : new int[][] {{0, 2}, {10, 310}, {320, 323}}) {
                cut.add(t.slice(t.start().plusSeconds(piece[0]), t.start().plusSeconds(piece[1])));
            }
        }
        WindowPool p = pool(false);
        p.add(ModelTestData.stations(cut), CONFIG, 0.1);
        assertEquals(300.0 / 3600, p.hours, 0.02 / 3600);
        assertEquals(5.0 / 3600, p.shortHours, 0.02 / 3600);
    }
}
