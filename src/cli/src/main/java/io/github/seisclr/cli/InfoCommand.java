package io.github.seisclr.cli;

import io.github.seisclr.BadInputException;
import io.github.seisclr.io.Gap;
import io.github.seisclr.io.MiniSeedReader;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.WaveformSet;
import io.github.seisclr.io.Waveforms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code seisclr info}: what a set of miniSEED files holds, or what a model file is. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Summarise miniSEED files or folders (channels, time spans, rates, gaps), or a model file"
                + " (its id, input, band, objective and what it was trained on).")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    ReadingOptions reading = new ReadingOptions();

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "miniSEED files or folders (searched recursively),"
            + " or seisclr model files (.zip)")
    List<Path> paths = new java.util.ArrayList<>();

    @Option(names = "--sds", paramLabel = "ROOT", description = "list what an SDS archive holds (per channel: first and"
            + " last day, days with data, bytes) without reading the data")
    Path sds;

    @Option(names = "--gaps", description = "list every gap, and with --sds every stretch of missing days and"
            + " every file not read (default: the first 20 of each)")
    boolean allGaps;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        if (sds != null) {
            if (!paths.isEmpty()) {
                throw new UsageException("give either PATHs or --sds, not both");
            }
            return archive(out);
        }
        if (paths.isEmpty()) {
            throw new UsageException("no input: give miniSEED files or folders, or --sds ROOT");
        }
        // model files are described, not read as miniSEED (review: info had no way to show what a model is)
        List<Path> models = paths.stream().filter(ModelFiles::isModel).toList();
        for (Path m : models) {
            describe(m, out);
        }
        if (models.size() == paths.size()) {
            return 0;
        }
        paths = paths.stream().filter(p -> !models.contains(p)).toList();
        long t0 = System.nanoTime();
        WaveformSet set;
        BadInputException refused = null;
        try {
            set = Waveforms.reader(reading.options()).read(paths);
        } catch (BadInputException e) {
            if (e.problem() != BadInputException.Problem.CONFLICTING_OVERLAP) {
                return unreadable(e);
            }
            // review (an ocean-bottom array): a clock stepped back 2 s made info refuse the folder it
            // was asked to describe; the inventory is given with both sides of each such overlap kept,
            // listed under "Gaps and overlaps", and the refusal that detect would give said after it
            refused = e;
            try {
                set = Waveforms.reader(reading.keepingOverlaps()).read(paths);
            } catch (BadInputException again) {
                return unreadable(again);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        // as wide as the longest id (miniSEED 3's can be longer than SEED's 15 characters; review)
        int w = Math.max(18, set.channels().stream().mapToInt(id -> id.toString().length() + 1).max().orElse(0));
        out.printf("%-" + w + "s %-27s %-27s %9s %11s %5s%n", "channel", "start", "end", "rate Hz", "samples", "segs");
        for (var id : set.channels()) {
            List<Trace> segs = set.traces(id);
            long n = segs.stream().mapToLong(Trace::length).sum();
            // each rate the channel has, in time order (a channel whose rate changed showed its first alone)
            String rates = String.join("/", segs.stream().map(t -> fmt(t.sampleRate())).distinct().toList());
            out.printf("%-" + w + "s %-27s %-27s %9s %11d %5d%n", id, segs.get(0).start(),
                    segs.get(segs.size() - 1).end(), rates, n, segs.size());
        }
        out.println();
        out.println("Stations:");
        int sw = Math.max(16, set.stations().stream().mapToInt(s -> s.code().length() + 1).max().orElse(0));
        for (StationStream s : set.stations()) {
            out.printf("  %-" + sw + "s components %-6s %s%n", s.code(),
                    s.components().keySet().stream().map(String::valueOf).reduce("", String::concat),
                    s.isThreeComponent() ? "3-component" : s.components().size() == 1 ? "single component" : "partial");
        }
        List<Gap> gaps = set.gaps();
        section(out, "Gaps and overlaps: " + gaps.size(), gaps);
        if (!set.skippedRecords().isEmpty()) {
            out.println();
            out.println("Records without waveform samples: " + set.skippedRecords().size());
            set.skippedRecords().stream().limit(10).forEach(r -> out.println("  " + r.id() + " "
                    + r.start() + " (" + r.source() + " byte " + r.byteOffset() + "): " + r.reason()));
        }
        if (!set.skippedFiles().isEmpty()) {
            out.println();
            out.println("Files not read, or not read whole: " + set.skippedFiles().size());
            set.skippedFiles().forEach(f -> out.println("  " + f));
        }
        out.println();
        out.printf("%d file(s), %d record(s), %d channel(s), %d segment(s), %d samples; "
                        + "%d duplicate record(s) dropped, %d overlap(s) merged; read in %.2f s%n",
                set.sources().size(), set.recordCount(), set.channels().size(), set.traces().size(),
                set.totalSamples(), set.duplicateRecordsDropped(), set.overlapsMerged(), seconds);
        if (refused != null) {
            long overlaps = set.gaps().stream().filter(g -> g.duration().isNegative()).count();
            out.flush();
            System.err.printf("%nseisclr: error: %d overlap(s) with different samples (listed above among the gaps,"
                    + " both sides kept), which detect, train and stream refuse; the first: %s%n", overlaps,
                    refused.getMessage());
            return 1;
        }
        return 0;
    }

    /**
     * A summary stops at the first file it cannot read; the user of {@code info} wants every one:
     * each file is read alone, and where more than one fails, each is listed on standard error with
     * why (one failure, or one that only the files together show, as an overlap across them, is the
     * error as it is).
     *
     * @param first the error the reading of all files stopped at
     * @return the exit status of a bad input
     */
    private int unreadable(BadInputException first) {
        MiniSeedReader reader = Waveforms.reader(reading.options());
        List<String> failed = new java.util.ArrayList<>();
        for (Path f : Waveforms.files(paths)) {
            try {
                reader.read(f);
            } catch (BadInputException e) {
                failed.add(e.getMessage());
            }
        }
        if (failed.size() < 2) {
            throw first;
        }
        System.err.println("seisclr: error: " + failed.size() + " files cannot be read:");
        failed.forEach(m -> System.err.println("  " + m));
        return 1;
    }

    /** {@code --sds}: the archive's inventory, from its folder and file names and sizes. */
    private int archive(PrintStream out) {
        io.github.seisclr.io.SdsArchive archive = io.github.seisclr.io.SdsArchive.open(sds);
        List<io.github.seisclr.io.SdsArchive.Holding> held = archive.inventory();
        List<java.nio.file.Path> stray = archive.strayFiles(io.github.seisclr.io.SdsArchive.Stations.ALL, null, null);
        if (held.isEmpty()) {
            String unread = archive.strayFilesWarning(stray, 3); // the diff's review: .gz files alone were not named
            throw new io.github.seisclr.BadInputException(io.github.seisclr.BadInputException.Problem.EMPTY,
                    sds.toString(), null, null, -1, "no SDS day file found (YEAR/NET/STA/CHA.D/NET.STA.LOC.CHA.D.YEAR.DOY)"
                    + (unread == null ? "" : "; " + unread));
        }
        out.printf("%-18s %-10s %-10s %6s %9s %6s %14s%n", "channel", "first day", "last day", "days", "missing", "empty",
                "bytes");
        long bytes = 0;
        java.util.Set<String> networks = new java.util.TreeSet<>();
        java.util.Set<String> stations = new java.util.TreeSet<>();
        for (var h : held) {
            // an empty day file (0 bytes) is neither a day of data nor a missing one: its own column
            out.printf("%-18s %-10s %-10s %6d %9d %6d %14d%n", h.channel(), h.firstDay(), h.lastDay(), h.days().size(),
                    h.missingDays(), h.emptyDays().size(), h.bytes());
            bytes += h.bytes();
            networks.add(h.channel().network());
            stations.add(h.channel().network() + "." + h.channel().station());
        }
        // review (an operator): the table counted missing days without saying which
        List<String> missing = new java.util.ArrayList<>();
        for (var h : held) {
            h.missingStretches().forEach(m -> missing.add(h.channel() + ": " + m));
        }
        section(out, "Missing days (no day file between a channel's first and last): " + missing.size()
                + " stretch(es)", missing);
        section(out, "Not day files by their name (NET.STA.LOC.CHAN.TYPE.YEAR.DAY, the day in three digits,"
                + " uncompressed), never read: " + stray.size() + " file(s)",
                stray.stream().map(sds::relativize).toList());
        out.println();
        out.printf("%d network(s), %d station(s), %d channel(s), %d channel-day(s), %.1f MB%n", networks.size(),
                stations.size(), held.size(), held.stream().mapToInt(h -> h.days().size()).sum(), bytes / 1e6);
        return 0;
    }

    /**
     * Prints a section of items, where there are any: a blank line, its heading, then the items one per
     * line, the first 20 unless {@code --gaps} asks for all, the rest counted.
     */
    private void section(PrintStream out, String heading, List<?> items) {
        if (items.isEmpty()) {
            return;
        }
        out.println();
        out.println(heading);
        items.stream().limit(allGaps ? Long.MAX_VALUE : 20).forEach(i -> out.println("  " + i));
        if (!allGaps && items.size() > 20) {
            out.println("  ... " + (items.size() - 20) + " more (--gaps lists all)");
        }
    }

    /** Prints what a model file is: its id, input, band and objective, and what it was trained on. */
    private static void describe(Path file, PrintStream out) {
        io.github.seisclr.model.Encoder e = io.github.seisclr.model.Encoder.load(file);
        io.github.seisclr.model.ModelManifest m = e.manifest();
        var c = e.config();
        boolean[] in = e.inputComponents();
        String inputs = (in[0] ? "Z" : "") + (in[1] ? " N/1" : "") + (in[2] ? " E/2" : "");
        out.printf("model %s%n", file);
        out.printf("  id            %s (weights SHA-256 %s)%n", io.github.seisclr.detect.Detector.modelId(e),
                m.weightsSha256());
        out.printf("  written       %s by seisclr %s (format version %d)%s%n", m.created(), m.libraryVersion(),
                m.formatVersion(), m.description() == null ? "" : ": " + m.description());
        out.printf("  input         %s Hz, %s s windows, band %s-%s Hz, components %s%n", fmt(c.sampleRate()),
                fmt(c.windowSeconds()), fmt(c.bandLowHz()), fmt(c.bandHighHz()), inputs.strip());
        out.printf("  network       %s objective, convolution widths %s, dilations %s, %d features%n",
                c.objective().name().toLowerCase(java.util.Locale.ROOT), java.util.Arrays.toString(c.channels()),
                java.util.Arrays.toString(c.dilations()), c.embeddingDim());
        var t = m.training();
        if (t == null) {
            out.println("  training      not recorded");
        } else {
            out.printf(java.util.Locale.ROOT, "  trained on    %.2f h of %s%s%n", t.hours(),
                    t.stations().size() <= 5 ? String.join(", ", t.stations())
                            : String.join(", ", t.stations().subList(0, 5)) + " and " + (t.stations().size() - 5) + " more",
                    t.componentHours() == null ? "" : " (by component: " + t.componentHours().entrySet().stream()
                            .map(h -> String.format(java.util.Locale.ROOT, "%s %.2f h", h.getKey(), h.getValue()))
                            .collect(java.util.stream.Collectors.joining(", ")) + ")");
            out.printf(java.util.Locale.ROOT, "  training      seed %d, %d epoch(s), %d windows seen, batch %d, learning"
                            + " rate %s%s; kept weights: validation loss %.3f, top-1 %.2f%n", t.seed(), t.epochs(),
                    t.windowsSeen(), t.batchSize(), t.learningRate(), t.initialWeights() == null ? ""
                            : ", fine-tuned from weights " + t.initialWeights().substring(0, Math.min(12,
                            t.initialWeights().length())), t.validationLoss(), t.validationTop1());
        }
        out.println();
        e.close();
    }

    private static String fmt(double rate) {
        return io.github.seisclr.io.SampleRates.format(rate);
    }
}
