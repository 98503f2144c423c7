package io.github.seisclr.detect;

import io.github.seisclr.baseline.StaLtaDetector;
import io.github.seisclr.eval.DetectionMatch;
import io.github.seisclr.eval.ReferenceEvent;
import io.github.seisclr.eval.Residuals;
import io.github.seisclr.io.MiniSeedWriter;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.io.WriteOptions;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.score.ScoreTrace;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticDataset;
import io.github.seisclr.synth.SyntheticGenerator;
import io.github.seisclr.synth.TruthEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Detection and picking measured on synthetic data generated here (not the bundled samples),
 * with the bundled model and default settings, next to the STA/LTA baseline on the same data.
 */
class DetectorTest {
    private static SyntheticDataset data;
    private static List<StationStream> stations;
    private static DetectionResult result;

    @BeforeAll
    static void run() throws IOException {
        data = SyntheticGenerator.generate(SynthConfig.builder().seed(31).duration(Duration.ofHours(2)).stations(3)
                .eventsPerHour(8).magnitudes(0.5, 3.0).gapsPerDay(0).spikesPerHour(1).build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MiniSeedWriter(WriteOptions.defaults()).write(data.traces(), out);
        stations = Waveforms.read(new ByteArrayInputStream(out.toByteArray()), "synthetic").stations();
        Encoder encoder = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        result = Detector.of(encoder, DetectorConfig.defaults()).detect(stations, s -> { });
    }

    private static List<ReferenceEvent> truth(double minSnr) {
        List<ReferenceEvent> refs = new ArrayList<>();
        for (TruthEntry e : data.events()) {
            if (e.snr() >= minSnr) {
                refs.add(new ReferenceEvent(e.station(), e.pTime(), e.sTime()));
            }
        }
        return refs;
    }

    private static Instant pPick(Detection d) {
        return result.picks().picks().stream().filter(p -> p.detectionId().equals(d.id()) && p.phase() == Phase.P)
                .map(Pick::time).findFirst().orElse(d.start());
    }

    private static List<DetectionMatch.Candidate> seisclr() {
        return result.detections().stream().map(d -> new DetectionMatch.Candidate(d.station().split("\\.")[1],
                pPick(d), d.peakScore())).toList();
    }

    @Test
    void precisionRecallAndPickErrorsOnSyntheticData() {
        Duration tol = Duration.ofMillis(1500);
        DetectionMatch.Result all = DetectionMatch.match(seisclr(), truth(0), tol);
        DetectionMatch.Result clear = DetectionMatch.match(seisclr(), truth(3), tol);
        List<Double> pRes = new ArrayList<>();
        List<Double> sRes = new ArrayList<>();
        for (DetectionMatch.Candidate[] m : all.matched()) {
            TruthEntry t = data.events().stream().filter(e -> e.station().equals(m[0].station())
                    && e.pTime().equals(m[0].onset())).findFirst().orElseThrow();
            Detection d = result.detections().stream().filter(x -> x.station().contains("." + m[1].station() + ".")
                    && pPick(x).equals(m[1].onset())).findFirst().orElseThrow();
            pRes.add(Duration.between(t.pTime(), m[1].onset()).toNanos() / 1e9);
            result.picks().picks().stream().filter(p -> p.detectionId().equals(d.id()) && p.phase() == Phase.S)
                    .findFirst().ifPresent(p -> sRes.add(Duration.between(t.sTime(), p.time()).toNanos() / 1e9));
        }
        Residuals p = Residuals.of(pRes.stream().mapToDouble(Double::doubleValue).toArray(), all.falseNegatives());
        Residuals s = Residuals.of(sRes.stream().mapToDouble(Double::doubleValue).toArray(), 0);
        String report = String.format("all arrivals: precision %.2f recall %.2f F1 %.3f; SNR>=3 recall %.2f;"
                        + " P MAE %.3f s (%.0f%% within 0.1 s), S MAE %.3f s (%.0f%% within 0.5 s)", all.precision(),
                all.recall(), all.f1(), clear.recall(), p.mae(), 100 * p.within01(), s.mae(), 100 * s.within05());
        System.out.println("seisclr on synthetic data: " + report);
        // Pinned at what this version measures at the default thresholds with the bundled model
        // (precision 0.65, SNR>=3 recall 1.00, P MAE 0.016 s with 100 % within 0.1 s, S MAE 0.015 s
        // with 100 % within 0.5 s), with a margin: a regression fails here. A handful of arrivals
        // near the threshold decide the detection figures, and models trained with other seeds,
        // settings or code move them. The picker before the causal refinement and the S search
        // normal to P had P MAE 0.073 s (77 % within 0.1 s) and S MAE 0.057 s here. Most synthetic
        // arrivals are invisible (SNR < 1), hence the low recall over all of them, for STA/LTA as well.
        assertTrue(all.precision() >= 0.55, report);
        assertTrue(clear.recall() >= 0.9, report);
        assertTrue(p.mae() <= 0.05, report);
        assertTrue(p.within01() >= 0.9, report);
        assertTrue(s.mae() <= 0.1, report);
        assertTrue(s.within05() >= 0.85, report);
    }

    @Test
    void f1IsComparedWithRecursiveStaLtaOnTheSameData() {
        StaLtaDetector baseline = StaLtaDetector.defaults();
        List<StaLtaDetector.Cft> cfts = new ArrayList<>();
        stations.forEach(s -> cfts.addAll(baseline.characteristic(s)));
        List<DetectionMatch.Candidate> sl = baseline.triggers(cfts, 3.5, 1.5).stream()
                .map(o -> new DetectionMatch.Candidate(o.station(), o.aicPick(), o.peak())).toList();
        Duration tol = Duration.ofMillis(1500);
        double f1Seisclr = DetectionMatch.match(seisclr(), truth(0), tol).f1();
        double f1StaLta = DetectionMatch.match(sl, truth(0), tol).f1();
        String report = String.format("F1 at default thresholds: seisclr %.3f, recursive STA/LTA (0.5 s/10 s, 3.5/1.5) %.3f",
                f1Seisclr, f1StaLta);
        System.out.println(report);
        // Not worse than the baseline at its classic settings; clearly better is the aim (see the issue notes).
        assertTrue(f1Seisclr >= f1StaLta - 0.05, report);
    }

    @Test
    void scoreTraceCoversEveryStationAndIsQuietInNoise() {
        assertEquals(3, result.scores().size());
        for (ScoreTrace s : result.scores()) {
            assertEquals(7200 * 12.5, s.length(), 2);
            float[] v = s.values().clone();
            java.util.Arrays.sort(v);
            assertTrue(v[v.length / 2] < 1 && v[v.length / 2] > -1, "median near 0: " + v[v.length / 2]);
        }
        assertTrue(result.hoursProcessed() > 5.9 && result.hoursProcessed() < 6.1);
    }

    @Test
    void theScoreIsTheLearnedScorePlusTheGatedLogRatioOfStaLtaOnTheVertical() {
        Encoder encoder = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        DetectionResult learned = Detector.of(encoder, DetectorConfig.builder().amplitudeTerm(false).build())
                .detect(stations, s -> { });
        // ObsPy's way, apart from the detector: 1-20 Hz (the model's band), recursive STA/LTA 0.5 s / 10 s,
        // unbiased below, on the data without the generator's spikes (the detector replaces them first)
        StaLtaDetector staLta = StaLtaDetector.defaults();
        int lifted = 0;
        for (int i = 0; i < 3; i++) {
            ScoreTrace with = result.scores().get(i);
            ScoreTrace without = learned.scores().get(i);
            StationStream station = stations.stream().filter(s -> s.code().equals(with.station())).findFirst().orElseThrow();
            List<StaLtaDetector.Cft> cft = staLta.characteristic(withoutSpikes(station));
            assertEquals(1, cft.size(), "one stretch, no gaps");
            assertEquals(with.start(), cft.get(0).segment().start());
            double[] ratio = cft.get(0).ratio();
            for (int j = 20; j < with.length(); j++) {
                int sample = j * 8;
                // each average divided by the weight it has given so far (sample updates)
                double r = AmplitudeTermTest.unbiased(ratio[sample], sample, 100);
                double term = sample < 12 * 100 ? 0 : Math.max(0, Math.log(r) / 0.324 - 3);
                lifted += term > 0 ? 1 : 0;
                assertEquals(without.value(j) + term, with.value(j), 1e-4 * (1 + Math.abs(with.value(j))),
                        with.station() + " frame " + j);
            }
        }
        assertTrue(lifted > 100, lifted + " frames lifted");
    }

    /**
     * @return the station with the generator's spikes on its vertical replaced by the mean of the
     *     samples either side, as the detector's despiker replaces a one-sample spike
     */
    private static StationStream withoutSpikes(StationStream station) {
        java.util.Map<Character, List<io.github.seisclr.io.Trace>> components = new java.util.LinkedHashMap<>();
        station.components().forEach((c, traces) -> {
            List<io.github.seisclr.io.Trace> out = new ArrayList<>();
            for (io.github.seisclr.io.Trace t : traces) {
                double[] x = t.samples();
                for (TruthEntry e : data.truth()) {
                    long i = t.indexOf(e.start());
                    if (c == 'Z' && e.kind() == TruthEntry.Kind.SPIKE && e.station().equals(station.station())
                            && i > 0 && i + 1 < x.length
                            && Math.abs(x[(int) i] - (x[(int) i - 1] + x[(int) i + 1]) / 2) > 1000) {
                        x[(int) i] = x[(int) i - 1] + (x[(int) i + 1] - x[(int) i - 1]) / 2;
                    }
                }
                out.add(io.github.seisclr.io.Trace.of(t.id(), t.start(), t.sampleRate(), x, t.sampleType()));
            }
            components.put(c, out);
        });
        return new StationStream(station.network(), station.station(), station.location(), station.bandAndInstrument(),
                components);
    }

    @Test
    void sweepGivesWhatDetectGivesAtEachThreshold() {
        Encoder encoder = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        List<DetectionResult> sweep = Detector.of(encoder, DetectorConfig.defaults()).sweep(stations, 3.5, 5, 8);
        assertEquals(3, sweep.size());
        assertEquals(result.detections(), sweep.get(1).detections());
        assertEquals(result.picks().picks(), sweep.get(1).picks().picks());
        assertEquals(result.networkDetections(), sweep.get(1).networkDetections());
        DetectorConfig high = DetectorConfig.defaults().withThresholds(8, 4);
        DetectionResult alone = Detector.of(encoder, high).detect(stations, s -> { });
        assertEquals(alone.detections(), sweep.get(2).detections());
        assertEquals(alone.picks().picks(), sweep.get(2).picks().picks());
        assertEquals(8, sweep.get(2).settings().thresholdOn());
        assertEquals(4, sweep.get(2).settings().thresholdOff());
        assertTrue(sweep.get(0).detections().size() > sweep.get(2).detections().size(),
                "a lower threshold finds more: " + sweep.get(0).detections().size() + " vs " + sweep.get(2).detections().size());
    }

    @Test
    void aSweepWithGivenCalibrationsScoresAgainstThemInsteadOfFittingItsOwn() {
        Encoder encoder = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        Detector detector = Detector.of(encoder, DetectorConfig.defaults());
        // the run's own calibrations given back: the same detections and picks as the run itself
        List<DetectionResult> same = detector.sweep(stations, result.calibrations(), 5);
        assertEquals(result.detections(), same.get(0).detections());
        assertEquals(result.picks().picks(), same.get(0).picks().picks());
        assertTrue(same.get(0).scores().isEmpty());
        // a calibration whose spread is three times as wide is used, not refitted: fewer detections
        Map<String, Calibration> wide = new java.util.HashMap<>();
        result.calibrations().forEach((code, c) -> wide.put(code, new Calibration(c.background(), c.median(),
                3 * c.spread(), "test")));
        List<DetectionResult> fewer = detector.sweep(stations, wide, 5);
        assertTrue(fewer.get(0).detections().size() < result.detections().size(),
                fewer.get(0).detections().size() + " vs " + result.detections().size());
        assertEquals(wide.keySet(), fewer.get(0).calibrations().keySet());
        wide.forEach((code, c) -> assertSame(c, fewer.get(0).calibrations().get(code)));
        assertThrows(IllegalArgumentException.class, () -> detector.sweep(stations, wide));
    }

    @Test
    void networkDetectionsNeedTwoStations() {
        for (NetworkDetection n : result.networkDetections()) {
            assertTrue(n.stations() >= 2);
            assertTrue(n.detections().stream().map(Detection::station).distinct().count() >= 2);
        }
        System.out.println("network detections: " + result.networkDetections().size());
        assertTrue(result.networkDetections().size() >= 2, "events seen at several stations coincide");
    }

    /**
     * Regression: network detections counted sensors, so one station's two locations (or its HH and
     * HN sensors) made a "network detection" on their own. They count stations ({@code NET.STA}).
     */
    @Test
    void networkDetectionsCountStationsNotSensors() {
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        DetectorConfig config = DetectorConfig.defaults();
        List<Detection> oneStation = List.of(detection("IU.ANMO.00.BH", t), detection("IU.ANMO.10.BH", t.plusSeconds(1)),
                detection("IU.ANMO.00.HN", t.plusSeconds(2)));
        assertEquals(List.of(), Detector.coincidence(oneStation, config));
        // the same station code in two networks is two stations
        List<Detection> twoStations = List.of(detection("IU.ANMO.00.BH", t), detection("XX.ANMO..HH", t.plusSeconds(3)),
                detection("IU.ANMO.10.BH", t.plusSeconds(4)));
        List<NetworkDetection> net = Detector.coincidence(twoStations, config);
        assertEquals(1, net.size(), net.toString());
        assertEquals(2, net.get(0).stations());
        assertEquals(3, net.get(0).detections().size());
        assertEquals("IU.ANMO", io.github.seisclr.io.StationStream.networkStation("IU.ANMO.00.BH"));
        assertEquals("XX.ANMO", io.github.seisclr.io.StationStream.networkStation("XX.ANMO..HH"));
    }

    private static Detection detection(String station, Instant start) {
        return new Detection("d", station, start, start.plusSeconds(5), start.plusSeconds(1), 8, 10, 5, "m");
    }
}
