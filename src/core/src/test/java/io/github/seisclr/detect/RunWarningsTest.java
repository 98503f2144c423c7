package io.github.seisclr.detect;

import io.github.seisclr.io.ReadOptions;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.WaveformIndex;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.output.Writers;
import io.github.seisclr.stream.StreamConfig;
import io.github.seisclr.stream.StreamingDetector;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run's warnings about its data are listed in its result ({@link DetectionResult#warnings()}),
 * every time, though the log says each once per process (review: a library caller read them only
 * from SLF4J, and a second run on the same data said nothing).
 */
class RunWarningsTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

    @TempDir
    Path dir;

    /** 30 min of one station: a spike on the vertical, 5 s of one value on N, E ending after 15 min. */
    private Path data() {
        List<Trace> traces = new ArrayList<>();
        for (Trace t : SyntheticGenerator.generate(SynthConfig.builder().seed(11).start(T0)
                .duration(Duration.ofMinutes(30)).stations(1).eventsPerHour(0).spikesPerHour(0).gapsPerDay(0)
                .build()).traces()) {
            double[] x = t.samples().clone();
            char c = t.id().component();
            if (c == 'Z') {
                x[60_000] += 400 * Arrays.stream(x, 0, 10_000).map(Math::abs).max().orElseThrow();
            } else if (c == 'N') {
                Arrays.fill(x, 90_000, 90_500, 4321);
            }
            Trace m = Trace.of(t.id(), t.start(), t.sampleRate(), x, t.sampleType());
            traces.add(c == 'E' ? m.slice(m.start(), T0.plusSeconds(15 * 60)) : m);
        }
        Path file = dir.resolve("warn.mseed");
        Waveforms.write(traces, file);
        return file;
    }

    private static void assertListsAll(List<String> warnings, String run) {
        String all = String.join("\n", warnings);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("isolated spike(s)")), run + ": " + all);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("5.00 s of the constant value 4321.0")), run + ": " + all);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("HHE is missing from")), run + ": " + all);
        assertEquals(warnings.size(), warnings.stream().distinct().count(), run + ": each once: " + all);
    }

    @Test
    void everyBatchRunListsItsWarningsThoughTheLogSaysThemOnce() {
        Path file = data();
        Detector detector = Detector.of(Encoder.bundled(), DetectorConfig.defaults());
        List<Supplier<DetectionResult>> runs = List.of(() -> detector.detect(Waveforms.read(file)),
                () -> detector.detect(WaveformIndex.of(List.of(file), ReadOptions.defaults()), s -> { }));
        for (int i = 0; i < 2; i++) {
            String run = i == 0 ? "whole" : "in pieces";
            DetectionResult[] r = new DetectionResult[2];
            String said = CoverageWarningTest.said(() -> r[0] = runs.get(0).get());
            if (i == 0) {
                assertTrue(said.contains("isolated spike(s)"), "logged the first time: " + said);
            }
            String again = CoverageWarningTest.said(() -> r[1] = runs.get(1).get());
            assertTrue(!again.contains("isolated spike(s)"), "logged once per process: " + again);
            assertListsAll(r[0].warnings(), run + ", first");
            assertListsAll(r[1].warnings(), run + ", second");
        }
    }

    @Test
    void aStreamsResultAndTheJsonListThem() throws Exception {
        Path file = data();
        StreamingDetector sd = StreamingDetector.builder(Encoder.bundled())
                .streamConfig(StreamConfig.builder().adaptationSeconds(0).build()).build();
        byte[] all = Files.readAllBytes(file);
        sd.accept(all, all.length, file.toString());
        sd.flush();
        DetectionResult r = sd.result(List.of(), List.of());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("isolated spike(s)")), r.warnings().toString());

        DetectionResult batch = Detector.of(Encoder.bundled(), DetectorConfig.defaults()).detect(Waveforms.read(file));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Writers.write(batch, Writers.Format.JSON, "test", out);
        String json = out.toString(StandardCharsets.UTF_8);
        com.fasterxml.jackson.databind.JsonNode w = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)
                .get("warnings");
        assertEquals(batch.warnings().size(), w.size(), json);
        assertTrue(w.get(0).asText().equals(batch.warnings().get(0)), json);
    }
}
