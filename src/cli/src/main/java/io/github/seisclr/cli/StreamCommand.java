package io.github.seisclr.cli;

import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.CalibrationFile;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.io.WaveformIndex;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.output.Writers;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.stream.SeedLinkFeed;
import io.github.seisclr.stream.StreamConfig;
import io.github.seisclr.stream.StreamListener;
import io.github.seisclr.stream.StreamNotice;
import io.github.seisclr.stream.StreamingDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code seisclr stream}: real-time detection from SeedLink, or a record-by-record replay of files. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Detect in real time: from a SeedLink server, or replaying miniSEED files record by record"
                + " in time order (the same path, for testing).",
                "Picks and detections are printed as they are decided (one line each); with --out, all of them are"
                        + " also written in --format when the stream ends (Ctrl-C ends a live stream)."})
final class StreamCommand implements Callable<Integer> {
    /**
     * Prints a tip when OMP_NUM_THREADS is set to anything but 1: a stream's small forward passes run
     * faster on one thread per operation, which the command line sets itself when the variable is
     * not set ({@link Main#oneThreadPerOperation()}).
     */
    static void threadTip(PrintStream out) {
        String tip = threadTipFor(System.getenv("OMP_NUM_THREADS"));
        if (tip != null) {
            out.println(tip);
        }
    }

    /** @return the tip for this value of OMP_NUM_THREADS (null: not set), or null for none */
    static String threadTipFor(String ompNumThreads) {
        if (ompNumThreads == null || ompNumThreads.trim().equals("1")) {
            return null;
        }
        return "tip: OMP_NUM_THREADS=" + ompNumThreads.trim() + ": a stream's many small forward passes run about 2.5x"
                + " faster on one thread each; unset it (the command line then runs one thread per operation)"
                + " or set it to 1 (docs/streaming.md)";
    }

    @Option(names = "--seedlink", paramLabel = "HOST[:PORT]", description = "SeedLink server, e.g. localhost:18000"
            + " (the port 18000 where none is given)")
    String seedlink;

    @Option(names = "--from", paramLabel = "TIME", description = "with --seedlink: ask the server for each"
            + " station's data from this time on (2024-01-31T06:00:00Z, or a day, from its start), as far back"
            + " as it still holds them, then on in real time (default: new data only)")
    String from;

    @Option(names = "--stations", arity = "1..*", split = " ", paramLabel = "NET_STA[:SEL]",
            description = "stations to ask the server for (with --replay: the stations replayed), space-separated, e.g. NC_KCT:HH? IU_ANMO:00BH? (SeedLink's"
                    + " form; NET.STA, as detect --stations writes it, is taken too; quote ? for the shell)")
    List<String> stations = new ArrayList<>();

    @Option(names = "--replay", arity = "1..*", paramLabel = "PATH",
            description = "miniSEED files or folders to replay record by record instead of a server")
    List<Path> replay = new ArrayList<>();

    @picocli.CommandLine.Mixin
    ReadingOptions reading = new ReadingOptions();

    @Option(names = "--model", description = "model file (default: the bundled model, a copy of models/seisclr-default-v1.zip inside the jar)")
    Path model;

    @Option(names = "--format", description = DetectCommand.FORMAT)
    String format;

    @Option(names = "--calibrations", paramLabel = "FILE", description = "stations' calibrations: read at the start"
            + " where the file exists (those stations are scored from their first minute instead of after"
            + " --calibration-minutes), written when the stream ends, and every --checkpoint-minutes of a live"
            + " stream (`detect --save-calibrations` makes one from earlier data)")
    Path calibrationsFile;

    @Option(names = "--checkpoint-minutes", defaultValue = "10", description = "a live stream writes --out and"
            + " --calibrations with what it has decided every this many minutes, so that a process killed outright"
            + " (SIGKILL, out of memory) loses at most that much; 0: only when the stream ends (default"
            + " ${DEFAULT-VALUE})")
    double checkpointMinutes;

    @Option(names = "--out", description = "file written when the stream ends (and every --checkpoint-minutes of a"
            + " live stream); a live stream keeps an earlier run's file under a name with its time")
    Path out;

    @Option(names = "--no-amplitude-term", description = DetectCommand.NO_AMPLITUDE_TERM)
    boolean noAmplitudeTerm;

    @Option(names = "--residual", description = DetectCommand.RESIDUAL)
    boolean residual;

    @Option(names = "--threshold", defaultValue = "5", description = "trigger-on level in robust standard deviations"
            + " (default ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--threshold-off", description = "trigger-off level, at most --threshold (default: half of --threshold)")
    Double thresholdOff;

    @Option(names = "--trim", defaultValue = DetectCommand.TRIM_DEFAULT, description = DetectCommand.TRIM)
    double trim;

    @Option(names = "--calibration-minutes", defaultValue = "10",
            description = "data held per station to fit its calibration before scoring (default ${DEFAULT-VALUE})")
    double calibrationMinutes;

    @Option(names = "--silence-seconds", defaultValue = "60", paramLabel = "S",
            description = "how far a station's channel may lag behind its other channels before the station goes on"
                    + " without it (CHANNEL_SILENT); raise it where a component's telemetry arrives later than the"
                    + " others (default ${DEFAULT-VALUE})")
    double silenceSeconds;

    @Option(names = "--adaptation-hours", defaultValue = "6",
            description = "time constant of background adaptation; 0 is off (default ${DEFAULT-VALUE})")
    double adaptationHours;

    // kept only for --out (a stream without it runs for months): counted in any case
    private final List<Pick> picks = new ArrayList<>();
    /** The notices by kind, for the summary: what was dropped or restarted, counted, not only printed. */
    private final Map<StreamNotice.Kind, Long> notices = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final List<Detection> detections = new ArrayList<>();
    private long pickCount;
    private long detectionCount;
    private DetectorConfig detectorConfig;

    @Override
    public Integer call() throws Exception {
        Main.oneThreadPerOperation();
        if ((seedlink == null) == replay.isEmpty()) {
            throw new UsageException("give either --seedlink HOST[:PORT] with --stations, or --replay PATH...");
        }
        if (seedlink != null && (reading.skipDamaged || reading.noSteimCheck)) {
            throw new UsageException("--skip-damaged and --no-steim-check are for --replay: a live feed's"
                    + " records are decoded as they come, with the Steim check on");
        }
        if (from != null && seedlink == null) {
            throw new UsageException("--from is for --seedlink (asks the server for older data); a replay"
                    + " runs the files it is given");
        }
        java.time.Instant start = from == null ? null : DetectCommand.time("--from", from, false);
        if (start != null && start.isAfter(java.time.Instant.now())) {
            throw new UsageException("--from " + from + " is in the future: a server holds data up to now;"
                    + " leave --from out to stream new data from now on");
        }
        Writers.Format fmt = DetectCommand.format(format, out);
        if (thresholdOff != null && thresholdOff > threshold) {
            throw new UsageException("--threshold-off (" + thresholdOff + ") must not exceed --threshold ("
                    + threshold + "): a detection ends when the score falls below it");
        }
        // the same settings as detect's, so that a stream decides as a batch run of the same options
        detectorConfig = UsageException.options(() -> DetectorConfig.builder().thresholdOn(threshold)
                .thresholdOff(thresholdOff != null ? thresholdOff : threshold / 2).trim(trim)
                .amplitudeTerm(!noAmplitudeTerm).residual(residual).build(), "thresholdOn", "--threshold",
                "thresholdOff", "--threshold-off", "trim", "--trim");
        // checked here, in the options' own units (the library's messages are in seconds)
        if (!(calibrationMinutes >= 1) || !Double.isFinite(calibrationMinutes)) {
            throw new UsageException("--calibration-minutes must be at least 1, got " + calibrationMinutes);
        }
        if (!(checkpointMinutes >= 0) || !Double.isFinite(checkpointMinutes)) {
            throw new UsageException("--checkpoint-minutes must be 0 (off) or positive, got " + checkpointMinutes);
        }
        if (!(adaptationHours >= 0) || !Double.isFinite(adaptationHours)) {
            throw new UsageException("--adaptation-hours must be 0 (off) or positive, got " + adaptationHours);
        }
        StreamConfig streamConfig = UsageException.options(() -> StreamConfig.builder()
                .calibrationSeconds(calibrationMinutes * 60).adaptationSeconds(adaptationHours * 3600)
                .silenceSeconds(silenceSeconds).build(),
                "silenceSeconds", "--silence-seconds",
                "calibrationSeconds", "--calibration-minutes (in seconds)",
                "adaptationSeconds", "--adaptation-hours (in seconds)");
        // with --replay, --stations chooses the records replayed, as the server would choose them
        List<SeedLinkFeed.Selector> selectors = seedlink == null && stations.isEmpty() ? List.of() : selectors(stations);
        int port = seedlink == null ? 0 : port(seedlink);
        String host = seedlink == null ? null : seedlink.contains(":") ? seedlink.substring(0, seedlink.lastIndexOf(':'))
                : seedlink;
        if (host != null) {
            try {
                java.net.InetAddress.getByName(host); // a name that does not resolve is a mistake: said before any output
            } catch (java.net.UnknownHostException e) {
                throw new UsageException("--seedlink " + seedlink + ": no such host (the name does not resolve; if"
                        + " the network is still coming up, start the stream once it is)");
            }
        }
        Outputs.distinct("--out", out, "--calibrations", calibrationsFile);
        if (out != null) {
            Outputs.file("--out", out, Outputs.inputs(replay, model), false);
            if (seedlink != null) {
                keepEarlier(out);
            }
        }
        if (calibrationsFile != null) {
            Outputs.file("--calibrations", calibrationsFile, Outputs.inputs(replay, model, out), false);
        }
        threadTip(System.err);
        Encoder encoder = Main.model(model);
        if (calibrationsFile != null && java.nio.file.Files.exists(calibrationsFile)) {
            loaded = CalibrationFile.read(calibrationsFile, encoder.featuresId());
            System.err.printf("calibrations of %d station(s) read from %s: scored from their first minute%n",
                    loaded.size(), calibrationsFile);
        }
        PrintStream live = System.out;
        // the header before the first line, so that a run that fails before any (a replay's damaged
        // file) prints none
        java.util.concurrent.atomic.AtomicBoolean headed = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.function.Consumer<String> print = line -> {
            synchronized (live) {
                if (!headed.getAndSet(true)) {
                    HEADER.forEach(live::println);
                }
                live.println(line);
            }
        };
        StreamListener listener = new StreamListener() {
            @Override
            public void onPick(Pick p) {
                synchronized (picks) {
                    pickCount++;
                    if (out != null) {
                        picks.add(p);
                    }
                }
                print.accept(line(p));
            }

            @Override
            public void onDetection(Detection d) {
                synchronized (picks) {
                    detectionCount++;
                    if (out != null) {
                        detections.add(d);
                    }
                }
                print.accept(line(d));
            }

            @Override
            public void onNotice(StreamNotice n) {
                notices.merge(n.kind(), 1L, Long::sum);
                System.err.println("notice: " + n);
            }
        };
        StreamingDetector detector = StreamingDetector.builder(encoder).detectorConfig(detectorConfig)
                .streamConfig(streamConfig).calibrations(loaded).listener(listener).build();
        long t0 = System.nanoTime();
        if (seedlink != null) {
            SeedLinkFeed feed = new SeedLinkFeed(host, port, selectors, detector, Duration.ofSeconds(2));
            if (start != null) {
                feed.from(start);
            }
            this.feed = feed;
            // Ctrl-C (SIGTERM) closes the feed; this thread, which feeds the detector, writes the
            // outputs. The hook writes them itself only where this thread is still connecting after
            // 15 s (a server that does not answer): once closed, the feed feeds nothing after the
            // packet in hand. A live stream that fails writes what it had decided, then reports the
            // error: unlike a replay, the data cannot be run again
            Thread hook = new Thread(() -> {
                feed.close();
                try {
                    if (!finishedFeeding.await(15, java.util.concurrent.TimeUnit.SECONDS)) {
                        finish(detector, fmt, encoder);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            java.util.concurrent.ScheduledExecutorService checkpoints = checkpoints(detector, fmt, encoder);
            try {
                try {
                    feed.run();
                } catch (InterruptedException | RuntimeException e) {
                    try {
                        finish(detector, fmt, encoder);
                    } catch (RuntimeException also) {
                        e.addSuppressed(also);
                    }
                    throw e;
                }
                finish(detector, fmt, encoder);
            } finally {
                if (checkpoints != null) {
                    checkpoints.shutdown(); // a checkpoint being written ends whole (its file written in place)
                    try {
                        checkpoints.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                unhook(hook); // after the outputs are written: the hook waits for this
            }
            return 0;
        } else {
            // Ctrl-C (SIGTERM) ends a replay as it ends a live stream: the replay stops after the record
            // being fed and this thread writes what was decided so far; the hook only waits for that
            Thread hook = new Thread(() -> {
                stopReplay = true;
                try {
                    finishedFeeding.await(120, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                long n = replay(detector, selectors);
                System.err.printf("replayed %d records in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
                finish(detector, fmt, encoder);
            } finally {
                unhook(hook); // a failed replay writes nothing
            }
            return 0;
        }
    }

    /** @return the {@code --stations} selectors, or a usage error naming the one that is wrong */
    private List<SeedLinkFeed.Selector> selectors(List<String> texts) {
        if (texts.isEmpty()) {
            throw new UsageException("--seedlink needs --stations NET_STA[:SEL] ...");
        }
        List<SeedLinkFeed.Selector> out = new ArrayList<>();
        for (String t : texts) {
            try {
                out.add(SeedLinkFeed.Selector.parse(t));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--stations: " + e.getMessage());
            }
        }
        return out;
    }

    /** SeedLink's conventional port, as slinktool and SeisComP take it where none is given. */
    static final int SEEDLINK_PORT = 18000;

    /** @return the port of {@code HOST:PORT} ({@link #SEEDLINK_PORT} for a host alone), or a usage error naming {@code --seedlink} */
    static int port(String hostPort) {
        if (!hostPort.isEmpty() && !hostPort.contains(":")) {
            return SEEDLINK_PORT;
        }
        int colon = hostPort.lastIndexOf(':');
        String p = colon < 0 ? "" : hostPort.substring(colon + 1);
        if (colon <= 0 || !p.matches("[0-9]{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
            throw new UsageException("--seedlink must be HOST or HOST:PORT with a port from 1 to 65535, got '" + hostPort
                    + "'");
        }
        return Integer.parseInt(p);
    }

    /** @return the SeedLink feed's counts, failed connections apart from damaged packets */
    static String summary(SeedLinkFeed feed) {
        return String.format("SeedLink: %d packet(s)%s, %d damaged packet(s) refused, %d reconnection(s), %d failed"
                        + " connection attempt(s)%s", feed.packets(),
                (feed.early() == 0 ? "" : " (" + feed.early() + " of them before --from, left out)")
                        + (feed.repeated() == 0 ? "" : " (" + feed.repeated() + " of them sent again after a reconnection,"
                        + " left out)"), feed.refused(),
                feed.reconnects(), feed.failedConnections(),
                feed.lastFailure() == null ? "" : " (last failure: " + feed.lastFailure() + ")")
                + (feed.silent().isEmpty() ? "" : "; no packet for two minutes or more at the end from "
                        + String.join(", ", feed.silent()));
    }

    private boolean finished;
    private SeedLinkFeed feed;
    private volatile boolean stopReplay;
    /** Counted down when the thread that feeds the detector is done (outputs written, or failed). */
    private final java.util.concurrent.CountDownLatch finishedFeeding = new java.util.concurrent.CountDownLatch(1);

    /** Lets a shutdown hook that waits on {@link #finishedFeeding} return, and removes it on a normal end. */
    private void unhook(Thread hook) {
        finishedFeeding.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook has run or is running: it returns now
        }
    }
    private Map<String, io.github.seisclr.detect.Calibration> loaded = Map.of();

    private synchronized void finish(StreamingDetector detector, Writers.Format fmt, Encoder encoder) {
        if (finished) {
            return;
        }
        finished = true;
        if (feed != null) {
            System.err.println(summary(feed));
        }
        detector.flush();
        synchronized (picks) {
            System.err.printf("%d detections, %d picks%n", detectionCount, pickCount);
        }
        Map<String, java.time.Instant> ends = detector.dataEnds();
        if (feed != null && !ends.isEmpty()) {
            // where a restart after downtime goes on from (review: nothing said where the data had ended)
            java.time.Instant first = java.util.Collections.min(ends.values());
            System.err.println("data scored up to: " + String.join(", ", ends.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).toList()) + "; to go on after downtime: --from "
                    + first.minusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + " (two minutes before the earliest, for the warm-up; merge the overlap: docs/streaming.md)");
        }
        if (!notices.isEmpty()) {
            // a record dropped as late or duplicate is data not scored: say how many, not only line by line
            System.err.println("notices: " + String.join(", ", notices.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey()).toList())
                    + (notices.containsKey(StreamNotice.Kind.LATE_OR_DUPLICATE)
                    ? " (a LATE_OR_DUPLICATE record was dropped: more than the reorder window late, or sent twice)" : ""));
        }
        // the holes in the data scored, which a stream does not log as they come (review: without --out a
        // stream never said them)
        detector.holes().forEach(h -> System.err.println("warning: " + h));
        int written = writeOutputs(detector, fmt, encoder, false);
        if (calibrationsFile != null) {
            System.err.printf("calibrations of %d station(s) written to %s%n", written, calibrationsFile);
        }
    }

    /**
     * Writes {@code --calibrations} and {@code --out} with what has been decided so far (each file
     * whole or not at all): at the end, and at each checkpoint of a live stream.
     *
     * @return the number of stations whose calibrations were written
     */
    private synchronized int writeOutputs(StreamingDetector detector, Writers.Format fmt, Encoder encoder,
                                          boolean checkpoint) {
        if (checkpoint && finished) {
            return 0; // the end wrote them: a checkpoint after it would only write them again
        }
        int stationsWritten = 0;
        if (calibrationsFile != null) {
            // stations not heard from this time keep the calibration they had (the detector's map holds them)
            Map<String, io.github.seisclr.detect.Calibration> all = new java.util.TreeMap<>(detector.calibrations());
            Outputs.write("--calibrations", calibrationsFile, o -> CalibrationFile.write(all, encoder.featuresId(), o));
            stationsWritten = all.size();
        }
        if (out == null) {
            return stationsWritten;
        }
        // the detector's lock before the listener's, never inside it: the feed thread holds the
        // detector's while its listener takes the picks' (found by review)
        List<Detection> decided;
        List<Pick> picked;
        synchronized (picks) {
            decided = List.copyOf(detections);
            picked = List.copyOf(picks);
        }
        DetectionResult r = detector.result(decided, picked);
        // what was streamed, with the version and model, as detect's outputs say it
        String producer = "seisclr stream " + (seedlink != null ? "--seedlink " + seedlink
                : "--replay " + String.join(" ", replay.stream().map(Path::toString).toList())) + reading.asArguments()
                + " (seisclr " + DetectCommand.version() + ", model " + Main.modelName(model) + ")";
        Outputs.write("--out", out, o -> Writers.write(r, fmt, producer, o));
        return stationsWritten;
    }

    /**
     * A live stream's checkpoints: {@code --out} and {@code --calibrations} written every
     * {@code --checkpoint-minutes} (review: a process killed outright lost all it had decided since it
     * started, and its next start had no warm calibration), on a daemon thread; null where off or
     * nothing is to be written.
     */
    private java.util.concurrent.ScheduledExecutorService checkpoints(StreamingDetector detector, Writers.Format fmt,
                                                                      Encoder encoder) {
        if (checkpointMinutes == 0 || out == null && calibrationsFile == null) {
            return null;
        }
        java.util.concurrent.ScheduledExecutorService s = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                r -> {
                    Thread t = new Thread(r, "seisclr-checkpoint");
                    t.setDaemon(true);
                    return t;
                });
        long every = Math.max(1, Math.round(checkpointMinutes * 60_000));
        s.scheduleWithFixedDelay(() -> {
            try {
                writeOutputs(detector, fmt, encoder, true);
            } catch (RuntimeException e) {
                // a full disk must not stop the stream: said, and tried again at the next checkpoint
                System.err.println("seisclr: checkpoint not written: " + Writers.oneLine(e.getMessage()));
            }
        }, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
        return s;
    }

    /**
     * @return whether an output file of seisclr's holds no detection: a CSV of comment lines and its
     *     header alone (other formats and other files are taken to hold some)
     */
    private static boolean nothingDecided(Path file) {
        try (var lines = java.nio.file.Files.lines(file, java.nio.charset.StandardCharsets.UTF_8)) {
            List<String> rows = lines.filter(l -> !l.startsWith("#")).limit(2).toList();
            return file.getFileName().toString().endsWith(".csv") && rows.size() == 1
                    && rows.get(0).startsWith("detection_id,");
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false; // kept, as it may hold anything
        }
    }

    /**
     * A live stream started again with the same {@code --out} keeps the earlier run's file, renamed
     * with the time it was last written (review: a service restarted by its manager kept only its
     * last run's detections).
     */
    private static void keepEarlier(Path out) {
        if (!java.nio.file.Files.isRegularFile(out) || nothingDecided(out)) {
            return; // an earlier run that decided nothing (one that failed at once) is written over, not kept
        }
        try {
            String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .withZone(java.time.ZoneOffset.UTC).format(java.nio.file.Files.getLastModifiedTime(out).toInstant());
            String name = out.getFileName().toString();
            int dot = name.lastIndexOf('.');
            Path to = null;
            for (int n = 1; to == null || java.nio.file.Files.exists(to); n++) {
                String s = stamp + (n == 1 ? "" : "-" + n); // two runs stopped in one second keep both
                to = out.resolveSibling(dot > 0 ? name.substring(0, dot) + "." + s + name.substring(dot) : name + "." + s);
            }
            java.nio.file.Files.move(out, to);
            System.err.printf("--out %s held an earlier run's output: kept as %s%n", out, to);
        } catch (java.io.IOException e) {
            throw new io.github.seisclr.SeisclrException("--out " + out + " holds an earlier run's output, which could"
                    + " not be kept under another name (" + e.getMessage() + "); move it and start again");
        }
    }

    /**
     * Feeds every record of the files (of the stations chosen, all where none is) in order of its
     * end time, as a live feed would send them.
     */
    private long replay(StreamingDetector detector, List<SeedLinkFeed.Selector> chosen) {
        // an index of the records' headers, each record read again when its turn comes: a replay of
        // months holds about 80 bytes a record, not every sample of the input at once
        WaveformIndex index = WaveformIndex.of(replay, reading.options());
        String files = String.join(", ", replay.stream().map(Path::toString).toList());
        long all = index.recordsWithSamples(id -> true);
        if (all == 0) {
            if (index.sources().isEmpty()) {
                index.requireSamples(); // every file left out as damaged: says so
            }
            // text (log) or header-only records alone: nothing to replay, which is no quiet stream
            throw new io.github.seisclr.BadInputException(io.github.seisclr.BadInputException.Problem.EMPTY, files,
                    null, null, -1,
                    "no waveform samples to replay (only records without samples, such as text/log records)");
        }
        java.util.function.Predicate<io.github.seisclr.io.SourceId> take =
                id -> chosen.isEmpty() || chosen.stream().anyMatch(s -> s.matches(id));
        long count = index.recordsWithSamples(take);
        if (count == 0) {
            throw new io.github.seisclr.SeisclrException("--stations " + String.join(" ", stations) + ": none of the "
                    + all + " record(s) of " + files + " is of these stations and channels");
        }
        refuseWhatDetectRefuses(index);
        long fed = index.recordsByEndTime(take, t -> {
            if (stopReplay) {
                return false;
            }
            detector.accept(t);
            return true;
        });
        if (fed < count) {
            System.err.printf("replay stopped after %d of %d records%n", fed, count);
        }
        return fed;
    }

    /**
     * Reads each station of a replay as {@code detect} reads it, an hour at a time, so that the
     * replay refuses what {@code detect} refuses (two copies of a channel that disagree, an overlap
     * at a leap second, a clock stepped back past the tolerance) rather than letting the stream trim
     * the overlaps as it must for a live feed (review: two different recordings of one channel-hour
     * replayed as one, spliced). What reading warns of (clock steps, duplicates) is said as by
     * {@code detect}.
     */
    private static void refuseWhatDetectRefuses(WaveformIndex index) {
        for (String station : index.stations()) {
            java.time.Instant[] extent = index.extent(station);
            for (java.time.Instant a = extent[0]; a.isBefore(extent[1]); a = a.plus(Duration.ofHours(1))) {
                java.time.Instant b = a.plus(Duration.ofHours(1));
                index.read(station, a, b.isBefore(extent[1]) ? b : extent[1]);
            }
        }
    }

    /**
     * @return a pick's live line, {@code pick,ID,CHANNEL,PHASE,TIME,UNCERTAINTY,SCORE,LOWER,UPPER,POLARITY}:
     *     numbers with a point whatever the machine's locale (the line is comma-separated)
     */
    static String line(Pick p) {
        // as HEADER's first line names the fields
        return String.format(java.util.Locale.ROOT, "pick,%s,%s,%s,%s,%.3f,%.2f,%.3f,%.3f,%s", p.detectionId(),
                p.channel(), p.phase(), Writers.time(p.time()), p.uncertaintySeconds(), p.confidence(),
                p.lowerUncertaintySeconds(), p.upperUncertaintySeconds(), p.polarity().quakeMl());
    }

    /**
     * The first lines on standard output, comments that name the fields of the two kinds of line
     * (review, a new user: the lines had no header, their columns were in docs/streaming.md alone),
     * in the names {@code detect}'s CSV gives them.
     */
    static final List<String> HEADER = List.of(
            "# pick,detection_id,channel,phase,pick_time,uncertainty_s,confidence,lower_uncertainty_s,upper_uncertainty_s,polarity",
            "# detection,detection_id,station,detection_start,detection_end,peak_score,snr");

    /**
     * @return a detection's live line, {@code detection,ID,STATION,START,END,PEAK,SNR}: numbers with a
     *     point whatever the locale; an SNR that could not be measured is an empty field, as in
     *     {@code detect}'s CSV
     */
    static String line(Detection d) {
        return String.format(java.util.Locale.ROOT, "detection,%s,%s,%s,%s,%.2f,%s", d.id(), d.station(),
                Writers.time(d.start()), Writers.time(d.end()), d.peakScore(),
                Double.isNaN(d.snr()) ? "" : String.format(java.util.Locale.ROOT, "%.2f", d.snr()));
    }
}
