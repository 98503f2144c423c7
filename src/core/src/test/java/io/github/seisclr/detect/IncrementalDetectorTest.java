package io.github.seisclr.detect;

import io.github.seisclr.io.MiniSeedWriter;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.io.WriteOptions;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Alignment;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The incremental detector against the batch detector on the same synthetic station. */
class IncrementalDetectorTest {
    private static Encoder encoder;
    private static StationStream station;
    private static DetectionResult batch;

    @BeforeAll
    static void setUp() throws IOException {
        var data = SyntheticGenerator.generate(SynthConfig.builder().seed(57).duration(Duration.ofMinutes(40))
                .stations(1).eventsPerHour(12).magnitudes(1.0, 3.0).gapsPerDay(0).spikesPerHour(2).build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MiniSeedWriter(WriteOptions.defaults()).write(data.traces(), out);
        station = Waveforms.read(new ByteArrayInputStream(out.toByteArray()), "synthetic").stations().get(0);
        encoder = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        batch = Detector.of(encoder, DetectorConfig.defaults()).detect(List.of(station), s -> { });
    }

    /** Collects what the detector emits. */
    private static final class Collector implements IncrementalDetector.Listener {
        final List<Pick> picks = new ArrayList<>();
        final List<Detection> detections = new ArrayList<>();
        final List<Calibration> calibrations = new ArrayList<>();
        final List<Calibration> adapted = new ArrayList<>();

        @Override
        public void calibrated(Calibration calibration, boolean adapted) {
            (adapted ? this.adapted : calibrations).add(calibration);
        }

        @Override
        public void pick(Pick pick) {
            picks.add(pick);
        }

        @Override
        public void detection(Detection detection) {
            detections.add(detection);
        }
    }

    private static Collector stream(IncrementalDetector.Builder b, long seed) {
        Collector c = new Collector();
        IncrementalDetector det = b.station(station.code(), station.station()).listener(c).build();
        AlignedSegment seg = Alignment.align(station, encoder.config().sampleRate(), 10).get(0);
        det.start(seg.start(), Detector.channels(station), seg.present());
        Random r = new Random(seed);
        int i = 0;
        while (i < seg.length()) {
            int n = Math.min(seg.length() - i, 1 + r.nextInt(700)); // record-sized pieces of random length
            det.push(seg.data(), i, i + n);
            i += n;
        }
        det.finish();
        return c;
    }

    @Test
    void streamingWithTheBatchCalibrationFindsTheSameDetectionsAndPicks() {
        assertTrue(batch.detections().size() >= 5, "test data should have events: " + batch.detections().size());
        Calibration cal = batch.calibrations().get(station.code());
        Collector c = stream(IncrementalDetector.builder(encoder, DetectorConfig.defaults()).calibration(cal)
                .adaptationSeconds(0), 3);
        assertSameDetections(batch.detections(), c.detections);
        List<Pick> bp = batch.picks().picks();
        assertEquals(bp.size(), c.picks.size(), "picks");
        for (Pick p : bp) {
            Pick q = c.picks.stream().filter(x -> x.detectionId().equals(p.detectionId()) && x.phase() == p.phase())
                    .findFirst().orElseThrow();
            double dt = Duration.between(p.time(), q.time()).toNanos() / 1e9;
            assertTrue(Math.abs(dt) <= 0.02, p + " vs " + q);
        }
    }

    /** The stream's detections are the batch's, one for one: the same start and end, the peak within 1e-3. */
    private static void assertSameDetections(List<Detection> batchDetections, List<Detection> streamed) {
        assertEquals(batchDetections.size(), streamed.size(), "detections");
        for (int i = 0; i < streamed.size(); i++) {
            Detection a = batchDetections.get(i);
            Detection b = streamed.get(i);
            assertEquals(a.start(), b.start(), "start of " + a.id());
            assertEquals(a.end(), b.end(), "end of " + a.id());
            assertEquals(a.peakScore(), b.peakScore(), 1e-3, "peak of " + a.id());
        }
    }

    @Test
    void streamingFromScratchCalibratesOnItsFirstMinutesAndFindsTheBatchEvents() {
        Collector c = stream(IncrementalDetector.builder(encoder, DetectorConfig.defaults()).calibrationSeconds(600),
                5);
        int found = 0;
        for (Detection a : batch.detections()) {
            if (c.detections.stream().anyMatch(b -> Math.abs(Duration.between(a.start(), b.start()).toMillis()) < 1500)) {
                found++;
            }
        }
        assertTrue(found >= 0.8 * batch.detections().size(), found + " of " + batch.detections().size());
        assertTrue(c.detections.size() <= 1.3 * batch.detections().size() + 1, c.detections.size() + " detections");
    }

    @Test
    void aGivenCalibrationScoresOnlyStretchesOfItsComponents() {
        Calibration cal = batch.calibrations().get(station.code());
        assertEquals("ZNE", cal.components());
        Collector c = new Collector();
        IncrementalDetector det = IncrementalDetector.builder(encoder, DetectorConfig.defaults()).calibration(cal)
                .adaptationSeconds(0).calibrationSeconds(600).station(station.code(), station.station()).listener(c)
                .build();
        AlignedSegment seg = Alignment.align(station, encoder.config().sampleRate(), 10).get(0);
        int half = seg.length() / 2;
        // the horizontals dead for the first half: the three-component calibration must not score it
        det.start(seg.start(), Detector.channels(station), new boolean[] {true, false, false});
        det.push(seg.data(), 0, half);
        det.finish();
        Calibration vertical = det.calibration().orElseThrow();
        assertEquals("Z", vertical.components(), vertical.origin());
        assertEquals(List.of(vertical), c.calibrations);
        // back to three components: the calibration given scores them again
        det.start(seg.start().plusNanos(Math.round(half / encoder.config().sampleRate() * 1e9)),
                Detector.channels(station), seg.present());
        assertSame(cal, det.calibration().orElseThrow());
        assertSame(cal, c.calibrations.get(c.calibrations.size() - 1));
        det.push(seg.data(), half, seg.length());
        det.finish();
        assertSame(cal, det.calibration().orElseThrow());
        // a stretch that lacks the horizontals for a while, at a station that has them, is scored
        // with it, as batch scores a station's data with the components of all of it
        det.start(seg.start(), Detector.channels(station), new boolean[] {true, false, false},
                new boolean[] {true, true, true});
        det.push(seg.data(), 0, half);
        det.finish();
        assertSame(cal, det.calibration().orElseThrow());
    }

    @Test
    void adaptationStartsAfreshWhenTheGivenCalibrationComesBack() {
        Calibration cal = batch.calibrations().get(station.code());
        AlignedSegment seg = Alignment.align(station, encoder.config().sampleRate(), 10).get(0);
        int minute = (int) Math.round(60 * encoder.config().sampleRate());
        IncrementalDetector.Builder settings = IncrementalDetector.builder(encoder, DetectorConfig.defaults())
                .calibration(cal).calibrationSeconds(60).adaptationSeconds(3600).refitSeconds(300)
                .station(station.code(), station.station());
        Collector a = new Collector();
        IncrementalDetector moved = settings.listener(a).build();
        // eight minutes of a vertical alone: warmed up and adapted on its own, then the three components
        moved.start(seg.start(), Detector.channels(station), new boolean[] {true, false, false});
        moved.push(seg.data(), 0, 8 * minute);
        moved.finish();
        assertTrue(!a.adapted.isEmpty(), "the vertical's own calibration adapted");
        int before = a.adapted.size();
        java.time.Instant back = seg.start().plusSeconds(480);
        moved.start(back, Detector.channels(station), seg.present());
        moved.push(seg.data(), 8 * minute, 28 * minute);
        moved.finish();
        Collector b = new Collector();
        IncrementalDetector fresh = settings.listener(b).build();
        fresh.start(back, Detector.channels(station), seg.present());
        fresh.push(seg.data(), 8 * minute, 28 * minute);
        fresh.finish();
        List<Calibration> after = a.adapted.subList(before, a.adapted.size());
        assertTrue(!b.adapted.isEmpty(), "twenty minutes adapt at a refit every five");
        assertEquals(b.adapted.size(), after.size());
        for (int i = 0; i < after.size(); i++) {
            assertEquals(b.adapted.get(i).median(), after.get(i).median(), 1e-12, "refit " + i);
            assertEquals(b.adapted.get(i).spread(), after.get(i).spread(), 1e-12, "refit " + i);
        }
    }

    /** @return samples {@code [from, to)} of the station's first stretch as a station stream of its own, named {@code sta} */
    private static StationStream cut(int from, int to, String sta) {
        AlignedSegment seg = Alignment.align(station, encoder.config().sampleRate(), 10).get(0);
        java.util.Map<Character, List<Trace>> parts = new java.util.LinkedHashMap<>();
        java.time.Instant t = seg.start().plusNanos(Math.round(from / encoder.config().sampleRate() * 1e9));
        for (int c = 0; c < 3; c++) {
            char code = "ZNE".charAt(c);
            parts.put(code, List.of(Trace.of(SourceId.parse(station.network() + "." + sta + "." + station.location()
                    + "." + station.bandAndInstrument() + code), t, encoder.config().sampleRate(),
                    java.util.Arrays.copyOfRange(seg.data()[c], from, to))));
        }
        return new StationStream(station.network(), sta, station.location(), station.bandAndInstrument(), parts);
    }

    @Test
    void aStationWithTooFewScoreWindowsToFitIsCalibratedOnTheReferenceNoiseAndTheOthersRun() {
        // 10.5 s: long enough to be scored (10 s), too short for a fit (113 windows, a fit takes 128)
        StationStream shortOne = cut(0, 1050, "SHORT");
        DetectionResult r = Detector.of(encoder, DetectorConfig.defaults()).detect(List.of(station, shortOne), s -> { });
        assertTrue(r.calibrations().containsKey(shortOne.code()), r.calibrations().keySet().toString());
        assertEquals(batch.detections().stream().map(Detection::start).toList(), r.detections().stream()
                .filter(d -> d.station().equals(station.code())).map(Detection::start).toList());
        // the stream calibrates such a stretch as batch does, instead of throwing out of finish()
        Collector c = new Collector();
        IncrementalDetector det = IncrementalDetector.builder(encoder, DetectorConfig.defaults()).calibrationSeconds(600)
                .station(shortOne.code(), shortOne.station()).listener(c).build();
        AlignedSegment seg = Alignment.align(shortOne, encoder.config().sampleRate(), 10).get(0);
        det.start(seg.start(), Detector.channels(shortOne), seg.present());
        det.push(seg.data(), 0, seg.length());
        det.finish();
        Calibration own = r.calibrations().get(shortOne.code());
        Calibration streamed = det.calibration().orElseThrow();
        // the same fit, on frames equal to float rounding ({@link io.github.seisclr.model.FrameStream})
        assertEquals(own.median(), streamed.median(), 1e-3 * Math.abs(own.median()));
        assertEquals(own.spread(), streamed.spread(), 1e-3 * own.spread());
    }

    @Test
    void aStretchShorterThanBatchScoresIsLeftOutOfTheStreamToo() {
        Calibration cal = batch.calibrations().get(station.code());
        double rate = encoder.config().sampleRate();
        AlignedSegment whole = Alignment.align(station, rate, 10).get(0);
        int found = 0;
        for (Detection d : batch.detections()) {
            // 9.5 s around an onset, between two gaps: batch leaves a stretch under 10 s out
            int onset = (int) Math.round(Duration.between(whole.start(), d.start()).toNanos() / 1e9 * rate);
            if (onset < 300 || onset + 650 > whole.length()) {
                continue;
            }
            StationStream piece = cut(onset - 300, onset + 650, station.station());
            assertEquals(0, Detector.of(encoder, DetectorConfig.defaults()).sweep(List.of(piece),
                    java.util.Map.of(station.code(), cal), 5).get(0).detections().size());
            Collector c = new Collector();
            IncrementalDetector det = IncrementalDetector.builder(encoder, DetectorConfig.defaults()).calibration(cal)
                    .adaptationSeconds(0).station(station.code(), station.station()).listener(c).build();
            AlignedSegment seg = Alignment.align(piece, rate, 5).get(0);
            det.start(seg.start(), Detector.channels(piece), seg.present());
            det.push(seg.data(), 0, seg.length());
            det.finish();
            assertEquals(List.of(), c.detections, "stream around " + d.start());
            assertEquals(List.of(), c.picks, "stream around " + d.start());
            found++;
        }
        assertTrue(found >= 3, found + " events to cut around");
    }

    @Test
    void aStretchOfExactlyTheShortestLengthIsScoredByBothAndOneSampleLessByNeither() {
        Calibration cal = batch.calibrations().get(station.code());
        double rate = encoder.config().sampleRate();
        int shortest = (int) Math.round(10 * rate);
        for (int n : new int[] {shortest, shortest - 1}) {
            StationStream piece = cut(6000, 6000 + n, station.station());
            double batchHours = Detector.of(encoder, DetectorConfig.defaults()).sweep(List.of(piece),
                    java.util.Map.of(station.code(), cal), 5).get(0).hoursProcessed();
            IncrementalDetector det = IncrementalDetector.builder(encoder, DetectorConfig.defaults()).calibration(cal)
                    .adaptationSeconds(0).station(station.code(), station.station()).listener(new Collector()).build();
            AlignedSegment seg = Alignment.align(piece, rate, 5).get(0);
            det.start(seg.start(), Detector.channels(piece), seg.present());
            det.push(seg.data(), 0, seg.length());
            det.finish();
            assertEquals(n == shortest, batchHours > 0, n + " samples in batch");
            assertEquals(batchHours, det.hoursScored(), 1e-9, n + " samples in the stream as in batch");
        }
    }

    /** The detector with the residual scored ({@link DetectorConfig#residual}). */
    private static final DetectorConfig RESIDUAL = DetectorConfig.defaults().toBuilder().residual(true).build();
    private static DetectionResult residualBatch;

    private static synchronized DetectionResult residualBatch() {
        if (residualBatch == null) {
            residualBatch = Detector.of(encoder, RESIDUAL).detect(List.of(station), s -> { });
        }
        return residualBatch;
    }

    /** With the residual scored, the stream finds what batch finds, as without it. */
    @Test
    void withTheResidualStreamingWithTheBatchCalibrationFindsTheSameDetectionsAndPicks() {
        DetectionResult b = residualBatch();
        assertTrue(b.detections().size() >= 5, "test data should have events: " + b.detections().size());
        Calibration cal = b.calibrations().get(station.code());
        assertNotNull(cal.residual(), "the calibration carries the residual part");
        Collector c = stream(IncrementalDetector.builder(encoder, RESIDUAL).calibration(cal).adaptationSeconds(0), 3);
        assertSameDetections(b.detections(), c.detections);
        assertEquals(b.picks().picks().size(), c.picks.size(), "picks");
        // the residual changes the scores: the run is not the one without it
        List<Double> peaks = b.detections().stream().map(Detection::peakScore).toList();
        assertNotEquals(batch.detections().stream().map(Detection::peakScore).toList(), peaks);
    }

    /**
     * A calibration made without the residual (an earlier seisclr's file, or a run without
     * --residual) does not score a detector that scores the residual, in a stream or in batch: the
     * station is fitted anew; a detector that scores the distance alone takes it.
     */
    @Test
    void aCalibrationWithoutTheResidualIsFittedAnewWhereTheResidualIsScored() {
        Calibration old = batch.calibrations().get(station.code());
        assertNull(old.residual(), "without --residual, calibrations have no residual part");
        IncrementalDetector det = IncrementalDetector.builder(encoder, RESIDUAL).calibration(old)
                .station(station.code(), station.station()).listener(new Collector()).build();
        assertTrue(det.calibration().isEmpty(), "not taken: the stream warms up on its own data");
        Collector c = stream(IncrementalDetector.builder(encoder, RESIDUAL).calibration(old)
                .adaptationSeconds(0).calibrationSeconds(300), 7);
        assertTrue(c.calibrations.get(0).origin().startsWith("fitted on the first"), c.calibrations.get(0).origin());
        assertNotNull(c.calibrations.get(0).residual());
        IncrementalDetector taken = IncrementalDetector.builder(encoder, DetectorConfig.defaults()).calibration(old)
                .station(station.code(), station.station()).listener(new Collector()).build();
        assertSame(old, taken.calibration().orElseThrow());
        Calibration refitted = new Detector(encoder, RESIDUAL)
                .sweep(List.of(station), java.util.Map.of(station.code(), old), 5).get(0).calibrations().get(station.code());
        assertTrue(refitted.origin().startsWith("batch fit"), refitted.origin());
        assertNotNull(refitted.residual());
        Calibration cal = residualBatch().calibrations().get(station.code());
        Calibration kept = new Detector(encoder, RESIDUAL)
                .sweep(List.of(station), java.util.Map.of(station.code(), cal), 5).get(0).calibrations().get(station.code());
        assertSame(cal, kept, "one with the residual part is taken as it is");
    }

    /** Adaptation moves the residual's Gaussian and its median and spread too, not only the distance's. */
    @Test
    void adaptationMovesTheResidualPart() {
        Calibration cal = residualBatch().calibrations().get(station.code());
        Collector c = stream(IncrementalDetector.builder(encoder, RESIDUAL).calibration(cal)
                .adaptationSeconds(3600).refitSeconds(300), 11);
        assertFalse(c.adapted.isEmpty(), "adapted at least once");
        Calibration last = c.adapted.get(c.adapted.size() - 1);
        assertNotNull(last.residual());
        assertNotEquals(cal.residualMedian(), last.residualMedian());
        assertNotEquals(cal.residual().residuals().mean()[0], last.residual().residuals().mean()[0]);
        assertArrayEquals(cal.residual().line().slope(), last.residual().line().slope(), 1e-12,
                "the lines stay those of the calibration");
    }
}
