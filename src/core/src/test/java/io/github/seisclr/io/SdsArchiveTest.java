package io.github.seisclr.io;

import io.github.seisclr.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading and writing the SeisComP Data Structure: day files, midnight, missing days, selection. */
class SdsArchiveTest {
    private static final Instant MIDNIGHT = Instant.parse("2024-03-02T00:00:00Z");
    private static final SdsArchive.Stations PB01 = SdsArchive.Stations.parse("CX.PB01");

    @TempDir
    Path root;

    /** 20 min of 100 Hz data from 23:50 to 00:10, three components, written with {@link SdsArchive#write}. */
    private List<Trace> twentyMinutesAcrossMidnight() {
        Instant t0 = MIDNIGHT.minusSeconds(600);
        return List.of(TestTraces.randomWalk("CX.PB01..HHZ", t0, 100, 120_000, 1),
                TestTraces.randomWalk("CX.PB01..HHN", t0, 100, 120_000, 2),
                TestTraces.randomWalk("CX.PB01..HHE", t0, 100, 120_000, 3));
    }

    @Test
    void writesOneFilePerChannelAndDayAndReadsAnyRangeBackExactly() {
        List<Trace> traces = twentyMinutesAcrossMidnight();
        List<Path> files = SdsArchive.write(traces, root, WriteOptions.defaults());
        assertEquals(6, files.size());
        assertTrue(Files.isRegularFile(root.resolve("2024/CX/PB01/HHZ.D/CX.PB01..HHZ.D.2024.061")), files.toString());
        assertTrue(Files.isRegularFile(root.resolve("2024/CX/PB01/HHZ.D/CX.PB01..HHZ.D.2024.062")), files.toString());
        // the day-61 file ends at the last sample before midnight
        Trace day61 = Waveforms.read(root.resolve("2024/CX/PB01/HHZ.D/CX.PB01..HHZ.D.2024.061")).traces().get(0);
        assertEquals(MIDNIGHT.minusMillis(10), day61.end());

        SdsArchive sds = SdsArchive.open(root);
        WaveformSet all = sds.read(PB01, MIDNIGHT.minusSeconds(600), MIDNIGHT.plusSeconds(600));
        assertEquals(3, all.traces().size(), "one trace per channel, joined across the two day files");
        assertTrue(all.gaps().isEmpty(), all.gaps().toString());
        for (Trace t : traces) {
            assertArrayEquals(t.samples(), all.traces(t.id()).get(0).samples(), t.id().toString());
        }
        // [from, to): 00:00:00 included, 00:00:05 excluded
        WaveformSet cut = sds.read(PB01, MIDNIGHT, MIDNIGHT.plusSeconds(5));
        Trace z = cut.traces(SourceId.parse("CX.PB01..HHZ")).get(0);
        assertEquals(MIDNIGHT, z.start());
        assertEquals(500, z.length());
        assertArrayEquals(Arrays.copyOfRange(traces.get(0).samples(), 60_000, 60_500), z.samples());
    }

    @Test
    void recordsThatStraddleMidnightAreReadForTheNextDay() throws IOException {
        // as slarchive files them: a record belongs to the day it starts in, and may run past midnight
        Trace z = TestTraces.randomWalk("CX.PB01..HHZ", MIDNIGHT.minusSeconds(300), 100, 60_000, 4);
        Path day61 = SdsArchive.path(root, z.id(), LocalDate.of(2024, 3, 1));
        Files.createDirectories(day61.getParent());
        Waveforms.write(List.of(z), day61);
        WaveformSet next = SdsArchive.open(root).read(PB01, MIDNIGHT, MIDNIGHT.plusSeconds(300));
        Trace t = next.traces().get(0);
        assertEquals(MIDNIGHT, t.start());
        assertEquals(30_000, t.length());
        assertArrayEquals(Arrays.copyOfRange(z.samples(), 30_000, 60_000), t.samples());
    }

    @Test
    void aMissingDayIsAGapAndNothingElseChanges() {
        Instant d1 = Instant.parse("2024-03-01T23:00:00Z");
        Instant d3 = Instant.parse("2024-03-03T00:00:00Z");
        Trace a = TestTraces.randomWalk("CX.PB01..HHZ", d1, 50, 180_000, 5);   // 23:00-24:00 of day 1
        Trace b = TestTraces.randomWalk("CX.PB01..HHZ", d3, 50, 90_000, 6);    // 00:00-00:30 of day 3
        SdsArchive.write(List.of(a, b), root, WriteOptions.defaults());
        WaveformSet w = SdsArchive.open(root).read(PB01, d1, d3.plusSeconds(3600));
        assertEquals(2, w.traces().size());
        assertEquals(1, w.gaps().size());
        Gap g = w.gaps().get(0);
        assertEquals(a.end(), g.lastBefore());
        assertEquals(d3, g.firstAfter());
        assertArrayEquals(a.samples(), w.traces().get(0).samples());
        assertArrayEquals(b.samples(), w.traces().get(1).samples());
    }

    @Test
    void anEmptyDayFileIsSkippedAndDoesNotHideItsNeighbours() throws IOException {
        List<Trace> traces = twentyMinutesAcrossMidnight();
        SdsArchive.write(traces, root, WriteOptions.defaults());
        // a logger opened the next day's file and wrote nothing
        Path empty = SdsArchive.path(root, SourceId.parse("CX.PB01..HHZ"), LocalDate.of(2024, 3, 3));
        Files.createFile(empty);
        WaveformSet w = SdsArchive.open(root).read(PB01, MIDNIGHT.minusSeconds(600), MIDNIGHT.plus(java.time.Duration.ofDays(1)));
        assertEquals(3, w.traces().size());
        assertArrayEquals(traces.get(0).samples(), w.traces(SourceId.parse("CX.PB01..HHZ")).get(0).samples());
        // the inventory names it as an empty day file, not as a day of data nor a missing one; an
        // empty file with a day missing before it, and a channel with nothing but an empty file
        Files.createFile(SdsArchive.path(root, SourceId.parse("CX.PB01..HHZ"), LocalDate.of(2024, 3, 5)));
        Path alone = SdsArchive.path(root, SourceId.parse("CX.PB01..HHX"), LocalDate.of(2024, 3, 1));
        Files.createDirectories(alone.getParent());
        Files.createFile(alone);
        List<SdsArchive.Holding> inv = SdsArchive.open(root).inventory();
        SdsArchive.Holding z = inv.stream().filter(h -> h.channel().equals(SourceId.parse("CX.PB01..HHZ")))
                .findFirst().orElseThrow();
        assertEquals(List.of(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 2)), List.copyOf(z.days()));
        assertEquals(List.of(LocalDate.of(2024, 3, 3), LocalDate.of(2024, 3, 5)), List.copyOf(z.emptyDays()));
        assertEquals(LocalDate.of(2024, 3, 5), z.lastDay());
        assertEquals(1, z.missingDays(), "4 March has no file at all; the empty ones are not missing");
        SdsArchive.Holding x = inv.stream().filter(h -> h.channel().equals(SourceId.parse("CX.PB01..HHX")))
                .findFirst().orElseThrow();
        assertEquals(0, x.days().size());
        assertEquals(LocalDate.of(2024, 3, 1), x.firstDay());
        assertEquals(0, x.missingDays());
    }

    /** Regression: an empty day file was warned about each time the archive was listed (five times in one detect). */
    @Test
    void anEmptyDayFileIsNamedOnce() throws IOException {
        SdsArchive.write(twentyMinutesAcrossMidnight(), root, WriteOptions.defaults());
        Path empty = SdsArchive.path(root, SourceId.parse("CX.PB01..HHZ"), LocalDate.of(2024, 3, 3));
        Files.createFile(empty);
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            SdsArchive sds = SdsArchive.open(root);
            sds.extent(PB01);
            sds.files(PB01, null, null);
            sds.read(PB01, MIDNIGHT.minusSeconds(600), MIDNIGHT.plus(java.time.Duration.ofDays(1)));
        } finally {
            System.setErr(err);
        }
        String said = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, said.lines().filter(l -> l.contains(empty + ": empty day file")).count(), said);
    }

    /**
     * Regression (review): a day file whose records are another channel's than its SDS name (a
     * file copied or renamed by hand) was read without a word, its data under the records' names.
     */
    @Test
    void aDayFileHoldingAnotherChannelsRecordsIsNamedOnce() throws IOException {
        SdsArchive.write(twentyMinutesAcrossMidnight(), root, WriteOptions.defaults());
        Path pb01 = SdsArchive.path(root, SourceId.parse("CX.PB01..HHZ"), LocalDate.of(2024, 3, 2));
        Path renamed = SdsArchive.path(root, SourceId.parse("CX.PB07..HHZ"), LocalDate.of(2024, 3, 2));
        Files.createDirectories(renamed.getParent());
        Files.move(pb01, renamed);
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        WaveformSet w;
        try {
            SdsArchive sds = SdsArchive.open(root);
            SdsArchive.Stations pb07 = SdsArchive.Stations.parse("CX.PB07");
            w = sds.read(pb07, MIDNIGHT, MIDNIGHT.plusSeconds(300));
            sds.read(pb07, MIDNIGHT, MIDNIGHT.plusSeconds(200));
        } finally {
            System.setErr(err);
        }
        // read as the headers say, nothing dropped, and said once
        assertEquals(List.of(SourceId.parse("CX.PB01..HHZ")), w.traces().stream().map(Trace::id).toList());
        String said = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, said.lines().filter(l -> l.contains(renamed + ": the SDS name says CX.PB07..HHZ, but its records are of CX.PB01..HHZ"))
                .count(), said);
        // a file that holds its own channel only is not named
        buf.reset();
        System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            SdsArchive.open(root).read(PB01, MIDNIGHT.minusSeconds(600), MIDNIGHT);
        } finally {
            System.setErr(err);
        }
        assertTrue(buf.toString(java.nio.charset.StandardCharsets.UTF_8).lines().noneMatch(l -> l.contains("SDS name says")),
                buf.toString(java.nio.charset.StandardCharsets.UTF_8));
        // a file that holds its own channel and another's (two files joined by hand) is named too
        Path hhz = SdsArchive.path(root, SourceId.parse("CX.PB01..HHZ"), LocalDate.of(2024, 3, 1));
        Path hhn = SdsArchive.path(root, SourceId.parse("CX.PB01..HHN"), LocalDate.of(2024, 3, 1));
        Files.write(hhz, Files.readAllBytes(hhn), java.nio.file.StandardOpenOption.APPEND);
        buf.reset();
        System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            SdsArchive.open(root).read(PB01, MIDNIGHT.minusSeconds(600), MIDNIGHT.minusSeconds(300));
        } finally {
            System.setErr(err);
        }
        said = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, said.lines().filter(l -> l.contains(hhz + ": the SDS name says CX.PB01..HHZ, but its records are of "
                + "CX.PB01..HHN, CX.PB01..HHZ")).count(), said);
    }

    @Test
    void anArchiveWithoutDayFilesSaysSo() throws IOException {
        Files.createDirectories(root.resolve("notes"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> SdsArchive.open(root).extent(SdsArchive.Stations.ALL));
        assertEquals(BadInputException.Problem.EMPTY, e.problem());
        assertTrue(e.getMessage().contains("no SDS day file") && e.getMessage().contains(root.toString())
                && !e.getMessage().contains("*.*"), e.getMessage());
    }

    /**
     * Regression (review): the day before was merged whole before the range was cut from it, so a
     * station that went from 100 to 200 Hz at midnight (one channel code) could not be read for the
     * new day: MIXED_SAMPLE_RATE, for data outside the range. Only records that reach the range count.
     */
    @Test
    void whatTheDayBeforeHoldsOutsideTheRangeDoesNotRefuseIt() {
        Trace before = TestTraces.randomWalk("CX.PB01..HHZ", MIDNIGHT.minusSeconds(3600), 100, 360_000, 7);
        Trace after = TestTraces.randomWalk("CX.PB01..HHZ", MIDNIGHT, 200, 720_000, 8);
        SdsArchive.write(List.of(before, after), root, WriteOptions.defaults());
        WaveformSet day = SdsArchive.open(root).read(PB01, MIDNIGHT, MIDNIGHT.plusSeconds(3600));
        assertEquals(1, day.traces().size(), day.traces().toString());
        assertEquals(200, day.traces().get(0).sampleRate());
        assertArrayEquals(after.samples(), day.traces().get(0).samples());
        assertTrue(day.sources().stream().allMatch(f -> f.endsWith(".062")), day.sources().toString());
        // a range without data says what the files hold (the range read must not hide it)
        BadInputException e = assertThrows(BadInputException.class, () -> SdsArchive.open(root).read(PB01,
                MIDNIGHT.plusSeconds(5 * 3600), MIDNIGHT.plusSeconds(6 * 3600)));
        assertTrue(e.getMessage().contains("hold 2024-03-01T23:00:00Z to 2024-03-02T01:00:00Z"), e.getMessage());
    }

    /**
     * A range across a rate change (100 Hz to midnight, 200 Hz after) is one trace per rate; two
     * rates whose records overlap are still refused, naming the channel.
     */
    @Test
    void aRangeAcrossARateChangeIsOneTracePerRateAndOverlappingRatesAreRefused() {
        Trace before = TestTraces.randomWalk("CX.PB01..HHZ", MIDNIGHT.minusSeconds(3600), 100, 360_000, 7);
        Trace after = TestTraces.randomWalk("CX.PB01..HHZ", MIDNIGHT, 200, 720_000, 8);
        SdsArchive.write(List.of(before, after), root, WriteOptions.defaults());
        WaveformSet across = SdsArchive.open(root).read(PB01, MIDNIGHT.minusSeconds(600), MIDNIGHT.plusSeconds(600));
        assertEquals(List.of(100.0, 200.0), across.traces().stream().map(Trace::sampleRate).toList());
        assertEquals(MIDNIGHT, across.traces().get(1).start());
        Path other = root.resolveSibling(root.getFileName() + "-overlap");
        Trace overlapping = TestTraces.randomWalk("CX.PB01..HHZ", MIDNIGHT.minusSeconds(60), 200, 24_000, 9);
        SdsArchive.write(List.of(before, overlapping), other, WriteOptions.defaults());
        BadInputException e = assertThrows(BadInputException.class, () -> SdsArchive.open(other).read(PB01,
                MIDNIGHT.minusSeconds(600), MIDNIGHT.plusSeconds(60)));
        assertEquals(BadInputException.Problem.MIXED_SAMPLE_RATE, e.problem());
        assertTrue(e.getMessage().contains("CX.PB01..HHZ"), e.getMessage());
    }

    @Test
    void aRangeWellIntoADayDoesNotReadTheDayBefore() throws IOException {
        SdsArchive.write(twentyMinutesAcrossMidnight(), root, WriteOptions.defaults());
        // the day before (day 61) is damaged: a range from 08:00 of day 62 on has no need of it
        Path day61 = SdsArchive.path(root, SourceId.parse("CX.PB01..HHZ"), LocalDate.of(2024, 3, 1));
        Files.write(day61, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        SdsArchive sds = SdsArchive.open(root);
        BadInputException e = assertThrows(BadInputException.class, () -> sds.read(PB01, MIDNIGHT.plusSeconds(8 * 3600),
                MIDNIGHT.plusSeconds(9 * 3600)));
        assertEquals(BadInputException.Problem.EMPTY, e.problem(), "no data there, and day 61 not read: " + e.getMessage());
        assertThrows(BadInputException.class, () -> sds.read(PB01, MIDNIGHT, MIDNIGHT.plusSeconds(60)),
                "near midnight the day before is read (and its damage found)");
    }

    @Test
    void inventoryListsChannelsDaysAndBytesAndSkipsWhatIsNotSds() throws IOException {
        SdsArchive.write(twentyMinutesAcrossMidnight(), root, WriteOptions.defaults());
        SdsArchive.write(List.of(TestTraces.randomWalk("CX.PB02.00.BHZ", MIDNIGHT, 20, 2000, 7)), root,
                WriteOptions.defaults());
        Files.writeString(root.resolve("README.txt"), "not an archive file");
        Files.writeString(root.resolve("2024/CX/PB01/HHZ.D/notes.txt"), "neither");
        Files.createDirectories(root.resolve("2024/CX/PB01/LOG.L"));
        Files.writeString(root.resolve("2024/CX/PB01/LOG.L/CX.PB01..LOG.L.2024.061"), "log");
        SdsArchive sds = SdsArchive.open(root);
        assertEquals(List.of("CX.PB01", "CX.PB02"), List.copyOf(sds.stations()));
        List<SdsArchive.Holding> inv = sds.inventory();
        assertEquals(4, inv.size(), inv.toString());
        SdsArchive.Holding z = inv.stream().filter(h -> h.channel().equals(SourceId.parse("CX.PB01..HHZ"))).findFirst()
                .orElseThrow();
        assertEquals(LocalDate.of(2024, 3, 1), z.firstDay());
        assertEquals(LocalDate.of(2024, 3, 2), z.lastDay());
        assertTrue(z.bytes() > 0);
        assertEquals(SourceId.parse("CX.PB02.00.BHZ"), inv.get(3).channel());
        // only the chosen station's folders are listed
        assertEquals(1, sds.files(SdsArchive.Stations.parse("*.PB02"), null, null).size());
        assertEquals(2, sds.files(SdsArchive.Stations.parse("CX.PB0?"), LocalDate.of(2024, 3, 2), null).stream()
                .map(f -> f.channel().station()).distinct().count());
    }

    @Test
    void filesOfAChannelFolderThatNoRunReadsAreNamed() throws IOException {
        // review (an operator): a compressed day file or one with an unpadded day was left out unsaid
        SdsArchive.write(twentyMinutesAcrossMidnight(), root, WriteOptions.defaults());
        Path cha = root.resolve("2024/CX/PB01/HHZ.D");
        Path day = cha.resolve("CX.PB01..HHZ.D.2024.062");
        Files.copy(day, cha.resolve("CX.PB01..HHZ.D.2024.063.gz"));
        Files.copy(day, cha.resolve("CX.PB01..HHZ.D.2024.64"));
        Files.writeString(cha.resolve("notes.txt"), "not data");
        Files.writeString(cha.resolve(".hidden"), "a lock file");
        Files.createDirectories(cha.resolve("old"));
        Files.createDirectories(root.resolve("2023/CX/PB01/HHZ.D"));
        Files.copy(day, root.resolve("2023/CX/PB01/HHZ.D/CX.PB01..HHZ.D.2023.366"));
        SdsArchive sds = SdsArchive.open(root);
        List<Path> stray = sds.strayFiles(SdsArchive.Stations.ALL, null, null);
        assertEquals(List.of(root.resolve("2023/CX/PB01/HHZ.D/CX.PB01..HHZ.D.2023.366"),
                cha.resolve("CX.PB01..HHZ.D.2024.063.gz"), cha.resolve("CX.PB01..HHZ.D.2024.64"),
                cha.resolve("notes.txt")), stray, "2023 has 365 days; hidden files and folders are not named");
        assertEquals(3, sds.strayFiles(PB01, LocalDate.of(2024, 1, 1), null).size(), "the years asked for alone");
        assertEquals(List.of(), sds.strayFiles(SdsArchive.Stations.parse("CX.PB02"), null, null));
        String line = sds.strayFilesWarning(stray, 2);
        assertTrue(line.startsWith("4 file(s) in the channel folders are not SDS day files"), line);
        assertTrue(line.endsWith(" read: 2023/CX/PB01/HHZ.D/CX.PB01..HHZ.D.2023.366, "
                + "2024/CX/PB01/HHZ.D/CX.PB01..HHZ.D.2024.063.gz, ..."), line);
        assertEquals(null, sds.strayFilesWarning(List.of(), 2));
        // the day files are read as before, and the stray ones not
        assertEquals(2, sds.files(PB01, null, null).stream().filter(f -> f.channel().channel().equals("HHZ")).count());
        // an archive of compressed day files alone is refused naming them (the diff's review)
        Path gz = root.resolve("gz-only");
        Files.createDirectories(gz.resolve("2024/CX/PB03/HHZ.D"));
        Files.copy(day, gz.resolve("2024/CX/PB03/HHZ.D/CX.PB03..HHZ.D.2024.062.gz"));
        String why = assertThrows(BadInputException.class, () -> SdsArchive.open(gz).extent(SdsArchive.Stations.ALL))
                .getMessage();
        assertTrue(why.contains("no SDS day file with data of *.*; 1 file(s) in the channel folders are not SDS day"
                + " files by their name") && why.contains("read: 2024/CX/PB03/HHZ.D/CX.PB03..HHZ.D.2024.062.gz"), why);
    }

    @Test
    void badRootsRangesAndCodesAreClearErrors() {
        BadInputException e = assertThrows(BadInputException.class, () -> SdsArchive.open(root.resolve("nope")));
        assertTrue(e.getMessage().contains("no such folder"), e.getMessage());
        SdsArchive sds = SdsArchive.open(root);
        BadInputException empty = assertThrows(BadInputException.class,
                () -> sds.read(PB01, MIDNIGHT, MIDNIGHT.plusSeconds(60)));
        assertEquals(BadInputException.Problem.EMPTY, empty.problem());
        assertTrue(empty.getMessage().contains("CX.PB01"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sds.read(PB01, MIDNIGHT, MIDNIGHT));
        IllegalArgumentException code = assertThrows(IllegalArgumentException.class,
                () -> SdsArchive.Stations.parse("PB01"));
        assertTrue(code.getMessage().contains("NET.STA"), code.getMessage());
        assertTrue(SdsArchive.Stations.parse("CX.*,II.PB0?").matches("II", "PB07"));
        assertTrue(SdsArchive.Stations.parse("CX_PB01").matches("CX", "PB01"), "SeedLink's NET_STA, as stream takes it");
        assertEquals("CX.PB01,CX.*", SdsArchive.Stations.parse("CX_PB01,CX_*").toString());
        assertThrows(IllegalArgumentException.class, () -> SdsArchive.Stations.parse("CX_PB_01"));
        assertFalse(SdsArchive.Stations.parse("CX.*,II.PB0?").matches("II", "PB10"));
    }

    @Test
    void aDamagedDayFileStopsTheReadNamingTheFileAndExistingFilesAreNeverReplaced() throws IOException {
        List<Path> files = SdsArchive.write(twentyMinutesAcrossMidnight(), root, WriteOptions.defaults());
        Path f = files.get(0);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 100));
        BadInputException e = assertThrows(BadInputException.class, () -> SdsArchive.open(root).read(PB01,
                MIDNIGHT.minusSeconds(600), MIDNIGHT.plusSeconds(600)));
        assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
        UncheckedIOException again = assertThrows(UncheckedIOException.class,
                () -> SdsArchive.write(twentyMinutesAcrossMidnight(), root, WriteOptions.defaults()));
        assertTrue(again.getMessage().contains("not replaced"), again.getMessage());
        assertEquals(b.length - 100, Files.size(f), "the file already there is left as it was");
    }

    /**
     * Regression (review): a record whose header date was damaged to another day was left out of the
     * day read, in silence; the file is named with the record's channel, time and byte offset. A
     * record that starts before midnight and runs into the file's day is where it should be.
     */
    @Test
    void aRecordOutsideItsFilesDayIsNamedAndOneThatRunsIntoItIsNot() throws IOException {
        // a day file whose first record starts 2 s before midnight and runs past it, as some writers file it
        Instant t0 = MIDNIGHT.minusSeconds(2);
        Path day2 = SdsArchive.path(root, SourceId.parse("CX.PB01..HHZ"), LocalDate.of(2024, 3, 2));
        Files.createDirectories(day2.getParent());
        new MiniSeedWriter(WriteOptions.builder().recordLength(4096).build()).write(
                List.of(TestTraces.randomWalk("CX.PB01..HHZ", t0, 100, 60_000, 1)), day2);
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            SdsArchive.open(root).read(PB01, MIDNIGHT, MIDNIGHT.plusSeconds(300));
        } finally {
            System.setErr(err);
        }
        String said = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(said.lines().noneMatch(l -> l.contains("outside the day")), said);
        // the third record's year damaged: 2024 -> 2025 (the fixed header's year, bytes 20-21)
        byte[] b = Files.readAllBytes(day2);
        int third = 2 * 4096;
        assertEquals(2024, ((b[third + 20] & 0xff) << 8) | (b[third + 21] & 0xff));
        b[third + 21] = (byte) (2025 & 0xff);
        Files.write(day2, b);
        buf.reset();
        System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        WaveformSet w;
        try {
            SdsArchive sds = SdsArchive.open(root);
            w = sds.read(PB01, MIDNIGHT, MIDNIGHT.plusSeconds(300));
            sds.read(PB01, MIDNIGHT, MIDNIGHT.plusSeconds(200));
        } finally {
            System.setErr(err);
        }
        said = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, said.lines().filter(l -> l.contains(day2 + ": 1 record(s) lie outside the day its name gives"
                + " (2024-03-02), the first of CX.PB01..HHZ at 2025-") && l.contains("(byte offset 8192)")).count(), said);
        assertFalse(w.gaps().isEmpty(), "the record's data are missing from the day: a gap");
    }
}
