package io.github.seisclr.stream;

import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.Detector;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.io.ReadOptions;
import io.github.seisclr.io.WaveformIndex;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole station-day with telemetry gaps and spikes, fed record by record as a SeedLink server
 * sends it, against the same day in one file through the chunked batch run ({@code seisclr
 * detect}): with the batch run's
 * calibration and no adaptation, the stream finds the same detections and picks. Slow (a few
 * minutes on 2 cores): {@code mvn -P realdata test}, which runs the {@code slow} tests.
 */
@Tag("slow")
class DayStreamTest {
    @Test
    void aDayStreamedRecordByRecordGivesTheDetectionsOfTheDayFile(@TempDir Path dir) throws Exception {
        var traces = SyntheticGenerator.generate(SynthConfig.builder().seed(78)
                .start(Instant.parse("2024-05-02T00:00:00Z")).duration(Duration.ofHours(24)).stations(1)
                .eventsPerHour(6).gapsPerDay(6).spikesPerHour(1).build()).traces();
        List<byte[]> records = StreamingDetectorTest.feedOrder(traces);
        Path file = dir.resolve("day.mseed");
        try (var out = Files.newOutputStream(file)) {
            for (byte[] r : records) {
                out.write(r);
            }
        }
        Encoder encoder = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        DetectionResult batch = Detector.of(encoder, DetectorConfig.defaults())
                .detect(WaveformIndex.of(List.of(file), ReadOptions.defaults()), s -> { });
        assertTrue(batch.detections().size() >= 40, "a day of events: " + batch.detections().size());

        StreamingDetectorTest.Collector c = new StreamingDetectorTest.Collector();
        StreamingDetector sd = StreamingDetector.builder(encoder)
                .streamConfig(StreamConfig.builder().adaptationSeconds(0).build())
                .calibrations(batch.calibrations()).listener(c).build();
        for (byte[] r : records) {
            sd.accept(r, r.length, "day");
        }
        sd.flush();
        StreamingDetectorTest.assertSameAsBatch(batch, c);
    }
}
