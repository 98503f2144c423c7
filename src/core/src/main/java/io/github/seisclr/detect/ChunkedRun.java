package io.github.seisclr.detect;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Warnings;
import io.github.seisclr.io.WaveformIndex;
import io.github.seisclr.io.WaveformSet;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.model.EncoderConfig;
import io.github.seisclr.model.FrameFeatures;
import io.github.seisclr.model.Preprocessor;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.score.ScoreTrace;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Alignment;
import io.github.seisclr.signal.ChannelBands;
import io.github.seisclr.signal.Despiker;
import io.github.seisclr.signal.Resampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The batch detector over a long input in little memory: each station stream is read from a
 * {@link WaveformIndex} a piece at a time, and what a whole run keeps in memory (the aligned samples
 * and the frame features, about 480 MB per station-day) goes to a temporary file instead; a distance
 * and a score per frame stay in memory.
 *
 * <p>Pass 1, piece by piece: the piece's records are read with {@link #WARM_UP_SECONDS} before it
 * and some minutes after it, merged, aligned and prepared exactly as in a whole run; the encoder
 * runs over the piece's own samples only. Pieces end on a grid of the stretch they cut (every
 * {@code lcm(8, noise-scale block)} samples, 10 s at 100 Hz) and the warm-up is a whole number of
 * grid steps, so the frames, the noise-scale blocks and the filters' state (settled within seconds)
 * are those of the whole stretch: the pieces join into the stretches of a whole run. Their frames
 * and samples are written to the file.
 *
 * <p>Each piece gets all the station's components in their places, empty where it has none, and a
 * component that the model's rate needs resampled is cut a whole number of resampling periods after
 * its trace's first sample ({@link #anchored}); a station with a rate that is no small fraction of
 * the model's is read in one piece.
 *
 * <p>Pass 2 reads the frames back: the station's background is fitted on the same subsample of
 * trailing windows as in a whole run, then the baseline-relative distances of every frame (8 bytes
 * a frame, kept in memory) give the calibration. Pass 3 scores, triggers and picks each stretch
 * with the code of the whole run, reading the samples a pick needs from the file. The result
 * equals the whole run's to float rounding.
 */
final class ChunkedRun {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkedRun.class);
    /** Data read before a piece (s): the noise scale's span and warm-up, and the filters' settling. */
    static final double WARM_UP_SECONDS = 900;
    /** Default piece length (s). */
    static final double PIECE_SECONDS = 7200;
    /** Frames read back from the file at a time. */
    private static final int READ_FRAMES = 4096;

    private final Detector detector;
    private final Encoder encoder;
    private final DetectorConfig config;
    private final WaveformIndex index;
    private final double rate;
    private final double frameRate;
    private final int grid;
    private final long pieceSamples;
    private final long warmUpSamples;
    private final long overlapSamples;
    private final double minSeconds;
    /** What to keep and how to calibrate (given calibrations, the detections kept, their ids). */
    private final Detector.Span span;
    /** The input's range: nothing outside it is read. */
    private final Instant readFrom;
    private final Instant readTo;

    /** Whether a whole run keeps each stretch's score trace for its result (4 bytes a frame). */
    private boolean keepScores = true;
    /** Whether spikes and missing components are warned of ({@link #quiet}). */
    private boolean warnOfData = true;
    /** Time spent per stage on the current station (ns), for the debug line: read, align, encode, write. */
    private final long[] spent = new long[4];
    /** Pass 1's writes to the current station's temporary file: one thread, at most one piece waiting. */
    private java.util.concurrent.ExecutorService writer;
    private java.util.concurrent.Future<Void> pendingWrite;
    /** Where the next piece's samples go in the current station's temporary file. */
    private long fileEnd;

    ChunkedRun(Detector detector, Encoder encoder, WaveformIndex index, double pieceSeconds) {
        this(detector, encoder, index, pieceSeconds, Detector.Span.WHOLE, Instant.MIN, Instant.MAX);
    }

    /** @return this run, giving no score traces when {@code keep} is false */
    ChunkedRun scoreTraces(boolean keep) {
        keepScores = keep;
        return this;
    }

    /**
     * Sets the run to say nothing of the data's spikes or missing components: a run whose data
     * another run scores and warns of (an archive station's calibration fit on its first day, a
     * day's end run again as the next day's run reads it).
     *
     * @return this run
     */
    ChunkedRun quiet() {
        warnOfData = false;
        return this;
    }

    /**
     * @param span calibrations to use, the detections to keep and their ids' tag
     *     ({@link Detector#detectPiece}); {@link Detector.Span#WHOLE} for a whole run
     * @param readFrom start of the input (the index may hold more)
     * @param readTo end of the input (excluded)
     */
    ChunkedRun(Detector detector, Encoder encoder, WaveformIndex index, double pieceSeconds, Detector.Span span,
               Instant readFrom, Instant readTo) {
        this.span = span;
        this.readFrom = readFrom;
        this.readTo = readTo;
        this.detector = detector;
        this.encoder = encoder;
        this.config = detector.config();
        this.index = index;
        rate = encoder.config().sampleRate();
        int stride = EncoderConfig.FRAME_STRIDE;
        frameRate = rate / stride;
        int block = Math.max(1, (int) Math.round(Preprocessor.BLOCK_SECONDS * rate));
        grid = lcm(stride, block);
        minSeconds = detector.minStretchSeconds();
        pieceSamples = steps(pieceSeconds);
        warmUpSamples = steps(WARM_UP_SECONDS);
        // longer than the shortest stretch kept and the grid step the piece end may move by, so
        // that no stretch a whole run keeps is cut short of it here
        overlapSamples = steps(Math.max(120, 2 * minSeconds)) + 2L * grid;
        if (pieceSamples < 1) {
            throw new IllegalArgumentException("piece of " + pieceSeconds + " s");
        }
    }

    private long steps(double seconds) {
        return (long) Math.ceil(seconds * rate / grid) * grid;
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    /**
     * @return the index in {@code g} of its first sample at or after {@code t}; 0 for
     *     {@link Instant#MIN} and {@link Long#MAX_VALUE} for {@link Instant#MAX} (a whole run's span)
     */
    private static long keptIndex(AlignedSegment g, Instant t) {
        if (t.equals(Instant.MIN)) {
            return 0;
        }
        if (t.equals(Instant.MAX)) {
            return Long.MAX_VALUE;
        }
        return (long) Math.ceil(Duration.between(g.start(), t).toNanos() * g.sampleRate() / 1e9 - 1e-6);
    }

    private Duration samples(long n) {
        return Duration.ofNanos(Math.round(n / rate * 1e9));
    }

    /** A stretch of a whole run, put together from pieces. */
    private static final class Stretch {
        final Instant start;
        final boolean[] present;
        long samples;
        long frames;
        /** {firstSample, samples, dataPosition, firstFrame, frames, featurePosition} per piece. */
        final List<long[]> parts = new ArrayList<>();

        Stretch(Instant start, boolean[] present) {
            this.start = start;
            this.present = present.clone();
        }
    }

    DetectionResult run(Consumer<String> progress) {
        return Detector.listingWarnings(() -> {
            index.warnings().forEach(Warnings::relay); // what indexing the files warned of, before the run
            return runStations(progress);
        });
    }

    /** {@link #run}, without the warnings in its result. */
    private DetectionResult runStations(Consumer<String> progress) {
        List<DetectorConfig> configs = List.of(config);
        List<List<Detection>> detections = List.of(new ArrayList<>());
        List<List<Pick>> picks = List.of(new ArrayList<>());
        List<Map<String, int[]>> counters = List.of(new HashMap<>());
        List<ScoreTrace> scores = new ArrayList<>();
        Map<String, Calibration> calibrations = new LinkedHashMap<>();
        Map<SourceId, ChannelBands.Refusal> refused = new LinkedHashMap<>();
        String model = detector.modelId();
        double hours = 0;
        boolean usable = false;
        if (warnOfData) {
            Map<String, boolean[]> slots = new java.util.LinkedHashMap<>();
            double low = encoder.config().bandLowHz();
            for (String code : index.stations()) {
                boolean[] held = slots.computeIfAbsent(code, k -> new boolean[3]);
                index.channels(code).forEach((id, rates) -> {
                    int slot = io.github.seisclr.io.StationStream.slot(id.component());
                    // only channels that can be used: a 1 Hz LHZ is no vertical for 100 Hz horizontals (review)
                    if (slot >= 0 && rates.stream().anyMatch(r -> ChannelBands.usableRate(r, low))) {
                        held[slot] = true;
                    }
                });
            }
            Detector.warnSplitStations(slots);
        }
        for (String code : index.stations()) {
            double[] h = station(code, model, configs, detections, picks, counters, scores, calibrations, refused);
            hours += h[0];
            usable |= h[1] > 0;
            progress.accept(code);
        }
        Detector.requireUsable(refused, usable);
        return Detector.result(detections.get(0), picks.get(0), scores, hours, config, model, calibrations, span);
    }

    /** @return {hours scored, 1 when some channel was usable} */
    private double[] station(String code, String model, List<DetectorConfig> configs,
                             List<List<Detection>> detections, List<List<Pick>> picks,
                             List<Map<String, int[]>> counters, List<ScoreTrace> scores,
                             Map<String, Calibration> calibrations, Map<SourceId, ChannelBands.Refusal> refused) {
        Instant[] extent = index.extent(code);
        extent[0] = extent[0].isBefore(readFrom) ? readFrom : extent[0];
        extent[1] = extent[1].isAfter(readTo) ? readTo : extent[1];
        if (!extent[0].isBefore(extent[1])) {
            return new double[] {0, 0};
        }
        Path file;
        try {
            file = Files.createTempFile("seisclr-detect-", ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for " + code + " in "
                    + System.getProperty("java.io.tmpdir") + " (set java.io.tmpdir to a folder with room)", e);
        }
        FileChannel opened;
        try {
            opened = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the message below names the file
            }
            throw new UncheckedIOException("cannot open the temporary file " + file + " for " + code, e);
        }
        try (FileChannel ch = opened) {
            List<Stretch> stretches = new ArrayList<>();
            Map<SourceId, java.util.SortedSet<Double>> held = index.channels(code, readFrom, readTo);
            Map<Character, SourceId> components = components(held);
            boolean whole = readWhole(held);
            if (whole) {
                LOG.info("{}: read whole (a rate that is no small fraction of the model's {} Hz)", code, rate);
            }
            java.util.Arrays.fill(spent, 0);
            long t0 = System.nanoTime();
            boolean usable;
            writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "seisclr-detect-writer");
                t.setDaemon(true);
                return t;
            });
            fileEnd = 0;
            try {
                usable = encode(code, extent, ch, stretches, components.keySet(), refused, whole);
                long w0 = System.nanoTime();
                awaitWrite();
                spent[3] += System.nanoTime() - w0;
            } finally {
                // after a failure, the write in flight ends before the file is closed; the failure
                // that brought us here is the one reported
                pendingWrite = null;
                writer.shutdown();
                // not cut short by an interrupt: the file must outlive the write; the interrupt is kept
                boolean interrupted = false;
                while (true) {
                    try {
                        if (writer.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                            break;
                        }
                        LOG.warn("{}: still waiting for a write to the temporary file {}", code, file);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            long t1 = System.nanoTime();
            if (stretches.isEmpty()) {
                // not of a station of channels in no slot (a hydrophone's HDH alone), said so as they
                // are left out: its channel may hold hours (review)
                if (usable && components.keySet().stream().anyMatch(c -> io.github.seisclr.io.StationStream.slot(c) >= 0)) {
                    Warnings.say(LOG, "{}: no stretch of aligned components of at least {} s; skipped", code, minSeconds);
                }
                return new double[] {0, usable ? 1 : 0};
            }
            if (warnOfData) {
                List<Detector.Covered> kept = new ArrayList<>();
                for (Stretch g : stretches) { // as the warnings of spikes: within the span kept
                    Instant a = span.clamp(g.start);
                    Instant b = span.clamp(g.start.plus(samples(g.samples)));
                    if (a.isBefore(b)) {
                        kept.add(new Detector.Covered(a, Duration.between(a, b).toNanos() / 1e9, g.present));
                    }
                }
                Detector.warnCoverage(code, Detector.channels(components), kept);
                Detector.warnGaps(code, stretches.stream().map(g -> new Detector.Covered(g.start, g.samples / rate,
                        g.present)).toList(), rate, span);
            }
            // stretches come from channels in the model's band, which components holds
            SourceId any = components.values().iterator().next();
            int k = detector.framesPerWindow(frameRate);
            double seconds = stretches.stream().mapToDouble(g -> g.samples / rate).sum();
            boolean[] present = Detector.components(components.keySet());
            // named by the first time kept: an archive day's warm-up lies in the day before (review)
            Instant dataFrom = span.clamp(stretches.get(0).start);
            Calibration given = detector.given(span.calibrations().get(code), present, Detector.dataOf(code, dataFrom),
                    warnOfData);
            if (warnOfData) {
                Detector.noCalibration(span, code, dataFrom, seconds);
            }
            Detector.Models models = given != null ? Detector.Models.of(given, config)
                    : detector.models(fit(ch, stretches, k), seconds, k, present, code);
            long t2 = System.nanoTime();
            // every frame's distance (and residual), stretch after stretch, in one array each (8 bytes a frame)
            int total = Math.toIntExact(stretches.stream().mapToLong(g -> g.frames).sum());
            double[] all = new double[total];
            double[] allResidual = models.residual() == null ? null : new double[total];
            int[] offsets = new int[stretches.size() + 1];
            for (int i = 0; i < stretches.size(); i++) {
                relative(ch, stretches.get(i), k, models, all, allResidual, offsets[i]);
                offsets[i + 1] = offsets[i] + (int) stretches.get(i).frames;
            }
            long t3 = System.nanoTime();
            Calibration cal = given;
            if (cal == null) {
                cal = detector.calibration(models, List.<double[][]>of(new double[][] {all, allResidual}), seconds, k,
                        present, String.format(java.util.Locale.ROOT, "batch fit on %.2f h", seconds / 3600));
            }
            calibrations.put(code, cal);
            SourceId[] channels = Detector.channels(components);
            String idPrefix = span.idPrefix(any.network(), any.station());
            double hours = 0;
            for (int i = 0; i < stretches.size(); i++) {
                Stretch g = stretches.get(i);
                detector.events(any.station(), code, idPrefix, channels, g.start, frameRate, k,
                        java.util.Arrays.copyOfRange(all, offsets[i], offsets[i + 1]), allResidual == null ? null
                                : java.util.Arrays.copyOfRange(allResidual, offsets[i], offsets[i + 1]), cal,
                        (from, to) -> slice(ch, g, code, from, to), model, configs, detections, picks, counters,
                        span == Detector.Span.WHOLE && keepScores ? scores : null);
                hours += span.seconds(g.start, g.start.plus(samples(g.samples))) / 3600;
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}: {} s of data in {} part(s); read {} s, align {} s, encoder {} s, waiting for the temporary file {} s"
                                + " (pass 1: {} s); background {} s, score {} s, calibrate + triggers + picks {} s",
                        code, Math.round(seconds), stretches.stream().mapToInt(g -> g.parts.size()).sum(),
                        Detector.secs(spent[0]), Detector.secs(spent[1]), Detector.secs(spent[2]),
                        Detector.secs(spent[3]), Detector.secs(t1 - t0), Detector.secs(t2 - t1), Detector.secs(t3 - t2),
                        Detector.secs(System.nanoTime() - t3));
            }
            return new double[] {hours, 1};
        } catch (IOException e) {
            throw new UncheckedIOException("temporary file " + file + " for " + code + ": " + e.getMessage(), e);
        }
    }

    /**
     * Pass 1: reads the station stream piece by piece, encodes each piece's own samples and writes
     * frames and samples to {@code ch}, joined into the stretches of a whole run.
     *
     * @param slots the components the whole input holds in the model's band: each piece gets all
     *     of them (empty where it has no data), so that a component keeps its place (Z, N/1, E/2)
     *     in every piece as in the whole run
     * @return whether any channel was in the model's band
     */
    private boolean encode(String code, Instant[] extent, FileChannel ch, List<Stretch> stretches,
                           Set<Character> slots, Map<SourceId, ChannelBands.Refusal> refused,
                           boolean onePiece) throws IOException {
        boolean usable = false;
        Set<Object> warned = new HashSet<>();
        Map<SourceId, long[]> origins = new HashMap<>();
        Instant t0 = extent[0];
        Stretch open = null; // the stretch that runs on across t0
        int d = encoder.config().embeddingDim();
        while (t0.isBefore(extent[1])) {
            Instant target = onePiece ? extent[1] : t0.plus(samples(pieceSamples));
            boolean last = !target.isBefore(extent[1]);
            Instant from = t0.minus(samples(warmUpSamples));
            from = from.isBefore(readFrom) ? readFrom : from;
            Instant to = last ? extent[1].plusSeconds(1) : target.plus(samples(overlapSamples));
            to = to.isAfter(readTo) ? readTo : to;
            long r0 = System.nanoTime();
            WaveformSet data = index.read(code, from, to);
            List<StationStream> found = StationStream.of(anchored(data.traces(), from, origins));
            long r1 = System.nanoTime();
            spent[0] += r1 - r0;
            StationStream s = found.isEmpty() ? null : detector.inBand(found.get(0), refused, warned);
            List<AlignedSegment> segments = new ArrayList<>();
            SourceId[] spikeChannels = null;
            // spikes replaced at a channel's own rate: warned of once the piece's own time is known
            List<Map.Entry<io.github.seisclr.io.Trace, Despiker>> nativeSpikes = new ArrayList<>();
            if (s != null) {
                usable = true;
                Map<Character, List<io.github.seisclr.io.Trace>> all = new LinkedHashMap<>(s.components());
                slots.forEach(c -> all.putIfAbsent(c, List.of()));
                segments.addAll(Alignment.alignDespiked(new StationStream(s.network(), s.station(), s.location(),
                        s.bandAndInstrument(), all), rate, minSeconds, (t, spiked) -> nativeSpikes.add(Map.entry(t, spiked))));
                spikeChannels = Detector.channels(s);
            }
            // as in a whole run; a piece's warm-up before it sets the scales as the whole stretch's
            // samples before it do, and only the spikes among the piece's own samples are warned of
            List<Despiker> despikers = new ArrayList<>();
            List<AlignedSegment> unsliced = new ArrayList<>(segments);
            for (AlignedSegment g : segments) {
                despikers.add(Despiker.applyInPlace(g));
            }
            spent[1] += System.nanoTime() - r1;
            // the stretch left open runs on in the segment that holds t0 on its sample grid; the
            // segment is cut to start on the stretch's grid (a component a fraction of a sample
            // late can make it start a sample after the piece's first second)
            int cont = -1;
            long contFrom = 0;
            for (int i = 0; i < segments.size() && open != null; i++) {
                AlignedSegment g = segments.get(i);
                double x = Duration.between(g.start(), t0).toNanos() * rate / 1e9;
                long at = Math.round(x);
                if (at > 0 && at < g.length() && Math.abs(x - at) < 1e-3
                        && java.util.Arrays.equals(open.present, g.present())) {
                    long r = at % grid;
                    if (r != 0) {
                        g = g.slice(r, g.length());
                        segments.set(i, g);
                        at -= r;
                    }
                    cont = i;
                    contFrom = at;
                }
            }
            // the piece ends at the first grid point at or after target of the segment that holds
            // it, or at that segment's end when it comes first; at target when it lies in a gap
            AlignedSegment across = null;
            long endIndex = -1;
            if (!last) {
                for (AlignedSegment g : segments) {
                    long at = g.indexOf(target);
                    if (at >= 0 && at < g.length()) {
                        across = g;
                        endIndex = Math.min(g.length(), (at + grid - 1) / grid * grid);
                    }
                }
            }
            Instant t1 = across != null ? across.timeOf(endIndex) : target;
            // warned of: the piece's own time, within the span kept (an archive day's warm-up and
            // overlap are the days' before and after it)
            Instant own0 = span.clamp(t0);
            Instant own1 = last ? (span.keepTo().equals(Instant.MAX) ? null : span.keepTo()) : span.clamp(t1);
            if (warnOfData) {
                nativeSpikes.forEach(e -> e.getValue().warnTrace(e.getKey(), own0, own1));
            }
            Stretch next = null;
            for (int i = 0; i < segments.size(); i++) {
                AlignedSegment g = segments.get(i);
                long a = i == cont ? contFrom : Math.max(0, g.indexOf(t0));
                long b = last ? g.length() : Math.min(g.length(), g == across ? endIndex : g.indexOf(t1));
                if (b <= a) {
                    continue;
                }
                Stretch st;
                if (i == cont) {
                    st = open;
                } else {
                    if (a > 0) {
                        // a segment across t0 that the piece before did not leave open (it saw a gap
                        // or a stretch too short there): a new stretch from its next grid point
                        a = (a + grid - 1) / grid * grid;
                        if (b <= a) {
                            continue;
                        }
                    }
                    st = new Stretch(g.timeOf(a), g.present());
                    stretches.add(st);
                }
                AlignedSegment whole = unsliced.get(i);
                long shift = Math.round(Duration.between(whole.start(), g.start()).toNanos() * rate / 1e9);
                if (warnOfData) {
                    despikers.get(i).warn(code, spikeChannels, whole.start(), rate, Math.max(a + shift,
                            keptIndex(whole, span.keepFrom())), Math.min(b + shift, keptIndex(whole, span.keepTo())));
                }
                long e0 = System.nanoTime();
                FrameFeatures f = encoder.frames(g, (int) a, (int) b);
                long e1 = System.nanoTime();
                long dataPos = fileEnd;
                long featPos = dataPos + 3L * Double.BYTES * (b - a);
                fileEnd = featPos + (long) Float.BYTES * d * f.count();
                // written on the writer thread while the next piece is read and encoded; the file's
                // layout is fixed here, so the order of the writes does not matter
                awaitWrite();
                AlignedSegment written = g;
                int wa = (int) a;
                int wb = (int) b;
                pendingWrite = writer.submit(() -> {
                    writeSamples(ch, written, wa, wb, dataPos);
                    writeFrames(ch, f, d, featPos);
                    return null;
                });
                spent[2] += e1 - e0;
                spent[3] += System.nanoTime() - e1;
                st.parts.add(new long[] {st.samples, b - a, dataPos, st.frames, f.count(), featPos});
                st.samples += b - a;
                st.frames += f.count();
                if (g == across && endIndex < g.length()) {
                    next = st;
                }
            }
            open = next;
            if (last) {
                break;
            }
            t0 = t1;
        }
        return usable;
    }

    /**
     * Cuts the start of each trace that the model's rate needs resampled so that it starts a whole
     * number of resampling periods ({@link Resampler#down()} input samples) after the first sample
     * of the trace it is part of in the whole input: the resampled samples then lie on the grid, and
     * have the values, of the whole run's. The traces' origins are carried from piece to piece.
     *
     * @param traces a piece's traces, sorted by channel and start
     * @param readFrom where the piece was cut
     * @param origins each channel's last trace: {first sample of its whole trace, end}, in ns
     */
    private List<io.github.seisclr.io.Trace> anchored(List<io.github.seisclr.io.Trace> traces, Instant readFrom,
                                                      Map<SourceId, long[]> origins) {
        long cut = io.github.seisclr.io.Times.toNanos(readFrom);
        List<io.github.seisclr.io.Trace> out = new ArrayList<>();
        Map<SourceId, long[]> seen = new HashMap<>();
        for (io.github.seisclr.io.Trace t : traces) {
            double r = t.sampleRate();
            long start = io.github.seisclr.io.Times.toNanos(t.start());
            long[] before = origins.get(t.id());
            // a trace that starts at the cut continues the one the piece before saw across it
            boolean continues = before != null && before[1] > cut && (start - cut) * r / 1e9 < 1;
            long origin = continues ? before[0] : start;
            seen.put(t.id(), new long[] {origin, io.github.seisclr.io.Times.toNanos(t.endExclusive())});
            io.github.seisclr.io.Trace kept = t;
            if (io.github.seisclr.io.SampleRates.needResampling(r, rate)) {
                int down = new Resampler(r, rate).down();
                long m = Math.round((start - origin) * r / 1e9);
                int skip = down > 1 ? (int) Math.floorMod(-m, (long) down) : 0;
                kept = skip == 0 ? t : skip < t.length() ? t.slice(t.timeOf(skip), t.end()) : null;
            }
            if (kept != null) {
                out.add(kept);
            }
        }
        origins.putAll(seen);
        return out;
    }

    /**
     * @param held a station stream's channels in the input's range, with their rates
     * @return whether a channel of the station stream needs resampling by a ratio that is no small
     *     fraction (a rate stored as 33.3001 Hz): its resampled grid starts at its first sample and
     *     cannot be met by a piece, so the station is read whole. Not a rate within the tolerance that
     *     joins records (100.005 Hz for 100 Hz): each piece is resampled from its own first sample, which
     *     keeps every sample's time to a fraction of a sample without holding a station-month in memory
     */
    private boolean readWhole(Map<SourceId, java.util.SortedSet<Double>> held) {
        for (Map.Entry<SourceId, java.util.SortedSet<Double>> e : held.entrySet()) {
            for (double r : e.getValue()) {
                // a rate too low for the band is left out (components), not resampled
                if (!inBand(r) || io.github.seisclr.io.SampleRates.agree(r, rate)) {
                    continue;
                }
                Resampler resampler;
                try {
                    resampler = new Resampler(r, rate);
                } catch (IllegalArgumentException bad) {
                    throw new io.github.seisclr.BadInputException(io.github.seisclr.BadInputException.Problem.BAD_SAMPLE_RATE,
                            null, e.getKey().toString(), null, -1, "cannot resample to " + rate + " Hz: " + bad.getMessage(), bad);
                }
                if (resampler.down() == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param held a station stream's channels in the input's range, with their rates
     * @return those at a rate in the model's band, by component code
     */
    private Map<Character, SourceId> components(Map<SourceId, java.util.SortedSet<Double>> held) {
        Map<Character, SourceId> out = new java.util.TreeMap<>();
        held.forEach((id, rates) -> {
            if (inBand(rates.last())) {
                out.put(id.component(), id);
            }
        });
        return out;
    }

    /** @return whether data at {@code sampleRate} reach into the model's band (Nyquist above its bottom) */
    private boolean inBand(double sampleRate) {
        return sampleRate / 2 > encoder.config().bandLowHz();
    }

    private static void writeSamples(FileChannel ch, AlignedSegment g, int a, int b, long pos) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8 * (b - a)).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < 3; c++) {
            buf.clear();
            buf.asDoubleBuffer().put(g.data()[c], a, b - a);
            buf.limit(8 * (b - a));
            writeAll(ch, buf, pos + 8L * c * (b - a));
        }
    }

    private static void writeFrames(FileChannel ch, FrameFeatures f, int d, long pos) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4 * d * Math.min(f.count(), READ_FRAMES)).order(ByteOrder.LITTLE_ENDIAN);
        float[] frame = new float[d];
        for (int j0 = 0; j0 < f.count(); j0 += READ_FRAMES) {
            int n = Math.min(READ_FRAMES, f.count() - j0);
            buf.clear();
            java.nio.FloatBuffer values = buf.asFloatBuffer();
            for (int j = 0; j < n; j++) {
                f.copyFrame(j0 + j, frame);
                values.put(frame);
            }
            buf.limit(4 * d * n);
            writeAll(ch, buf, pos + 4L * d * j0);
        }
    }

    private static void writeAll(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
    }

    /** Waits for the piece being written, if any; its failure is this thread's. */
    private void awaitWrite() throws IOException {
        if (pendingWrite == null) {
            return;
        }
        java.util.concurrent.Future<Void> w = pendingWrite;
        pendingWrite = null;
        try {
            w.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the temporary file", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IOException(e.getCause());
        }
    }

    private static void readAll(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                throw new IOException("temporary file ends early");
            }
        }
        buf.flip();
    }

    /** Calls {@code each} with the frames of a stretch in order, {@value #READ_FRAMES} at a time. */
    private void frames(FileChannel ch, Stretch g, Consumer<float[][]> each) throws IOException {
        int d = encoder.config().embeddingDim();
        ByteBuffer buf = ByteBuffer.allocateDirect(4 * d * READ_FRAMES).order(ByteOrder.LITTLE_ENDIAN);
        for (long[] p : g.parts) {
            for (long j0 = 0; j0 < p[4]; j0 += READ_FRAMES) {
                int n = (int) Math.min(READ_FRAMES, p[4] - j0);
                buf.clear();
                buf.limit(4 * d * n);
                readAll(ch, buf, p[5] + 4L * d * j0);
                float[][] out = new float[n][d];
                java.nio.FloatBuffer values = buf.asFloatBuffer();
                for (int j = 0; j < n; j++) {
                    values.get(out[j]);
                }
                each.accept(out);
            }
        }
    }

    /**
     * Pass 2a: the sample of trailing windows (with their contexts where the residual is scored) a
     * whole run fits its models on ({@link FitSample}).
     */
    private FitSample fit(FileChannel ch, List<Stretch> stretches, int k) throws IOException {
        int d = encoder.config().embeddingDim();
        int step = Detector.fitStep(stretches.stream().mapToLong(g -> Math.max(0, g.frames - k + 1)).sum());
        FitSample sample = new FitSample(k, d, config.residual() ? Detector.contextFrames(frameRate) : 0, step);
        for (Stretch g : stretches) {
            sample.stretch();
            frames(ch, g, block -> {
                for (float[] f : block) {
                    sample.push(f);
                }
            });
        }
        return sample;
    }

    /**
     * Pass 2b: the baseline-relative log distance (and residual) of every frame of a stretch
     * ({@link Detector#relative}), into {@code out} (and {@code outResidual}, null where not scored)
     * from {@code from}.
     */
    private void relative(FileChannel ch, Stretch g, int k, Detector.Models models, double[] out, double[] outResidual,
                          int from) throws IOException {
        int[] n = {from};
        ScoreStage stage = new ScoreStage(k, encoder.config().embeddingDim(), frameRate, config.baselineSeconds(),
                models.background(), models.residual());
        ScoreStage.Out to = (x, y) -> {
            out[n[0]] = x;
            if (outResidual != null) {
                outResidual[n[0]] = y;
            }
            n[0]++;
        };
        frames(ch, g, block -> stage.pushAll(FrameFeatures.of(g.start, frameRate, block), to));
        stage.finish(to);
    }

    /** Pass 3: samples {@code [from, to)} of a stretch, read back from the file. */
    private AlignedSegment slice(FileChannel ch, Stretch g, String code, long from, long to) {
        long a = Math.max(0, from);
        long b = Math.max(a, Math.min(g.samples, to));
        double[][] out = new double[3][(int) (b - a)];
        try {
            for (long[] p : g.parts) {
                long lo = Math.max(a, p[0]);
                long hi = Math.min(b, p[0] + p[1]);
                if (lo >= hi) {
                    continue;
                }
                int n = (int) (hi - lo);
                ByteBuffer buf = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
                for (int c = 0; c < 3; c++) {
                    buf.clear();
                    readAll(ch, buf, p[2] + 8 * (c * p[1] + lo - p[0]));
                    buf.asDoubleBuffer().get(out[c], (int) (lo - a), n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("temporary file of " + code + ": " + e.getMessage(), e);
        }
        return new AlignedSegment(code, g.start.plus(samples(a)), rate, out, g.present);
    }
}
