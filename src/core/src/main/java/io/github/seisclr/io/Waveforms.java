package io.github.seisclr.io;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * The shortest way in and out: read miniSEED with the default {@link ReadOptions}, write with the
 * default {@link WriteOptions} (Steim2 for integer data, 4096-byte records).
 *
 * <pre>{@code
 * WaveformSet data = Waveforms.read(Path.of("data-samples"));
 * for (StationStream s : data.stations()) { ... }
 * data.gaps().forEach(System.out::println);
 * Waveforms.write(data.traces(), Path.of("copy.mseed"));
 * }</pre>
 */
public final class Waveforms {
    private static final MiniSeedReader READER = new MiniSeedReader(ReadOptions.defaults());

    private Waveforms() {
    }

    /**
     * Reads files and folder trees of miniSEED 2 and 3.
     *
     * @param paths files or folders
     * @return the traces, merged per channel, with gaps and skipped records reported
     * @throws io.github.seisclr.BadInputException for empty, unreadable or damaged input
     */
    public static WaveformSet read(Path... paths) {
        return READER.read(paths);
    }

    /**
     * @param paths files or folders
     * @return the traces, merged per channel, with gaps and skipped records reported
     * @throws io.github.seisclr.BadInputException for empty, unreadable or damaged input
     */
    public static WaveformSet read(Collection<Path> paths) {
        return READER.read(paths);
    }

    /**
     * Lists the miniSEED files that {@link #read(Collection)} would read, without reading them:
     * files as given, folders searched recursively (hidden entries skipped; files that are not
     * miniSEED skipped with a log line, except those whose name says miniSEED, which are kept for
     * the read to refuse by name), in the order they would be read.
     *
     * @param paths files or folders
     * @return the files
     * @throws io.github.seisclr.BadInputException when none is found or a folder cannot be listed
     */
    public static List<Path> files(Collection<Path> paths) {
        return READER.files(paths, new java.util.ArrayList<>());
    }

    /**
     * As {@link #files(Collection)}, saying which files of the folders were left aside.
     *
     * @param paths files or folders
     * @param skipped receives each file of a folder left aside, with its reason, as {@link
     *     WaveformSet#skippedFiles()} gives it ({@code "a/notes.txt: not miniSEED"})
     * @return the files
     * @throws io.github.seisclr.BadInputException when none is found or a folder cannot be listed
     */
    public static List<Path> files(Collection<Path> paths, List<String> skipped) {
        return READER.files(paths, skipped);
    }

    /**
     * @param in miniSEED bytes, read to the end (the stream is not closed: the caller closes it)
     * @param name a name used in messages
     * @return the traces
     * @throws io.github.seisclr.BadInputException for empty or damaged input
     */
    public static WaveformSet read(InputStream in, String name) {
        return READER.read(in, name);
    }

    /**
     * @param options read settings
     * @return a reader with those settings
     */
    public static MiniSeedReader reader(ReadOptions options) {
        return new MiniSeedReader(options);
    }

    /**
     * @param file a file
     * @return whether it starts with a miniSEED 2 or 3 record (false for a folder, a missing or
     *     unreadable file)
     */
    public static boolean isMiniSeed(Path file) {
        return java.nio.file.Files.isRegularFile(file) && MiniSeedReader.notMiniSeedReason(file) == null;
    }

    /**
     * Writes traces as miniSEED 2 with the default options (exact for every sample type).
     *
     * @param traces the traces
     * @param file where to write (replaced)
     */
    public static void write(Collection<Trace> traces, Path file) {
        java.util.Objects.requireNonNull(traces, "traces");
        java.util.Objects.requireNonNull(file, "file");
        new MiniSeedWriter(WriteOptions.defaults()).write(traces, file);
    }
}
