package io.github.seisclr.detect;

import io.github.seisclr.io.ReadOptions;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.WaveformIndex;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole station-day (with telemetry gaps and spikes) as one day file, as 24 hourly files, and as
 * 24 files cut at random times with shuffled names: the whole read and the chunked run over each
 * give the same detections and picks. Slow (about two minutes on 2 cores): {@code mvn -P realdata
 * test}, which runs the {@code slow} tests.
 */
@Tag("slow")
class DayChunkingTest {
    private static final Instant START = Instant.parse("2024-05-01T00:00:00Z");

    @Test
    void oneDayFileHourlyFilesAndRandomCutsGiveTheSamePicks(@TempDir Path dir) throws Exception {
        List<Trace> traces = SyntheticGenerator.generate(SynthConfig.builder().seed(77).start(START)
                .duration(Duration.ofHours(24)).stations(1).eventsPerHour(6).gapsPerDay(6).spikesPerHour(1)
                .build()).traces();
        Detector detector = Detector.of(Encoder.load(Path.of("models", "seisclr-default-v1.zip")),
                DetectorConfig.defaults());
        Path day = Files.createDirectories(dir.resolve("day"));
        Waveforms.write(traces, day.resolve("day.mseed"));
        DetectionResult whole = detector.detect(Waveforms.read(day));
        assertTrue(whole.detections().size() >= 60, "a day of events: " + whole.detections().size());

        List<Instant> hours = new ArrayList<>();
        for (int h = 1; h < 24; h++) {
            hours.add(START.plus(Duration.ofHours(h)));
        }
        Random rng = new Random(20261202);
        List<Instant> random = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            random.add(START.plusMillis((long) (rng.nextDouble() * 86_400_000L)));
        }
        Collections.sort(random);
        for (List<Instant> cuts : List.of(hours, random)) {
            Path folder = Files.createDirectories(dir.resolve("cut-" + (cuts == hours ? "hourly" : "random")));
            List<Instant> bounds = new ArrayList<>(cuts);
            bounds.add(0, START.minusSeconds(1));
            bounds.add(START.plus(Duration.ofHours(25)));
            for (int f = 0; f + 1 < bounds.size(); f++) {
                Instant a = bounds.get(f);
                Instant b = bounds.get(f + 1);
                List<Trace> part = new ArrayList<>();
                for (Trace t : traces) {
                    if (t.start().isBefore(b) && t.endExclusive().isAfter(a)) {
                        // the samples before b (slice includes its end): none lost, none twice
                        part.add(t.slice(a, b.minusNanos(1000)));
                    }
                }
                if (!part.isEmpty()) {
                    // names that do not sort by time
                    Waveforms.write(part, folder.resolve(String.format("%08d-%02d.mseed", rng.nextInt(100_000_000), f)));
                }
            }
            DetectionResult read = detector.detect(Waveforms.read(folder));
            DetectionResult chunked = detector.detect(WaveformIndex.of(List.of(folder), ReadOptions.defaults()), s -> { });
            for (DetectionResult r : List.of(read, chunked)) {
                String at = folder.getFileName() + (r == read ? " read whole" : " chunked") + ": ";
                assertEquals(ids(whole), ids(r), at);
                List<Pick> pa = picks(whole);
                List<Pick> pb = picks(r);
                assertEquals(pa.size(), pb.size(), at);
                for (int i = 0; i < pa.size(); i++) {
                    assertEquals(pa.get(i).phase(), pb.get(i).phase(), at);
                    assertTrue(Math.abs(Duration.between(pa.get(i).time(), pb.get(i).time()).toNanos()) <= 1_000_000,
                            at + pa.get(i) + " / " + pb.get(i));
                }
            }
        }
    }

    private static List<String> ids(DetectionResult r) {
        return r.detections().stream().map(d -> d.id() + "@" + d.start() + "-" + d.end()).toList();
    }

    private static List<Pick> picks(DetectionResult r) {
        return r.picks().picks().stream().sorted(Comparator.comparing(Pick::detectionId)
                .thenComparing(Pick::phase)).toList();
    }
}
