package io.github.seisclr.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What was read: continuous trace segments, sorted by channel and start time, and a full account
 * of everything that did not become a sample of a trace: gaps between segments, records that hold
 * no waveform data, duplicate records dropped, files in a folder that are not miniSEED.
 */
public final class WaveformSet {
    private final List<Trace> traces;
    private final List<Gap> gaps;
    private final List<SkippedRecord> skippedRecords;
    private final List<String> sources;
    private final List<String> skippedFiles;
    private final List<String> damagedFiles;
    private final int recordCount;
    private final int duplicateRecordsDropped;
    private final int overlapsMerged;

    WaveformSet(List<Trace> traces, List<Gap> gaps, List<SkippedRecord> skippedRecords,
                List<String> sources, List<String> skippedFiles, List<String> damagedFiles, int recordCount,
                int duplicateRecordsDropped, int overlapsMerged) {
        List<Trace> sorted = new ArrayList<>(traces);
        sorted.sort(Comparator.comparing(Trace::id).thenComparingLong(Trace::startNanos));
        this.traces = Collections.unmodifiableList(sorted);
        this.gaps = List.copyOf(gaps);
        this.skippedRecords = List.copyOf(skippedRecords);
        this.sources = List.copyOf(sources);
        this.skippedFiles = List.copyOf(skippedFiles);
        this.damagedFiles = List.copyOf(damagedFiles);
        this.recordCount = recordCount;
        this.duplicateRecordsDropped = duplicateRecordsDropped;
        this.overlapsMerged = overlapsMerged;
    }

    /** @return every continuous segment, sorted by channel then start time */
    public List<Trace> traces() {
        return traces;
    }

    /**
     * @param id a channel
     * @return that channel's segments in time order (empty if the channel was not read)
     */
    public List<Trace> traces(SourceId id) {
        return traces.stream().filter(t -> t.id().equals(id)).toList();
    }

    /** @return the channels read, sorted */
    public SortedSet<SourceId> channels() {
        TreeSet<SourceId> ids = new TreeSet<>();
        traces.forEach(t -> ids.add(t.id()));
        return Collections.unmodifiableSortedSet(ids);
    }

    /** @return gaps (and, with {@link OverlapPolicy#KEEP_BOTH}, overlaps as negative gaps) between segments */
    public List<Gap> gaps() {
        return gaps;
    }

    /** @return records that hold no waveform samples (text, header-only), each with its reason */
    public List<SkippedRecord> skippedRecords() {
        return skippedRecords;
    }

    /** @return the files or stream names read */
    public List<String> sources() {
        return sources;
    }

    /** @return files met while walking a folder that were not read, each with the reason */
    public List<String> skippedFiles() {
        return skippedFiles;
    }

    /**
     * @return the files left out, whole or in part (their damaged records), because a record of
     *     theirs is damaged
     *     ({@link ReadOptions#skipDamagedFiles}), each written as {@link #sources()} writes a
     *     path, in reading order; each is also in {@link #skippedFiles()}, with its damage
     */
    public List<String> damagedFiles() {
        return damagedFiles;
    }

    /** @return the number of miniSEED records read, of every kind */
    public int recordCount() {
        return recordCount;
    }

    /** @return records dropped because every one of their samples was already read */
    public int duplicateRecordsDropped() {
        return duplicateRecordsDropped;
    }

    /** @return records that overlapped earlier data with the same samples and were joined */
    public int overlapsMerged() {
        return overlapsMerged;
    }

    /** @return the total number of samples over all traces */
    public long totalSamples() {
        return traces.stream().mapToLong(Trace::length).sum();
    }

    /** @return true when no trace was read */
    public boolean isEmpty() {
        return traces.isEmpty();
    }

    /**
     * Groups channels into station streams: one per network, station, location and band/instrument
     * code ({@code HH}, {@code EH}, ...), with its components ({@code Z/N/E}, {@code Z/1/2},
     * {@code Z} alone, ...).
     *
     * @return the station streams, sorted by code
     */
    public List<StationStream> stations() {
        return StationStream.of(traces);
    }

    /**
     * @param from first time kept
     * @param to end of the time kept (excluded)
     * @return the samples of {@code [from, to)}, the gaps and records without samples inside it;
     *     the same sources and counts
     */
    WaveformSet within(java.time.Instant from, java.time.Instant to) {
        long a = Times.toNanos(from);
        long b = Times.toNanos(to);
        List<Trace> cut = new ArrayList<>();
        for (Trace t : traces) {
            double rate = t.sampleRate();
            long first = Math.max(0, (long) Math.ceil((a - t.startNanos()) * rate / Times.NANOS_PER_SECOND - 1e-6));
            long end = Math.min(t.length(), (long) Math.ceil((b - t.startNanos()) * rate / Times.NANOS_PER_SECOND - 1e-6));
            if (first < end) {
                cut.add(first == 0 && end == t.length() ? t : new Trace(t.id(), t.startNanos()
                        + Times.spanNanos(first, rate), rate, java.util.Arrays.copyOfRange(t.array(), (int) first,
                        (int) end), t.sampleType()));
            }
        }
        List<Gap> inside = new ArrayList<>();
        for (Gap g : gaps) {
            if (g.firstAfter().isAfter(from) && g.lastBefore().isBefore(to)) {
                inside.add(g);
            }
        }
        List<SkippedRecord> skipped = skippedRecords.stream()
                .filter(r -> r.start() == null || (!r.start().isBefore(from) && r.start().isBefore(to))).toList();
        return new WaveformSet(cut, inside, skipped, sources, skippedFiles, damagedFiles, recordCount,
                duplicateRecordsDropped,
                overlapsMerged);
    }

    /**
     * @param parts sets read from the same files (one per station stream, say)
     * @return their traces, gaps and skipped records together; the sources and skipped files once each
     */
    static WaveformSet merge(List<WaveformSet> parts) {
        List<Trace> traces = new ArrayList<>();
        List<Gap> gaps = new ArrayList<>();
        List<SkippedRecord> skipped = new ArrayList<>();
        java.util.LinkedHashSet<String> sources = new java.util.LinkedHashSet<>();
        java.util.LinkedHashSet<String> skippedFiles = new java.util.LinkedHashSet<>();
        java.util.LinkedHashSet<String> damagedFiles = new java.util.LinkedHashSet<>();
        int records = 0;
        int duplicates = 0;
        int merged = 0;
        for (WaveformSet p : parts) {
            traces.addAll(p.traces);
            gaps.addAll(p.gaps);
            skipped.addAll(p.skippedRecords);
            sources.addAll(p.sources);
            skippedFiles.addAll(p.skippedFiles);
            damagedFiles.addAll(p.damagedFiles);
            records += p.recordCount;
            duplicates += p.duplicateRecordsDropped;
            merged += p.overlapsMerged;
        }
        return new WaveformSet(traces, gaps, skipped, List.copyOf(sources), List.copyOf(skippedFiles),
                List.copyOf(damagedFiles), records,
                duplicates, merged);
    }

    @Override
    public String toString() {
        return traces.size() + " trace segment(s) on " + channels().size() + " channel(s), "
                + gaps.size() + " gap(s), " + skippedRecords.size() + " record(s) without samples";
    }
}
