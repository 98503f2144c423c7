package io.github.seisclr.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The station-day records of an archive job's output (hours and warnings): each record file is read
 * once, files that a later batch writes are taken in, and a station-day recorded twice takes its
 * latest record.
 */
class DayRecordsTest {
    @TempDir
    Path dir;

    private static final LocalDate D1 = LocalDate.of(2024, 3, 1);
    private static final LocalDate D2 = LocalDate.of(2024, 3, 2);

    private Path write(String name, String text, long changedMillis) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        Files.setLastModifiedTime(f, FileTime.fromMillis(changedMillis));
        return f;
    }

    /** @return the records' hours alone, by day and station */
    private static Map<LocalDate, Map<String, Double>> hours(Map<LocalDate, Map<String, ArchiveJob.DayRecords.Day>> of) {
        Map<LocalDate, Map<String, Double>> out = new TreeMap<>();
        of.forEach((day, stations) -> stations.forEach((sta, d) -> out.computeIfAbsent(day, x -> new TreeMap<>())
                .put(sta, d.hours())));
        return out;
    }

    @Test
    void readsEachRecordOnceTakesInNewOnesAndTheLatestWins() throws IOException {
        ArchiveJob.DayRecords records = new ArchiveJob.DayRecords(dir);
        assertEquals(Map.of(), records.of(Set.of(D1)));
        write("batch-a.txt", "CX.PB01|2024-03-01\t24.0\nCX.PB02|2024-03-01\t23.5\n", 1_000_000);
        assertEquals(Map.of(D1, Map.of("CX.PB01", 24.0, "CX.PB02", 23.5)), hours(records.of(Set.of(D1, D2))));
        // a later batch's record, which does PB02's day again (a job that died before recording it as done)
        write("batch-0.txt", "CX.PB02|2024-03-01\t12.0\nCX.PB01|2024-03-02\t6.0\n", 2_000_000);
        write("notes.md", "CX.PB01|2024-03-02\t99\n", 3_000_000);
        assertEquals(Map.of(D1, Map.of("CX.PB01", 24.0, "CX.PB02", 12.0), D2, Map.of("CX.PB01", 6.0)),
                hours(records.of(Set.of(D1, D2))));
        assertEquals(Map.of(D2, Map.of("CX.PB01", 6.0)), hours(records.of(Set.of(D2))));
        // a record is written once: it is not read again (the job never changes one)
        write("batch-a.txt", "CX.PB01|2024-03-01\t1.0\n", 1_000_000);
        assertEquals(24.0, records.of(Set.of(D1)).get(D1).get("CX.PB01").hours());
        assertEquals(1.0, new ArchiveJob.DayRecords(dir).of(Set.of(D1)).get(D1).get("CX.PB01").hours());
    }

    /**
     * A station-day's warnings come back as they were said, tabs, line breaks and backslashes
     * included; a station-day done again takes its latest record's warnings, none included.
     */
    @Test
    void warningsComeBackAsSaidAndTheLatestRecordWins() throws IOException {
        String odd = "CX.PB01..HHZ: 3 spike(s) replaced\tat 2024-03-01T10:00:00Z\nC:\\data\\PB01.mseed \\n";
        String key = "CX.PB01|2024-03-01\t";
        write("batch-a.txt", key + "24.0\n" + key + ArchiveJob.DayRecords.WARNING + ArchiveJob.DayRecords.escape(odd)
                + "\n" + key + ArchiveJob.DayRecords.WARNING + "a second\n" + "CX.PB02|2024-03-01\t24.0\n", 1_000_000);
        assertEquals(1, Files.readAllLines(dir.resolve("batch-a.txt")).stream().filter(l -> l.contains("spike")).count(),
                "one line per warning");
        Map<String, ArchiveJob.DayRecords.Day> d1 = new ArchiveJob.DayRecords(dir).of(Set.of(D1)).get(D1);
        assertEquals(List.of(odd, "a second"), d1.get("CX.PB01").warnings());
        assertEquals(List.of(), d1.get("CX.PB02").warnings());
        write("batch-b.txt", key + "24.0\n", 2_000_000);
        assertEquals(List.of(), new ArchiveJob.DayRecords(dir).of(Set.of(D1)).get(D1).get("CX.PB01").warnings(),
                "the day done again without warnings");
    }
}
