package io.github.seisclr.io;

import io.github.seisclr.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link WaveformIndex#recordsByEndTime}, the order of {@code seisclr stream --replay}: the records of
 * every file, read again one at a time, in the order of a whole read sorted by end time.
 */
class ReplayOrderTest {

    /** Two files, three channels of one station and one of another, in records of two lengths. */
    private static List<Path> files(Path dir) throws IOException {
        Trace z = TestTraces.randomWalk("XX.AAA.00.HHZ", TestTraces.T0, 100, 30_000, 1);
        Trace n = TestTraces.randomWalk("XX.AAA.00.HHN", TestTraces.T0.plusMillis(70), 100, 30_000, 2);
        Trace e = TestTraces.randomWalk("XX.AAA.00.HHE", TestTraces.T0.plusMillis(30), 100, 29_000, 3);
        Trace other = TestTraces.randomWalk("XX.BBB.00.BHZ", TestTraces.T0.plus(Duration.ofSeconds(20)), 40, 9_000, 4);
        Path a = dir.resolve("a.mseed");
        Path b = dir.resolve("b.mseed");
        Files.write(a, TestTraces.mseed(List.of(z, n), WriteOptions.builder().recordLength(512).build()));
        Files.write(b, TestTraces.mseed(List.of(e, other), WriteOptions.builder().recordLength(4096).build()));
        return List.of(a, b);
    }

    /**
     * The days a station's records touch, for a reader that takes a day at a time (train --stream): a
     * record across midnight touches both days, and a stray record years away adds its own day, not the
     * years between (review of 2026-12-07).
     */
    @Test
    void theDaysAStationsRecordsTouchAreListed(@TempDir Path dir) throws IOException {
        java.time.Instant midnight = java.time.Instant.parse("2024-03-02T00:00:00Z");
        Trace across = TestTraces.randomWalk("XX.AAA.00.HHZ", midnight.minusSeconds(30), 100, 6_000, 5);
        Trace stray = TestTraces.randomWalk("XX.AAA.00.HHZ", java.time.Instant.parse("2019-06-01T12:00:00Z"), 100, 500, 6);
        Path f = dir.resolve("days.mseed");
        Files.write(f, TestTraces.mseed(List.of(stray, across), WriteOptions.builder().recordLength(512).build()));
        WaveformIndex index = WaveformIndex.of(List.of(f), ReadOptions.defaults());
        assertEquals(List.of(java.time.LocalDate.parse("2019-06-01"), java.time.LocalDate.parse("2024-03-01"),
                java.time.LocalDate.parse("2024-03-02")), List.copyOf(index.days("XX.AAA.00.HH")));
        assertTrue(index.days("XX.NONE.00.HH").isEmpty());
    }

    @Test
    void theRecordsComeAsAWholeReadSortedByEndTime(@TempDir Path dir) throws IOException {
        List<Path> files = files(dir);
        List<Trace> want = new ArrayList<>(new MiniSeedReader(ReadOptions.defaults()).records(files));
        want.sort(Comparator.comparing(Trace::endExclusive)); // stable: reading order among equal ends
        List<Trace> got = new ArrayList<>();
        WaveformIndex index = WaveformIndex.of(files, ReadOptions.defaults());
        long taken = index.recordsByEndTime(id -> true, got::add);

        assertEquals(want.size(), taken);
        assertEquals(want.size(), index.recordsWithSamples(id -> true));
        assertTrue(want.size() > 100, "records of both lengths: " + want.size());
        for (int i = 0; i < want.size(); i++) {
            Trace w = want.get(i);
            Trace g = got.get(i);
            assertEquals(w.id(), g.id(), "record " + i);
            assertEquals(w.start(), g.start(), "record " + i);
            assertEquals(w.sampleRate(), g.sampleRate());
            assertArrayEquals(w.samples(), g.samples(), "record " + i);
        }
        // the two files' records interleave: not file by file
        assertTrue(got.get(1).id().station().equals("AAA") && !got.get(0).id().equals(got.get(1).id()),
                "the first records are of several channels");
    }

    @Test
    void onlyTheChannelsChosenComeAndTheCallerMayStop(@TempDir Path dir) throws IOException {
        WaveformIndex index = WaveformIndex.of(files(dir), ReadOptions.defaults());
        List<Trace> other = new ArrayList<>();
        long taken = index.recordsByEndTime(id -> id.station().equals("BBB"), other::add);
        assertEquals(taken, other.size());
        assertEquals(index.recordsWithSamples(id -> id.station().equals("BBB")), taken);
        assertTrue(taken > 0 && other.stream().allMatch(t -> t.id().station().equals("BBB")));

        List<Trace> first = new ArrayList<>();
        long stopped = index.recordsByEndTime(id -> true, t -> first.size() < 5 && first.add(t));
        assertEquals(5, stopped);
        assertEquals(5, first.size());
    }

    @Test
    void aFileCutShortAfterIndexingIsNamed(@TempDir Path dir) throws IOException {
        List<Path> files = files(dir);
        WaveformIndex index = WaveformIndex.of(files, ReadOptions.defaults());
        byte[] b = Files.readAllBytes(files.get(1));
        Files.write(files.get(1), java.util.Arrays.copyOf(b, 4096));
        BadInputException e = assertThrows(BadInputException.class, () -> index.recordsByEndTime(id -> true, t -> true));
        assertTrue(e.getMessage().contains("b.mseed") && e.getMessage().contains("shorter than when it was indexed"),
                e.getMessage());
    }

    /** Records that end together come in reading order: file by file as given, then by byte offset. */
    @Test
    void recordsThatEndTogetherComeInReadingOrder(@TempDir Path dir) throws IOException {
        WriteOptions int32 = WriteOptions.builder().recordLength(512).encoding(WriteOptions.DataEncoding.INT32).build();
        Trace z = TestTraces.randomWalk("XX.AAA.00.HHZ", TestTraces.T0, 100, 3_000, 1);
        Trace n = TestTraces.randomWalk("XX.AAA.00.HHN", TestTraces.T0, 100, 3_000, 2);
        Trace e = TestTraces.randomWalk("XX.AAA.00.HHE", TestTraces.T0, 100, 3_000, 3);
        Path b = dir.resolve("b.mseed"); // given first: its records come first at each tie
        Path a = dir.resolve("a.mseed");
        Files.write(b, TestTraces.mseed(List.of(e), int32));
        Files.write(a, TestTraces.mseed(List.of(z, n), int32)); // Z's records, then N's, in the file
        List<Trace> got = new ArrayList<>();
        WaveformIndex.of(List.of(b, a), ReadOptions.defaults()).recordsByEndTime(id -> true, got::add);
        assertTrue(got.size() >= 6 && got.size() % 3 == 0, "records: " + got.size());
        for (int i = 0; i < got.size(); i += 3) {
            assertEquals(got.get(i).endExclusive(), got.get(i + 2).endExclusive(), "three records end together");
            assertEquals(List.of("HHE", "HHZ", "HHN"), List.of(got.get(i).id().channel(), got.get(i + 1).id().channel(),
                    got.get(i + 2).id().channel()), "at " + got.get(i).endExclusive());
        }
    }
}
