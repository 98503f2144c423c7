package io.github.seisclr.detect;

import io.github.seisclr.BadInputException;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticGenerator;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data the model's band cannot see are refused per channel, with the reason, instead of being
 * resampled into hours of work and "detections" (regression: 3-component 1 Hz data ran for 15
 * minutes without end; 1-component 1 Hz data gave 2,454 detections).
 */
class SampleRateTest {
    private static final Encoder ENCODER = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));

    private static List<Trace> lowRate(String station, double rate, double hours) {
        Random rng = new Random(7);
        List<Trace> out = new ArrayList<>();
        for (char c : new char[] {'Z', 'N', 'E'}) {
            double[] x = new double[(int) (hours * 3600 * rate)];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.round(1000 * rng.nextGaussian());
            }
            out.add(Trace.of(new SourceId("XX", station, "", "LH" + c), Instant.parse("2024-01-01T00:00:00Z"), rate, x));
        }
        return out;
    }

    @Test
    void dataBelowTheModelsBandAreRefusedNamingTheChannel() {
        List<StationStream> s = StationStream.of(lowRate("LOW", 1, 2));
        Detector d = Detector.of(ENCODER, DetectorConfig.defaults());
        BadInputException ex = assertThrows(BadInputException.class, () -> d.detect(s, x -> { }));
        assertEquals(BadInputException.Problem.BAD_SAMPLE_RATE, ex.problem());
        assertTrue(ex.getMessage().contains("XX.LOW..LHZ, XX.LOW..LHN, XX.LOW..LHE at 1 Hz (Nyquist frequency 0.5 Hz)")
                && ex.getMessage().contains("below the model's band 1-20 Hz"), ex.getMessage());
        // the three components share their reason: it is said once, after their names (review)
        String m = ex.getMessage();
        assertEquals(m.indexOf("Nyquist"), m.lastIndexOf("Nyquist"), m);
        for (String c : new String[] {"LHZ", "LHN", "LHE"}) {
            assertTrue(m.contains("XX.LOW.." + c), m);
        }
    }

    @Test
    void aStationBelowTheBandIsLeftOutAndTheOthersAreDetected() {
        List<Trace> traces = new ArrayList<>(lowRate("LOW", 1, 0.5));
        traces.addAll(SyntheticGenerator.generate(SynthConfig.builder().seed(3).duration(Duration.ofMinutes(20))
                .stations(1).eventsPerHour(6).gapsPerDay(0).spikesPerHour(0).build()).traces());
        DetectionResult r = Detector.of(ENCODER, DetectorConfig.defaults()).detect(StationStream.of(traces), x -> { });
        assertEquals(20.0 / 60, r.hoursProcessed(), 0.01, "only the 100 Hz station's 20 minutes");
        assertTrue(r.detections().stream().noneMatch(x -> x.station().contains("LOW")));
    }
    /**
     * Review (2026-12-07, an ocean-bottom array): a hydrophone alone (HDH) is in the model's band but
     * no component it reads; the run scored nothing and ended as a success, with an empty catalogue a
     * script would take for "no earthquakes". It is refused as data below the band are, naming the
     * channel; beside a seismometer it is left out with a warning and the seismometer is detected on.
     */
    @Test
    void aHydrophoneAloneIsRefusedAndBesideASeismometerLeftOut() {
        List<Trace> hyd = new ArrayList<>();
        Random rng = new Random(9);
        double[] x = new double[20 * 60 * 100];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.round(1000 * rng.nextGaussian());
        }
        hyd.add(Trace.of(new SourceId("XX", "OBS", "", "HDH"), Instant.parse("2024-01-01T00:00:00Z"), 100, x));
        Detector d = Detector.of(ENCODER, DetectorConfig.defaults());
        BadInputException ex = assertThrows(BadInputException.class, () -> d.detect(StationStream.of(hyd), s -> { }));
        assertEquals(BadInputException.Problem.UNUSABLE_CHANNEL, ex.problem());
        assertTrue(ex.getMessage().contains("no channel can be used: XX.OBS..HDH at 100 Hz (Nyquist frequency 50 Hz)"
                + " from 2024-01-01T00:00:00Z is no component the model reads"), ex.getMessage());
        List<Trace> both = new ArrayList<>(hyd);
        both.addAll(SyntheticGenerator.generate(SynthConfig.builder().seed(3).duration(Duration.ofMinutes(20))
                .stations(1).eventsPerHour(6).gapsPerDay(0).spikesPerHour(0).build()).traces());
        DetectionResult r = d.detect(StationStream.of(both), s -> { });
        assertEquals(20.0 / 60, r.hoursProcessed(), 0.01, "only the seismometer's 20 minutes");
        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("XX.OBS..HD: not used: XX.OBS..HDH at 100 Hz")),
                r.warnings().toString());
    }
}
