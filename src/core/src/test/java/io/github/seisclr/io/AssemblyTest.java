package io.github.seisclr.io;

import io.github.seisclr.BadInputException;
import io.github.seisclr.BadInputException.Problem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.github.seisclr.io.TestTraces.T0;
import static io.github.seisclr.io.TestTraces.concat;
import static io.github.seisclr.io.TestTraces.mseed;
import static io.github.seisclr.io.TestTraces.randomWalk;
import static io.github.seisclr.io.TestTraces.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Merging records into traces: gaps, duplicates, overlaps, order, rates. */
class AssemblyTest {
    private static final WriteOptions SMALL = WriteOptions.builder().recordLength(512).build();

    @Test
    void gapSplitsTraceAndIsReportedWithMissingSampleCount() {
        Trace full = randomWalk("XX.GAP..HHZ", T0, 100.0, 10_000, 1);
        Trace a = full.slice(full.timeOf(0), full.timeOf(3999));
        Trace b = full.slice(full.timeOf(4250), full.timeOf(9999));
        WaveformSet set = read(mseed(List.of(a, b), SMALL));
        assertEquals(2, set.traces().size());
        assertEquals(1, set.gaps().size());
        Gap g = set.gaps().get(0);
        assertEquals(250, g.missingSamples());
        assertEquals(full.timeOf(3999), g.lastBefore());
        assertEquals(full.timeOf(4250), g.firstAfter());
        assertArrayEquals(a.samples(), set.traces().get(0).samples());
        assertArrayEquals(b.samples(), set.traces().get(1).samples());
        assertEquals(full.length() - 250, set.totalSamples(), "no sample invented, none lost");
    }

    /**
     * Regression (review): a record whose header year was damaged (2017 -> 2031) moved 14 years away
     * in silence, and the event it held was lost to a gap. It is read as it is, and named.
     */
    @Test
    void aRecordFarFromTheRestOfItsChannelIsNamed() {
        Trace t = randomWalk("XX.STR..HHZ", T0, 100.0, 60_000, 4);
        byte[] b = mseed(List.of(t), SMALL);
        int records = b.length / 512;
        int damaged = 40;
        java.nio.ByteBuffer.wrap(b).putShort(damaged * 512 + 20, (short) (T0.atZone(java.time.ZoneOffset.UTC).getYear() + 14));
        List<RawRecord> raw = new java.util.ArrayList<>(new RecordParser("damaged.mseed", b, b.length,
                ReadOptions.defaults()).parseAll());
        raw.sort(java.util.Comparator.comparingLong(r -> r.startNanos));
        List<String> warned = TraceAssembler.strays(raw);
        assertEquals(1, warned.size(), warned.toString());
        assertTrue(warned.get(0).startsWith("damaged.mseed at byte " + damaged * 512 + ", channel XX.STR..HHZ: 1 record(s)"),
                warned.get(0));
        assertTrue(warned.get(0).contains("from the rest of the channel's " + (records - 1) + " records"), warned.get(0));
        // read as it is: no sample lost
        assertEquals(t.length(), read(b).totalSamples());
        // the undamaged file: nothing to say
        List<RawRecord> sound = new RecordParser("sound.mseed", mseed(List.of(t), SMALL), b.length,
                ReadOptions.defaults()).parseAll();
        assertTrue(TraceAssembler.strays(sound).isEmpty());
    }

    @Test
    void exactDuplicateRecordsAreDroppedAndCounted() {
        Trace t = randomWalk("XX.DUP..HHZ", T0, 100.0, 5_000, 2);
        byte[] once = mseed(List.of(t), SMALL);
        WaveformSet set = read(concat(once, once));
        assertEquals(1, set.traces().size());
        assertArrayEquals(t.samples(), set.traces().get(0).samples());
        assertEquals(once.length / 512, set.duplicateRecordsDropped());
        assertTrue(set.gaps().isEmpty());
    }

    @Test
    void overlapWithAgreeingSamplesJoinsIntoOneTrace() {
        Trace full = randomWalk("XX.OVL..HHZ", T0, 100.0, 6_000, 3);
        Trace a = full.slice(full.timeOf(0), full.timeOf(3999));
        Trace b = full.slice(full.timeOf(3000), full.timeOf(5999));
        WaveformSet set = read(mseed(List.of(a, b), WriteOptions.defaults()));
        assertEquals(1, set.traces().size(), set.toString());
        assertArrayEquals(full.samples(), set.traces().get(0).samples());
        assertTrue(set.overlapsMerged() + set.duplicateRecordsDropped() > 0);
    }

    @Test
    void conflictingOverlapIsAnErrorNamingChannelAndTime() {
        Trace a = randomWalk("XX.OVL..HHZ", T0, 100.0, 4_000, 4);
        Trace b = randomWalk("XX.OVL..HHZ", a.timeOf(3000), 100.0, 3_000, 5);
        BadInputException e = assertThrows(BadInputException.class, () -> read(mseed(a, b)));
        assertEquals(Problem.CONFLICTING_OVERLAP, e.problem());
        assertEquals("XX.OVL..HHZ", e.channel().orElseThrow());
        assertEquals(a.timeOf(3000), e.time().orElseThrow());
        assertTrue(e.getMessage().contains("test.mseed"), e.getMessage());
    }

    @Test
    void conflictingOverlapKeptAsTwoSegmentsWhenAsked() {
        Trace a = randomWalk("XX.OVL..HHZ", T0, 100.0, 4_000, 4);
        Trace b = randomWalk("XX.OVL..HHZ", a.timeOf(3000), 100.0, 3_000, 5);
        WaveformSet set = read(mseed(a, b), ReadOptions.builder().overlapPolicy(OverlapPolicy.KEEP_BOTH).build());
        assertEquals(2, set.traces().size());
        assertEquals(7_000, set.totalSamples(), "both versions kept in full");
        assertTrue(set.gaps().get(0).duration().isNegative(), "overlap reported as negative gap");
    }

    /**
     * Regression (review): two copies of the same stretch that disagree, with records of other
     * lengths so that they interleave in time, were cut into many short segments (each record that
     * disagreed with the segment before it started a new one), and detection lost most of the hour.
     * Each record now continues the copy it follows on from: two segments, each one copy whole.
     */
    @Test
    void twoDisagreeingCopiesInterleavedStayTwoSegments() {
        Trace a = randomWalk("XX.TWO..HHZ", T0, 100.0, 20_000, 21);
        Trace b = randomWalk("XX.TWO..HHZ", T0.plusMillis(2_000), 100.0, 20_000, 22);
        byte[] both = concat(mseed(List.of(a), SMALL), mseed(List.of(b), WriteOptions.builder().recordLength(1024).build()));
        WaveformSet set = read(both, ReadOptions.builder().overlapPolicy(OverlapPolicy.KEEP_BOTH).build());
        assertTrue(set.recordCount() > 40, "many records of each copy interleave: " + set.recordCount());
        assertEquals(2, set.traces().size(), set.toString());
        assertArrayEquals(a.samples(), set.traces().get(0).samples(), "the first copy whole");
        assertArrayEquals(b.samples(), set.traces().get(1).samples(), "the second copy whole");
        assertEquals(1, set.gaps().size(), set.gaps().toString());
        assertTrue(set.gaps().get(0).duration().isNegative(), "the overlap reported once, as a negative gap");
        BadInputException e = assertThrows(BadInputException.class, () -> read(both));
        assertEquals(Problem.CONFLICTING_OVERLAP, e.problem(), "still refused by default");
    }

    /**
     * Two copies that disagree in one stretch only (review): after the disagreement each record
     * continued its own copy, so the rest of the day was kept twice with equal samples. Records that
     * repeat data already held are dropped or merged first: both versions of the stretch are kept,
     * the rest once, and every sample time of the recording is covered.
     */
    @Test
    void copiesThatAgreeAgainAfterADisagreementAreKeptOnce() {
        Trace a = randomWalk("XX.TWO..HHZ", T0, 100.0, 20_000, 23);
        double[] x = a.samples();
        for (int i = 5_000; i < 5_100; i++) {
            x[i] += 1;
        }
        Trace b = Trace.of(a.id(), a.start(), a.sampleRate(), x);
        byte[] both = concat(mseed(List.of(a), SMALL), mseed(List.of(b), WriteOptions.builder().recordLength(4096).build()));
        WaveformSet set = read(both, ReadOptions.builder().overlapPolicy(OverlapPolicy.KEEP_BOTH).build());
        assertTrue(set.totalSamples() < 26_000, "one copy and the disagreeing records, not two copies: " + set);
        assertTrue(set.duplicateRecordsDropped() + set.overlapsMerged() > 10, set.toString());
        for (Trace copy : List.of(a, b)) {
            assertTrue(set.traces().stream().anyMatch(t -> !t.start().isAfter(copy.timeOf(5_000))
                    && !t.end().isBefore(copy.timeOf(5_099))
                    && t.sample((int) t.indexOf(copy.timeOf(5_050))) == copy.sample(5_050)), "both versions kept: " + set);
        }
        for (int i = 0; i < 20_000; i += 97) {
            java.time.Instant at = a.timeOf(i);
            assertTrue(set.traces().stream().anyMatch(t -> !t.start().isAfter(at) && !t.end().isBefore(at)),
                    "sample " + i + " covered");
        }
    }

    @Test
    void recordsInAnyOrderGiveTheSameTrace() {
        Trace t = randomWalk("XX.ORD..HHZ", T0, 100.0, 20_000, 6);
        byte[] b = mseed(List.of(t), SMALL);
        List<byte[]> records = new ArrayList<>();
        for (int off = 0; off < b.length; off += 512) {
            records.add(java.util.Arrays.copyOfRange(b, off, off + 512));
        }
        Collections.shuffle(records, new Random(7));
        WaveformSet set = read(concat(records.toArray(new byte[0][])));
        assertEquals(1, set.traces().size());
        assertArrayEquals(t.samples(), set.traces().get(0).samples());
    }

    @Test
    void timingJitterBelowHalfASampleDoesNotSplit() {
        Trace a = randomWalk("XX.JIT..HHZ", T0, 100.0, 1000, 8);
        // next record starts 3 ms late (0.3 samples at 100 Hz): libmseed joins it, so do we
        Trace b = randomWalk("XX.JIT..HHZ", a.endExclusive().plusMillis(3), 100.0, 1000, 9);
        WaveformSet set = read(mseed(a, b));
        assertEquals(1, set.traces().size());
        assertEquals(2000, set.traces().get(0).length());
        // 7 ms late (0.7 samples) is a gap
        Trace c = randomWalk("XX.JIT..HHZ", a.endExclusive().plusMillis(7), 100.0, 1000, 9);
        assertEquals(2, read(mseed(a, c)).traces().size());
    }

    /**
     * Regression (review): a record 7 ms early (the clock stepped back 0.7 sample) was taken as an
     * overlap of one sample: refused as a conflicting copy when the samples differed, its first
     * sample dropped when they were equal. No sample of it stands where one was read: a new segment
     * with every sample of both, as libmseed reads it.
     */
    @Test
    void aClockSteppedBackByLessThanASampleKeepsEverySample() {
        Trace a = randomWalk("XX.JIT..HHZ", T0, 100.0, 1000, 8);
        double[] y = randomWalk("XX.JIT..HHZ", T0, 100.0, 1000, 9).samples();
        Trace differ = Trace.of(a.id(), a.endExclusive().minusMillis(7), 100.0, y, SampleType.INTEGER);
        WaveformSet set = read(mseed(a, differ));
        assertEquals(2, set.traces().size());
        assertEquals(2000, set.totalSamples());
        assertEquals(1, set.gaps().size());
        assertEquals(0, set.gaps().get(0).missingSamples());
        y[0] = a.sample(999);
        Trace same = Trace.of(a.id(), a.endExclusive().minusMillis(7), 100.0, y, SampleType.INTEGER);
        assertEquals(2000, read(mseed(a, same)).totalSamples(), "an equal first sample is not a duplicate");
    }

    /**
     * Regression (black-box review): a record that a recorder stamped 50 ms early, after the one
     * before it in the same file (a timing correction after a GPS fix), made every batch command
     * refuse the whole file as holding "two copies" of the data, while the stream read it. Its
     * overlapping samples are left out and the rest go on from the data's end, as the stream reads
     * it, with a warning that names file, byte, channel and time, and how many samples.
     */
    @Test
    void aClockSteppedBackWithinAFileLeavesOutTheOverlapAndSaysSo() {
        Trace a = randomWalk("XX.STP..HHZ", T0, 100.0, 1000, 31);
        Trace b = randomWalk("XX.STP..HHZ", a.endExclusive().minusMillis(50), 100.0, 1000, 32);
        Warnings.Collected<WaveformSet> read = Warnings.collect(() -> read(mseed(a, b)));
        WaveformSet set = read.value();
        assertEquals(1, set.traces().size(), set.toString());
        assertEquals(List.of(), set.gaps());
        double[] expected = new double[1995];
        System.arraycopy(a.samples(), 0, expected, 0, 1000);
        System.arraycopy(b.samples(), 5, expected, 1000, 995);
        assertArrayEquals(expected, set.traces().get(0).samples(), "b's first 5 samples left out, the rest in place");
        assertEquals(1, read.warnings().size(), read.warnings().toString());
        String w = read.warnings().get(0);
        assertTrue(w.contains("test.mseed at byte ") && w.contains("channel XX.STP..HHZ") && w.contains(
                "time " + b.start()) && w.contains("1 record(s)") && w.contains("0.050 s") && w.contains("5 overlapping"), w);
    }

    /**
     * Review: a file with a clock stepped back, read together with an identical copy of itself (or
     * named twice), was refused as two copies that disagree: the copy's stepped record no longer
     * matched the samples kept of it. It is a duplicate, dropped as any other.
     */
    @Test
    void aSteppedFileReadWithItsCopyIsReadOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        Trace a = randomWalk("XX.STP..HHZ", T0, 100.0, 1000, 31);
        Trace b = randomWalk("XX.STP..HHZ", a.endExclusive().minusMillis(50), 100.0, 1000, 32);
        java.nio.file.Path f = dir.resolve("f.mseed");
        Waveforms.write(List.of(a, b), f);
        java.nio.file.Path copy = java.nio.file.Files.createDirectories(dir.resolve("sub")).resolve("f-copy.mseed");
        java.nio.file.Files.copy(f, copy);
        double[] alone = Waveforms.read(f).traces().get(0).samples();
        for (List<java.nio.file.Path> paths : List.of(List.of(f, copy), List.of(copy, f), List.of(f, f))) {
            WaveformSet set = Waveforms.reader(ReadOptions.defaults()).read(paths);
            assertEquals(1, set.traces().size(), paths + ": " + set);
            assertArrayEquals(alone, set.traces().get(0).samples(), paths.toString());
            assertTrue(set.duplicateRecordsDropped() > 0, set.toString());
        }
    }

    /**
     * What a clock stepped back is not: an overlap of more than half a second, an overlap across
     * two files, or a record that comes in its file before the data it overlaps (two copies
     * interleaved) is still refused as two copies.
     */
    @Test
    void longerOverlapsAndOverlapsAcrossFilesAreStillRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Trace a = randomWalk("XX.STP..HHZ", T0, 100.0, 1000, 31);
        Trace longer = randomWalk("XX.STP..HHZ", a.endExclusive().minusMillis(600), 100.0, 1000, 32);
        assertEquals(Problem.CONFLICTING_OVERLAP, assertThrows(BadInputException.class,
                () -> read(mseed(a, longer))).problem());
        Trace b = randomWalk("XX.STP..HHZ", a.endExclusive().minusMillis(50), 100.0, 1000, 32);
        assertEquals(Problem.CONFLICTING_OVERLAP, assertThrows(BadInputException.class,
                () -> read(mseed(b, a))).problem(), "the later record first in the file");
        Waveforms.write(List.of(a), dir.resolve("a.mseed"));
        Waveforms.write(List.of(b), dir.resolve("b.mseed"));
        BadInputException e = assertThrows(BadInputException.class, () -> Waveforms.read(dir));
        assertEquals(Problem.CONFLICTING_OVERLAP, e.problem());
        assertTrue(e.getMessage().contains("a.mseed") && e.getMessage().contains("b.mseed"), e.getMessage());
    }

    /**
     * A channel whose rate changes in one file (a sensor reconfigured), after a gap or where the
     * first rate ends, is one trace per rate, each sample as recorded, with a warning naming the
     * channel, time, rates and record, as libmseed and ObsPy read it. It was refused
     * (MIXED_SAMPLE_RATE), and neither the command line nor the API could read the rates apart
     * (a black-box review: detect and stream --replay stopped where a live stream went on).
     */
    @Test
    void aChannelWhoseRateChangesIsOneTracePerRate() {
        Trace a = randomWalk("XX.MIX..HHZ", T0, 100.0, 1000, 10);
        Trace b = randomWalk("XX.MIX..HHZ", a.endExclusive().plus(Duration.ofSeconds(60)), 50.0, 1000, 11);
        Trace c = randomWalk("XX.MIX..HHZ", b.endExclusive(), 100.0, 1000, 12);
        Warnings.Collected<WaveformSet> read = Warnings.collect(() -> read(mseed(a, b, c)));
        List<Trace> traces = read.value().traces();
        assertEquals(List.of(100.0, 50.0, 100.0), traces.stream().map(Trace::sampleRate).toList());
        assertEquals(List.of(a.start(), b.start(), c.start()), traces.stream().map(Trace::start).toList());
        assertArrayEquals(a.samples(), traces.get(0).samples());
        assertArrayEquals(b.samples(), traces.get(1).samples());
        assertArrayEquals(c.samples(), traces.get(2).samples());
        assertEquals(1, read.value().gaps().size(), "the minute between a and b: " + read.value().gaps());
        assertTrue(read.warnings().stream().anyMatch(w -> w.contains("XX.MIX..HHZ") && w.contains("from 100 Hz to 50 Hz at "
                + b.start()) && w.contains("one trace per rate")), read.warnings().toString());
        assertTrue(read.warnings().stream().anyMatch(w -> w.contains("from 50 Hz to 100 Hz at " + c.start())),
                read.warnings().toString());
    }

    /** Records of two rates that overlap: one record's rate or time stamp is wrong, and the read is refused. */
    @Test
    void recordsOfTwoRatesThatOverlapAreAnError() {
        Trace a = randomWalk("XX.MIX..HHZ", T0, 100.0, 1000, 10);
        Trace b = randomWalk("XX.MIX..HHZ", a.endExclusive().minusSeconds(5), 50.0, 1000, 11);
        BadInputException e = assertThrows(BadInputException.class, () -> read(mseed(a, b)));
        assertEquals(Problem.MIXED_SAMPLE_RATE, e.problem());
        assertTrue(e.getMessage().contains("from 100 Hz") && e.getMessage().contains("to 50 Hz")
                && e.getMessage().contains("overlap by 5.000 s"), e.getMessage());
        assertEquals("XX.MIX..HHZ", e.channel().orElseThrow());
        assertEquals(b.start(), e.time().orElseThrow());
    }

    @Test
    void channelsAcrossFilesMergeIntoOneTrace(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Trace full = randomWalk("XX.FIL..HHZ", T0, 100.0, 30_000, 12);
        Trace a = full.slice(full.timeOf(0), full.timeOf(14_999));
        Trace b = full.slice(full.timeOf(15_000), full.timeOf(29_999));
        Waveforms.write(List.of(b), dir.resolve("b.mseed"));
        Waveforms.write(List.of(a), dir.resolve("sub").resolve("a.mseed").getParent().toFile().mkdirs()
                ? dir.resolve("sub").resolve("a.mseed") : dir.resolve("a.mseed"));
        WaveformSet set = Waveforms.read(dir);
        assertEquals(2, set.sources().size());
        assertEquals(1, set.traces().size());
        assertArrayEquals(full.samples(), set.traces().get(0).samples());
    }

    @Test
    void sliceKeepsSampleTimes() {
        Trace t = randomWalk("XX.SLI..HHZ", Instant.parse("2024-01-01T00:00:00Z"), 100.0, 1000, 13);
        Trace s = t.slice(Instant.parse("2024-01-01T00:00:01.005Z"), Instant.parse("2024-01-01T00:00:02Z"));
        assertEquals(Instant.parse("2024-01-01T00:00:01.010Z"), s.start());
        assertEquals(100, s.length());
        assertEquals(t.sample(101), s.sample(0));
    }
}
