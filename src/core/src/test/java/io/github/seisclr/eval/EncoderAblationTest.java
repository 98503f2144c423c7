package io.github.seisclr.eval;

import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.PickList;
import io.github.seisclr.score.ScoreTrace;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncoderAblationTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");
    /** One hour of score at 12.5 frames/s. */
    private static final int HOUR = 45_000;

    private static Detection det(String id, String station, double at, double peak) {
        Instant t = T.plusMillis(Math.round(at * 1000));
        return new Detection(id, station, t, t.plusSeconds(5), t.plusSeconds(1), peak, 10, 5, "m");
    }

    private static DetectionResult result(double threshold, List<Detection> d, List<Pick> picks, String... stations) {
        List<ScoreTrace> scores = new ArrayList<>();
        for (String s : stations) {
            scores.add(new ScoreTrace(s, T, 12.5, new float[HOUR], 1));
        }
        return new DetectionResult(d, new PickList(picks), List.of(), scores, stations.length,
                DetectorConfig.defaults().withThresholds(threshold, threshold / 2), "m", Map.of());
    }

    @Test
    void confirmationsCountOtherStationsWithinTheWindowAndSubtractChance() {
        List<Detection> d = List.of(det("A-1", "XX.A..HH", 100, 9), det("A-2", "XX.A..HH", 1000, 9),
                det("A-3", "XX.A..HH", 2000, 9), det("B-1", "XX.B..HH", 105, 9), det("B-2", "XX.B..HH", 3000, 9));
        // B-2's P pick moves it next to A-3: picks, not starts, are what is compared
        Pick p = new Pick(SourceId.parse("XX.B..HHZ"), Phase.P, T.plusSeconds(2006), 0.05, 9, "B-2", "test");
        EncoderAblation.ConfirmationPoint c = EncoderAblation.confirmations(result(5, d, List.of(p), "XX.A..HH",
                "XX.B..HH"), 8);
        assertEquals(5, c.detections());
        assertEquals(4, c.confirmed(), "A-1/B-1 and A-3/B-2 confirm each other; A-2 stands alone");
        // chance: 3 x 2 x 16 s / 3600 s + 2 x 3 x 16 s / 3600 s
        assertEquals(2 * 3 * 2 * 16.0 / 3600, c.chance(), 1e-9);
        assertEquals(2.0, c.stationHours(), 1e-9);
        assertEquals(0.5, c.unconfirmedPerStationHour(), 1e-9);
        assertEquals((4 - c.chance()) / 2, c.confirmedAboveChancePerStation(2), 1e-12);
    }

    /**
     * The errors every encoder makes: a reference none detects, and a false detection that each has
     * within the tolerance at the same station; the ceiling is the F1 of those errors alone.
     */
    @Test
    void sharedErrorsAreThoseOfEveryEncoder() {
        List<ReferencePicks.Row> rows = new ArrayList<>();
        for (String[] r : new String[][] {{"A", "100"}, {"B", "200"}, {"C", "300"}}) {
            Instant p = T.plusSeconds(Long.parseLong(r[1]));
            rows.add(new ReferencePicks.Row("f", p.minusSeconds(30), new ReferenceEvent(r[0], p, null), "XX"));
        }
        EncoderAblation.SharedErrors shared = new EncoderAblation.SharedErrors(rows, Duration.ofMillis(1500));
        // the first finds A and C, misses B (its detection 30 s late), and has a false one at A 150 s
        shared.add(result(5, List.of(det("A-1", "XX.A..HH", 100.2, 9), det("A-2", "XX.A..HH", 150, 9),
                det("B-1", "XX.B..HH", 230, 9), det("C-1", "XX.C..HH", 300, 9)), List.of(), "XX.A..HH"));
        // the second finds A only, with a false one at A 150.5 s (shared) and at C 400 s (its own)
        shared.add(result(5, List.of(det("A-1", "XX.A..HH", 100, 9), det("A-2", "XX.A..HH", 150.5, 9),
                det("C-1", "XX.C..HH", 400, 9)), List.of(), "XX.A..HH"));
        assertEquals(1, shared.missedByAll(), "B: C was found by the first");
        assertEquals(1, shared.falseByAll(), "A at 150 s; B 230 s and C 400 s are one encoder's each");
        assertEquals(2.0 * 2 / (2 * 2 + 1 + 1), shared.ceilingF1(), 1e-12);
        // a third encoder without the false detection at A takes it out of the shared ones
        shared.add(result(5, List.of(det("A-1", "XX.A..HH", 100, 9)), List.of(), "XX.A..HH"));
        assertEquals(0, shared.falseByAll());
        assertEquals(1, shared.missedByAll(), "still B alone: C was found by the first");
        assertEquals(2.0 * 2 / (2 * 2 + 0 + 1), shared.ceilingF1(), 1e-12);
    }

    /** The measure from plain onsets (any detector's) counts as the detector's result does. */
    @Test
    void confirmationsFromOnsetsCountAsFromAResult() {
        Map<String, List<Instant>> onsets = new java.util.TreeMap<>();
        onsets.put("XX.A", List.of(T.plusSeconds(100), T.plusSeconds(1000), T.plusSeconds(2000)));
        onsets.put("XX.B", List.of(T.plusSeconds(105), T.plusSeconds(2006)));
        EncoderAblation.ConfirmationPoint c = EncoderAblation.confirmations(onsets,
                Map.of("XX.A", 3600.0, "XX.B", 3600.0), 5, 8);
        assertEquals(5, c.detections());
        assertEquals(4, c.confirmed());
        assertEquals(2 * 3 * 2 * 16.0 / 3600, c.chance(), 1e-9);
        assertEquals(2.0, c.stationHours(), 1e-9);
        // a station with data and no detection is still a station: nothing of A's is confirmed
        EncoderAblation.ConfirmationPoint quiet = EncoderAblation.confirmations(Map.of("XX.A", onsets.get("XX.A")),
                Map.of("XX.A", 3600.0, "XX.B", 3600.0), 5, 8);
        assertEquals(3, quiet.detections());
        assertEquals(0, quiet.confirmed());
        assertEquals(0, quiet.chance(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> EncoderAblation.confirmations(
                Map.of("XX.A", onsets.get("XX.A")), Map.of("XX.A", 3600.0), 5, 8));
    }

    /**
     * Counted once per pair (ablate --confirm-pairs): an event detected at A as its P and again as a
     * coda trigger 3 s later, at B once, confirms one detection at each station, not two at A; the
     * matching is the largest one-to-one (B's one detection cannot confirm both of A's). Without the
     * option every detection near another station's counts.
     */
    @Test
    void confirmationsOncePerPairCountEachOtherDetectionOnce() {
        Map<String, List<Instant>> onsets = new java.util.TreeMap<>();
        onsets.put("XX.A", List.of(T.plusSeconds(100), T.plusSeconds(103), T.plusSeconds(1000), T.plusSeconds(2000)));
        onsets.put("XX.B", List.of(T.plusSeconds(101), T.plusSeconds(1995), T.plusSeconds(2004), T.plusSeconds(3000)));
        Map<String, Double> seconds = Map.of("XX.A", 3600.0, "XX.B", 3600.0);
        EncoderAblation.ConfirmationPoint each = EncoderAblation.confirmations(onsets, seconds, 5, 8);
        EncoderAblation.ConfirmationPoint pairs = EncoderAblation.confirmations(onsets, seconds, 5, 8, true);
        assertEquals(8, each.detections());
        assertEquals(8, pairs.detections());
        // each: A at 100, 103, 2000 and B at 101, 1995, 2004 (2000 confirms both of B's)
        assertEquals(6, each.confirmed());
        // pairs: 100-101 and 2000-1995 (or 2004): two pairs, counted at both stations
        assertEquals(4, pairs.confirmed());
        assertEquals(each.chance(), pairs.chance(), 1e-12, "chance as before");
        // the greedy matching along the time line is the largest: 1995 and 2004 both near 2000 and 2003
        assertEquals(2, EncoderAblation.matched(List.of(T.plusSeconds(2000), T.plusSeconds(2003)),
                List.of(T.plusSeconds(2004), T.plusSeconds(1995)), 8_000_000_000L));
    }

    /**
     * STA/LTA on the same measure, on two synthetic stations whose events are known: the confirmed
     * onsets lie at the events' P arrivals, and a stricter trigger-on level detects less.
     */
    @Test
    void staLtaSweepConfirmsTheEventsBothStationsRecord() {
        io.github.seisclr.synth.SyntheticDataset data = io.github.seisclr.synth.SyntheticGenerator.generate(
                io.github.seisclr.synth.SynthConfig.builder().seed(4).duration(Duration.ofMinutes(30)).stations(2)
                        .eventsPerHour(12).magnitudes(1.5, 3.0).gapsPerDay(0).spikesPerHour(0).build());
        List<io.github.seisclr.io.StationStream> stations = io.github.seisclr.io.StationStream.of(data.traces());
        io.github.seisclr.baseline.StaLtaDetector sl = io.github.seisclr.baseline.StaLtaDetector.defaults();
        List<EncoderAblation.ConfirmationPoint> pts = EncoderAblation.staLtaSweep(sl, stations,
                new double[] {3.5, 8, 1000}, 1.5, 8);
        assertEquals(3, pts.size());
        assertEquals(3.5, pts.get(0).threshold());
        assertEquals(1.0, pts.get(0).stationHours(), 0.01, "two stations, half an hour each");
        assertTrue(pts.get(0).confirmed() >= 6, "most of the events both stations record: " + pts.get(0));
        assertTrue(pts.get(1).detections() < pts.get(0).detections(), pts.toString());
        assertEquals(0, pts.get(2).detections(), "nothing reaches 1000");
        // the confirmed onsets lie in events at that station (at P, or at S or in the coda: STA/LTA
        // triggers again there)
        List<io.github.seisclr.baseline.StaLtaDetector.Onset> on = sl.triggers(stations.stream()
                .flatMap(s -> sl.characteristic(s).stream()).toList(), 3.5, 1.5);
        int confirmed = 0;
        for (io.github.seisclr.baseline.StaLtaDetector.Onset o : on) {
            boolean other = on.stream().anyMatch(x -> !x.station().equals(o.station())
                    && Math.abs(Duration.between(x.aicPick(), o.aicPick()).toMillis()) <= 8000);
            if (other) {
                confirmed++;
                assertTrue(data.events().stream().anyMatch(e -> e.station().endsWith(o.station())
                        && !o.aicPick().isBefore(e.pTime().minusSeconds(3)) && !o.aicPick().isAfter(e.end())),
                        "a confirmed onset outside every event: " + o);
            }
        }
        assertEquals(confirmed, pts.get(0).confirmed());
    }

    @Test
    void aMeasureAtARateIsTheSweepsUpperEnvelopeInterpolated() {
        // thresholds in any order; the point at rate 4 (value 0.3) lies below the envelope set at rate 3
        double[] rates = {6, 1, 3, 4};
        double[] values = {0.8, 0.1, 0.5, 0.3};
        assertEquals(0.1, EncoderAblation.atRate(rates, values, 1), 1e-12);
        assertEquals(0.3, EncoderAblation.atRate(rates, values, 2), 1e-12);
        assertEquals(0.5, EncoderAblation.atRate(rates, values, 3.5), 1e-12, "the dip at 4 does not pull it down");
        assertEquals(0.65, EncoderAblation.atRate(rates, values, 5), 1e-12);
        assertTrue(Double.isNaN(EncoderAblation.atRate(rates, values, 0.5)));
        assertTrue(Double.isNaN(EncoderAblation.atRate(rates, values, 7)));
        assertThrows(IllegalArgumentException.class, () -> EncoderAblation.atRate(rates, new double[3], 2));
    }

    @Test
    void confirmationsNeedTwoStations() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EncoderAblation.confirmations(result(5, List.of(), List.of(), "XX.A..HH"), 8));
        assertTrue(e.getMessage().contains("XX.A"), e.getMessage());
        // two streams of one station are one station
        assertThrows(IllegalArgumentException.class,
                () -> EncoderAblation.confirmations(result(5, List.of(), List.of(), "XX.A..HH", "XX.A.10.EH"), 8));
        assertThrows(IllegalArgumentException.class,
                () -> EncoderAblation.confirmations(result(5, List.of(), List.of(), "XX.A..HH", "XX.B..HH"), 0));
    }

    @Test
    void confirmedAtInterpolatesBetweenBracketingThresholds() {
        // 2 station-hours; unconfirmed per station-hour 2 at threshold 8 and 6 at threshold 4
        EncoderAblation.ConfirmationPoint low = new EncoderAblation.ConfirmationPoint(4, 32, 20, 0, 2);
        EncoderAblation.ConfirmationPoint high = new EncoderAblation.ConfirmationPoint(8, 14, 10, 0, 2);
        List<EncoderAblation.ConfirmationPoint> curve = List.of(low, high);
        assertEquals(7.5, EncoderAblation.confirmedAt(curve, 2, 4), 1e-12, "halfway between 5 and 10 per station");
        assertEquals(10, EncoderAblation.confirmedAt(curve, 2, 6), 1e-12);
        assertTrue(Double.isNaN(EncoderAblation.confirmedAt(curve, 2, 9)), "not reached");
    }

    @Test
    void confirmedAtTakesTheBestThresholdAtOrBelowTheRate() {
        // not monotone: at threshold 6 fewer confirmations (10 per station) than at 8 (15) for more
        // unconfirmed ones; an operator allowed 3 per station-hour keeps threshold 8's 15
        EncoderAblation.ConfirmationPoint t8 = new EncoderAblation.ConfirmationPoint(8, 36, 30, 0, 2);
        EncoderAblation.ConfirmationPoint t6 = new EncoderAblation.ConfirmationPoint(6, 28, 20, 0, 2);
        EncoderAblation.ConfirmationPoint t4 = new EncoderAblation.ConfirmationPoint(4, 60, 40, 0, 2);
        double u8 = t8.unconfirmedPerStationHour();
        double u6 = t6.unconfirmedPerStationHour();
        double u4 = t4.unconfirmedPerStationHour();
        assertTrue(u8 < u6 && u6 < u4, u8 + " " + u6 + " " + u4);
        double c8 = t8.confirmedAboveChancePerStation(2);
        double c6 = t6.confirmedAboveChancePerStation(2);
        assertTrue(c6 < c8, "the sweep dips at threshold 6");
        List<EncoderAblation.ConfirmationPoint> curve = List.of(t4, t6, t8);
        assertEquals(c8, EncoderAblation.confirmedAt(curve, 2, u6), 1e-12, "threshold 8 is the better choice at 6's rate");
        double mid = (u6 + u4) / 2;
        assertEquals(c8 + (t4.confirmedAboveChancePerStation(2) - c8) / 2, EncoderAblation.confirmedAt(curve, 2, mid),
                1e-12);
    }

    @Test
    void onWindowsScoresMatchesNoiseFalseAlarmsAndPickErrors() {
        ReferencePicks.Row w1 = new ReferencePicks.Row("a", T, new ReferenceEvent("A", T.plusSeconds(30), null));
        ReferencePicks.Row w2 = new ReferencePicks.Row("b", T.plusSeconds(100), new ReferenceEvent("B",
                T.plusSeconds(130), null));
        List<Detection> d = List.of(det("A-1", "XX.A..HH", 30.08, 9), det("A-2", "XX.A..HH", 10, 6),
                det("A-3", "XX.A..HH", 45, 6));
        EncoderAblation.WindowPoint p = EncoderAblation.onWindows(result(5, d, List.of(), "XX.A..HH", "XX.B..HH"),
                List.of(w1, w2), Duration.ofMillis(1500));
        assertEquals(1, p.match().truePositives());
        assertEquals(2, p.match().falsePositives());
        assertEquals(1, p.match().falseNegatives());
        // one false detection lies before its window's P; A-3 after the event does not count; the
        // two windows hold 60 s of pre-event noise
        assertEquals(1 / (60.0 / 3600), p.falsePerNoiseHour(), 1e-6);
        assertEquals(0.08, p.pMae(), 1e-9);
        assertEquals(1.0, p.pWithin01(), 1e-12);
        assertEquals(5, p.threshold());
    }
}
