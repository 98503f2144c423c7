package io.github.seisclr.io;

import io.github.seisclr.BadInputException;
import io.github.seisclr.BadInputException.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Reads miniSEED 2 and 3 from files, folder trees and streams into a {@link WaveformSet}. Reusable
 * and thread-safe: it holds only its {@link ReadOptions}.
 *
 * <p>A file named explicitly must be miniSEED; a folder is walked recursively (hidden files
 * skipped) and files in it that do not start with a miniSEED record are listed in
 * {@link WaveformSet#skippedFiles()} rather than refused, so that a data folder may hold a README
 * or a pick table. Damaged records are never skipped silently: they stop the read with a
 * {@link BadInputException} naming the file, channel, time and byte offset, or, where the options
 * ask for it ({@link ReadOptions#skipDamagedFiles}), are left out with a warning that says so, the
 * file read on from the next record header.
 */
public final class MiniSeedReader {
    private static final Logger LOG = LoggerFactory.getLogger(MiniSeedReader.class);
    /** How the reason of a file left out whole as damaged ends, in {@link WaveformSet#skippedFiles()}. */
    private static final String LEFT_OUT = "; left out whole (ReadOptions.skipDamagedFiles, --skip-damaged)";

    private final ReadOptions options;

    /** @param options how to treat overlaps, Steim integrity and merge tolerance */
    public MiniSeedReader(ReadOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * @param paths files and folders
     * @return all traces, merged across files
     * @throws BadInputException for unreadable, empty or damaged input
     */
    public WaveformSet read(Path... paths) {
        return read(Arrays.asList(java.util.Objects.requireNonNull(paths, "paths")));
    }

    /**
     * @param paths files and folders
     * @return all traces, merged across files
     * @throws BadInputException for unreadable, empty or damaged input
     */
    public WaveformSet read(Collection<Path> paths) {
        if (java.util.Objects.requireNonNull(paths, "paths").isEmpty()) {
            throw new BadInputException(Problem.EMPTY, null, null, null, -1, "no input files given");
        }
        TraceAssembler assembler = new TraceAssembler(options);
        List<String> sources = new ArrayList<>();
        List<String> skippedFiles = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        for (Path f : files(paths, skippedFiles)) {
            byte[] bytes = bytesOf(f);
            List<RawRecord> records = parsedOrSkipped(f, bytes, skippedFiles, damaged);
            if (records == null) {
                continue;
            }
            records.forEach(assembler::add);
            sources.add(f.toString());
        }
        if (sources.isEmpty()) { // files were found, and every one was left out as damaged
            throw allLeftOut(skippedFiles);
        }
        return assembler.build(sources, skippedFiles, damaged);
    }

    /**
     * Decodes every record of files and folders one by one, without merging (the records of
     * {@link #read(Collection)}). They come file by file, each file's records in its order: to
     * replay them as a feed would send them, sort them by their end time first
     * ({@code list.sort(Comparator.comparing(Trace::endExclusive))}), or for a long input take them
     * in that order from {@link WaveformIndex#recordsByEndTime} (as {@code seisclr stream --replay}
     * does), which holds no samples; fed file by file, one channel's hour comes whole before the next channel's
     * and a streaming detector finds the others silent.
     *
     * @param paths files and folders (searched as {@link #read(Collection)} does)
     * @return one trace per data record, file by file in file order; of a damaged file whose
     *     damage the options leave out ({@link ReadOptions#skipDamagedFiles}), its sound records
     *     (none where it has none), with a warning
     * @throws BadInputException for unreadable, empty or damaged input (where every file is left out
     *     as damaged: {@link Problem#EMPTY}, saying so)
     */
    public List<Trace> records(Collection<Path> paths) {
        if (paths.isEmpty()) {
            throw new BadInputException(Problem.EMPTY, null, null, null, -1, "no input files given");
        }
        List<Trace> out = new ArrayList<>();
        List<String> skippedFiles = new ArrayList<>();
        int read = 0;
        for (Path f : files(paths, skippedFiles)) {
            byte[] b = bytesOf(f);
            List<RawRecord> records = parsedOrSkipped(f, b, skippedFiles, new ArrayList<>());
            if (records != null) {
                out.addAll(traces(records, f.toString()));
                read++;
            }
        }
        if (read == 0) {
            throw allLeftOut(skippedFiles);
        }
        return out;
    }

    /** Files given, and the miniSEED files in folders given; at least one, else an error. */
    List<Path> files(Collection<Path> paths, List<String> skippedFiles) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                files.addAll(miniSeedFiles(p, skippedFiles));
            } else {
                files.add(p);
            }
        }
        if (files.isEmpty()) {
            throw new BadInputException(Problem.EMPTY, String.join(", ", paths.stream().map(Path::toString).toList()),
                    null, null, -1, "no miniSEED file found" + (skippedFiles.isEmpty() ? "" : " (not miniSEED: "
                            + String.join("; ", skippedFiles) + ")"));
        }
        return files;
    }

    /**
     * Reads a whole stream (to its end; the stream is not closed).
     *
     * @param in miniSEED bytes
     * @param name a name for the stream, used in messages and {@link WaveformSet#sources()}
     * @return the traces
     * @throws BadInputException for empty or damaged input
     */
    public WaveformSet read(InputStream in, String name) {
        java.util.Objects.requireNonNull(in, "in");
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new BadInputException(Problem.IO, name, null, null, -1,
                    "cannot read stream: " + e.getMessage(), e);
        }
        TraceAssembler assembler = new TraceAssembler(options);
        parse(name, bytes, assembler);
        return assembler.build(List.of(name), List.of(), List.of());
    }

    /**
     * Decodes records one by one, without merging: for real-time feeds, where each record (e.g. a
     * SeedLink packet) is handed on as it arrives.
     *
     * @param bytes one or more whole miniSEED 2 or 3 records
     * @param length how many bytes of {@code bytes} to read
     * @param source a name for messages (e.g. {@code "seedlink host:18000 #1234"})
     * @return one trace per data record, in order; records without samples (text, log, empty) give
     *     none and are logged
     * @throws BadInputException for a damaged record, naming the source, channel and byte offset
     */
    public List<Trace> records(byte[] bytes, int length, String source) {
        List<Trace> out = new ArrayList<>();
        records(bytes, length, source, out::add);
        return out;
    }

    /**
     * As {@link #records(byte[], int, String)}, handing each record on as soon as it is decoded: the
     * records before a damaged one have been handed on when the exception comes.
     *
     * @param bytes one or more whole miniSEED 2 or 3 records
     * @param length how many bytes of {@code bytes} to read
     * @param source a name for messages
     * @param each receives one trace per data record that holds samples, in order
     * @throws BadInputException for a damaged record, naming the source, channel and byte offset;
     *     the records after it are not read
     */
    public void records(byte[] bytes, int length, String source, java.util.function.Consumer<Trace> each) {
        new RecordParser(source, bytes, length, options).parseEach(r -> trace(r, source, each));
    }

    /** @return a trace per data record that holds samples, in order */
    private static List<Trace> traces(List<RawRecord> records, String source) {
        List<Trace> out = new ArrayList<>();
        for (RawRecord r : records) {
            trace(r, source, out::add);
        }
        return out;
    }

    /** Hands on {@code r} as a trace where it is a data record that holds samples (else logs it). */
    static void trace(RawRecord r, String source, java.util.function.Consumer<Trace> out) {
        if (r.kind == RawRecord.Kind.DATA && r.samples.length > 0) {
            out.accept(new Trace(r.id, r.startNanos, r.sampleRate, r.samples, r.sampleType));
        } else {
            LOG.debug("{}: {} record of {} at {} has no samples", source, r.kind, r.id, r.start());
        }
    }

    private static List<Path> miniSeedFiles(Path dir, List<String> skippedFiles) {
        List<Path> files = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        try {
            // an entry that cannot be read (a folder without permission, a file removed meanwhile)
            // is skipped and listed like a file that is not miniSEED: one bad entry must not stop
            // the whole archive, and nothing is left out without saying so
            // links are followed (a data folder, or a year of it, may be a link to another disk); a
            // loop of links arrives in visitFileFailed and is listed
            Files.walkFileTree(dir, java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return !d.equals(dir) && isHidden(dir, d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (isHidden(dir, f)) {
                        return FileVisitResult.CONTINUE;
                    }
                    // links to files count as the files (archives often link day files in)
                    if (Files.isRegularFile(f)) {
                        files.add(f);
                    } else if (attrs.isSymbolicLink() && !Files.exists(f)) {
                        unreadable.add(f + ": cannot read (" + deadLink(f) + ")");
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                    if (f.equals(dir)) {
                        throw e;
                    }
                    unreadable.add(f + ": cannot read (" + AtomicFiles.reason(e) + ")");
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new BadInputException(Problem.IO, dir.toString(), null, null, -1,
                    "cannot list folder: " + AtomicFiles.reason(e), e);
        }
        Collections.sort(files);
        for (String u : unreadable) {
            Warnings.say(LOG, "skipping {}", u);
            skippedFiles.add(u);
        }
        List<Path> out = new ArrayList<>();
        for (Path f : files) {
            String why = notMiniSeedReason(f);
            if (why != null && why.startsWith(NOT_MINISEED) && namedAsMiniSeed(f)) {
                // a file its name calls miniSEED whose first header is damaged is read, and refused
                // with the parser's error naming it: skipping it would drop its data without a fault
                out.add(f);
            } else if (why != null) {
                LOG.info("skipping {}: {}", f, why);
                skippedFiles.add(f + ": " + why);
            } else {
                out.add(f);
            }
        }
        return out;
    }

    /** Links followed before a chain counts as a loop: Linux's limit (ELOOP), past which it does not follow either. */
    private static final int MAX_LINKS = 40;

    /**
     * @param link a link that leads to no file or folder
     * @return why: "a link loop" where following it comes back to a link it passed (or goes on past
     *     {@value #MAX_LINKS} links), else "a link to nothing". Both read as "no such file" to
     *     {@link Files#exists}; a user looks for a missing target in one case and a cycle in the other
     */
    static String deadLink(Path link) {
        java.util.Set<Path> seen = new java.util.HashSet<>();
        Path p = link.toAbsolutePath();
        try {
            while (Files.isSymbolicLink(p)) {
                if (!seen.add(p) || seen.size() > MAX_LINKS) {
                    return "a link loop";
                }
                p = p.resolveSibling(Files.readSymbolicLink(p));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // a link that cannot be read along the way: no target to name
            return "a link to nothing";
        }
        return "a link to nothing";
    }

    private static boolean isHidden(Path root, Path f) {
        for (Path part : root.relativize(f)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static final String NOT_MINISEED = "not miniSEED";
    /** File names that say miniSEED: the usual extensions, and SDS day files ({@code NET.STA.LOC.CHA.D.YYYY.DDD}). */
    private static final java.util.regex.Pattern MINISEED_NAME = java.util.regex.Pattern.compile(
            "(?i).*\\.(mseed|miniseed|mseed2|mseed3|ms|ms2|ms3|msd)$|.*\\.[A-Z]\\.\\d{4}\\.\\d{3}$");

    /** @return whether the file's name says it holds miniSEED */
    static boolean namedAsMiniSeed(Path f) {
        return f.getFileName() != null && MINISEED_NAME.matcher(f.getFileName().toString()).matches();
    }

    /** @return why {@code f} is not read as miniSEED (empty, not miniSEED, unreadable), or null when it is */
    static String notMiniSeedReason(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] head = in.readNBytes(64);
            if (head.length == 0) {
                return "empty file";
            }
            if (RecordParser.looksLikeMiniSeed(head, head.length)) {
                return null;
            }
            String packed = RecordParser.compression(head, head.length);
            return packed == null ? NOT_MINISEED : NOT_MINISEED + " (" + RecordParser.advice(packed) + ")";
        } catch (IOException e) {
            return "cannot read (" + AtomicFiles.reason(e) + ")";
        }
    }

    static byte[] bytesOf(Path f) {
        try {
            long size = Files.size(f);
            if (size > Integer.MAX_VALUE - 16) {
                throw new BadInputException(Problem.IO, f.toString(), null, null, -1, "file of "
                        + size + " bytes is larger than 2 GiB; split it (e.g. per day) before reading");
            }
            return Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            throw new BadInputException(Problem.IO, f.toString(), null, null, -1, "no such file or folder", e);
        } catch (IOException e) {
            throw new BadInputException(Problem.IO, f.toString(), null, null, -1,
                    "cannot read file: " + AtomicFiles.reason(e), e);
        }
    }

    /**
     * @param damaged gets the file where it is damaged and the options leave its damage out
     * @return the records of a file; where it is damaged and {@link ReadOptions#skipDamagedFiles}
     *     leaves the damage out (then warned of and added to {@code skippedFiles}), its sound records
     *     ({@link Damaged#keepsSoundRecords}), or null where it has no sound data record
     * @throws BadInputException where it is damaged and the options do not leave it out
     */
    private List<RawRecord> parsedOrSkipped(Path f, byte[] bytes, List<String> skippedFiles, List<String> damaged) {
        List<RawRecord> out = new ArrayList<>();
        Damaged d = options.skipDamagedFiles() ? new Damaged() : null;
        try {
            new RecordParser(f.toString(), bytes, bytes.length, options).parseEach(out::add, d);
        } catch (BadInputException e) { // empty, not miniSEED, or damaged where the options do not skip
            if (!options.skipDamagedFiles()) {
                throw e.asDamagedFile();
            }
            damaged.add(f.toString());
            skipDamaged(e, skippedFiles);
            return null;
        }
        if (d == null || d.first == null) {
            return out;
        }
        damaged.add(f.toString());
        int data = (int) out.stream().filter(r -> r.kind == RawRecord.Kind.DATA).count();
        return d.keepsSoundRecords(data, bytes.length, skippedFiles) ? out : null;
    }

    /**
     * The damaged stretches of a file that {@link ReadOptions#skipDamagedFiles} leaves out while the
     * sound records around them are read: from each damaged record's start to the next record header
     * (or the file's end).
     */
    static final class Damaged implements RecordParser.Damage {
        /** The first damage, as it would have been thrown; null where none. */
        BadInputException first;
        private final List<long[]> stretches = new ArrayList<>();

        @Override
        public void at(BadInputException e, int from, int to) {
            if (first == null) {
                first = e;
            }
            long[] last = stretches.isEmpty() ? null : stretches.get(stretches.size() - 1);
            if (last != null && last[1] == from) {
                last[1] = to; // one damaged stretch, the scan stopped inside it at something like a header
            } else {
                stretches.add(new long[] {from, to});
            }
        }

        /**
         * Settles a file whose parse met damage, for the whole read and the index alike: a file
         * without a sound data record is left out whole ({@link #skipDamaged}); else it is read in
         * part ({@link #readInPart}).
         *
         * @param records the data records read
         * @param fileBytes the file's size
         * @param skippedFiles the list the warning joins
         * @return whether its sound records are kept
         */
        boolean keepsSoundRecords(int records, long fileBytes, List<String> skippedFiles) {
            if (records == 0) {
                skipDamaged(first, skippedFiles);
                return false;
            }
            readInPart(records, fileBytes, skippedFiles);
            return true;
        }

        /**
         * Warns of the file read in part, once per process however often it is read, and lists it as
         * {@link #skipDamaged} lists a file left out: the first damage, the stretches left out (the
         * first three by their bytes, the others counted) and how many data records were read.
         */
        private void readInPart(int records, long fileBytes, List<String> skippedFiles) {
            StringBuilder where = new StringBuilder();
            long bytes = 0;
            for (int i = 0; i < stretches.size(); i++) {
                long[] s = stretches.get(i);
                bytes += s[1] - s[0];
                if (i < 3) {
                    where.append(i == 0 ? "" : ", ").append("bytes ").append(s[0]).append(" to ")
                            .append(s[1] == fileBytes ? "the end" : String.valueOf(s[1]));
                }
            }
            if (stretches.size() > 3) {
                where.append(" and ").append(stretches.size() - 3).append(" more damaged stretch(es)");
            }
            String said = String.format(java.util.Locale.ROOT, "%s; left out: %s (%d of the file's %d bytes); its %d"
                    + " sound data record(s) read (ReadOptions.skipDamagedFiles, --skip-damaged)", first.getMessage(), where,
                    bytes, fileBytes, records);
            Warnings.once(LOG, said);
            skippedFiles.add(said);
        }
    }

    /**
     * Warns of a damaged file left out ({@link ReadOptions#skipDamagedFiles}), once per process
     * however often it is read (an archive's day file is read by three day runs), and lists it.
     */
    static void skipDamaged(BadInputException e, List<String> skippedFiles) {
        String said = e.getMessage() + LEFT_OUT;
        Warnings.once(LOG, said);
        skippedFiles.add(said);
    }

    /** @return the error of a read whose miniSEED files were all left out as damaged */
    static BadInputException allLeftOut(List<String> skippedFiles) {
        List<String> damaged = skippedFiles.stream().filter(x -> x.endsWith(LEFT_OUT)).toList();
        int found = damaged.size();
        String first = damaged.isEmpty() ? "?" : damaged.get(0);
        return new BadInputException(Problem.EMPTY, null, null, null, -1, "nothing to read: "
                + (found == 1 ? "the one miniSEED file found was" : "all " + found + " miniSEED files found were")
                + " left out as damaged (first: " + first + ")");
    }

    private void parse(String name, byte[] bytes, TraceAssembler assembler) {
        for (RawRecord r : new RecordParser(name, bytes, bytes.length, options).parseAll()) {
            assembler.add(r);
        }
    }
}
