package io.github.seisclr.detect;

import io.github.seisclr.io.MiniSeedReader;
import io.github.seisclr.io.MiniSeedWriter;
import io.github.seisclr.io.OverlapPolicy;
import io.github.seisclr.io.ReadOptions;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.WaveformSet;
import io.github.seisclr.io.WriteOptions;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticDataset;
import io.github.seisclr.synth.SyntheticGenerator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two copies of the same recording that disagree (two data centres' versions of a day, one with
 * every sample off by a count), read with {@link OverlapPolicy#KEEP_BOTH}. Regression (review): the
 * copies' records interleaved into many short segments and detection lost most of the hour; each
 * copy is now one segment, and the detections are those of the first copy alone.
 */
class OverlappingCopiesTest {

    @Test
    void detectionOnTwoKeptCopiesIsDetectionOnOne() throws IOException {
        SyntheticDataset data = SyntheticGenerator.generate(SynthConfig.builder().seed(31).duration(Duration.ofMinutes(40))
                .stations(1).eventsPerHour(12).magnitudes(2, 3).gapsPerDay(0).spikesPerHour(0).build());
        List<Trace> a = data.traces();
        List<Trace> b = a.stream().map(t -> {
            double[] x = t.samples();
            for (int i = 0; i < x.length; i++) {
                x[i] += 1;
            }
            return Trace.of(t.id(), t.start(), t.sampleRate(), x);
        }).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MiniSeedWriter(WriteOptions.builder().recordLength(512).build()).write(a, out);
        byte[] first = out.toByteArray();
        new MiniSeedWriter(WriteOptions.builder().recordLength(4096).build()).write(b, out);
        MiniSeedReader keepBoth = new MiniSeedReader(ReadOptions.builder().overlapPolicy(OverlapPolicy.KEEP_BOTH).build());
        WaveformSet both = keepBoth.read(new ByteArrayInputStream(out.toByteArray()), "two-copies");
        WaveformSet one = keepBoth.read(new ByteArrayInputStream(first), "one-copy");
        assertEquals(2 * one.traces().size(), both.traces().size(), both.toString());

        Detector detector = Detector.of(Encoder.load(Path.of("models", "seisclr-default-v1.zip")), DetectorConfig.defaults());
        List<Detection> fromOne = detector.detect(one).detections();
        List<Detection> fromBoth = detector.detect(both).detections();
        assertTrue(fromOne.size() >= 4, "the recording has events: " + fromOne);
        assertEquals(fromOne.stream().map(Detection::start).toList(), fromBoth.stream().map(Detection::start).toList());
    }
}
