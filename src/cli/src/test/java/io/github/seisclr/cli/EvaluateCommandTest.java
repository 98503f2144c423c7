package io.github.seisclr.cli;

import io.github.seisclr.eval.ReferenceEvent;
import io.github.seisclr.eval.ReferencePicks;
import io.github.seisclr.io.StationStream;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression (review of 2026-12-04): a reference pick at a station the waveforms do not hold (a
 * station written NET.STA in the pick table, a typo) was silently counted as missed.
 */
class EvaluateCommandTest {
    /**
     * Review (a new user, 2026-12-08): with references that give no window start (continuous data,
     * QuakeML) the report promised example windows and showed none. They are drawn from 20 s before
     * the reference P.
     */
    @Test
    void examplesAreDrawnForReferencesWithoutAWindowStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path data = java.nio.file.Files.createDirectories(dir.resolve("data"));
        java.nio.file.Files.copy(java.nio.file.Path.of("data-samples", "XX.SYN01.mseed"), data.resolve("XX.SYN01.mseed"));
        java.nio.file.Path picks = dir.resolve("picks.csv");
        java.nio.file.Files.writeString(picks, "network,station,p_time,s_time\n"
                + "XX,SYN01,2024-01-01T00:03:42.683805099Z,2024-01-01T00:03:50.300931840Z\n");
        java.nio.file.Path report = dir.resolve("report");
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true,
                java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run("evaluate", "--data", data.toString(), "--picks", picks.toString(), "--model",
                    "models/seisclr-default-v1.zip", "--out", report.toString()));
        } finally {
            System.setOut(out);
        }
        String md = java.nio.file.Files.readString(report.resolve("report.md"));
        assertTrue(md.contains("](examples/01-SYN01-detected.png)"), md);
        assertTrue(java.nio.file.Files.size(report.resolve("examples/01-SYN01-detected.png")) > 1000);
    }

    /**
     * The warm-up note counts the windows whose start is known (review: a picks table without starts
     * had every reference "within the first 10 s"), and says nothing where none is.
     */
    @Test
    void theWarmUpNoteCountsOnlyWindowsWithAStart() {
        java.time.Instant w = java.time.Instant.parse("2024-01-01T00:00:00Z");
        io.github.seisclr.eval.ReferenceEvent early = new io.github.seisclr.eval.ReferenceEvent("AAA", w.plusSeconds(4), null);
        io.github.seisclr.eval.ReferenceEvent late = new io.github.seisclr.eval.ReferenceEvent("BBB", w.plusSeconds(30), null);
        assertEquals("", EvaluateCommand.warmUpNote(List.of(new io.github.seisclr.eval.ReferencePicks.Row("a", null, early),
                new io.github.seisclr.eval.ReferencePicks.Row("b", null, late)), 10, null, null, List.of()));
        var found = io.github.seisclr.eval.MethodScores.at(List.of(new io.github.seisclr.eval.MethodScores.Candidate("BBB",
                w.plusSeconds(30), 9, null)), List.of(early, late), java.time.Duration.ofMillis(1500), 0, 5);
        String note = EvaluateCommand.warmUpNote(List.of(new io.github.seisclr.eval.ReferencePicks.Row("a", w, early),
                new io.github.seisclr.eval.ReferencePicks.Row("b", w, late),
                new io.github.seisclr.eval.ReferencePicks.Row("c", null, early)), 10, found, found, List.of(found));
        assertTrue(note.contains("1 of the 2 reference P lie that close") && note.contains("Found of the 1 whose P lies at"
                + " least 10 s in, at the default thresholds: seisclr 1 (1.000), untrained encoders 1, STA/LTA 1"), note);
    }

    @Test
    void aReportWithoutNoiseTimeSaysWhy() {
        assertTrue(EvaluateCommand.noiseNote(0).contains("no window start") && EvaluateCommand.noiseNote(0)
                .contains("`start` column"));
        assertEquals("", EvaluateCommand.noiseNote(0.5));
    }

    @Test
    void referenceStationsWithoutWaveformsAreNamed() {
        Instant t = Instant.parse("2024-01-01T00:00:10Z");
        List<ReferenceEvent> refs = List.of(new ReferenceEvent("AAA", t, null), new ReferenceEvent("NC.BBB", t, null),
                new ReferenceEvent("NC.BBB", t.plusSeconds(60), null));
        List<StationStream> held = List.of(new StationStream("NC", "AAA", "", "HH", Map.of()),
                new StationStream("NC", "BBB", "", "HH", Map.of()));
        assertEquals(List.of("NC.BBB"), EvaluateCommand.warnAboutStationsWithoutWaveforms(refs, held));
    }

    /**
     * Regression (review): a reference row whose station the waveforms do not hold added its window to
     * the hours of noise (false detections per hour fell on data that did not exist); a file the table
     * names that the folder does not hold went unsaid.
     */
    @Test
    void aReferenceWithoutWaveformsIsNoNoiseTimeAndFilesNotHeldAreNamed(@org.junit.jupiter.api.io.TempDir
                                                                         java.nio.file.Path dir) throws java.io.IOException {
        Instant t = Instant.parse("2024-01-01T00:00:30Z");
        java.nio.file.Files.createDirectories(dir.resolve("mseed"));
        java.nio.file.Files.writeString(dir.resolve("mseed/a.mseed"), "");
        List<ReferencePicks.Row> rows = List.of(
                new ReferencePicks.Row("mseed/a.mseed", t.minusSeconds(30), new ReferenceEvent("AAA", t, null)),
                new ReferencePicks.Row("mseed/gone.mseed", t.minusSeconds(30), new ReferenceEvent("ZZZ", t, null)));
        assertEquals(60.0 / 3600, io.github.seisclr.eval.MethodScores.noiseHours(rows), 1e-12);
        List<StationStream> held = List.of(new StationStream("NC", "AAA", "", "HH", Map.of()),
                new StationStream("NC", "BBB", "", "HH", Map.of()));
        assertEquals(30.0 / 3600, io.github.seisclr.eval.MethodScores.noiseHours(rows, dir, held), 1e-12);
        // a row whose station is held but whose file is not: no noise time either
        List<ReferencePicks.Row> gone = List.of(rows.get(0),
                new ReferencePicks.Row("mseed/gone.mseed", t.minusSeconds(30), new ReferenceEvent("BBB", t, null)));
        assertEquals(30.0 / 3600, io.github.seisclr.eval.MethodScores.noiseHours(gone, dir, held), 1e-12);
        assertEquals(List.of("mseed/gone.mseed"), EvaluateCommand.warnAboutFilesNotHeld(rows, dir, dir.resolve("picks.csv")));
    }

    /**
     * Review (2026-12-06): with {@code --skip-damaged}, the reference rows of a file left out as
     * damaged were scored as missed by every method. They are left out of the scoring, with a word.
     */
    @Test
    void rowsOfAFileLeftOutAsDamagedAreNotScored(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path mseed = java.nio.file.Files.createDirectories(dir.resolve("mseed"));
        java.nio.file.Files.copy(java.nio.file.Path.of("data-samples", "XX.SYN02.mseed"), mseed.resolve("b.mseed"));
        byte[] whole = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("data-samples", "XX.SYN01.mseed"));
        java.nio.file.Files.write(mseed.resolve("a.mseed"), java.util.Arrays.copyOf(whole, 5 * 4096 + 100));
        Instant t = Instant.parse("2024-01-01T00:00:30Z");
        List<ReferencePicks.Row> rows = List.of(
                new ReferencePicks.Row("mseed/a.mseed", t.minusSeconds(30), new ReferenceEvent("SYN01", t, null)),
                new ReferencePicks.Row("mseed/b.mseed", t.minusSeconds(30), new ReferenceEvent("SYN02", t, null)));
        io.github.seisclr.io.WaveformSet set = io.github.seisclr.io.Waveforms.reader(io.github.seisclr.io.ReadOptions
                .builder().skipDamagedFiles(true).build()).read(dir);
        assertEquals(List.of(rows.get(1)), EvaluateCommand.withoutLeftOut(rows, dir, set, dir.resolve("picks.csv")));
        // read whole, nothing is left out
        io.github.seisclr.io.WaveformSet both = io.github.seisclr.io.Waveforms.read(mseed.resolve("b.mseed"));
        assertEquals(rows, EvaluateCommand.withoutLeftOut(rows, dir, both, dir.resolve("picks.csv")));
        // review (2026-12-07): --skip-damaged now reads a.mseed's five sound records, whose detections
        // would count as false with its row left out; evaluate leaves the file out whole
        assertTrue(set.sources().contains(mseed.resolve("a.mseed").toString()), set.sources().toString());
        io.github.seisclr.io.WaveformSet scored = EvaluateCommand.withoutFilesReadInPart(set,
                io.github.seisclr.io.ReadOptions.builder().skipDamagedFiles(true).build());
        assertEquals(List.of(mseed.resolve("b.mseed").toString()), scored.sources());
        assertEquals(List.of("SYN02"), scored.stations().stream().map(StationStream::station).distinct().toList());
        assertSame(both, EvaluateCommand.withoutFilesReadInPart(both, io.github.seisclr.io.ReadOptions.defaults()));
    }

    @Test
    void aStationCodeHeldInTwoNetworksIsEvaluatedInTheNetworkTheReferencesName() {
        Instant t = Instant.parse("2024-01-01T00:00:10Z");
        List<StationStream> held = List.of(new StationStream("NC", "AAA", "", "HH", Map.of()),
                new StationStream("BK", "AAA", "", "HH", Map.of()), new StationStream("NC", "AAA", "", "EH", Map.of()),
                new StationStream("NC", "CCC", "", "HH", Map.of()), new StationStream("NC", "DDD", "", "HH", Map.of()),
                new StationStream("BK", "DDD", "", "HH", Map.of()), new StationStream("BK", "EEE", "", "HH", Map.of()),
                new StationStream("NC", "EEE", "", "HH", Map.of()));
        List<ReferencePicks.Row> rows = List.of(
                new ReferencePicks.Row(null, null, new ReferenceEvent("AAA", t, null), "NC"),
                new ReferencePicks.Row(null, null, new ReferenceEvent("CCC", t, null), "NC"),
                new ReferencePicks.Row(null, null, new ReferenceEvent("EEE", t, null)));
        // AAA: the references name NC, so BK.AAA is left out; DDD: in two networks, but no reference
        // names it; EEE: the references do not say which network (a warning), both are kept
        List<String> kept = EvaluateCommand.stationsOfReferencedNetworks(rows, held).stream()
                .map(s -> s.network() + "." + s.station() + ".." + s.bandAndInstrument()).toList();
        assertEquals(List.of("NC.AAA..HH", "NC.AAA..EH", "NC.CCC..HH", "NC.DDD..HH", "BK.DDD..HH", "BK.EEE..HH",
                "NC.EEE..HH"), kept);
    }
    /**
     * evaluate end to end on data generated here, its truth table as the picks (review of 2026-12-07:
     * STA/LTA was measured with one setting, blind for a window's first 10 s and triggering again on
     * each S; the report now gives the best of its common settings, and the spread of them).
     */
    @Test
    void theReportComparesWithTheBestOfStaLtasCommonSettings(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path data = dir.resolve("data");
        assertEquals(0, Main.run("synth", "--out", data.toString(), "--hours", "0.5", "--stations", "2",
                "--events-per-hour", "12", "--seed", "4"));
        java.nio.file.Path out = dir.resolve("report");
        assertEquals(0, Main.run("evaluate", "--data", data.toString(), "--picks", data.resolve("truth.csv").toString(),
                "--model", "models/seisclr-default-v1.zip", "--out", out.toString()));
        String md = java.nio.file.Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| STA/LTA (default) | 3.50 |"), md);
        java.util.regex.Matcher atDefault = java.util.regex.Pattern.compile("\\| STA/LTA, best of 24 settings at 3.5 / 1.5"
                + " \\(([^)]*)\\) \\| 3.50 \\| [0-9.]+ \\| [0-9.]+ \\| ([0-9.]+) \\|").matcher(md);
        assertTrue(atDefault.find(), md);
        java.util.regex.Matcher spread = java.util.regex.Pattern.compile("F1 at 3.5 / 1.5 over the 24 settings:"
                + " ([0-9]+\\.[0-9]+) to ([0-9]+\\.[0-9]+), median ([0-9]+\\.[0-9]+)").matcher(md);
        assertTrue(spread.find(), md);
        double best = Double.parseDouble(atDefault.group(2));
        assertEquals(best, Double.parseDouble(spread.group(2)), 1e-9, "the best row is the spread's top");
        assertTrue(Double.parseDouble(spread.group(1)) <= Double.parseDouble(spread.group(3))
                && Double.parseDouble(spread.group(3)) <= best, md);
        assertTrue(md.contains("| STA/LTA, best of 24 settings and trigger levels ("), md);
        assertTrue(java.nio.file.Files.exists(out.resolve("pr-curve.png")));
    }
}
