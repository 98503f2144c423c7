package io.github.seisclr.io;

import io.github.seisclr.BadInputException;
import io.github.seisclr.BadInputException.Problem;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A miniSEED archive in the SeisComP Data Structure (SDS), the layout data centres and
 * {@code slarchive} keep: {@code ROOT/YEAR/NET/STA/CHA.TYPE/NET.STA.LOC.CHA.TYPE.YEAR.DOY}, one file
 * per channel and UTC day, type {@code D} for waveform data. Reusable and thread-safe.
 *
 * <pre>{@code
 * SdsArchive sds = SdsArchive.open(Path.of("/data/sds"));
 * sds.inventory().forEach(System.out::println);              // what it holds
 * WaveformSet day = sds.read(Stations.parse("CX.PB01"), from, to);
 * }</pre>
 *
 * <p>Reading a time range reads the day files that can hold it, including the day before its
 * first day, whose last records may run past midnight (records are filed by the day they start).
 * Records from several day files join into one trace where they are continuous; a missing day is a
 * gap, reported in {@link WaveformSet#gaps()} like any other. The traces are cut to the range
 * asked for ({@code from} included, {@code to} excluded); nothing else is changed. Damaged files
 * stop the read with the reader's error, naming the file, channel, time and byte offset.
 */
public final class SdsArchive {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SdsArchive.class);
    /** How far into a day a range may start and still need the day before's last records. */
    private static final Duration PREVIOUS_DAY_REACH = Duration.ofHours(6);
    /** Day file name: NET.STA.LOC.CHA.TYPE.YEAR.DOY. */
    private static final Pattern DAY_FILE =
            Pattern.compile("([^.]*)\\.([^.]+)\\.([^.]*)\\.([^.]+)\\.([A-Z])\\.(\\d{4})\\.(\\d{3})");

    private final Path root;
    private final ReadOptions options;
    /** Empty day files already warned about: each is named once, however often the archive is listed. */
    private final java.util.Set<Path> warnedEmpty = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Day files already warned about for holding another channel's records than their name's. */
    private final java.util.Set<Path> warnedForeign = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Day files already warned of as holding records of other days. */
    private final java.util.Set<Path> warnedMisdated = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private SdsArchive(Path root, ReadOptions options) {
        this.root = root;
        this.options = options;
    }

    /**
     * @param root the archive's top folder (holding the year folders)
     * @return the archive, read with the default {@link ReadOptions}
     * @throws BadInputException when {@code root} is not a readable folder
     */
    public static SdsArchive open(Path root) {
        return open(root, ReadOptions.defaults());
    }

    /**
     * @param root the archive's top folder (holding the year folders)
     * @param options how records are read and joined
     * @return the archive
     * @throws BadInputException when {@code root} is not a readable folder
     */
    public static SdsArchive open(Path root, ReadOptions options) {
        Objects.requireNonNull(root, "root");
        if (!Files.isDirectory(root)) {
            throw new BadInputException(Problem.IO, root.toString(), null, null, -1,
                    Files.exists(root) ? "not a folder: an SDS archive is a folder of year folders"
                            : "no such folder");
        }
        if (!Files.isReadable(root)) {
            throw new BadInputException(Problem.IO, root.toString(), null, null, -1, "cannot read folder (permission denied)");
        }
        return new SdsArchive(root, options);
    }

    /** @return the archive's top folder */
    public Path root() {
        return root;
    }

    /**
     * One day file of the archive.
     *
     * @param channel the channel it holds
     * @param type the SDS data type ({@code D} for waveform data)
     * @param day its UTC day
     * @param file its path
     * @param bytes its size
     */
    public record DayFile(SourceId channel, char type, LocalDate day, Path file, long bytes) {
    }

    /**
     * Days in a row with no day file of a channel, between its first and last.
     *
     * @param first the first missing day
     * @param last the last missing day (the first, for one day)
     */
    public record Missing(LocalDate first, LocalDate last) {
        /** @return the number of days */
        public long days() {
            return java.time.temporal.ChronoUnit.DAYS.between(first, last) + 1;
        }

        /** @return {@code 2024-03-01}, or {@code 2024-03-01 to 2024-03-03 (3 days)} */
        @Override
        public String toString() {
            return first.equals(last) ? first.toString() : first + " to " + last + " (" + days() + " days)";
        }
    }

    /**
     * What the archive holds of one channel.
     *
     * @param channel the channel
     * @param days the UTC days with a data file
     * @param bytes the size of those files together
     * @param emptyDays the UTC days whose day file is there but empty (0 bytes: a logger that opened
     *     it and wrote nothing), which reading skips
     */
    public record Holding(SourceId channel, SortedSet<LocalDate> days, long bytes, SortedSet<LocalDate> emptyDays) {
        /** A channel without empty day files. */
        public Holding(SourceId channel, SortedSet<LocalDate> days, long bytes) {
            this(channel, days, bytes, java.util.Collections.emptySortedSet());
        }

        /** @return the first day with a file (of data, or an empty one) */
        public LocalDate firstDay() {
            return fileDays().first();
        }

        /** @return the last day with a file (of data, or an empty one) */
        public LocalDate lastDay() {
            return fileDays().last();
        }

        private SortedSet<LocalDate> fileDays() {
            SortedSet<LocalDate> all = new TreeSet<>(days);
            all.addAll(emptyDays);
            return all;
        }

        /**
         * @return the stretches of days from the first to the last that have no file at all, in order
         */
        public List<Missing> missingStretches() {
            List<Missing> out = new java.util.ArrayList<>();
            LocalDate before = null;
            for (LocalDate d : fileDays()) {
                if (before != null && d.isAfter(before.plusDays(1))) {
                    out.add(new Missing(before.plusDays(1), d.minusDays(1)));
                }
                before = d;
            }
            return out;
        }

        /** @return the days from the first to the last that have no file at all (empty files are not missing) */
        public long missingDays() {
            return java.time.temporal.ChronoUnit.DAYS.between(firstDay(), lastDay()) + 1 - days.size() - emptyDays.size();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s  %s to %s  %d day(s)  %d bytes%s", channel, firstDay(), lastDay(),
                    days.size(), bytes, emptyDays.isEmpty() ? "" : "  " + emptyDays.size() + " empty day file(s)");
        }
    }

    /**
     * Walks the whole archive (every year, network, station and channel folder).
     *
     * @return every waveform-data ({@code D}) day file, sorted by channel and day
     * @throws BadInputException when a folder of the archive cannot be listed
     */
    public List<DayFile> files() {
        return files(Stations.ALL, null, null);
    }

    /**
     * @return per channel, the days held and their size, sorted by channel
     * @throws BadInputException when a folder of the archive cannot be listed
     */
    public List<Holding> inventory() {
        Map<SourceId, TreeSet<LocalDate>> days = new TreeMap<>();
        Map<SourceId, TreeSet<LocalDate>> empty = new TreeMap<>();
        Map<SourceId, Long> bytes = new TreeMap<>();
        for (DayFile f : files(Stations.ALL, null, null, e -> empty.computeIfAbsent(e.channel(),
                k -> new TreeSet<>()).add(e.day()))) {
            days.computeIfAbsent(f.channel(), k -> new TreeSet<>()).add(f.day());
            bytes.merge(f.channel(), f.bytes(), Long::sum);
        }
        java.util.Set<SourceId> channels = new java.util.TreeSet<>(days.keySet());
        channels.addAll(empty.keySet());
        List<Holding> out = new ArrayList<>();
        for (SourceId id : channels) {
            out.add(new Holding(id, java.util.Collections.unmodifiableSortedSet(days.getOrDefault(id, new TreeSet<>())),
                    bytes.getOrDefault(id, 0L),
                    java.util.Collections.unmodifiableSortedSet(empty.getOrDefault(id, new TreeSet<>()))));
        }
        return out;
    }

    /**
     * @return the stations held, as {@code NET.STA}, sorted
     * @throws BadInputException when a folder of the archive cannot be listed
     */
    public SortedSet<String> stations() {
        TreeSet<String> out = new TreeSet<>();
        for (Path year : list(root)) {
            if (isYear(year)) {
                for (Path net : list(year)) {
                    if (Files.isDirectory(net)) {
                        for (Path sta : list(net)) {
                            if (Files.isDirectory(sta)) {
                                out.add(net.getFileName() + "." + sta.getFileName());
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The day files of the chosen stations between two days, found by listing only their folders
     * (a year of one station of a large archive is a few hundred files, whatever the archive's size).
     *
     * @param stations which stations
     * @param firstDay first day wanted, or null for the earliest
     * @param lastDay last day wanted (included), or null for the latest
     * @return the waveform-data ({@code D}) day files, sorted by channel and day
     * @throws BadInputException when a folder of the archive cannot be listed
     */
    public List<DayFile> files(Stations stations, LocalDate firstDay, LocalDate lastDay) {
        return files(stations, firstDay, lastDay, e -> {
            // said by the run whose span holds the file's day, not by its neighbours' warm-up and overlap
            // (review: an archive's tasks said one empty file three times, twice in other days' files)
            Instant dayStart = e.day().atStartOfDay(ZoneOffset.UTC).toInstant();
            if (Warnings.kept(dayStart, dayStart.plus(Duration.ofDays(1)))) {
                Warnings.sayIf(warnedEmpty.add(e.file()), LOG, "{}: empty day file, skipped", e.file());
            }
        });
    }

    /**
     * The files in the chosen stations' channel folders ({@code CHAN.D}) of the years from {@code
     * firstDay} to {@code lastDay} whose names are not SDS day-file names, so that no run reads them:
     * a compressed day file ({@code .gz}), a day of the year not written in three digits, a day past
     * the year's end, a copy renamed by hand. Hidden files are left out of the listing.
     *
     * @param stations which stations
     * @param firstDay first day wanted, or null for the earliest
     * @param lastDay last day wanted (included), or null for the latest
     * @return the files, sorted by channel folder and name
     * @throws BadInputException when a folder of the archive cannot be listed
     */
    public List<Path> strayFiles(Stations stations, LocalDate firstDay, LocalDate lastDay) {
        List<Path> out = new ArrayList<>();
        files(stations, firstDay, lastDay, e -> { }, out::add);
        return out;
    }

    /**
     * @param stray files of the archive that no run reads ({@link #strayFiles})
     * @param most how many are named at most
     * @return a line naming them (paths from the archive's root; the caller names the archive), or null
     *     when there are none
     */
    public String strayFilesWarning(List<Path> stray, int most) {
        if (stray.isEmpty()) {
            return null;
        }
        List<String> names = stray.stream().limit(most).map(p -> root.relativize(p).toString()).toList();
        return stray.size() + " file(s) in the channel folders are not SDS day files by their name"
                + " (NET.STA.LOC.CHAN.TYPE.YEAR.DAY, the day of the year in three digits, uncompressed) and are not"
                + " read: " + String.join(", ", names) + (stray.size() > most ? ", ..." : "");
    }

    /**
     * @param stations which stations
     * @param from first time a run reads
     * @param to end of its range (excluded)
     * @param most how many files are named at most
     * @return {@link #strayFilesWarning(List, int)} of the {@link #strayFiles} of the days of {@code
     *     [from, to)}: the line a run over that range warns with, or null where there are none
     * @throws BadInputException when a folder of the archive cannot be listed
     */
    public String strayFilesWarning(Stations stations, Instant from, Instant to, int most) {
        return strayFilesWarning(strayFiles(stations, LocalDate.ofInstant(from, ZoneOffset.UTC), lastDay(to)), most);
    }

    /** @return the day of the last instant before {@code to}: the last day of a range that ends there (excluded) */
    private static LocalDate lastDay(Instant to) {
        return LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
    }

    /** As {@link #files(Stations, LocalDate, LocalDate)}, each empty (0-byte) data day file given to {@code empty}. */
    private List<DayFile> files(Stations stations, LocalDate firstDay, LocalDate lastDay,
                                java.util.function.Consumer<DayFile> empty) {
        return files(stations, firstDay, lastDay, empty, f -> { });
    }

    /**
     * As {@link #files(Stations, LocalDate, LocalDate, java.util.function.Consumer)}, each file of a
     * channel folder whose name is not a day file's given to {@code stray}.
     */
    private List<DayFile> files(Stations stations, LocalDate firstDay, LocalDate lastDay,
                                java.util.function.Consumer<DayFile> empty, java.util.function.Consumer<Path> stray) {
        List<DayFile> out = new ArrayList<>();
        for (Path year : list(root)) {
            if (!isYear(year)) {
                continue;
            }
            int y = Integer.parseInt(year.getFileName().toString());
            if ((firstDay != null && y < firstDay.getYear()) || (lastDay != null && y > lastDay.getYear())) {
                continue;
            }
            for (Path net : list(year)) {
                if (!Files.isDirectory(net) || !stations.matchesNetwork(net.getFileName().toString())) {
                    continue;
                }
                for (Path sta : list(net)) {
                    if (!Files.isDirectory(sta)
                            || !stations.matches(net.getFileName().toString(), sta.getFileName().toString())) {
                        continue;
                    }
                    for (Path cha : list(sta)) {
                        if (!Files.isDirectory(cha) || !cha.getFileName().toString().endsWith(".D")) {
                            continue;
                        }
                        for (Path f : list(cha)) {
                            Matcher m = DAY_FILE.matcher(f.getFileName().toString());
                            LocalDate day = m.matches() ? dayOf(m) : null;
                            if (day == null) {
                                if (Files.isRegularFile(f)) {
                                    stray.accept(f);
                                }
                                continue;
                            }
                            DayFile d = dayFile(f, m, day, firstDay, lastDay);
                            if (d != null && d.bytes() == 0) {
                                // an empty day file (a logger that opened it and wrote nothing) holds no
                                // data; read, it would be refused as empty input and take its neighbours along
                                if (d.type() == 'D') {
                                    empty.accept(d);
                                }
                                continue;
                            }
                            if (d != null && d.type() == 'D') {
                                out.add(d);
                            }
                        }
                    }
                }
            }
        }
        out.sort(Comparator.comparing(DayFile::channel).thenComparing(DayFile::day));
        return out;
    }

    /**
     * The whole days the chosen stations have files for, from the first to the last: the default
     * range of a run over the archive.
     *
     * @param stations which stations
     * @return {@code [first day's start, the day after the last day's start)}
     * @throws BadInputException when the archive holds no day file of them (naming the stations it holds)
     */
    public Instant[] extent(Stations stations) {
        LocalDate first = null;
        LocalDate last = null;
        for (DayFile f : files(stations, null, null)) {
            first = first == null || f.day().isBefore(first) ? f.day() : first;
            last = last == null || f.day().isAfter(last) ? f.day() : last;
        }
        if (first == null) {
            SortedSet<String> held = stations();
            // the diff's review: an archive of compressed day files alone was refused without naming them
            String stray = strayFilesWarning(strayFiles(stations, null, null), 3);
            if (stray != null) {
                throw new BadInputException(Problem.EMPTY, root.toString(), null, null, -1, "no SDS day file with"
                        + " data of " + stations + "; " + stray);
            }
            if (held.isEmpty()) {
                throw new BadInputException(Problem.EMPTY, root.toString(), null, null, -1, "no SDS day file"
                        + " (YEAR/NET/STA/CHAN.D/NET.STA.LOC.CHAN.D.YEAR.DAY) in this folder: is it the archive's root?");
            }
            if (stations.isAll()) {
                throw new BadInputException(Problem.EMPTY, root.toString(), null, null, -1, "no SDS day file with"
                        + " data: the day files of its stations (" + String.join(", ", held) + ") are empty or missing");
            }
            throw new BadInputException(Problem.EMPTY, root.toString(), null, null, -1,
                    "the archive holds no day file of " + stations + " (stations held: " + String.join(", ", held) + ")");
        }
        return new Instant[] {first.atStartOfDay(ZoneOffset.UTC).toInstant(),
            last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()};
    }

    /**
     * @param stations which stations
     * @param from first time wanted
     * @param to end of the range (excluded)
     * @return each chosen station ({@code NET.STA}) with the days of {@code [from, to)} it has
     *     data files for, sorted
     * @throws BadInputException when a folder of the archive cannot be listed
     */
    public Map<String, SortedSet<LocalDate>> stationDays(Stations stations, Instant from, Instant to) {
        Map<String, SortedSet<LocalDate>> out = new TreeMap<>();
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate last = lastDay(to);
        for (DayFile f : files(stations, first, last)) {
            out.computeIfAbsent(f.channel().network() + "." + f.channel().station(), k -> new TreeSet<>()).add(f.day());
        }
        return out;
    }

    /**
     * @param stationDays each station's days with data ({@link #stationDays})
     * @return for each station, the days between its first and last day given that are not among
     *     them (no day file with data: none, or only empty ones), as {@code NET.STA DAY}, in order
     */
    public static List<String> missingDays(Map<String, SortedSet<LocalDate>> stationDays) {
        List<String> out = new ArrayList<>();
        stationDays.forEach((station, days) -> {
            if (!days.isEmpty()) {
                for (LocalDate d = days.first(); d.isBefore(days.last()); d = d.plusDays(1)) {
                    if (!days.contains(d)) {
                        out.add(station + " " + d);
                    }
                }
            }
        });
        return out;
    }

    /**
     * Reads the chosen stations over a time range.
     *
     * @param stations which stations
     * @param from first time wanted (included)
     * @param to end of the range (excluded)
     * @return the traces cut to {@code [from, to)}, merged across day files, with the gaps inside the
     *     range between them (missing days included) and the files whose records reach into it as sources
     * @throws BadInputException when no data of those stations lies in the range, or a file is
     *     damaged or unreadable
     */
    public WaveformSet read(Stations stations, Instant from, Instant to) {
        // by range, as a piece of a long input is read: only the records that reach into the range,
        // so that what the day before holds outside it (a rate change at midnight, a conflicting
        // overlap in the morning) does not refuse the range (found by review)
        WaveformIndex index = index(stations, from, to);
        List<WaveformSet> parts = new java.util.ArrayList<>();
        for (String station : index.stations()) {
            parts.add(index.read(station, from, to));
        }
        // records without samples (log records, empty ones) in the range, as a whole read reports them
        parts.add(new WaveformSet(List.of(), List.of(), index.skippedRecords(), List.of(), index.skippedFiles(),
                index.damagedFiles(), 0, 0, 0)
                .within(from, to));
        WaveformSet cut = WaveformSet.merge(parts);
        if (cut.traces().isEmpty()) {
            throw new BadInputException(Problem.EMPTY, root.toString(), null, null, -1,
                    "no sample of " + stations + " lies between " + from + " and " + to + held(index));
        }
        return cut;
    }

    /** @return for a message: the span the indexed files hold, or that they hold no waveform data */
    private static String held(WaveformIndex index) {
        Instant a = null;
        Instant b = null;
        for (String station : index.stations()) {
            Instant[] e = index.extent(station);
            a = a == null || e[0].isBefore(a) ? e[0] : a;
            b = b == null || e[1].isAfter(b) ? e[1] : b;
        }
        return a == null ? " (the day files read hold no waveform data: " + index.skippedRecords().size()
                + " record(s) without samples)" : " (the day files read hold " + a + " to " + b + ")";
    }

    /**
     * Indexes the day files that hold the chosen stations' data over a time range (the day before
     * included when the range starts within hours of midnight), for reading it a piece at a time
     * ({@link WaveformIndex#read}); the files' records outside the range are indexed too.
     *
     * @param stations which stations
     * @param from first time wanted (included)
     * @param to end of the range (excluded)
     * @return the index of those files
     * @throws BadInputException when the archive holds no day file of those stations in the range,
     *     or a file is damaged or unreadable
     */
    public WaveformIndex index(Stations stations, Instant from, Instant to) {
        List<DayFile> files = filesFor(stations, from, to);
        // misdated records are named by their day file below, not again as strays
        WaveformIndex index = WaveformIndex.withoutStrayWarnings(files.stream().map(DayFile::file).toList(), options);
        warnForeignRecords(files, index);
        warnMisdatedRecords(files, index);
        return index;
    }

    /**
     * Warns, once per file for this archive object, about a day file with records that do not reach
     * into the day its name gives (a header whose date was damaged, a record filed by hand under
     * another day): they are read at the time their headers give, so a read of the file's day leaves
     * them out, and a read of the day they claim does not look in this file.
     */
    private void warnMisdatedRecords(List<DayFile> files, WaveformIndex index) {
        Map<Path, DayFile> byFile = new java.util.HashMap<>();
        files.forEach(f -> byFile.put(f.file(), f));
        Map<Path, WaveformIndex.Outside> outside = index.outside(file -> {
            DayFile f = byFile.get(file);
            Instant start = f == null ? null : f.day().atStartOfDay(ZoneOffset.UTC).toInstant();
            return f == null ? null : new long[] {Times.toNanos(start), Times.toNanos(start.plus(Duration.ofDays(1)))};
        });
        for (Map.Entry<Path, WaveformIndex.Outside> e : outside.entrySet()) {
            WaveformIndex.Outside o = e.getValue();
            Warnings.sayIf(warnedMisdated.add(e.getKey()), LOG, "{}: {} record(s) lie outside the day its name gives ({}),"
                    + " the first of {} at {} (byte offset {}); they are read at the time their headers give, not on"
                    + " that day (a damaged header date?)", e.getKey(), o.count(), byFile.get(e.getKey()).day(), o.id(),
                    Times.toInstant(o.firstStart()), o.firstOffset());
        }
    }

    /**
     * Warns, once per file for this archive object (an archive job opens one per task), about a day
     * file whose records name a channel other than its SDS name (a file renamed or copied by hand):
     * its records are read as their headers name them, so its data may come out under another
     * station or channel than the file's name promises.
     */
    private void warnForeignRecords(List<DayFile> files, WaveformIndex index) {
        Map<Path, java.util.SortedSet<SourceId>> held = index.channelsByFile();
        for (DayFile f : files) {
            java.util.SortedSet<SourceId> ids = held.get(f.file());
            if (ids != null && !(ids.size() == 1 && ids.first().equals(f.channel()))) {
                Warnings.sayIf(warnedForeign.add(f.file()), LOG, "{}: the SDS name says {}, but its records are of {};"
                        + " they are read as their headers say",
                        f.file(), f.channel(), ids.stream().map(SourceId::toString)
                                .collect(java.util.stream.Collectors.joining(", ")));
            }
        }
    }

    /** The day files that can hold data of {@code [from, to)}; an error when there are none. */
    private List<DayFile> filesFor(Stations stations, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("empty time range: from " + from + " is not before to " + to);
        }
        // the day before holds records that start before midnight and run past it: needed when the
        // range starts within hours of midnight (a 4096-byte record of 1 Hz data spans about 2 h)
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        if (Duration.between(first.atStartOfDay(ZoneOffset.UTC).toInstant(), from).compareTo(PREVIOUS_DAY_REACH) < 0) {
            first = first.minusDays(1);
        }
        LocalDate last = lastDay(to);
        List<DayFile> files = files(stations, first, last);
        if (files.isEmpty()) {
            throw new BadInputException(Problem.EMPTY, root.toString(), stations.toString(), from, -1,
                    "the archive holds no day file of " + stations + " from " + LocalDate.ofInstant(from, ZoneOffset.UTC)
                            + " to " + last);
        }
        return files;
    }

    /**
     * Writes traces into an SDS archive, one file per channel and UTC day (data type {@code D}),
     * each trace cut at midnight. Files already there are never replaced.
     *
     * @param traces the traces
     * @param root the archive's top folder (created when missing)
     * @param options record length and encoding
     * @return the files written, sorted
     * @throws java.io.UncheckedIOException when a file cannot be written or already exists
     */
    public static List<Path> write(Collection<Trace> traces, Path root, WriteOptions options) {
        Map<Path, List<Trace>> byFile = new TreeMap<>();
        for (Trace t : traces) {
            long start = t.startNanos();
            int i = 0;
            while (i < t.length()) {
                long at = start + Times.spanNanos(i, t.sampleRate());
                LocalDate day = LocalDate.ofInstant(Times.toInstant(at), ZoneOffset.UTC);
                long midnight = Times.toNanos(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
                int end = (int) Math.min(t.length(), Math.ceil((midnight - start) * t.sampleRate()
                        / Times.NANOS_PER_SECOND - 1e-6));
                end = Math.max(end, i + 1);
                Trace part = i == 0 && end == t.length() ? t : new Trace(t.id(), at, t.sampleRate(),
                        java.util.Arrays.copyOfRange(t.array(), i, end), t.sampleType());
                byFile.computeIfAbsent(path(root, t.id(), day), k -> new ArrayList<>()).add(part);
                i = end;
            }
        }
        // every file is checked before any is written: nothing is half-added to an archive
        for (Path f : byFile.keySet()) {
            if (Files.exists(f)) {
                FileAlreadyExistsException x = new FileAlreadyExistsException(f.toString(), null,
                        "already in the archive; not replaced (write into an empty folder)");
                throw new java.io.UncheckedIOException("cannot write SDS day file (" + f + "): " + x.getReason(), x);
            }
        }
        MiniSeedWriter writer = new MiniSeedWriter(options);
        List<Path> out = new ArrayList<>();
        for (Map.Entry<Path, List<Trace>> e : byFile.entrySet()) {
            Path f = e.getKey();
            try {
                Files.createDirectories(f.getParent());
            } catch (IOException x) {
                throw new java.io.UncheckedIOException("cannot write SDS day file (" + f + "): " + AtomicFiles.reason(x), x);
            }
            e.getValue().sort(Comparator.comparingLong(Trace::startNanos));
            writer.write(e.getValue(), f);
            out.add(f);
        }
        return out;
    }

    /**
     * @param root an archive's top folder
     * @param channel a channel
     * @param day a UTC day
     * @return where SDS files that channel's waveform data of that day
     */
    public static Path path(Path root, SourceId channel, LocalDate day) {
        String year = String.format(Locale.ROOT, "%04d", day.getYear());
        String doy = String.format(Locale.ROOT, "%03d", day.getDayOfYear());
        return root.resolve(year).resolve(channel.network()).resolve(channel.station())
                .resolve(channel.channel() + ".D").resolve(String.join(".", channel.network(), channel.station(),
                        channel.location(), channel.channel(), "D", year, doy));
    }

    /**
     * @param m a matcher of {@link #DAY_FILE} that matched a file's name
     * @return the day its name gives, or null where the year has no such day (day 0, 366 of a common year)
     */
    private static LocalDate dayOf(Matcher m) {
        LocalDate first = LocalDate.of(Integer.parseInt(m.group(6)), 1, 1);
        int doy = Integer.parseInt(m.group(7));
        return doy < 1 || doy > first.lengthOfYear() ? null : first.withDayOfYear(doy);
    }

    /**
     * @param m the matcher of {@link #DAY_FILE} that matched {@code f}'s name
     * @param day the day its name gives ({@link #dayOf})
     * @param firstDay first day wanted, or null for any
     * @param lastDay last day wanted, or null for any
     * @return the day file {@code f} is, or null when its day is outside the ones wanted: judged by
     *     the name before the file is touched, so that a station-day's listing does not stat the files
     *     of every other day of the year (found by review)
     */
    private static DayFile dayFile(Path f, Matcher m, LocalDate day, LocalDate firstDay, LocalDate lastDay) {
        if (firstDay != null && day.isBefore(firstDay) || lastDay != null && day.isAfter(lastDay)
                || !Files.isRegularFile(f)) {
            return null;
        }
        long size;
        try {
            size = Files.size(f);
        } catch (IOException e) {
            size = -1;
        }
        return new DayFile(new SourceId(m.group(1), m.group(2), m.group(3), m.group(4)), m.group(5).charAt(0),
                day, f, size);
    }

    private static boolean isYear(Path p) {
        return p.getFileName().toString().matches("\\d{4}") && Files.isDirectory(p);
    }

    /** Entries of a folder, sorted; hidden ones left out. */
    private static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (!p.getFileName().toString().startsWith(".")) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new BadInputException(Problem.IO, dir.toString(), null, null, -1,
                    "cannot list archive folder: " + AtomicFiles.reason(e), e);
        }
        out.sort(null);
        return out;
    }

    /**
     * A choice of stations: {@code NET.STA} codes in which {@code *} stands for any characters and
     * {@code ?} for one ({@code CX.*}, {@code *.PB0?}).
     */
    public static final class Stations {
        /** Every station of the archive. */
        public static final Stations ALL = new Stations(List.of("*.*"));

        private final List<String> codes;
        private final List<Pattern[]> patterns = new ArrayList<>();

        /** @return whether this choice takes every station ({@code *.*} among its codes) */
        public boolean isAll() {
            return codes.contains("*.*");
        }

        private Stations(List<String> codes) {
            this.codes = List.copyOf(codes);
            for (String c : codes) {
                String[] p = c.split("\\.", -1);
                patterns.add(new Pattern[] {glob(p[0]), glob(p[1])});
            }
        }

        /**
         * @param codes {@code NET.STA} codes ({@code NET_STA}, SeedLink's form, is taken too), with
         *     {@code *} and {@code ?} as wildcards; a comma separates several in one string
         * @return the choice
         * @throws IllegalArgumentException for a code that is not {@code NET.STA}
         */
        public static Stations parse(Collection<String> codes) {
            List<String> all = new ArrayList<>();
            for (String s : codes) {
                for (String c : s.split(",")) {
                    String t = c.trim();
                    if (t.matches("[^._\\s/]+_[^._\\s/]+")) {
                        t = t.replace('_', '.'); // SeedLink's NET_STA, as stream --stations takes it (a code holds no '_')
                    }
                    if (!t.matches("[^.\\s/]+\\.[^.\\s/]+")) {
                        throw new IllegalArgumentException("station '" + t + "' is not NET.STA or NET_STA (e.g. CX.PB01,"
                                + " CX_PB01, CX.*)");
                    }
                    all.add(t);
                }
            }
            if (all.isEmpty()) {
                throw new IllegalArgumentException("no station given");
            }
            return new Stations(all);
        }

        /** @param codes {@code NET.STA} codes @return the choice @see #parse(Collection) */
        public static Stations parse(String... codes) {
            return parse(List.of(codes));
        }

        boolean matchesNetwork(String net) {
            return patterns.stream().anyMatch(p -> p[0].matcher(net).matches());
        }

        /**
         * @param network a network code
         * @param station a station code
         * @return whether that station is chosen
         */
        public boolean matches(String network, String station) {
            return patterns.stream().anyMatch(p -> p[0].matcher(network).matches() && p[1].matcher(station).matches());
        }

        private static Pattern glob(String g) {
            StringBuilder b = new StringBuilder();
            for (char ch : g.toCharArray()) {
                b.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(String.valueOf(ch)));
            }
            return Pattern.compile(b.toString());
        }

        @Override
        public String toString() {
            return String.join(",", codes);
        }
    }
}
