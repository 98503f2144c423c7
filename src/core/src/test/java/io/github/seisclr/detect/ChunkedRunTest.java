package io.github.seisclr.detect;

import io.github.seisclr.io.ReadOptions;
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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chunked batch run ({@link Detector#detect(WaveformIndex, java.util.function.Consumer)}) against
 * one run over the whole input read at once: three hours of two stations with telemetry gaps, cut
 * into pieces of 20 and of 47 minutes (pieces ending inside stretches, inside gaps, and stretches
 * shorter than a piece), give the same calibrations, detections, picks and scores.
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

    @Test
    void theDefaultPieceIsTheWholeOfAShortInput() {
        same(whole, detector.detect(index, s -> { }), ChunkedRun.PIECE_SECONDS);
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

    private static void same(DetectionResult a, DetectionResult b, double piece) {
        String at = "pieces of " + piece + " s: ";
        assertEquals(a.calibrations().keySet(), b.calibrations().keySet(), at);
        a.calibrations().forEach((code, c) -> {
            Calibration d = b.calibrations().get(code);
            assertEquals(c.median(), d.median(), 1e-6 * Math.max(1, Math.abs(c.median())), at + code);
            assertEquals(c.spread(), d.spread(), 1e-6 * c.spread(), at + code);
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
