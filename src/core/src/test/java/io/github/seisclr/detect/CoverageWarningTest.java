package io.github.seisclr.detect;

import io.github.seisclr.io.ReadOptions;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.WaveformIndex;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A station scored without one of its components is warned of (review, 2026-12-06: a file cut
 * short, whose HHE ended 18 minutes before HHZ and which held no HHN, gave detections without a word).
 */
class CoverageWarningTest {
    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    private static final SourceId Z = SourceId.parse("XX.CW..HHZ");
    private static final SourceId N = SourceId.parse("XX.CW..HHN");
    private static final SourceId E = SourceId.parse("XX.CW..HHE");

    @TempDir
    Path dir;

    /** @return what {@code run} logs (said on standard error; also for the other tests of this package) */
    static String said(Runnable run) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setErr(err);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** @return 30 min of one synthetic 3-component station from {@link #T0}: no events, spikes or gaps */
    private static List<Trace> quietHalfHour(long seed) {
        return SyntheticGenerator.generate(SynthConfig.builder().seed(seed).start(T0).duration(Duration.ofMinutes(30))
                .stations(1).eventsPerHour(0).spikesPerHour(0).gapsPerDay(0).build()).traces();
    }

    /** @return {@code file} detected by the whole-input run ("whole") or the run in pieces of 10 min ("pieces") */
    private static DetectionResult detect(Detector detector, Path file, String run) {
        return run.equals("whole") ? detector.detect(Waveforms.read(file))
                : detector.detect(WaveformIndex.of(List.of(file), ReadOptions.defaults()), s -> { }, 600);
    }

    private static Detector.Covered covered(double from, double to, boolean z, boolean n, boolean e) {
        return new Detector.Covered(T0.plusMillis(Math.round(from * 1000)), to - from, new boolean[] {z, n, e});
    }

    @Test
    void aComponentMissingForAMinuteOrMoreIsNamedWithItsLongestStretch() {
        String said = said(() -> Detector.warnCoverage("XX.CW..HH", new SourceId[] {Z, N, E}, List.of(
                covered(0, 600, true, true, true), covered(600, 900, true, true, false),
                covered(900, 1200, true, true, false), covered(1300, 1330, true, true, false))));
        List<String> lines = said.lines().filter(l -> l.contains("WARN")).toList();
        assertEquals(1, lines.size(), said);
        // 600 s to 1200 s are one stretch (cut in two elsewhere), 30 s more after a gap
        assertTrue(lines.get(0).contains("XX.CW..HH: XX.CW..HHE is missing from 10.5 of the 20.5 minutes scored"), said);
        assertTrue(lines.get(0).contains("the longest stretch 2024-03-01T00:10:00Z to 2024-03-01T00:20:00Z"), said);
    }

    @Test
    void shortAbsencesAndOneComponentStationsAreNotWarnedOf() {
        assertEquals("", said(() -> Detector.warnCoverage("XX.CW..HH", new SourceId[] {Z, N, E}, List.of(
                covered(0, 600, true, true, true), covered(600, 659, false, true, true)))));
        // a vertical alone is a station's layout, not a loss
        assertEquals("", said(() -> Detector.warnCoverage("XX.CW..HH", new SourceId[] {Z, null, null}, List.of(
                covered(0, 600, true, false, false)))));
    }

    @Test
    void twoComponentsOfThreeAreWarnedOf() {
        String said = said(() -> Detector.warnCoverage("XX.CW..HH", new SourceId[] {Z, null, E}, List.of(
                covered(0, 600, true, false, true))));
        List<String> lines = said.lines().filter(l -> l.contains("WARN")).toList();
        assertEquals(1, lines.size(), said);
        assertTrue(lines.get(0).contains("XX.CW..HH: no N or 1 component among its channels"), said);
    }

    /**
     * The whole-input run and the run in pieces each warn, once, naming the channel that ends early;
     * the same warning is not said again in one process (an archive's first day is read twice).
     */
    @Test
    void bothBatchPathsWarnOfAComponentThatEndsEarlyOnce() {
        Detector detector = Detector.of(Encoder.bundled(), DetectorConfig.defaults());
        for (String run : List.of("whole", "pieces")) {
            int endsAt = run.equals("whole") ? 20 : 15; // other data for each, or the second would not be said
            List<Trace> traces = new ArrayList<>();
            for (Trace t : quietHalfHour(5)) {
                traces.add(t.id().channel().endsWith("E") ? t.slice(t.start(), T0.plusSeconds(endsAt * 60L)) : t);
            }
            Path file = dir.resolve(run + ".mseed");
            Waveforms.write(traces, file);
            String channel = traces.stream().filter(t -> t.id().channel().endsWith("E")).findFirst().orElseThrow()
                    .id().toString();
            Runnable detect = () -> detect(detector, file, run);
            String said = said(detect);
            List<String> lines = said.lines().filter(l -> l.contains(channel + " is missing from")).toList();
            assertEquals(1, lines.size(), run + ": " + said);
            assertTrue(lines.get(0).contains("the longest stretch 2024-03-01T00:" + endsAt + ":00"), run + ": "
                    + lines.get(0));
            assertEquals("", said(detect).lines().filter(l -> l.contains(" is missing from"))
                    .reduce("", String::concat), run + ", again");
        }
    }

    /**
     * Review (2026-12-07 leftover, confirmed by running): 32 s of gaps in every component of the
     * bundled samples' first station were said by `seisclr info` only; detect's output said nothing
     * of the time it could not score. Holes between the stretches scored are now warned of, once per
     * station, with their count, total, first and longest; a hole of one sample interval or less is
     * not one.
     */
    @Test
    void holesBetweenTheStretchesScoredAreCountedWithTheFirstAndTheLongest() {
        String said = said(() -> Detector.warnGaps("XX.CW..HH", List.of(
                covered(0, 600, true, true, true), covered(600.01, 900, true, true, false),
                covered(914, 1200, true, true, true), covered(1230.5, 1300, true, true, true)), 100,
                Detector.Span.WHOLE));
        List<String> lines = said.lines().filter(l -> l.contains("WARN")).toList();
        assertEquals(1, lines.size(), said);
        assertTrue(lines.get(0).contains("XX.CW..HH: 2 hole(s) in the data scored, 44.50 s in all"), said);
        assertTrue(lines.get(0).contains("the first 2024-03-01T00:15:00Z to 2024-03-01T00:15:14Z, the longest 30.50 s"
                + " from 2024-03-01T00:20:00Z"), said);
        assertEquals("", said(() -> Detector.warnGaps("XX.CW..HH", List.of(covered(0, 600, true, true, true),
                covered(600.01, 700, true, true, true)), 100, Detector.Span.WHOLE)), "one sample interval is no hole");
        // a month between two files (ipoc-cx) is said in days, not as 2674799.99 s
        String month = said(() -> Detector.warnGaps("XX.CW..HH", List.of(covered(0, 3600, true, true, true),
                covered(3600 + 2_674_800, 3600 + 2_674_800 + 3600, true, true, true)), 100, Detector.Span.WHOLE));
        assertTrue(month.contains("1 hole(s) in the data scored, 31.0 days in all"), month);
        assertEquals("90.00 s", Detector.span(90));
        assertEquals("30.0 min", Detector.span(1800));
        assertEquals("3.0 h", Detector.span(10_800));
    }

    /** Both batch paths say a gap in every component, and list it in the result's warnings. */
    @Test
    void bothBatchPathsListAGapInEveryComponent() {
        Detector detector = Detector.of(Encoder.bundled(), DetectorConfig.defaults());
        for (String run : List.of("whole", "pieces")) {
            int gapAt = run.equals("whole") ? 12 : 17; // other data for each, or the second would not be said
            List<Trace> traces = new ArrayList<>();
            for (Trace t : quietHalfHour(6)) {
                traces.add(t.slice(t.start(), T0.plusSeconds(gapAt * 60L).minusMillis(10)));
                traces.add(t.slice(T0.plusSeconds(gapAt * 60L + 20), t.endExclusive()));
            }
            Path file = dir.resolve("gap-" + run + ".mseed");
            Waveforms.write(traces, file);
            DetectionResult[] r = new DetectionResult[1];
            String said = said(() -> r[0] = detect(detector, file, run));
            String expected = "1 hole(s) in the data scored, 20.00 s in all";
            assertEquals(1, said.lines().filter(l -> l.contains(expected)).count(), run + ": " + said);
            assertTrue(said.contains("the first 2024-03-01T00:" + gapAt + ":00Z to 2024-03-01T00:" + gapAt + ":20Z"),
                    run + ": " + said);
            assertTrue(r[0].warnings().stream().anyMatch(w -> w.contains(expected)), run + ": " + r[0].warnings());
        }
    }

    /**
     * Review (2026-12-07): an ocean-bottom station's vertical at location 00 and its horizontals at 10
     * were scored as two stations, doubling the catalogue, and only "no vertical component" was said
     * of the second. Both batch paths say that the two codes look like one station's; a seismometer
     * beside an accelerometer (each with all three components) is not warned of.
     */
    @Test
    void oneStationsComponentsUnderTwoLocationCodesAreNamed() throws java.io.IOException {
        Detector detector = Detector.of(Encoder.bundled(), DetectorConfig.defaults());
        List<Trace> split = new java.util.ArrayList<>();
        List<Trace> twoSensors = new java.util.ArrayList<>();
        for (Trace t : quietHalfHour(5)) {
            SourceId id = t.id();
            SourceId moved = id.component() == 'Z' ? id
                    : new SourceId(id.network(), id.station(), "10", id.channel());
            split.add(Trace.of(moved, t.start(), t.sampleRate(), t.samples(), t.sampleType()));
            twoSensors.add(t);
            twoSensors.add(Trace.of(new SourceId(id.network(), id.station(), id.location(), "HN" + id.component()),
                    t.start(), t.sampleRate(), t.samples(), t.sampleType()));
        }
        Path splitFile = dir.resolve("split.mseed");
        Path twoFile = dir.resolve("two.mseed");
        Waveforms.write(split, splitFile);
        Waveforms.write(twoSensors, twoFile);
        for (String run : new String[] {"whole", "pieces"}) {
            List<String> warned = detect(detector, splitFile, run).warnings().stream()
                    .filter(w -> w.contains("look like one station's components under two codes")).toList();
            assertEquals(1, warned.size(), run + ": " + warned);
            assertTrue(warned.get(0).contains("XX.SYN01.00.HH (Z) and XX.SYN01.10.HH (NE)"), warned.get(0));
            assertTrue(detect(detector, twoFile, run).warnings().stream()
                    .noneMatch(w -> w.contains("under two codes")), run);
        }
    }

    /**
     * Review (2026-12-07): an archive day whose HHZ was left out as damaged, beside a 1 Hz LHZ, was
     * told to give HH and LH "one location code", which would put a long-period channel beside
     * 100 Hz horizontals. A channel below the model's band fills no slot here; codes that differ in
     * band are told to become one only where they are one sensor's.
     */
    @Test
    void aLongPeriodChannelIsNotTakenForTheMissingVertical() throws java.io.IOException {
        Detector detector = Detector.of(Encoder.bundled(), DetectorConfig.defaults());
        List<Trace> withLh = new java.util.ArrayList<>();
        List<Trace> bandSplit = new java.util.ArrayList<>();
        for (Trace t : quietHalfHour(7)) {
            SourceId id = t.id();
            if (id.component() == 'Z') {
                double[] lp = new double[t.samples().length / 100];
                for (int i = 0; i < lp.length; i++) {
                    lp[i] = t.samples()[100 * i];
                }
                withLh.add(Trace.of(new SourceId(id.network(), id.station(), id.location(), "LHZ"), t.start(), 1.0, lp));
                bandSplit.add(t);
            } else {
                withLh.add(t);
                bandSplit.add(Trace.of(new SourceId(id.network(), id.station(), id.location(), "BH" + id.component()),
                        t.start(), t.sampleRate(), t.samples(), t.sampleType()));
            }
        }
        Path lhFile = dir.resolve("lh.mseed");
        Path bandFile = dir.resolve("band.mseed");
        Waveforms.write(withLh, lhFile);
        Waveforms.write(bandSplit, bandFile);
        for (String run : new String[] {"whole", "pieces"}) {
            assertTrue(detect(detector, lhFile, run).warnings().stream().noneMatch(w -> w.contains("under two codes")),
                    run + ": " + detect(detector, lhFile, run).warnings());
            List<String> warned = detect(detector, bandFile, run).warnings().stream()
                    .filter(w -> w.contains("under two codes")).toList();
            assertEquals(1, warned.size(), run + ": " + warned);
            assertTrue(warned.get(0).contains("where they are one sensor's, give them one location, band and instrument"
                    + " code"), warned.get(0));
        }
    }

    /**
     * Review (2026-12-07): a hydrophone alone (HDH, in no slot) was said to have "no stretch of
     * aligned components of at least 10 s" beside the warning that it is not used, though it held an
     * hour. Since a later review (an ocean-bottom array: the run scored nothing and exited 0) it is
     * refused, naming the channel and why, in both batch paths, and nothing calls it too short.
     */
    @Test
    void aChannelInNoSlotIsNotSaidToBeTooShort() throws java.io.IOException {
        Detector detector = Detector.of(Encoder.bundled(), DetectorConfig.defaults());
        Trace z = quietHalfHour(6).stream().filter(t -> t.id().component() == 'Z').findFirst().orElseThrow();
        SourceId h = new SourceId(z.id().network(), z.id().station(), z.id().location(), "HDH");
        Path file = dir.resolve("hydrophone.mseed");
        Waveforms.write(List.of(Trace.of(h, z.start(), z.sampleRate(), z.samples(), z.sampleType())), file);
        for (String run : new String[] {"whole", "pieces"}) {
            io.github.seisclr.io.Warnings.Collected<io.github.seisclr.BadInputException> said =
                    io.github.seisclr.io.Warnings.collect(() -> org.junit.jupiter.api.Assertions.assertThrows(
                            io.github.seisclr.BadInputException.class, () -> detect(detector, file, run)));
            assertEquals(io.github.seisclr.BadInputException.Problem.UNUSABLE_CHANNEL, said.value().problem(), run);
            assertTrue(said.value().getMessage().contains(h + " at 100 Hz") && said.value().getMessage().contains(
                    "is no component the model reads"), run + ": " + said.value().getMessage());
            assertTrue(said.warnings().stream().noneMatch(w -> w.contains("no stretch of aligned components")),
                    run + ": " + said.warnings());
        }
    }
}
