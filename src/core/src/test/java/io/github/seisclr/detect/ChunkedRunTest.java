package io.github.seisclr.detect;

import io.github.seisclr.io.ReadOptions;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.WaveformIndex;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticDataset;
import io.github.seisclr.synth.SyntheticGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chunked batch run ({@link Detector#detect(WaveformIndex, java.util.function.Consumer)}) against
 * one run over the whole input read at once: three hours of two stations with telemetry gaps, cut
 * into pieces of 20 and of 47 minutes (pieces ending inside stretches, inside gaps, and stretches
 * shorter than a piece), and the same hours as one file per station and hour, give the same
 * calibrations, detections, picks and scores.
 */
class ChunkedRunTest {
    private static final Instant START = Instant.parse("2024-03-01T10:00:00Z");

    @TempDir
    static Path dir;
    private static Detector detector;
    private static DetectionResult whole;
    private static WaveformIndex index;

    @BeforeAll
    static void run() {
        SyntheticDataset data = SyntheticGenerator.generate(SynthConfig.builder().seed(21).start(START)
                .duration(Duration.ofHours(3)).stations(2).eventsPerHour(8).magnitudes(1.5, 3.0).gapsPerDay(40)
                .spikesPerHour(1).build());
        data.write(dir);
        detector = Detector.of(Encoder.load(Path.of("models", "seisclr-default-v1.zip")), DetectorConfig.defaults());
        whole = detector.detect(Waveforms.read(dir));
        index = WaveformIndex.of(List.of(dir), ReadOptions.defaults());
    }

    @Test
    void piecesGiveTheResultOfTheWholeInput() {
        assertTrue(whole.detections().size() >= 20, "events at both stations: " + whole.detections().size());
        for (double piece : new double[] {1200, 2820}) {
            List<String> done = new ArrayList<>();
            DetectionResult chunked = detector.detect(index, done::add, piece);
            assertEquals(List.of("XX.SYN01.00.HH", "XX.SYN02.00.HH"), done);
            same(whole, chunked, piece);
        }
    }

    /** With the residual scored, the pieces give the whole run's result too, the residual's calibration included. */
    @Test
    void withTheResidualPiecesGiveTheResultOfTheWholeInput() {
        Detector residual = Detector.of(Encoder.load(Path.of("models", "seisclr-default-v1.zip")),
                DetectorConfig.defaults().toBuilder().residual(true).build());
        DetectionResult all = residual.detect(Waveforms.read(dir));
        DetectionResult chunked = residual.detect(index, s -> { }, 1200);
        same(all, chunked, 1200);
        all.calibrations().forEach((code, c) -> {
            Calibration d = chunked.calibrations().get(code);
            assertNotNull(c.residual());
            assertEquals(c.residualMedian(), d.residualMedian(), 1e-5 * Math.max(1, Math.abs(c.residualMedian())), code);
            assertEquals(c.residualSpread(), d.residualSpread(), 1e-5 * c.residualSpread(), code);
        });
        assertNotEquals(whole.scores().get(0).value(500), all.scores().get(0).value(500), "the residual scored");
    }

    @Test
    void hourlyFilesGiveTheResultOfOneFilePerStation(@TempDir Path hourly) {
        // the same three hours as one file per station and hour, named so that they sort by hour
        // only within a station; pieces of 25 min then cut hours, files and stretches anywhere
        List<Trace> traces = Waveforms.read(dir).traces();
        int files = 0;
        for (int h = 0; h < 3; h++) {
            Instant a = START.plus(Duration.ofHours(h));
            Instant b = a.plus(Duration.ofHours(1));
            Map<String, List<Trace>> byStation = new TreeMap<>();
            for (Trace t : traces) {
                if (t.start().isBefore(b) && t.endExclusive().isAfter(a)) {
                    byStation.computeIfAbsent(t.id().station(), k -> new ArrayList<>())
                            .add(t.slice(a, b.minusMillis(1)));
                }
            }
            for (Map.Entry<String, List<Trace>> e : byStation.entrySet()) {
                Waveforms.write(e.getValue(), hourly.resolve(e.getKey() + "-" + h + ".mseed"));
                files++;
            }
        }
        assertEquals(6, files);
        same(whole, detector.detect(WaveformIndex.of(List.of(hourly), ReadOptions.defaults()), s -> { }, 1500), 1500);
    }

    /** Writes traces to a file of their own and checks that pieces give the whole run's result. */
    private static DetectionResult check(List<Trace> traces, Path folder, double piece) {
        try {
            Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Path file = folder.resolve("data.mseed");
        Waveforms.write(traces, file);
        DetectionResult all = detector.detect(Waveforms.read(file));
        DetectionResult chunked = detector.detect(WaveformIndex.of(List.of(file), ReadOptions.defaults()), s -> { },
                piece);
        same(all, chunked, piece);
        return all;
    }

    private static List<Trace> synthetic(long seed, double rate, int hours) {
        return SyntheticGenerator.generate(SynthConfig.builder().seed(seed).start(START).sampleRate(rate)
                .duration(Duration.ofHours(hours)).stations(1).eventsPerHour(10).magnitudes(1.5, 3.0).gapsPerDay(0)
                .spikesPerHour(0).build()).traces();
    }

    private static Trace shifted(Trace t, long nanos) {
        return Trace.of(t.id(), t.start().plusNanos(nanos), t.sampleRate(), t.samples());
    }

    private static Trace part(Trace t, Instant from, Instant to) {
        return t.slice(from, to.minusNanos(Math.round(0.5e9 / t.sampleRate())));
    }

    @Test
    void componentsAFractionOfASampleLate(@TempDir Path folder) {
        // N and E 3 ms after Z: a piece's aligned stretch then starts a sample after its first second
        List<Trace> traces = new ArrayList<>();
        for (Trace t : synthetic(31, 100, 2)) {
            traces.add(t.id().component() == 'Z' ? t : shifted(t, 3_000_000));
        }
        DetectionResult r = check(traces, folder, 1200);
        assertEquals(1, r.scores().size(), "one stretch, as in the whole run");
    }

    @Test
    void horizontalsThatStartLateAndOneThatStops(@TempDir Path folder) {
        // Z for 2 h; N from 0:50 to 1:15, E from 0:50 on: the first pieces hold Z alone, the last
        // ones Z and E, which must stay in the E place as in the whole run, and S picks name the
        // channels of the whole input
        Instant from = START.plus(Duration.ofMinutes(50));
        Instant nEnd = START.plus(Duration.ofMinutes(75));
        List<Trace> traces = new ArrayList<>();
        for (Trace t : synthetic(32, 100, 2)) {
            switch (t.id().component()) {
                case 'N' -> traces.add(part(t, from, nEnd));
                case 'E' -> traces.add(part(t, from, t.endExclusive()));
                default -> traces.add(t);
            }
        }
        DetectionResult r = check(traces, folder, 1200);
        assertTrue(r.picks().picks().stream().anyMatch(p -> p.channel().channel().endsWith("E")),
                "S picked on E after N stopped");
    }

    @Test
    void aGapJustAfterAPieceEnds(@TempDir Path folder) {
        // pieces of 20 min: the first stretch ends 3 s after the first piece's end, the next one
        // starts 40 s later, and another gap leaves a stretch of 12 s
        Instant end1 = START.plus(Duration.ofSeconds(1203));
        Instant start2 = START.plus(Duration.ofSeconds(1243));
        Instant end2 = START.plus(Duration.ofSeconds(1255));
        Instant start3 = START.plus(Duration.ofSeconds(1300));
        List<Trace> traces = new ArrayList<>();
        for (Trace t : synthetic(33, 100, 2)) {
            traces.add(part(t, t.start(), end1));
            traces.add(part(t, start2, end2));
            traces.add(part(t, start3, t.endExclusive()));
        }
        DetectionResult r = check(traces, folder, 1200);
        assertEquals(3, r.scores().size(), "three stretches");
    }

    @Test
    void otherRatesResampledAsInTheWholeRun(@TempDir Path folder) {
        // N 8 ms after Z: at 200 and 40 Hz the first N sample of a piece can lie an odd number of
        // input samples after the first one of the whole input, where the resampling grid starts
        // (33.3 Hz, stored as 33.3001 Hz, is no small fraction of 100 Hz: such a station is read whole);
        // on a DC level that drifts by 10^6 counts over the two hours, so that each piece's first
        // sample, from which the resampler measures, lies far from the whole input's
        for (double rate : new double[] {200, 50, 40, 33.3}) {
            List<Trace> traces = new ArrayList<>();
            for (Trace t : synthetic(34, rate, 2)) {
                double[] x = t.samples().clone();
                for (int i = 0; i < x.length; i++) {
                    x[i] = Math.round(x[i] + 2e5 + 1e6 * i / x.length);
                }
                // spikes, replaced at the channel's own rate before resampling, in pieces as in the
                // whole run: a few in the hours and one just before and one just after a piece's end
                for (double second : new double[] {700.3, 1499.9, 1500.1, 4321.7, 6400.1}) {
                    x[(int) Math.round(second * rate)] += 3e6;
                }
                Trace drifting = Trace.of(t.id(), t.start(), t.sampleRate(), x);
                traces.add(t.id().component() == 'N' ? shifted(drifting, 8_000_000) : drifting);
            }
            check(traces, folder.resolve(String.valueOf(rate)), 1500);
        }
    }

    /**
     * A rate within the tolerance that joins records but not the model's (100.005 Hz) is resampled,
     * a piece at a time, each piece from its own first sample (a station is not read whole for it:
     * found by review). The pieces' grids differ from the whole run's by up to a sample, so the
     * detections agree to two frames and the picks to a few samples, not bit for bit.
     */
    @Test
    void aRateNearTheModelsIsResampledPieceByPiece(@TempDir Path folder) throws java.io.IOException {
        List<Trace> traces = new ArrayList<>();
        for (Trace t : synthetic(35, 100, 2)) {
            traces.add(Trace.of(t.id(), t.start(), 100.005, t.samples()));
        }
        Path file = folder.resolve("near.mseed");
        Waveforms.write(traces, file);
        double written = Waveforms.read(file).traces().get(0).sampleRate(); // miniSEED 2 stores it as a ratio
        assertTrue(written != 100 && io.github.seisclr.io.SampleRates.agree(written, 100), "near 100 Hz: " + written);
        DetectionResult all = detector.detect(Waveforms.read(file));
        DetectionResult chunked = detector.detect(WaveformIndex.of(List.of(file), ReadOptions.defaults()), s -> { }, 1500);
        assertTrue(all.detections().size() >= 10, "events: " + all.detections().size());
        assertEquals(all.detections().size(), chunked.detections().size(), all.detections() + "\n" + chunked.detections());
        for (int i = 0; i < all.detections().size(); i++) {
            Detection x = all.detections().get(i);
            Detection y = chunked.detections().get(i);
            // a piece's grid lies up to a sample (10 ms) off the whole run's: a trigger may move a frame (80 ms)
            assertTrue(Math.abs(Duration.between(x.start(), y.start()).toMillis()) <= 170, x + " vs " + y);
        }
        List<Pick> pa = sorted(all);
        List<Pick> pb = sorted(chunked);
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) {
            assertTrue(Math.abs(Duration.between(pa.get(i).time(), pb.get(i).time()).toMillis()) <= 50,
                    pa.get(i) + " vs " + pb.get(i));
        }
    }

    @Test
    void theDefaultPieceIsTheWholeOfAShortInput() {
        same(whole, detector.detect(index, s -> { }), ChunkedRun.PIECE_SECONDS);
    }

    @Test
    void scoreTracesOnlyWhenAskedFor() {
        DetectionResult without = detector.detect(index, false, s -> { });
        assertTrue(without.scores().isEmpty());
        assertEquals(whole.detections().stream().map(d -> d.id() + "@" + d.start()).toList(),
                without.detections().stream().map(d -> d.id() + "@" + d.start()).toList(), "the same detections");
        assertEquals(whole.scores().size(), detector.detect(index, true, s -> { }).scores().size());
    }

    @Test
    void noTemporaryFileIsLeft() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = countTemporary(tmp);
        detector.detect(index, s -> { }, 1800);
        assertEquals(before, countTemporary(tmp));
    }

    private static long countTemporary(Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("seisclr-detect-")).count();
        }
    }

    /** The same calibrations, hours, score traces, detections and picks, to float rounding. */
    static void same(DetectionResult a, DetectionResult b, double piece) {
        String at = "pieces of " + piece + " s: ";
        assertEquals(a.calibrations().keySet(), b.calibrations().keySet(), at);
        a.calibrations().forEach((code, c) -> {
            Calibration d = b.calibrations().get(code);
            // float rounding of the frames (which depends on where a forward pass's chunk starts)
            // carried through 64-dimensional distances and their logarithm: a few parts in a million
            assertEquals(c.median(), d.median(), 1e-5 * Math.max(1, Math.abs(c.median())), at + code);
            assertEquals(c.spread(), d.spread(), 1e-5 * c.spread(), at + code);
        });
        assertEquals(a.hoursProcessed(), b.hoursProcessed(), 1e-9, at);
        assertEquals(a.scores().size(), b.scores().size(), at + "stretches");
        for (int i = 0; i < a.scores().size(); i++) {
            assertEquals(a.scores().get(i).start(), b.scores().get(i).start(), at);
            float[] x = a.scores().get(i).values();
            float[] y = b.scores().get(i).values();
            assertEquals(x.length, y.length, at + a.scores().get(i).start());
            for (int j = 0; j < x.length; j++) {
                assertEquals(x[j], y[j], 1e-3 * Math.max(1, Math.abs(x[j])), at + "score " + j + " of "
                        + a.scores().get(i).start());
            }
        }
        assertEquals(a.detections().size(), b.detections().size(), at + a.detections() + "\n" + b.detections());
        for (int i = 0; i < a.detections().size(); i++) {
            Detection x = a.detections().get(i);
            Detection y = b.detections().get(i);
            assertEquals(x.id(), y.id(), at);
            assertEquals(x.start(), y.start(), at + x.id());
            assertEquals(x.end(), y.end(), at + x.id());
            assertEquals(x.peakScore(), y.peakScore(), 1e-3 * x.peakScore(), at + x.id());
        }
        List<Pick> pa = sorted(a);
        List<Pick> pb = sorted(b);
        assertEquals(pa.size(), pb.size(), at + "picks");
        for (int i = 0; i < pa.size(); i++) {
            assertEquals(pa.get(i).detectionId(), pb.get(i).detectionId(), at);
            assertEquals(pa.get(i).phase(), pb.get(i).phase(), at);
            assertTrue(Math.abs(Duration.between(pa.get(i).time(), pb.get(i).time()).toNanos()) <= 1_000_000,
                    at + pa.get(i) + " / " + pb.get(i));
            assertEquals(pa.get(i).uncertaintySeconds(), pb.get(i).uncertaintySeconds(), 1e-4, at + pa.get(i));
        }
    }

    private static List<Pick> sorted(DetectionResult r) {
        return r.picks().picks().stream().sorted(Comparator.comparing(Pick::detectionId)
                .thenComparing(Pick::phase)).toList();
    }
}
