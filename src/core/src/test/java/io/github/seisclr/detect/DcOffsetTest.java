package io.github.seisclr.detect;

import io.github.seisclr.baseline.StaLtaDetector;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A digitiser's DC offset (10<sup>5</sup> counts is common on a short-period logger) changes
 * nothing: the band-passes start from the steady state of a stretch's first sample, so the offset
 * is not a step that rings through the first seconds, into the noise scale and the triggers.
 */
class DcOffsetTest {
    private static final double OFFSET = 1e5;
    private static List<Trace> plain;
    private static List<Trace> shifted;

    @BeforeAll
    static void generate() {
        plain = generate(100);
        shifted = shift(plain);
    }

    private static List<Trace> generate(double rate) {
        return SyntheticGenerator.generate(SynthConfig.builder().seed(5).duration(Duration.ofMinutes(20)).sampleRate(rate)
                .stations(1).eventsPerHour(30).magnitudes(1.0, 2.5).gapsPerDay(0).spikesPerHour(0).build()).traces();
    }

    private static List<Trace> shift(List<Trace> traces) {
        List<Trace> out = new ArrayList<>();
        for (Trace t : traces) {
            double[] x = t.samples().clone();
            for (int i = 0; i < x.length; i++) {
                x[i] += (t.id().component() == 'Z' ? OFFSET : -0.4 * OFFSET);
            }
            out.add(Trace.of(t.id(), t.start(), t.sampleRate(), x));
        }
        return out;
    }

    /** At the model's rate, and at 50 Hz, which is resampled to it before the band-pass. */
    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(doubles = {100, 50})
    void seisclrsDetectionsAndPicksDoNotDependOnTheOffset(double rate) {
        List<Trace> plain = rate == 100 ? DcOffsetTest.plain : generate(rate);
        List<Trace> shifted = rate == 100 ? DcOffsetTest.shifted : shift(plain);
        Detector d = Detector.of(Encoder.load(Path.of("models", "seisclr-default-v1.zip")), DetectorConfig.defaults());
        DetectionResult a = d.detect(StationStream.of(plain), s -> { });
        DetectionResult b = d.detect(StationStream.of(shifted), s -> { });
        assertFalse(a.detections().isEmpty());
        // the score itself, frame by frame (float rounding of the encoder's input aside)
        assertEquals(a.scores().size(), b.scores().size());
        for (int k = 0; k < a.scores().size(); k++) {
            float[] u = a.scores().get(k).values();
            float[] v = b.scores().get(k).values();
            assertEquals(u.length, v.length);
            for (int i = 0; i < u.length; i++) {
                assertEquals(u[i], v[i], 1e-3, "score frame " + i + " of " + a.scores().get(k).station());
            }
        }
        assertEquals(a.detections().size(), b.detections().size(), "detections without and with the offset");
        for (int i = 0; i < a.detections().size(); i++) {
            Detection x = a.detections().get(i);
            Detection y = b.detections().get(i);
            assertEquals(x.start(), y.start(), "detection " + x.id());
            assertEquals(x.peakScore(), y.peakScore(), 1e-3, "detection " + x.id());
        }
        List<Pick> p = a.picks().picks();
        List<Pick> q = b.picks().picks();
        assertEquals(p.size(), q.size());
        for (int i = 0; i < p.size(); i++) {
            assertEquals(p.get(i).time(), q.get(i).time(), p.get(i).toString());
        }
    }

    @Test
    void staLtaTriggersDoNotDependOnTheOffset() {
        StaLtaDetector s = StaLtaDetector.defaults();
        List<StaLtaDetector.Cft> u = s.characteristic(StationStream.of(plain).get(0));
        List<StaLtaDetector.Cft> v = s.characteristic(StationStream.of(shifted).get(0));
        assertEquals(u.size(), v.size());
        for (int k = 0; k < u.size(); k++) {
            double[] x = u.get(k).ratio();
            double[] y = v.get(k).ratio();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-6 * Math.max(1, x[i]), "STA/LTA at sample " + i);
            }
        }
        List<StaLtaDetector.Onset> a = s.triggers(u, 4, 1);
        List<StaLtaDetector.Onset> b = s.triggers(v, 4, 1);
        assertFalse(a.isEmpty());
        assertEquals(a.stream().map(StaLtaDetector.Onset::on).toList(), b.stream().map(StaLtaDetector.Onset::on).toList());
    }
}
