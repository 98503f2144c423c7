package io.github.seisclr.io;

import io.github.seisclr.BadInputException;
import io.github.seisclr.BadInputException.Problem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where each waveform record of a set of miniSEED files and folders lies, by station stream and
 * time, without its samples: a long input (a station-week in one file, a folder of hourly files) is
 * then read a time range at a time ({@link #read}): the index itself grows by about 50 bytes a
 * record, and each file is read whole (one at a time) while it is indexed.
 *
 * <p>Building the index reads and decodes every record once, so that a damaged record stops the
 * run before any work, with the same message as {@link MiniSeedReader#read}; only the headers are
 * kept (about 50 bytes per record). {@link #read} then reads the records that overlap the range
 * from their files and merges them as {@link MiniSeedReader#read} merges a whole input, cut to the
 * range. The files must not change meanwhile. Merging starts from the first record a range reads:
 * where record start times jitter, a range's trace may start on a record's own time where a whole
 * read fits that record to the grid of the records before it (within half a sample).
 */
public final class WaveformIndex {
    private final ReadOptions options;
    private final List<Path> files;
    private final List<String> skippedFiles;
    /** Files left out as damaged ({@link ReadOptions#skipDamagedFiles}), by index in {@link #files}. */
    private final java.util.BitSet leftOut = new java.util.BitSet();
    /** Files read but for their damaged records ({@link MiniSeedReader.Damaged#keepsSoundRecords}), by index in {@link #files}. */
    private final java.util.BitSet inPart = new java.util.BitSet();
    private final Map<String, Records> byStation = new TreeMap<>();
    private final List<SkippedRecord> skippedRecords = new ArrayList<>();
    private int recordCount;
    /** What indexing the files warned of ({@link #of}); none for an archive's index, whose runs list them. */
    private List<String> warnings = List.of();

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WaveformIndex.class);

    /** Headers of one station stream's records, in reading order (file, then byte offset). */
    private static final class Records {
        /** The station stream's channels and the rates their records are at. */
        final Map<SourceId, java.util.SortedSet<Double>> channels = new TreeMap<>();
        /** The channels in order of first appearance, for {@link #channel}. */
        final List<SourceId> ids = new ArrayList<>();
        final Map<SourceId, Integer> idIndex = new java.util.HashMap<>();
        short[] channel = new short[64];
        double[] rate = new double[64];
        int n;
        int[] file = new int[64];
        int[] length = new int[64];
        long[] offset = new long[64];
        long[] start = new long[64];
        long[] end = new long[64];
        long samples;

        void add(int f, long off, int len, long s, long e, int count, SourceId id, double r) {
            if (n == file.length) {
                int m = n * 2;
                channel = Arrays.copyOf(channel, m);
                rate = Arrays.copyOf(rate, m);
                file = Arrays.copyOf(file, m);
                length = Arrays.copyOf(length, m);
                offset = Arrays.copyOf(offset, m);
                start = Arrays.copyOf(start, m);
                end = Arrays.copyOf(end, m);
            }
            file[n] = f;
            offset[n] = off;
            length[n] = len;
            start[n] = s;
            end[n] = e;
            samples += count;
            Integer c = idIndex.get(id);
            if (c == null) {
                c = ids.size();
                ids.add(id);
                idIndex.put(id, c);
            }
            channel[n] = (short) (int) c;
            rate[n] = r;
            channels.computeIfAbsent(id, k -> new java.util.TreeSet<>()).add(r);
            n++;
        }
    }

    private WaveformIndex(ReadOptions options, List<Path> files, List<String> skippedFiles) {
        this.options = options;
        this.files = List.copyOf(files);
        this.skippedFiles = new ArrayList<>(skippedFiles);
    }

    /**
     * Indexes files and folders (folders searched as {@link MiniSeedReader#read} searches them).
     *
     * @param paths files and folders
     * @param options how records are read and merged
     * @return the index
     * @throws BadInputException for unreadable, empty or damaged input, naming the file, channel,
     *     time and byte offset
     */
    public static WaveformIndex of(Collection<Path> paths, ReadOptions options) {
        Warnings.Collected<WaveformIndex> read = Warnings.collect(() -> {
            WaveformIndex index = withoutStrayWarnings(paths, options);
            index.warnStrays();
            return index;
        });
        read.value().warnings = read.warnings();
        return read.value();
    }

    /**
     * @return what indexing the files warned of (damaged files left out, records read with the Steim
     *     check off, records far from the rest of their channel, ...), each once; a detection run
     *     over the index lists them in its result ({@code DetectionResult#warnings()}) with its own
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * {@link #of(Collection, ReadOptions)} without the warnings of records far from the rest of their
     * channel: for an SDS archive, whose misdated records {@link SdsArchive} names by their day file.
     */
    static WaveformIndex withoutStrayWarnings(Collection<Path> paths, ReadOptions options) {
        Objects.requireNonNull(options, "options");
        if (paths.isEmpty()) {
            throw new BadInputException(Problem.EMPTY, null, null, null, -1, "no input files given");
        }
        List<String> skipped = new ArrayList<>();
        List<Path> files = new MiniSeedReader(options).files(paths, skipped);
        WaveformIndex index = new WaveformIndex(options, files, skipped);
        for (int i = 0; i < files.size(); i++) {
            index.add(i);
        }
        return index;
    }

    /** Warns of each channel's records far from the rest of its data ({@link TraceAssembler#strays}). */
    private void warnStrays() {
        for (Records r : byStation.values()) {
            int channels = r.ids.size();
            long[] min = new long[channels];
            long[] max = new long[channels];
            int[] count = new int[channels];
            Arrays.fill(min, Long.MAX_VALUE);
            Arrays.fill(max, Long.MIN_VALUE);
            for (int i = 0; i < r.n; i++) {
                min[r.channel[i]] = Math.min(min[r.channel[i]], r.start[i]);
                max[r.channel[i]] = Math.max(max[r.channel[i]], r.start[i]);
                count[r.channel[i]]++;
            }
            for (int c = 0; c < channels; c++) {
                if (max[c] - min[c] <= TraceAssembler.STRAY_GAP_NANOS) {
                    continue; // no gap that long can lie within: the usual case, without sorting
                }
                long[] starts = new long[count[c]];
                for (int i = 0, m = 0; i < r.n; i++) {
                    if (r.channel[i] == c) {
                        starts[m++] = r.start[i];
                    }
                }
                Arrays.sort(starts);
                int channel = c;
                TraceAssembler.strays(starts.length, i -> starts[i], i -> {
                    // the first record in reading order that starts there
                    for (int q = 0; q < r.n; q++) {
                        if (r.channel[q] == channel && r.start[q] == starts[i]) {
                            return files.get(r.file[q]) + " at byte " + r.offset[q] + ", channel " + r.ids.get(channel);
                        }
                    }
                    throw new IllegalStateException("no record starts at " + starts[i]);
                }).forEach(LOG::warn);
            }
        }
    }

    private void add(int f) {
        Path path = files.get(f);
        byte[] bytes = MiniSeedReader.bytesOf(path);
        // a file's records are taken once all of it has been read: a damaged file left out
        // (ReadOptions.skipDamagedFiles) leaves nothing of it in the index, or only its sound records
        List<Runnable> taken = new ArrayList<>();
        int[] data = {0};
        MiniSeedReader.Damaged damage = options.skipDamagedFiles() ? new MiniSeedReader.Damaged() : null;
        try {
            new RecordParser(path.toString(), bytes, bytes.length, options).parseEach(r -> {
                if (r.kind == RawRecord.Kind.DATA) {
                    long end = r.startNanos + Times.spanNanos(r.samples.length, r.sampleRate);
                    long off = r.byteOffset;
                    int len = r.length;
                    long start = r.startNanos;
                    int count = r.samples.length;
                    SourceId id = r.id;
                    double rate = r.sampleRate;
                    data[0]++;
                    taken.add(() -> byStation.computeIfAbsent(StationStream.codeOf(id), k -> new Records())
                            .add(f, off, len, start, end, count, id, rate));
                } else {
                    SkippedRecord skipped = TraceAssembler.skipped(r);
                    taken.add(() -> skippedRecords.add(skipped));
                }
            }, damage);
        } catch (BadInputException e) { // empty, not miniSEED, or damaged where the options do not skip
            if (!options.skipDamagedFiles()) {
                throw e.asDamagedFile();
            }
            MiniSeedReader.skipDamaged(e, skippedFiles);
            leftOut.set(f);
            return;
        }
        if (damage != null && damage.first != null) {
            if (!damage.keepsSoundRecords(data[0], bytes.length, skippedFiles)) {
                leftOut.set(f);
                return;
            }
            inPart.set(f);
        }
        recordCount += taken.size();
        taken.forEach(Runnable::run);
    }

    /**
     * Refuses input without a single waveform sample: files that hold only text (log) or
     * header-only records, which would otherwise run as "0 stations" and look like a quiet day.
     *
     * @return this index, when some station stream has waveform records
     * @throws BadInputException ({@link Problem#EMPTY}) naming the files and
     *     what their records were
     */
    public WaveformIndex requireSamples() {
        if (!byStation.isEmpty()) {
            return this;
        }
        List<String> read = sources();
        if (read.isEmpty()) { // every file found was left out as damaged
            throw MiniSeedReader.allLeftOut(skippedFiles);
        }
        String said;
        if (skippedRecords.isEmpty()) {
            said = "no miniSEED records";
        } else {
            SkippedRecord first = skippedRecords.get(0);
            said = "no waveform samples: " + skippedRecords.size() + " record(s), none with samples (first: "
                    + first.id() + " " + first.start() + ", " + first.reason() + ")";
        }
        String where = read.size() == 1 ? read.get(0) : read.size() + " files (" + read.get(0) + ", ...)";
        throw new BadInputException(Problem.EMPTY, where, null, null, -1, said);
    }

    /** @return for each indexed file with waveform records, the channels those records name */
    Map<Path, java.util.SortedSet<SourceId>> channelsByFile() {
        Map<Path, java.util.SortedSet<SourceId>> out = new java.util.HashMap<>();
        for (Records r : byStation.values()) {
            for (int i = 0; i < r.n; i++) {
                out.computeIfAbsent(files.get(r.file[i]), k -> new java.util.TreeSet<>()).add(r.ids.get(r.channel[i]));
            }
        }
        return out;
    }

    /**
     * A file's records that lie wholly outside a window: how many, and the first of them in the file.
     *
     * @param count records outside the window
     * @param firstStart the first such record's start (epoch nanoseconds)
     * @param firstOffset its byte offset in the file
     * @param id its channel
     */
    record Outside(int count, long firstStart, long firstOffset, SourceId id) {
    }

    /**
     * @param window for a file, the window {@code [start, end)} (epoch nanoseconds) its records should
     *     reach into, or null to check none of its records
     * @return the files with records that do not reach into their window
     */
    Map<Path, Outside> outside(java.util.function.Function<Path, long[]> window) {
        Map<Path, Outside> out = new java.util.TreeMap<>();
        for (Records r : byStation.values()) {
            for (int i = 0; i < r.n; i++) {
                Path f = files.get(r.file[i]);
                long[] w = window.apply(f);
                if (w == null || r.start[i] < w[1] && r.end[i] > w[0]) {
                    continue;
                }
                Outside o = out.get(f);
                boolean first = o == null || r.offset[i] < o.firstOffset();
                out.put(f, new Outside(o == null ? 1 : o.count() + 1, first ? r.start[i] : o.firstStart(),
                        first ? r.offset[i] : o.firstOffset(), first ? r.ids.get(r.channel[i]) : o.id()));
            }
        }
        return out;
    }

    /**
     * Hands on each data record that holds samples, of the channels chosen, as one trace, in order of
     * its end time (records that end together in reading order: file, then byte offset), as a live
     * feed sends them: for a replay of files through a streaming detector. Each record is read again
     * from its file when its turn comes, so memory stays that of the index (about 50 bytes a record,
     * and about 30 more while the order is sorted) whatever the length of the input, where reading
     * every record first and sorting holds all of their samples.
     *
     * @param chosen which channels to hand on
     * @param each given each record in turn; returns false to stop there (that record not taken)
     * @return how many records were taken
     * @throws BadInputException when a file cannot be read again (changed since it was indexed)
     */
    public long recordsByEndTime(java.util.function.Predicate<SourceId> chosen,
                                 java.util.function.Predicate<Trace> each) {
        List<Records> stations = new ArrayList<>(byStation.values());
        int total = 0;
        for (Records r : stations) {
            total += r.n;
        }
        long[] order = new long[total]; // station << 32 | record, of the records handed on
        int m = 0;
        for (int s = 0; s < stations.size(); s++) {
            Records r = stations.get(s);
            for (int i = 0; i < r.n; i++) {
                if (r.end[i] > r.start[i] && chosen.test(r.ids.get(r.channel[i]))) {
                    order[m++] = (long) s << 32 | i;
                }
            }
        }
        Long[] sorted = new Long[m];
        for (int k = 0; k < m; k++) {
            sorted[k] = order[k];
        }
        order = null;
        java.util.Comparator<Long> byEnd = java.util.Comparator.comparingLong(
                (Long k) -> stations.get((int) (k >>> 32)).end[(int) (long) k])
                .thenComparingInt(k -> stations.get((int) (k >>> 32)).file[(int) (long) k])
                .thenComparingLong(k -> stations.get((int) (k >>> 32)).offset[(int) (long) k]);
        Arrays.sort(sorted, byEnd);
        Map<Integer, FileChannel> open = new java.util.LinkedHashMap<>(16, 0.75f, true);
        long handed = 0;
        try {
            for (Long k : sorted) {
                Records r = stations.get((int) (k >>> 32));
                int i = (int) (long) k;
                List<Trace> one = new ArrayList<>(1);
                String file = files.get(r.file[i]).toString();
                byte[] buf = recordBytes(r, i, open);
                new RecordParser(file, buf, buf.length, options, r.offset[i], r.length[i])
                        .parseEach(raw -> MiniSeedReader.trace(raw, file, one::add));
                for (Trace t : one) {
                    if (!each.test(t)) {
                        return handed;
                    }
                    handed++;
                }
            }
            return handed;
        } finally {
            closeAll(open);
        }
    }

    private static void closeAll(Map<Integer, FileChannel> open) {
        for (FileChannel c : open.values()) {
            try {
                c.close();
            } catch (IOException ignored) {
                // read-only: nothing is lost
            }
        }
    }

    /**
     * @param chosen which channels to count
     * @return how many data records that hold samples the chosen channels have
     */
    public long recordsWithSamples(java.util.function.Predicate<SourceId> chosen) {
        long n = 0;
        for (Records r : byStation.values()) {
            for (int i = 0; i < r.n; i++) {
                if (r.end[i] > r.start[i] && chosen.test(r.ids.get(r.channel[i]))) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Most files {@link #recordsByEndTime} keeps open at once. */
    private static final int OPEN_FILES = 64;

    /**
     * @return the bytes of record {@code i} of {@code r}, read from its file (kept open in {@code open},
     *     at most {@value #OPEN_FILES} files, the least recently read closed first)
     */
    private byte[] recordBytes(Records r, int i, Map<Integer, FileChannel> open) {
        Path path = files.get(r.file[i]);
        try {
            FileChannel c = open.get(r.file[i]);
            if (c == null) {
                if (open.size() == OPEN_FILES) {
                    var eldest = open.entrySet().iterator().next();
                    eldest.getValue().close();
                    open.remove(eldest.getKey());
                }
                c = FileChannel.open(path, StandardOpenOption.READ);
                open.put(r.file[i], c);
            }
            byte[] buf = new byte[r.length[i]];
            ByteBuffer bb = ByteBuffer.wrap(buf);
            while (bb.hasRemaining()) {
                if (c.read(bb, r.offset[i] + bb.position()) < 0) {
                    throw new BadInputException(Problem.IO, path.toString(), r.ids.get(r.channel[i]).toString(),
                            Times.toInstant(r.start[i]), r.offset[i], "the file is shorter than when it"
                            + " was indexed (changed while being read?)");
                }
            }
            return buf;
        } catch (IOException e) {
            throw new BadInputException(Problem.IO, path.toString(), r.ids.get(r.channel[i]).toString(),
                    Times.toInstant(r.start[i]), r.offset[i], "cannot read file: " + AtomicFiles.reason(e), e);
        }
    }

    /** @return the station streams ({@code NET.STA.LOC.BI}) with waveform records, sorted */
    public List<String> stations() {
        return List.copyOf(byStation.keySet());
    }

    /**
     * @param station a station stream code ({@link StationStream#code()})
     * @return its first record's start and last record's end, or null when it has no record
     */
    public Instant[] extent(String station) {
        Records r = byStation.get(station);
        if (r == null) {
            return null;
        }
        long a = Long.MAX_VALUE;
        long b = Long.MIN_VALUE;
        for (int i = 0; i < r.n; i++) {
            a = Math.min(a, r.start[i]);
            b = Math.max(b, r.end[i]);
        }
        return new Instant[] {Times.toInstant(a), Times.toInstant(b)};
    }

    /**
     * @param station a station stream code ({@link StationStream#code()})
     * @return the UTC days its records touch, in order (empty when it has none): for a reader that
     *     takes a station a day at a time, without walking the empty days between records years apart
     */
    public java.util.SortedSet<java.time.LocalDate> days(String station) {
        java.util.SortedSet<java.time.LocalDate> out = new java.util.TreeSet<>();
        Records r = byStation.get(station);
        if (r != null) {
            for (int i = 0; i < r.n; i++) {
                java.time.LocalDate first = java.time.LocalDate.ofInstant(Times.toInstant(r.start[i]), java.time.ZoneOffset.UTC);
                java.time.LocalDate last = java.time.LocalDate.ofInstant(Times.toInstant(r.end[i] - 1), java.time.ZoneOffset.UTC);
                for (java.time.LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    /**
     * @param station a station stream code
     * @return its channels, each with the sample rates of its records (empty when it has none)
     */
    public Map<SourceId, java.util.SortedSet<Double>> channels(String station) {
        Records r = byStation.get(station);
        return r == null ? Map.of() : java.util.Collections.unmodifiableMap(r.channels);
    }

    /**
     * @param station a station stream code
     * @param from first time wanted
     * @param to end of the range (excluded)
     * @return its channels with records overlapping {@code [from, to)}, each with their rates
     */
    public Map<SourceId, java.util.SortedSet<Double>> channels(String station, Instant from, Instant to) {
        Records r = byStation.get(station);
        Map<SourceId, java.util.SortedSet<Double>> out = new TreeMap<>();
        if (r != null) {
            long a = saturated(from);
            long b = saturated(to);
            for (int i = 0; i < r.n; i++) {
                if (r.start[i] < b && r.end[i] > a) {
                    out.computeIfAbsent(r.ids.get(r.channel[i]), k -> new java.util.TreeSet<>()).add(r.rate[i]);
                }
            }
        }
        return out;
    }

    /**
     * @param station a station stream code
     * @return samples in its records (all channels)
     */
    public long samples(String station) {
        Records r = byStation.get(station);
        return r == null ? 0 : r.samples;
    }

    /** @return nanoseconds since the epoch, the long range's ends for times beyond it ({@link Instant#MIN}, {@link Instant#MAX}) */
    private static long saturated(Instant t) {
        try {
            return Times.toNanos(t);
        } catch (ArithmeticException e) {
            return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** @return the files indexed, in reading order (those left out as damaged not among them) */
    public List<String> sources() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (!leftOut.get(i)) {
                out.add(files.get(i).toString());
            }
        }
        return out;
    }

    /**
     * @return the files left out, whole or in part (their damaged records), because a record of
     *     theirs is damaged
     *     ({@link ReadOptions#skipDamagedFiles}), in reading order; each is also in
     *     {@link #skippedFiles()}, with its damage
     */
    public List<String> damagedFiles() {
        java.util.BitSet either = (java.util.BitSet) leftOut.clone();
        either.or(inPart);
        List<String> out = new ArrayList<>();
        either.stream().forEach(i -> out.add(files.get(i).toString()));
        return out;
    }

    /** @return files inside folders that were not read, each with its reason */
    public List<String> skippedFiles() {
        return List.copyOf(skippedFiles);
    }

    /** @return records without samples (text, log, empty) */
    public List<SkippedRecord> skippedRecords() {
        return List.copyOf(skippedRecords);
    }

    /** @return records read, with and without samples */
    public int recordCount() {
        return recordCount;
    }

    /**
     * Reads one station stream over a time range: the records that overlap it, merged as a whole
     * read merges them (duplicates dropped, overlaps checked, gaps between), cut to the range.
     *
     * @param station a station stream code ({@link #stations()})
     * @param from first time wanted (included)
     * @param to end of the range (excluded)
     * @return its traces within the range (none when it has no sample there)
     * @throws BadInputException when a file cannot be read again or its records conflict
     */
    public WaveformSet read(String station, Instant from, Instant to) {
        long a = Times.toNanos(from);
        long b = Times.toNanos(to);
        TraceAssembler assembler = new TraceAssembler(options).quietAboutStrays(); // the index warned of them
        Records r = byStation.get(station);
        java.util.Set<String> sources = new java.util.LinkedHashSet<>(); // in reading order, each once
        if (r != null) {
            Map<Integer, FileChannel> open = new java.util.LinkedHashMap<>(16, 0.75f, true);
            try {
                for (int i = 0; i < r.n; i++) {
                    if (r.start[i] >= b || r.end[i] <= a) {
                        continue;
                    }
                    String file = files.get(r.file[i]).toString();
                    sources.add(file);
                    byte[] buf = recordBytes(r, i, open);
                    new RecordParser(file, buf, buf.length, options, r.offset[i], r.length[i])
                            .parseEach(assembler::add);
                }
            } finally {
                closeAll(open);
            }
        }
        return assembler.build(new ArrayList<>(sources), skippedFiles, damagedFiles()).within(from, to);
    }
}
