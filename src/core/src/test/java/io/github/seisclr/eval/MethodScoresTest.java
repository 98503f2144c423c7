package io.github.seisclr.eval;

import io.github.seisclr.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MethodScoresTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void residualsOfMatchedPicksWithMissingCounted() {
        List<ReferenceEvent> refs = List.of(
                new ReferenceEvent("A", T.plusSeconds(10), T.plusSeconds(15)),   // detected, S picked
                new ReferenceEvent("A", T.plusSeconds(70), T.plusSeconds(78)),   // detected, no S pick
                new ReferenceEvent("B", T.plusSeconds(10), null),                // detected, no reference S
                new ReferenceEvent("B", T.plusSeconds(200), T.plusSeconds(210))); // missed
        List<MethodScores.Candidate> c = List.of(
                new MethodScores.Candidate("A", T.plusMillis(10_050), 9, T.plusMillis(14_800)),
                new MethodScores.Candidate("A", T.plusMillis(69_900), 8, null),
                new MethodScores.Candidate("B", T.plusMillis(10_020), 7, T.plusSeconds(16)),
                new MethodScores.Candidate("B", T.plusSeconds(120), 7, null));    // false
        MethodScores.Point point = MethodScores.at(c, refs, Duration.ofMillis(1500), 1, 5);
        MethodScores.PickResiduals r = MethodScores.residuals(point, c, refs);
        assertEquals(3, r.p().count());
        assertEquals(1, r.p().missing(), "the missed event");
        double[] p = r.pValues().clone();
        java.util.Arrays.sort(p);
        assertEquals(-0.1, p[0], 1e-9);
        assertEquals(0.02, p[1], 1e-9);
        assertEquals(0.05, p[2], 1e-9);
        assertEquals((0.1 + 0.02 + 0.05) / 3, r.p().mae(), 1e-9);
        // S: one residual (-0.2 s); missing the detected event without an S pick and the missed one
        assertEquals(1, r.s().count());
        assertEquals(2, r.s().missing());
        assertEquals(-0.2, r.s().mean(), 1e-9);
    }

    @Test
    void curveKeepsCandidatesAtOrAboveEachThreshold() {
        List<ReferenceEvent> refs = List.of(new ReferenceEvent("A", T.plusSeconds(10), null),
                new ReferenceEvent("A", T.plusSeconds(70), null));
        List<MethodScores.Candidate> c = List.of(
                new MethodScores.Candidate("A", T.plusSeconds(10), 9, null),   // true, strong
                new MethodScores.Candidate("A", T.plusSeconds(40), 6, null),   // false
                new MethodScores.Candidate("A", T.plusSeconds(70), 3, null));  // true, weak
        List<MethodScores.Point> curve = MethodScores.curve(c, refs, Duration.ofMillis(1500), 0.5);
        assertEquals(3, curve.size());
        // threshold 3: all three kept: 2 TP, 1 FP
        assertEquals(2, curve.get(0).result().truePositives());
        assertEquals(1, curve.get(0).result().falsePositives());
        assertEquals(2.0, curve.get(0).falsePerHour(), 1e-12);
        // threshold 6: TP at 10 s, FP at 40 s, the 70 s event missed
        assertEquals(0.5, curve.get(1).result().precision(), 1e-12);
        assertEquals(0.5, curve.get(1).result().recall(), 1e-12);
        // threshold 9: one TP, no FP
        assertEquals(1.0, curve.get(2).result().precision(), 1e-12);
        MethodScores.Point best = MethodScores.best(curve);
        assertEquals(3, best.threshold(), 1e-12, "F1 0.8 at 3 beats 0.5 and 0.667");
    }

    @Test
    void pickTableInTheNcedcLayoutIsRead(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("picks.csv");
        Files.writeString(csv, "file,network,station,channels,start,p_time,s_time,p_offset_s,s_offset_s\n"
                + "mseed/a.mseed,NC,MEM,EHE EHN EHZ,2017-10-07T09:28:27.300000Z,2017-10-07T09:28:56.920000Z,"
                + "2017-10-07T09:28:59.790000Z,29.62,32.49\n"
                + "mseed/b.mseed,NC,MTU,EHZ,2014-07-18T07:05:25.260000Z,2014-07-18T07:05:42.360000Z,,17.10,\n");
        List<ReferencePicks.Row> rows = ReferencePicks.read(csv);
        assertEquals(2, rows.size());
        assertEquals("MEM", rows.get(0).event().station());
        assertEquals(Instant.parse("2017-10-07T09:28:56.920Z"), rows.get(0).event().pTime());
        assertEquals(Instant.parse("2017-10-07T09:28:27.300Z"), rows.get(0).windowStart());
        assertEquals(null, rows.get(1).event().sTime());
    }

    @Test
    void badPickTableNamesTheLine(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "station,p_time\nMEM,yesterday\n");
        BadInputException e = assertThrows(BadInputException.class, () -> ReferencePicks.read(csv));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Files.writeString(csv, "sta,time\n");
        assertTrue(assertThrows(BadInputException.class, () -> ReferencePicks.read(csv)).getMessage().contains("p_time"));
    }

    @Test
    void stationOfTakesTheSecondPartOfACode() {
        assertEquals("PB01", MethodScores.stationOf("CX.PB01..HH"));
        assertEquals("JMP", MethodScores.stationOf("NC.JMP"));
        assertThrows(IllegalArgumentException.class, () -> MethodScores.stationOf("JMP"));
    }

    /**
     * Regression (review of 2026-12-04): a method that never triggered gave an empty curve, and
     * {@code evaluate} died in {@link MethodScores#best} with a bare NoSuchElementException.
     */
    @Test
    void aMethodThatNeverTriggeredScoresNothingFound() {
        List<ReferenceEvent> refs = List.of(new ReferenceEvent("A", T.plusSeconds(10), null));
        List<MethodScores.Point> curve = MethodScores.curve(List.of(), refs, Duration.ofMillis(1500), 1.0);
        assertEquals(1, curve.size());
        MethodScores.Point best = MethodScores.best(curve);
        assertEquals(0, best.result().truePositives());
        assertEquals(1, best.result().falseNegatives());
        assertEquals(0.0, best.result().f1());
    }

    /**
     * Review (2026-12-07): on one-minute windows STA/LTA cannot see a P in its LTA's first seconds, the
     * matching hides gross pick errors, and 7.3 false detections per hour were 3 detections: the
     * report now says each, from these.
     */
    @Test
    void theWarmUpTheGrossErrorsAndTheFalseRatesIntervalAreCounted() {
        Instant w = Instant.parse("2024-01-01T00:00:00Z");
        ReferenceEvent early = new ReferenceEvent("AAA", w.plusSeconds(4), null);
        ReferenceEvent late = new ReferenceEvent("BBB", w.plusSeconds(30), null);
        List<ReferencePicks.Row> rows = List.of(new ReferencePicks.Row("a.mseed", w, early),
                new ReferencePicks.Row("b.mseed", w, late), new ReferencePicks.Row("c.mseed", null,
                        new ReferenceEvent("CCC", w.plusSeconds(40), null)));
        assertEquals(List.of(late), MethodScores.atLeastInto(rows, 10));
        List<MethodScores.Candidate> found = List.of(new MethodScores.Candidate("AAA", w.plusSeconds(4), 9, null),
                new MethodScores.Candidate("BBB", w.plusSeconds(30).plusMillis(200), 9, null));
        MethodScores.Point p = MethodScores.at(found, List.of(early, late), Duration.ofMillis(1500), 0, 5);
        assertEquals(2, p.result().truePositives());
        assertEquals(1, MethodScores.found(p.result(), List.of(late)));
        assertEquals(0, MethodScores.found(MethodScores.at(found.subList(0, 1), List.of(early, late),
                Duration.ofMillis(1500), 0, 5).result(), List.of(late)));
        // an S taken for P 3 s after the reference: no match, one gross error; 0.2 s off is none; 8 s off is no pick of it
        List<MethodScores.Candidate> picks = List.of(new MethodScores.Candidate("AAA", w.plusSeconds(7), 9, null),
                new MethodScores.Candidate("BBB", w.plusSeconds(30).plusMillis(200), 9, null),
                new MethodScores.Candidate("CCC", w.plusSeconds(48), 9, null));
        assertEquals(1, MethodScores.grossErrors(rows.stream().map(ReferencePicks.Row::event).toList(), picks, 0.5, 5));
        // Garwood's interval: 3 in 0.409 h is 1.5 to 21.4 per hour; none in 1 h, 0 to 3.7
        double[] three = MethodScores.poissonInterval(3, 0.409);
        assertEquals(1.51, three[0], 0.01);
        assertEquals(21.4, three[1], 0.1);
        double[] none = MethodScores.poissonInterval(0, 1);
        assertEquals(0, none[0]);
        assertEquals(3.69, none[1], 0.01);
    }

}
