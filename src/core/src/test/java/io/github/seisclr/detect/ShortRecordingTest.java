package io.github.seisclr.detect;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticDataset;
import io.github.seisclr.synth.SyntheticGenerator;
import io.github.seisclr.synth.TruthEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One-minute event windows, the form most labelled data sets come in: too short for a station
 * to calibrate on itself, mostly event rather than noise. The calibration leans on the model's
 * reference-noise prior there ({@link ReferenceNoise}); detection ids stay unique when one station
 * has several streams.
 */
class ShortRecordingTest {
    private static Encoder encoder;
    private static SyntheticDataset data;

    @BeforeAll
    static void setUp() {
        encoder = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        data = SyntheticGenerator.generate(SynthConfig.builder().seed(404).duration(Duration.ofHours(3)).stations(3)
                .eventsPerHour(12).magnitudes(1.0, 3.0).gapsPerDay(0).spikesPerHour(0).build());
    }

    /** The station's traces between two times, as their own station stream under another location and band code. */
    private static StationStream window(String station, Instant from, Instant to, String location, String band) {
        Map<Character, List<Trace>> comps = new LinkedHashMap<>();
        for (Trace t : data.traces()) {
            if (t.id().station().equals(station)) {
                Trace w = t.slice(from, to);
                SourceId id = new SourceId(t.id().network(), station, location, band + t.id().component());
                comps.put(t.id().component(), List.of(Trace.of(id, w.start(), w.sampleRate(), w.samples())));
            }
        }
        return new StationStream("XX", station, location, band, comps);
    }

    @Test
    void priorWeightFollowsTheAmountOfData() {
        double[] own = {1.0, 1.0};
        double[] prior = {0.0, 0.2};
        assertEquals(0.0 + 60.0 / 660, ReferenceNoise.blend(own, prior, 60)[0], 1e-12);
        assertEquals(0.5 * 1.0 + 0.5 * 0.2, ReferenceNoise.blend(own, prior, ReferenceNoise.PRIOR_SECONDS)[1], 1e-12);
        assertTrue(ReferenceNoise.blend(own, prior, 86_400)[1] > 0.99, "a day of data stands on its own");
        double[] ref = ReferenceNoise.medianAndSpread(encoder, "test", DetectorConfig.defaults(), 13, ReferenceNoise.ALL);
        assertTrue(ref[1] > 0.05 && ref[1] < 2 && Math.abs(ref[0]) < 2, "reference noise median/spread " + ref[0]
                + " / " + ref[1]);
        assertEquals(ref[1], ReferenceNoise.medianAndSpread(encoder, "test", DetectorConfig.defaults(), 13, ReferenceNoise.ALL)[1],
                "cached and deterministic");
    }

    /**
     * Clear events (SNR >= 5) cut into 60 s windows with 8-25 s of noise before P, each window its
     * own recording: found at the default threshold, with few detections in the noise before P.
     */
    @Test
    void clearEventsInOneMinuteWindowsAreFoundAtTheDefaultThreshold() {
        Random rng = new Random(5);
        List<StationStream> windows = new ArrayList<>();
        List<TruthEntry> events = new ArrayList<>();
        for (TruthEntry e : data.events()) {
            Instant from = e.pTime().minusMillis(8000 + rng.nextInt(17_000));
            boolean alone = data.events().stream().noneMatch(o -> o != e && o.station().equals(e.station())
                    && o.pTime().isAfter(from.minusSeconds(20)) && o.pTime().isBefore(from.plusSeconds(60)));
            if (e.snr() >= 5 && alone && from.isAfter(data.config().start().plusSeconds(1))
                    && from.plusSeconds(60).isBefore(data.config().start().plus(data.config().duration()))) {
                windows.add(window(e.station(), from, from.plusSeconds(60), String.valueOf(windows.size()), "HH"));
                events.add(e);
            }
        }
        assertTrue(windows.size() >= 8, "enough clear events: " + windows.size());
        DetectionResult r = Detector.of(encoder, DetectorConfig.defaults()).detect(windows, s -> { });
        int found = 0;
        int early = 0;
        for (int i = 0; i < windows.size(); i++) {
            String code = windows.get(i).code();
            TruthEntry e = events.get(i);
            List<Detection> ds = r.detections().stream().filter(d -> d.station().equals(code)).toList();
            if (ds.stream().anyMatch(d -> Math.abs(Duration.between(e.pTime(), d.start()).toMillis()) <= 1500)) {
                found++;
            }
            early += (int) ds.stream().filter(d -> d.start().isBefore(e.pTime().minusMillis(1500))).count();
            Calibration c = r.calibrations().get(code);
            assertTrue(c.origin().startsWith("batch fit on 0.02 h"), c.origin());
        }
        String report = found + " of " + windows.size() + " found, " + early + " detections in the noise before P";
        System.out.println("one-minute windows: " + report);
        assertTrue(found >= 0.9 * windows.size(), report);
        assertTrue(early <= 0.1 * windows.size(), report);
        Set<String> ids = new HashSet<>();
        r.detections().forEach(d -> assertTrue(ids.add(d.id()), "duplicate id " + d.id()));
    }

    /** Two streams of one station (here a broadband and a strong-motion sensor) number their detections together. */
    @Test
    void detectionIdsAreUniqueAcrossTheStreamsOfOneStation() {
        Instant from = data.config().start();
        Instant to = from.plusSeconds(3600);
        List<StationStream> two = List.of(window("SYN01", from, to, "00", "HH"), window("SYN01", from, to, "00", "HN"));
        DetectionResult r = Detector.of(encoder, DetectorConfig.defaults()).detect(two, s -> { });
        long hh = r.detections().stream().filter(d -> d.station().endsWith(".HH")).count();
        assertTrue(hh >= 2 && r.detections().size() == 2 * hh, r.detections().toString());
        Set<String> ids = new HashSet<>();
        r.detections().forEach(d -> assertTrue(ids.add(d.id()), "duplicate id " + d.id()));
        assertTrue(r.picks().picks().stream().allMatch(p -> ids.contains(p.detectionId())));
    }
}
