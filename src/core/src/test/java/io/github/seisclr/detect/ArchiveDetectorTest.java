package io.github.seisclr.detect;

import io.github.seisclr.io.SdsArchive;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticDataset;
import io.github.seisclr.synth.SyntheticGenerator;
import io.github.seisclr.synth.TruthEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Station-day by station-day over an SDS archive against one run over the joined days with the same
 * calibration: an event whose P arrives about midnight is found once, by the day its trigger starts
 * in, with the same picks.
 */
class ArchiveDetectorTest {
    private static final Instant START = Instant.parse("2024-01-01T23:30:00Z");
    private static final Instant MIDNIGHT = Instant.parse("2024-01-02T00:00:00Z");
    private static final Instant END = START.plus(Duration.ofHours(1));

    @TempDir
    static Path root;
    private static SyntheticDataset data;
    private static Detector detector;
    private static DetectionResult byDay;
    private static DetectionResult joined;

    @BeforeAll
    static void run() {
        // origins 5 s and 60 s before midnight: one P arrives 2 s before midnight at SYN01, 2 s after it at SYN02
        data = SyntheticGenerator.generate(SynthConfig.builder().seed(13).start(START).duration(Duration.ofHours(1))
                .stations(2).eventsPerHour(6).magnitudes(2.0, 3.0).gapsPerDay(0).spikesPerHour(0)
                .eventOrigins(List.of(MIDNIGHT.minusSeconds(5), MIDNIGHT.minusSeconds(60))).build());
        data.writeSds(root);
        detector = Detector.of(Encoder.load(Path.of("models", "seisclr-default-v1.zip")), DetectorConfig.defaults());
        SdsArchive sds = SdsArchive.open(root);
        List<String> progress = new ArrayList<>();
        byDay = new ArchiveDetector(detector, sds).detect(SdsArchive.Stations.ALL, START, END, Map.of(), progress::add);
        assertEquals(List.of("XX.SYN01 2024-01-01", "XX.SYN01 2024-01-02", "XX.SYN02 2024-01-01",
                "XX.SYN02 2024-01-02"), progress);
        List<StationStream> all = sds.read(SdsArchive.Stations.ALL, START, END).stations();
        joined = detector.detectPiece(all, byDay.calibrations(), Instant.MIN, Instant.MAX, "joined");
    }

    private static List<Pick> picksOf(DetectionResult r, Detection d) {
        return r.picks().picks().stream().filter(p -> p.detectionId().equals(d.id()))
                .sorted(Comparator.comparing(Pick::phase)).toList();
    }

    @Test
    void dayByDayGivesTheDetectionsAndPicksOfTheJoinedDays() {
        assertTrue(byDay.detections().size() >= 6, "a few events per station: " + byDay.detections());
        assertEquals(joined.detections().size(), byDay.detections().size(),
                "by day " + byDay.detections() + "\njoined " + joined.detections());
        for (int i = 0; i < joined.detections().size(); i++) {
            Detection a = byDay.detections().get(i);
            Detection b = joined.detections().get(i);
            assertEquals(b.station(), a.station());
            assertEquals(b.start(), a.start(), a.id());
            assertEquals(b.end(), a.end(), a.id());
            assertEquals(b.peakScore(), a.peakScore(), 1e-3, a.id());
            List<Pick> pa = picksOf(byDay, a);
            List<Pick> pb = picksOf(joined, b);
            assertEquals(pb.size(), pa.size(), a.id());
            for (int k = 0; k < pa.size(); k++) {
                assertEquals(pb.get(k).phase(), pa.get(k).phase());
                assertEquals(pb.get(k).time(), pa.get(k).time(), a.id() + " " + pa.get(k).phase());
                assertEquals(pb.get(k).uncertaintySeconds(), pa.get(k).uncertaintySeconds(), 1e-6);
            }
            // ids carry the day the detection starts in
            String day = a.start().isBefore(MIDNIGHT) ? "20240101" : "20240102";
            assertTrue(a.id().contains("-" + day + "-"), a.id());
        }
        assertEquals(1.0, byDay.hoursProcessed() / 2, 0.01, "each station-hour counted once");
    }

    @Test
    void piecesOfTwentyMinutesGiveTheSameResult() {
        // each station-day (40-45 min with its warm-up and overlap) and the calibration day in two
        // or three pieces: the given calibration, the kept range and the ids carry across pieces
        DetectionResult inPieces = new ArchiveDetector(detector, SdsArchive.open(root), 1200)
                .detect(SdsArchive.Stations.ALL, START, END, Map.of(), s -> { });
        ChunkedRunTest.same(byDay, inPieces, 1200);
    }

    @Test
    void aDayWithFilesButNoSampleInTheRangeIsEmptyAndCannotBeCalibratedOn() {
        ArchiveDetector run = new ArchiveDetector(detector, SdsArchive.open(root));
        // 2024-01-02 00:40 to 01:00: the day's files are there, their samples end at 00:30
        DetectionResult r = run.detectDay("XX.SYN01", LocalDate.of(2024, 1, 2), byDay.calibrations(),
                Instant.parse("2024-01-02T00:45:00Z"), Instant.parse("2024-01-02T01:00:00Z"));
        assertTrue(r.detections().isEmpty());
        assertEquals(0, r.hoursProcessed());
        assertEquals(byDay.calibrations(), r.calibrations(), "the calibrations given, as for a day without files");
        io.github.seisclr.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.seisclr.BadInputException.class, () -> run.calibrate("XX.SYN01", LocalDate.of(2024, 1, 3)));
        assertEquals(io.github.seisclr.BadInputException.Problem.EMPTY, e.problem());
    }

    @Test
    void theEventAtMidnightIsFoundOnceAtEachStation() {
        List<TruthEntry> atMidnight = data.events().stream()
                .filter(e -> Math.abs(Duration.between(MIDNIGHT, e.pTime()).toSeconds()) < 20).toList();
        assertEquals(2, atMidnight.size(), "the placed event reaches both stations near midnight: " + atMidnight);
        assertTrue(atMidnight.stream().anyMatch(e -> e.pTime().isBefore(MIDNIGHT))
                && atMidnight.stream().anyMatch(e -> e.pTime().isAfter(MIDNIGHT)), "P on both sides: " + atMidnight);
        for (TruthEntry e : atMidnight) {
            List<Pick> p = byDay.picks().select(Phase.P).stream()
                    .filter(x -> x.channel().station().equals(e.station())
                            && Math.abs(Duration.between(e.pTime(), x.time()).toMillis()) < 1500).toList();
            assertEquals(1, p.size(), e.station() + " P at " + e.pTime() + ": " + p);
        }
    }

    @Test
    void oneDayAloneGivesThatDaysShareOfTheRange() {
        ArchiveDetector run = new ArchiveDetector(detector, SdsArchive.open(root));
        DetectionResult day2 = run.detectDay("XX.SYN01", LocalDate.of(2024, 1, 2), byDay.calibrations());
        List<Detection> expected = byDay.detections().stream()
                .filter(d -> d.station().startsWith("XX.SYN01.") && !d.start().isBefore(MIDNIGHT)).toList();
        assertEquals(expected, day2.detections());
        assertTrue(run.detectDay("XX.SYN01", LocalDate.of(2024, 1, 5), byDay.calibrations()).detections().isEmpty(),
                "a day without data gives nothing");
    }

    /**
     * Regression (review of 2026-12-04): a station-day with only channels below the model's band
     * (the broadband's HH missing that day, its LH still archived) stopped a run over a range with
     * a rate error, and a rerun stopped there again. The day is now skipped with a warning; a range
     * in which no day has a channel to use is still refused.
     */
    @Test
    void aDayWithOnlyChannelsBelowTheModelsBandIsSkippedNotFatal(@TempDir Path other) throws java.io.IOException {
        // SYN01's two days as they are, then no file on 2024-01-03 and LH alone on 2024-01-04
        copyArchive(other, f -> true);
        Instant day3 = Instant.parse("2024-01-04T00:00:00Z");
        List<io.github.seisclr.io.Trace> lh = new ArrayList<>();
        for (char c : new char[] {'Z', 'N', 'E'}) {
            lh.add(io.github.seisclr.io.Trace.of(new io.github.seisclr.io.SourceId("XX", "SYN01", "00", "LH" + c),
                    day3.plusSeconds(600), 1.0, new java.util.Random(c).doubles(3600).toArray()));
        }
        SdsArchive.write(lh, other, io.github.seisclr.io.WriteOptions.defaults());
        ArchiveDetector run = new ArchiveDetector(detector, SdsArchive.open(other));
        SdsArchive.Stations syn01 = SdsArchive.Stations.parse(List.of("XX.SYN01"));
        DetectionResult r = run.detect(syn01, START, day3.plus(Duration.ofDays(1)), Map.of(), s -> { });
        List<Detection> expected = byDay.detections().stream().filter(d -> d.station().startsWith("XX.SYN01.")).toList();
        assertEquals(expected, r.detections(), "the days before it as they were");
        // every station-day accounted for (review of 2026-12-07): the LH day scored nothing, the day
        // between has no file, and a summary says both
        assertEquals(List.of("XX.SYN01 2024-01-04"), run.unscoredDays());
        assertEquals(List.of("XX.SYN01 2024-01-03"), SdsArchive.missingDays(run.stationDays(syn01, START,
                day3.plus(Duration.ofDays(1)))));
        String notes = ArchiveDetector.stationDayNotes(run.unscoredDays(), List.of("XX.SYN01 2024-01-03"));
        assertTrue(notes.startsWith("1 station-day(s) scored nothing") && notes.contains("\n1 station-day(s) between a"
                + " station's first and last day in the range have no day file with data (none, or only empty ones):"
                + " XX.SYN01 2024-01-03\n"), notes);
        io.github.seisclr.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.seisclr.BadInputException.class,
                () -> run.detect(syn01, day3, day3.plus(Duration.ofDays(1)), Map.of(), s -> { }));
        assertEquals(io.github.seisclr.BadInputException.Problem.BAD_SAMPLE_RATE, e.problem());
        assertTrue(e.getMessage().contains("LH"), e.getMessage());
    }

    /**
     * Review: an empty day file was warned of by each task that listed it (the day before's overlap,
     * its own day, the day after's warm-up: three times in an archive's log) and in the day before's
     * output. Only its own day's run says it now, as each task of an archive reads (a fresh archive).
     */
    @Test
    void anEmptyDayFileIsSaidByItsOwnDayAlone(@TempDir Path other) throws java.io.IOException {
        copyArchive(other, f -> true);
        Path empty;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(other)) {
            empty = files.filter(f -> f.getFileName().toString().equals("XX.SYN01.00.HHZ.D.2024.002")).findFirst()
                    .orElseThrow();
        }
        java.nio.file.Files.write(empty, new byte[0]);
        LocalDate day1 = LocalDate.of(2024, 1, 1);
        DetectionResult first = new ArchiveDetector(detector, SdsArchive.open(other)).detectDay("XX.SYN01", day1, Map.of());
        DetectionResult second = new ArchiveDetector(detector, SdsArchive.open(other)).detectDay("XX.SYN01",
                day1.plusDays(1), Map.of());
        String said = empty + ": empty day file, skipped";
        assertTrue(first.warnings().stream().noneMatch(w -> w.contains("empty day file")), first.warnings().toString());
        assertTrue(second.warnings().contains(said), second.warnings().toString());
    }

    /**
     * Regression (review of 2026-12-04): a station whose rate changes at midnight (100 Hz, then
     * 200 Hz) could not be run: reading from 23:45 for the second day met both rates on one
     * channel and refused the range, on every rerun. The channel is now split where the rate
     * changes, and both days are detected on.
     */
    @Test
    void aRateChangeAtMidnightSplitsTheChannelInsteadOfStoppingTheRun(@TempDir Path other) {
        Instant day2 = Instant.parse("2024-01-02T00:00:00Z");
        SyntheticGenerator.generate(SynthConfig.builder().seed(31).start(day2.minus(Duration.ofMinutes(40)))
                .duration(Duration.ofMinutes(40)).stations(1).eventsPerHour(12).magnitudes(2.0, 3.0).gapsPerDay(0)
                .spikesPerHour(0).build()).writeSds(other);
        SyntheticGenerator.generate(SynthConfig.builder().seed(32).start(day2).sampleRate(200)
                .duration(Duration.ofMinutes(40)).stations(1).eventsPerHour(12).magnitudes(2.0, 3.0).gapsPerDay(0)
                .spikesPerHour(0).build()).writeSds(other);
        ArchiveDetector run = new ArchiveDetector(detector, SdsArchive.open(other));
        DetectionResult r = run.detect(SdsArchive.Stations.parse(List.of("XX.SYN01")), day2.minus(Duration.ofHours(1)),
                day2.plus(Duration.ofHours(1)), Map.of(), s -> { });
        assertEquals(80.0 / 60, r.hoursProcessed(), 0.02, "both days, at both rates");
        assertTrue(r.detections().stream().anyMatch(d -> d.start().isBefore(day2))
                && r.detections().stream().anyMatch(d -> d.start().isAfter(day2)), r.detections().toString());
    }

    /**
     * Regression (review of 2026-12-04): a calibration fitted on three components scored days on
     * which only the vertical was left (the horizontals dead), silently. It is now used only for data
     * with the components it was fitted on; a day with others is fitted on itself, with a warning.
     */
    @Test
    void aCalibrationOfThreeComponentsIsNotUsedForAVerticalAlone(@TempDir Path other) throws java.io.IOException {
        copyArchive(other, f -> !f.getFileName().toString().contains(".HHN.")
                && !f.getFileName().toString().contains(".HHE."));
        Calibration given = byDay.calibrations().get("XX.SYN01.00.HH");
        assertEquals("ZNE", given.components());
        DetectionResult r = new ArchiveDetector(detector, SdsArchive.open(other)).detectDay("XX.SYN01",
                LocalDate.of(2024, 1, 2), byDay.calibrations());
        Calibration used = r.calibrations().get("XX.SYN01.00.HH");
        assertEquals("Z", used.components(), used.toString());
        assertTrue(used != given && used.origin().startsWith("batch fit"), used.toString());
        // the same data with its own components keep the calibration given
        DetectionResult same = new ArchiveDetector(detector, SdsArchive.open(root)).detectDay("XX.SYN01",
                LocalDate.of(2024, 1, 2), byDay.calibrations());
        assertTrue(same.calibrations().get("XX.SYN01.00.HH") == given);
    }

    /**
     * Regression (review of 2026-12-04): with a break in the day's data off the 10 s grid (here 1.6
     * s missing at 23:40:03.456), the day's run and the next day's count their frames, score
     * baseline and scale from different starts, and their triggers for one event differ by a few
     * hundredths of a second. An event whose trigger starts about midnight was kept by both days
     * (23:59:59.98 by the first, 00:00:00.00 by the second) or by neither. The event is placed at
     * several offsets about midnight; each must be kept exactly once.
     */
    @Test
    void anEventAtMidnightAfterABreakOffTheGridIsKeptByExactlyOneDay(@TempDir Path other) {
        for (double lead : new double[] {7.22, 7.26, 7.30}) {
            Path at = other.resolve("lead" + lead);
            SyntheticDataset d = breakAndEventAtMidnight(at, lead);
            DetectionResult r = new ArchiveDetector(detector, SdsArchive.open(at))
                    .detect(SdsArchive.Stations.ALL, START, END, Map.of(), s -> { });
            List<Detection> near = r.detections().stream()
                    .filter(x -> Math.abs(Duration.between(MIDNIGHT, x.start()).toMillis()) < 30_000).toList();
            assertEquals(1, near.size(), "origin " + lead + " s before midnight, P at " + d.events().get(0).pTime()
                    + ": " + near);
            List<Pick> p = r.picks().select(Phase.P).stream()
                    .filter(x -> x.detectionId().equals(near.get(0).id())).toList();
            assertEquals(1, p.size(), "its P: " + r.picks().picks());
            assertEquals(0, Duration.between(d.events().get(0).pTime(), p.get(0).time()).toMillis() / 1000.0, 0.1);
            String day = near.get(0).start().isBefore(MIDNIGHT) ? "20240101" : "20240102";
            assertTrue(near.get(0).id().contains("-" + day + "-"), near.get(0).id());
            assertEquals(r.detections().size(), r.detections().stream().map(Detection::id).distinct().count(),
                    "ids unique: " + r.detections());
        }
    }

    /**
     * An archive of one station from 23:30 to 00:30 with 1.6 s missing at 23:40:03.456 and one event
     * whose origin lies {@code lead} s before midnight (its P about 8.3 s after the origin).
     */
    private static SyntheticDataset breakAndEventAtMidnight(Path at, double lead) {
        Instant g0 = Instant.parse("2024-01-01T23:40:03.456Z");
        Instant g1 = Instant.parse("2024-01-01T23:40:05.1Z");
        SyntheticDataset d = SyntheticGenerator.generate(SynthConfig.builder().seed(13).start(START)
                .duration(Duration.ofHours(1)).stations(1).eventsPerHour(0).magnitudes(2.5, 2.5).gapsPerDay(0)
                .spikesPerHour(0).eventOrigins(List.of(MIDNIGHT.minusMillis(Math.round(lead * 1000)))).build());
        List<io.github.seisclr.io.Trace> cut = new ArrayList<>();
        for (io.github.seisclr.io.Trace t : d.traces()) {
            cut.add(t.slice(t.start(), g0));
            cut.add(t.slice(g1, t.endExclusive()));
        }
        SdsArchive.write(cut, at, io.github.seisclr.io.WriteOptions.defaults());
        return d;
    }

    /**
     * Regression (review of the hand-over): a stream without a calibration given is fitted on each
     * day's own data (the Spark job gives every day the same map), so no re-run of the day's end
     * scores it as the next day's run does; such a day keeps what its own run finds, as before.
     */
    @Test
    void aDayWithoutAGivenCalibrationKeepsItsOwnRunsDetections(@TempDir Path other) {
        breakAndEventAtMidnight(other, 7.26);
        SdsArchive sds = SdsArchive.open(other);
        LocalDate day = LocalDate.of(2024, 1, 1);
        DetectionResult r = new ArchiveDetector(detector, sds).detectDay("XX.SYN01", day, Map.of());
        Instant readFrom = MIDNIGHT.minus(Duration.ofDays(1)).minus(Duration.ofMinutes(15));
        Instant readTo = MIDNIGHT.plus(Duration.ofMinutes(10));
        DetectionResult own = detector.detectPiece(sds.index(SdsArchive.Stations.parse("XX.SYN01"), readFrom, readTo),
                readFrom, readTo, Map.of(), MIDNIGHT.minus(Duration.ofDays(1)), MIDNIGHT, "20240101",
                ChunkedRun.PIECE_SECONDS);
        assertEquals(own.detections().toString(), r.detections().toString());
        assertTrue(r.detections().stream().anyMatch(x -> Math.abs(Duration.between(MIDNIGHT, x.start()).toMillis()) < 2000),
                "the event about midnight: " + r.detections());
    }

    /**
     * Regression (review of 2026-12-04): a stream that appears at the next midnight (here a second
     * location code from 00:00) was fitted by the day before's run on its 10 min overlap, and that
     * fit scored the stream for the rest of the range. It is now calibrated on its own first day.
     */
    @Test
    void aStreamThatAppearsAtMidnightIsCalibratedOnItsFirstDayNotOnTheOverlap(@TempDir Path other) {
        List<io.github.seisclr.io.Trace> traces = new ArrayList<>();
        for (io.github.seisclr.io.Trace t : data.traces()) {
            if (!t.id().station().equals("SYN01")) {
                continue;
            }
            traces.add(t);
            io.github.seisclr.io.Trace late = t.slice(MIDNIGHT, t.endExclusive());
            io.github.seisclr.io.SourceId id = t.id();
            traces.add(io.github.seisclr.io.Trace.of(new io.github.seisclr.io.SourceId(id.network(), id.station(), "10",
                    id.channel()), late.start(), late.sampleRate(), late.samples()));
        }
        SdsArchive.write(traces, other, io.github.seisclr.io.WriteOptions.defaults());
        DetectionResult r = new ArchiveDetector(detector, SdsArchive.open(other))
                .detect(SdsArchive.Stations.ALL, START, END, Map.of(), s -> { });
        Calibration late = r.calibrations().get("XX.SYN01.10.HH");
        assertTrue(late != null && late.origin().contains("0.50 h"), "fitted on its half hour of the range: " + late);
        assertTrue(r.detections().stream().anyMatch(d -> d.station().equals("XX.SYN01.10.HH")),
                "the new stream detects: " + r.detections());
    }

    /** The hand-over moment lies outside every detection of both runs by the margin, or is the end. */
    @Test
    void theHandOverMomentAvoidsBothRunsDetections() {
        Instant end = MIDNIGHT;
        Instant earliest = end.minus(Duration.ofMinutes(5));
        java.util.function.BiFunction<Double, Double, Detection> det = (a, b) -> new Detection("X-1", "XX.S..HH",
                end.plusMillis(Math.round(a * 1000)), end.plusMillis(Math.round(b * 1000)), end, 9, 1, 5, "m");
        assertEquals(end, ArchiveDetector.quietBefore(end, earliest, List.of(det.apply(-60.0, -50.0)), List.of()));
        // one run's trigger 0.02 s after the end, the other's 0.02 s before: 2 s before the earlier one
        assertEquals(end.minusMillis(2020), ArchiveDetector.quietBefore(end, earliest,
                List.of(det.apply(0.02, 8.0)), List.of(det.apply(-0.02, 8.0))));
        // a chain of detections pushes it back past each one's start
        assertEquals(end.minusSeconds(32), ArchiveDetector.quietBefore(end, earliest,
                List.of(det.apply(-1.0, 5.0), det.apply(-30.0, -2.5)), List.of()));
        // no quiet moment within 5 min: the end
        assertEquals(end, ArchiveDetector.quietBefore(end, earliest, List.of(det.apply(-400.0, 10.0)), List.of()));
    }

    /** Copies the test's archive to {@code other}, the files {@code keep} accepts. */
    private static void copyArchive(Path other, java.util.function.Predicate<Path> keep) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(root)) {
            for (Path f : files.toList()) {
                Path to = other.resolve(root.relativize(f).toString());
                if (java.nio.file.Files.isDirectory(f)) {
                    java.nio.file.Files.createDirectories(to);
                } else if (keep.test(f)) {
                    java.nio.file.Files.copy(f, to);
                }
            }
        }
    }
}
