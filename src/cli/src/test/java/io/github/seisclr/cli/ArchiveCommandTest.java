package io.github.seisclr.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code synth --sds} and {@code detect --sds} as a user runs them, and their mistakes. */
class ArchiveCommandTest {
    @TempDir
    static Path dir;
    private static Path sds;

    @BeforeAll
    static void archive() {
        sds = dir.resolve("sds");
        CommandErrorsTest.Run r = CommandErrorsTest.run("synth", "--sds", "--out", sds.toString(), "--hours", "0.5",
                "--start", "2024-02-29T23:45:00Z", "--stations", "2", "--seed", "4", "--magnitudes", "2,3",
                "--event-at", "2024-02-29T23:59:50Z");
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void synthWritesDayFilesOnBothSidesOfMidnight() {
        assertTrue(Files.isRegularFile(sds.resolve("2024/XX/SYN01/HHZ.D/XX.SYN01.00.HHZ.D.2024.060")));
        assertTrue(Files.isRegularFile(sds.resolve("2024/XX/SYN02/HHE.D/XX.SYN02.00.HHE.D.2024.061")));
        assertTrue(Files.isRegularFile(sds.resolve("truth-20240229T234500Z.csv")));
    }

    /** @return what {@code info --sds root} writes to standard output, after checking it ends with 0 */
    private static String infoSds(Path root) {
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run("info", "--sds", root.toString()));
        } finally {
            System.setOut(stdout);
        }
        return buf.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void infoListsWhatTheArchiveHolds() {
        String said = infoSds(sds);
        assertTrue(said.contains("XX.SYN02.00.HHZ    2024-02-29 2024-03-01      2         0"), said);
        assertTrue(said.contains("1 network(s), 2 station(s), 6 channel(s), 12 channel-day(s)"), said);
    }

    /** Review (an operator): info counted a channel's missing days without saying which. */
    @Test
    void infoNamesTheMissingDays() throws IOException {
        Path holes = dir.resolve("sds-holes");
        Path d = Files.createDirectories(holes.resolve("2024/XX/SYN01/HHZ.D"));
        Files.copy(sds.resolve("2024/XX/SYN01/HHZ.D/XX.SYN01.00.HHZ.D.2024.060"), d.resolve("XX.SYN01.00.HHZ.D.2024.060"));
        Files.copy(sds.resolve("2024/XX/SYN01/HHZ.D/XX.SYN01.00.HHZ.D.2024.061"), d.resolve("XX.SYN01.00.HHZ.D.2024.064"));
        Files.copy(sds.resolve("2024/XX/SYN01/HHZ.D/XX.SYN01.00.HHZ.D.2024.061"), d.resolve("XX.SYN01.00.HHZ.D.2024.066"));
        Files.copy(d.resolve("XX.SYN01.00.HHZ.D.2024.060"), d.resolve("XX.SYN01.00.HHZ.D.2024.65"));
        String said = infoSds(holes);
        assertTrue(said.contains("Missing days (no day file between a channel's first and last): 2 stretch(es)\n"
                + "  XX.SYN01.00.HHZ: 2024-03-01 to 2024-03-03 (3 days)\n  XX.SYN01.00.HHZ: 2024-03-05\n"), said);
        assertTrue(said.contains("never read: 1 file(s)\n  2024/XX/SYN01/HHZ.D/XX.SYN01.00.HHZ.D.2024.65\n"), said);
    }

    /** Review (an operator): a compressed day file, or one named with an unpadded day, was left out unsaid. */
    @Test
    void detectNamesTheArchiveFilesItDoesNotRead() throws IOException {
        Path stray = dir.resolve("sds-stray");
        for (String c : List.of("HHZ", "HHN", "HHE")) {
            Path d = Files.createDirectories(stray.resolve("2024/XX/SYN01/" + c + ".D"));
            Files.copy(sds.resolve("2024/XX/SYN01/" + c + ".D/XX.SYN01.00." + c + ".D.2024.060"),
                    d.resolve("XX.SYN01.00." + c + ".D.2024.060"));
            Files.copy(sds.resolve("2024/XX/SYN01/" + c + ".D/XX.SYN01.00." + c + ".D.2024.061"),
                    d.resolve("XX.SYN01.00." + c + ".D.2024.061.gz"));
        }
        CommandErrorsTest.Run r = CommandErrorsTest.run("detect", "--sds", stray.toString(), "--out",
                dir.resolve("stray.csv").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("warning: " + stray + ": 3 file(s) in the channel folders are not SDS day files by"
                + " their name"), r.err());
        assertTrue(r.err().contains("read: 2024/XX/SYN01/HHE.D/XX.SYN01.00.HHE.D.2024.061.gz, "), r.err());
        assertTrue(r.err().contains("1 station-day(s)"), r.err());
    }

    @Test
    void detectOverTheArchiveWritesOnePickTableForAllStationDays() throws IOException {
        Path out = dir.resolve("picks.csv");
        Path cal = dir.resolve("cal.json");
        CommandErrorsTest.Run r = CommandErrorsTest.run("detect", "--sds", sds.toString(), "--stations", "XX.SYN0?",
                "--from", "2024-02-29", "--to", "2024-03-01", "--out", out.toString(), "--save-calibrations",
                cal.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("4 station-day(s)"), r.err());
        List<String> rows = Files.readAllLines(out).stream().filter(l -> l.startsWith("XX.SYN")).toList();
        assertFalse(rows.isEmpty());
        assertTrue(rows.stream().anyMatch(l -> l.startsWith("XX.SYN01-20240229-")), rows.toString());
        assertTrue(rows.stream().allMatch(l -> l.matches("XX\\.SYN0[12]-2024(0229|0301)-\\d+,.*")), rows.toString());
        // the saved calibrations give the same table when given back
        Path again = dir.resolve("again.csv");
        CommandErrorsTest.Run r2 = CommandErrorsTest.run("detect", "--sds", sds.toString(), "--calibrations",
                cal.toString(), "--out", again.toString());
        assertEquals(0, r2.status(), r2.err());
        assertEquals(rows, Files.readAllLines(again).stream().filter(l -> l.startsWith("XX.SYN")).toList());
        assertFalse(r2.err().contains("does not calibrate"), r2.err());
        // review (an operator, 2026-12-08): the stations a calibration file lacks were fitted without a word
        Path one = dir.resolve("cal-syn01.json");
        assertEquals(0, CommandErrorsTest.run("detect", "--sds", sds.toString(), "--stations", "XX.SYN01", "--from",
                "2024-02-29", "--to", "2024-03-01", "--out", dir.resolve("syn01.csv").toString(), "--save-calibrations",
                one.toString()).status());
        CommandErrorsTest.Run r3 = CommandErrorsTest.run("detect", "--sds", sds.toString(), "--calibrations",
                one.toString(), "--from", "2024-02-29", "--to", "2024-03-01", "--out", dir.resolve("r3.csv").toString());
        assertEquals(0, r3.status(), r3.err());
        assertTrue(r3.err().contains("note: 1 station stream(s) that " + one + " does not calibrate were fitted on their"
                + " first day with data: XX.SYN02"), r3.err());
    }

    /** Black-box review: a range whose day files hold no data in it gave an empty table and nothing else. */
    @Test
    void aRangeWithDayFilesButNoDataInItIsSaid() {
        CommandErrorsTest.Run r = CommandErrorsTest.run("detect", "--sds", sds.toString(), "--from",
                "2024-03-01T05:00:00Z", "--to", "2024-03-01T06:00:00Z");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("files hold no data from 2024-03-01T05:00:00Z to 2024-03-01T06:00:00Z"), r.err());
    }

    @Test
    void archiveRunsSparkHereGivesDetectsPicksAndResumes() throws IOException {
        Path out = dir.resolve("spark-out");
        CommandErrorsTest.Run r = CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", out.toString(),
                "--format", "csv", "--cores", "2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("4 station-day(s)") && r.err().contains("0 done before, 4 detected now"), r.err());
        assertTrue(Files.isDirectory(out.resolve("picks/network=XX/station=SYN02/year=2024")));
        java.util.SortedSet<String> spark = new java.util.TreeSet<>();
        for (String day : List.of("2024-02-29", "2024-03-01")) {
            Files.readAllLines(out.resolve("csv/2024/" + day + ".csv")).stream().filter(l -> l.startsWith("XX.SYN"))
                    .forEach(spark::add);
        }
        // the same station-days on one machine (the same calibration rule: each station on its first day)
        Path single = dir.resolve("single.csv");
        assertEquals(0, CommandErrorsTest.run("detect", "--sds", sds.toString(), "--out", single.toString()).status());
        java.util.SortedSet<String> one = new java.util.TreeSet<>(Files.readAllLines(single).stream()
                .filter(l -> l.startsWith("XX.SYN")).toList());
        assertFalse(one.isEmpty());
        assertEquals(one, spark);
        CommandErrorsTest.Run again = CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", out.toString(),
                "--format", "csv");
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("4 done before, 0 detected now"), again.err());
        assertError(CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", out.toString(), "--threshold",
                "7"), 1, "choose another output folder");
        assertError(CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", out.toString(), "--format",
                "xls"), 2, "--format must be parquet, csv, quakeml (or xml or qml, the same) or sc3ml");
        assertError(CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", out.toString(), "--train-days",
                "1", "--train-from", "bundled"), 2, "--train-from must be scratch or model");
        // a model that training each station from random weights would not use is refused, not ignored
        assertError(CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", out.toString(), "--train-days",
                "1", "--model", "models/seisclr-default-v1.zip"), 2, "--model (models/seisclr-default-v1.zip) is not"
                + " used", "--train-from model");
        assertError(CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", out.toString(), "--train-from",
                "model"), 2, "--train-from applies to per-station training");
        // review (an operator, 2026-12-08): an output inside another output was taken, its rows read as the other's
        assertError(CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", out.resolve("picks").toString()),
                2, "is inside the seisclr output", "spark-out");
        assertFalse(Files.exists(out.resolve("picks").resolve(io.github.seisclr.spark.ArchiveJob.STATE)));
        assertError(CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", dir.toString()), 2,
                "holds the seisclr output", "spark-out");
    }

    @Test
    void archiveTakesDetectsScoreOptionsAndAnOutputKeepsItsScore() throws IOException {
        assertEquals(io.github.seisclr.detect.DetectorConfig.defaults().trim(),
                Double.parseDouble(DetectCommand.TRIM_DEFAULT), "--trim's default is the detector's");
        // the amplitude term alone (the default trim), then the residual with another trim
        for (List<String> score : List.of(List.of("--no-amplitude-term"), List.of("--residual", "--trim", "0.3"))) {
            Path out = dir.resolve("spark-score-out-" + score.size());
            List<String> args = new java.util.ArrayList<>(List.of("archive", "--sds", sds.toString(), "--out",
                    out.toString(), "--format", "csv", "--cores", "2"));
            args.addAll(score);
            CommandErrorsTest.Run r = CommandErrorsTest.run(args.toArray(String[]::new));
            assertEquals(0, r.status(), r.err());
            java.util.SortedSet<String> spark = new java.util.TreeSet<>();
            for (String day : List.of("2024-02-29", "2024-03-01")) {
                List<String> lines = Files.readAllLines(out.resolve("csv/2024/" + day + ".csv"));
                assertTrue(lines.get(0).contains(score.contains("--no-amplitude-term") ? "without the amplitude term"
                        : "with the amplitude term"), lines.get(0));
                lines.stream().filter(l -> l.startsWith("XX.SYN")).forEach(spark::add);
            }
            // the same rows as detect over the archive with the same options, and not the default's
            Path single = dir.resolve("single-score-" + score.size() + ".csv");
            List<String> detect = new java.util.ArrayList<>(List.of("detect", "--sds", sds.toString(), "--out",
                    single.toString()));
            detect.addAll(score);
            assertEquals(0, CommandErrorsTest.run(detect.toArray(String[]::new)).status());
            java.util.SortedSet<String> one = new java.util.TreeSet<>(Files.readAllLines(single).stream()
                    .filter(l -> l.startsWith("XX.SYN")).toList());
            assertFalse(one.isEmpty());
            assertEquals(one, spark);
            Path plain = dir.resolve("single-plain.csv");
            assertEquals(0, CommandErrorsTest.run("detect", "--sds", sds.toString(), "--out", plain.toString()).status());
            assertNotEquals(one, new java.util.TreeSet<>(Files.readAllLines(plain).stream()
                    .filter(l -> l.startsWith("XX.SYN")).toList()));
            // the same options resume the output; another score is refused: picks of two scores would mix
            CommandErrorsTest.Run again = CommandErrorsTest.run(args.toArray(String[]::new));
            assertEquals(0, again.status(), again.err());
            assertTrue(again.err().contains("4 done before, 0 detected now"), again.err());
            assertError(CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", out.toString()), 1,
                    "choose another output folder");
        }
        assertError(CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", dir.resolve("never").toString(),
                "--trim", "0.6"), 2, "--trim must be 0 to 0.5");
    }

    @Test
    void mistakesAreOneLineErrors() {
        assertError(CommandErrorsTest.run("detect", "data-samples", "--sds", sds.toString()), 2, "either PATHs or --sds");
        assertError(CommandErrorsTest.run("detect"), 2, "no input");
        assertError(CommandErrorsTest.run("detect", "data-samples", "--stations", "XX.SYN01"), 2, "go with --sds");
        assertError(CommandErrorsTest.run("detect", "--sds", sds.toString(), "--plot", dir.resolve("p").toString()), 2,
                "--plot is not available with --sds");
        assertError(CommandErrorsTest.run("detect", "--sds", sds.toString(), "--from", "yesterday"), 2,
                "--from must be a day");
        assertError(CommandErrorsTest.run("detect", "--sds", sds.toString(), "--from", "2024-03-02", "--to",
                "2024-03-01"), 2, "--from 2024-03-02 must come before --to 2024-03-01 (a date alone includes its whole day)");
        // a time is not a date alone, whatever its length
        CommandErrorsTest.Run time = CommandErrorsTest.run("detect", "--sds", sds.toString(), "--from", "2024-03-02",
                "--to", "2024-03-01T12:00:00Z");
        assertError(time, 2, "--from 2024-03-02 must come before --to 2024-03-01T12:00:00Z");
        assertFalse(time.err().contains("a date alone"), time.err());
        assertError(CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", dir.resolve("a1").toString(),
                "--from", "2024-03-02", "--to", "2024-03-01"), 2, "--from 2024-03-02 must come before --to 2024-03-01");
        // regression (review): a Spark exception "please report it", exit 1
        assertError(CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", dir.resolve("a2").toString(),
                "--master", "foo://bar"), 2, "--master must be local");
        // regression (review): "training needs days >= 0, epochs >= 1 and batches >= 1, got -1, 8, 40"
        assertError(CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", dir.resolve("a3").toString(),
                "--train-days", "-1"), 2, "--train-days must be 0 (off) or more, got -1");
        // regression (review): the output was written among the archive's day files
        assertError(CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", sds.toString()), 2,
                "is the archive's root");
        assertError(CommandErrorsTest.run("archive", "--sds", sds.toString(), "--out", sds.resolve("2024/out").toString()),
                2, "in the archive's year folder");
        for (String f : new String[] {"a1", "a2", "a3"}) {
            assertFalse(java.nio.file.Files.exists(dir.resolve(f)), "a refused run makes no folder: " + f);
        }
        assertError(CommandErrorsTest.run("detect", "--sds", sds.toString(), "--stations", "SYN01"), 2, "NET.STA");
        assertError(CommandErrorsTest.run("detect", "--sds", dir.resolve("nope").toString()), 1, "no such folder");
        assertError(CommandErrorsTest.run("detect", "--sds", sds.toString(), "--stations", "YY.*"), 1,
                "holds no day file of YY.*", "XX.SYN01");
        assertError(CommandErrorsTest.run("detect", "--sds", sds.toString(), "--from", "2025-01-01", "--to",
                "2025-01-02"), 1, "holds no day file");
    }

    private static void assertError(CommandErrorsTest.Run r, int status, String... phrases) {
        assertEquals(status, r.status(), r.err());
        assertTrue(r.err().startsWith("seisclr: error: "), r.err());
        for (String p : phrases) {
            assertTrue(r.err().contains(p), "'" + p + "' in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), r.err());
    }
}
