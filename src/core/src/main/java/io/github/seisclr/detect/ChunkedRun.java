package io.github.seisclr.detect;

import io.github.seisclr.BadInputException;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.WaveformIndex;
import io.github.seisclr.io.WaveformSet;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.model.EncoderConfig;
import io.github.seisclr.model.FrameFeatures;
import io.github.seisclr.model.Preprocessor;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.PickList;
import io.github.seisclr.score.BackgroundModel;
import io.github.seisclr.score.ScoreTrace;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Alignment;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The batch detector over an input of any length in bounded memory: each station stream is read
 * from a {@link WaveformIndex} a piece at a time, and what a whole run keeps in memory (the aligned
 * samples and the frame features, about 480 MB per station-day) goes to a temporary file instead.
 *
 * <p>Pass 1, piece by piece: the piece's records are read with {@link #WARM_UP_SECONDS} before it
 * and some minutes after it, merged, aligned and prepared exactly as in a whole run; the encoder
 * runs over the piece's own samples only. Pieces end on a grid of the stretch they cut (every
 * {@code lcm(8, noise-scale block)} samples, 10 s at 100 Hz) and the warm-up is a whole number of
 * grid steps, so the frames, the noise-scale blocks and the filters' state (settled within seconds)
 * are those of the whole stretch: the pieces join into the stretches of a whole run. Their frames
 * and samples are written to the file.
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

    ChunkedRun(Detector detector, Encoder encoder, WaveformIndex index, double pieceSeconds) {
        this.detector = detector;
        this.encoder = encoder;
        this.config = detector.config();
        this.index = index;
        rate = encoder.config().sampleRate();
        int stride = EncoderConfig.FRAME_STRIDE;
        frameRate = rate / stride;
        int block = Math.max(1, (int) Math.round(Preprocessor.BLOCK_SECONDS * rate));
        grid = lcm(stride, block);
        minSeconds = Math.max(10, 2 * config.scoreWindowSeconds());
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
        List<DetectorConfig> configs = List.of(config);
        List<List<Detection>> detections = List.of(new ArrayList<>());
        List<List<Pick>> picks = List.of(new ArrayList<>());
        List<Map<String, int[]>> counters = List.of(new HashMap<>());
        List<ScoreTrace> scores = new ArrayList<>();
        Map<String, Calibration> calibrations = new LinkedHashMap<>();
        Map<SourceId, String> refused = new LinkedHashMap<>();
        String model = detector.checksum();
        double hours = 0;
        boolean usable = false;
        for (String code : index.stations()) {
            double[] h = station(code, model, configs, detections, picks, counters, scores, calibrations, refused);
            hours += h[0];
            usable |= h[1] > 0;
            progress.accept(code);
        }
        if (!refused.isEmpty() && !usable) {
            throw new BadInputException(BadInputException.Problem.BAD_SAMPLE_RATE, null,
                    refused.keySet().iterator().next().toString(), null, -1,
                    "no channel can be used: " + String.join("; ", refused.values()));
        }
        List<Detection> d = new ArrayList<>(detections.get(0));
        d.sort(Comparator.comparing(Detection::start));
        Set<String> kept = new HashSet<>();
        d.forEach(x -> kept.add(x.id()));
        List<Pick> p = picks.get(0).stream().filter(x -> kept.contains(x.detectionId())).toList();
        return new DetectionResult(List.copyOf(d), new PickList(p), Detector.coincidence(d, config),
                List.copyOf(scores), hours, config, model, Map.copyOf(calibrations));
    }

    /** @return {hours scored, 1 when some channel was usable} */
    private double[] station(String code, String model, List<DetectorConfig> configs,
                             List<List<Detection>> detections, List<List<Pick>> picks,
                             List<Map<String, int[]>> counters, List<ScoreTrace> scores,
                             Map<String, Calibration> calibrations, Map<SourceId, String> refused) {
        Instant[] extent = index.extent(code);
        Path file;
        try {
            file = Files.createTempFile("seisclr-detect-", ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for " + code + " in "
                    + System.getProperty("java.io.tmpdir") + " (set java.io.tmpdir to a folder with room)", e);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE)) {
            List<Stretch> stretches = new ArrayList<>();
            StationStream[] first = new StationStream[1];
            boolean usable = encode(code, extent, ch, stretches, first, refused);
            if (stretches.isEmpty()) {
                if (usable) {
                    LOG.warn("{}: no stretch of aligned components of at least {} s; skipped", code, minSeconds);
                }
                return new double[] {0, usable ? 1 : 0};
            }
            StationStream s = first[0];
            int k = detector.framesPerWindow(frameRate);
            double seconds = stretches.stream().mapToDouble(g -> g.samples / rate).sum();
            BackgroundModel bg = detector.background(fit(ch, stretches, k), seconds, k);
            List<double[]> rel = new ArrayList<>();
            for (Stretch g : stretches) {
                rel.add(relative(ch, g, k, bg));
            }
            double[] all = new double[rel.stream().mapToInt(r -> r.length).sum()];
            int at = 0;
            for (double[] r : rel) {
                System.arraycopy(r, 0, all, at, r.length);
                at += r.length;
            }
            double[] ms = detector.calibrate(all, seconds, k);
            Calibration cal = new Calibration(bg, ms[0], ms[1], String.format("batch fit on %.2f h", seconds / 3600));
            calibrations.put(code, cal);
            SourceId[] channels = Detector.channels(s);
            for (int i = 0; i < stretches.size(); i++) {
                Stretch g = stretches.get(i);
                detector.events(s.station(), code, s.station(), channels, g.start, frameRate, k, rel.get(i), cal,
                        (from, to) -> slice(ch, g, code, from, to), model, configs, detections, picks, counters,
                        scores);
            }
            return new double[] {seconds / 3600, 1};
        } catch (IOException e) {
            throw new UncheckedIOException("temporary file " + file + " for " + code + ": " + e.getMessage(), e);
        }
    }

    /**
     * Pass 1: reads the station stream piece by piece, encodes each piece's own samples and writes
     * frames and samples to {@code ch}, joined into the stretches of a whole run.
     *
     * @return whether any channel was in the model's band
     */
    private boolean encode(String code, Instant[] extent, FileChannel ch, List<Stretch> stretches,
                           StationStream[] first, Map<SourceId, String> refused) throws IOException {
        boolean usable = false;
        Instant t0 = extent[0];
        Stretch open = null; // the stretch that runs on across t0
        int d = encoder.config().embeddingDim();
        while (t0.isBefore(extent[1])) {
            Instant target = t0.plus(samples(pieceSamples));
            boolean last = !target.isBefore(extent[1]);
            WaveformSet data = index.read(code, t0.minus(samples(warmUpSamples)),
                    last ? extent[1].plusSeconds(1) : target.plus(samples(overlapSamples)));
            List<StationStream> found = data.stations();
            StationStream s = found.isEmpty() ? null : detector.inBand(found.get(0), refused);
            List<AlignedSegment> segments = s == null ? List.of() : Alignment.align(s, rate, minSeconds);
            if (s != null) {
                usable = true;
                if (first[0] == null) {
                    first[0] = s;
                }
            }
            // the piece ends at the first grid point of the stretch across target at or after it
            AlignedSegment across = null;
            long endIndex = -1;
            if (!last) {
                for (AlignedSegment g : segments) {
                    long at = g.indexOf(target);
                    if (at >= 0 && at < g.length()) {
                        long snapped = (at + grid - 1) / grid * grid;
                        if (snapped < g.length()) {
                            across = g;
                            endIndex = snapped;
                        }
                    }
                }
            }
            Instant t1 = across != null ? across.timeOf(endIndex) : target;
            Stretch next = null;
            for (AlignedSegment g : segments) {
                long a = Math.max(0, g.indexOf(t0));
                long b = last ? g.length() : Math.min(g.length(), g == across ? endIndex : g.indexOf(t1));
                if (b <= a) {
                    continue;
                }
                Stretch st;
                if (a > 0 && open != null && java.util.Arrays.equals(open.present, g.present())
                        && a % grid == 0) {
                    st = open;
                } else {
                    if (a > 0) {
                        // a stretch the piece before did not see across its end: start it on the grid
                        a = (a + grid - 1) / grid * grid;
                        if (b <= a) {
                            continue;
                        }
                    }
                    st = new Stretch(g.timeOf(a), g.present());
                    stretches.add(st);
                }
                FrameFeatures f = encoder.frames(g, (int) a, (int) b);
                long dataPos = ch.size();
                writeSamples(ch, g, (int) a, (int) b);
                long featPos = ch.size();
                writeFrames(ch, f, d);
                st.parts.add(new long[] {st.samples, b - a, dataPos, st.frames, f.count(), featPos});
                st.samples += b - a;
                st.frames += f.count();
                if (g == across) {
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

    private static void writeSamples(FileChannel ch, AlignedSegment g, int a, int b) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8 * (b - a)).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < 3; c++) {
            buf.clear();
            buf.asDoubleBuffer().put(g.data()[c], a, b - a);
            buf.limit(8 * (b - a));
            writeAll(ch, buf);
        }
    }

    private static void writeFrames(FileChannel ch, FrameFeatures f, int d) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4 * d * Math.min(f.count(), READ_FRAMES)).order(ByteOrder.LITTLE_ENDIAN);
        float[] frame = new float[d];
        for (int j0 = 0; j0 < f.count(); j0 += READ_FRAMES) {
            int n = Math.min(READ_FRAMES, f.count() - j0);
            buf.clear();
            for (int j = 0; j < n; j++) {
                f.copyFrame(j0 + j, frame);
                for (float v : frame) {
                    buf.putFloat(v);
                }
            }
            buf.flip();
            writeAll(ch, buf);
        }
    }

    private static void writeAll(FileChannel ch, ByteBuffer buf) throws IOException {
        long pos = ch.size();
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
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
        ByteBuffer buf = ByteBuffer.allocate(4 * d * READ_FRAMES).order(ByteOrder.LITTLE_ENDIAN);
        for (long[] p : g.parts) {
            for (long j0 = 0; j0 < p[4]; j0 += READ_FRAMES) {
                int n = (int) Math.min(READ_FRAMES, p[4] - j0);
                buf.clear();
                buf.limit(4 * d * n);
                readAll(ch, buf, p[5] + 4L * d * j0);
                float[][] out = new float[n][d];
                for (int j = 0; j < n; j++) {
                    for (int q = 0; q < d; q++) {
                        out[j][q] = buf.getFloat();
                    }
                }
                each.accept(out);
            }
        }
    }

    /** Pass 2a: the background fitted on the subsample of trailing windows a whole run takes ({@link Detector#fitBackground}). */
    private BackgroundModel fit(FileChannel ch, List<Stretch> stretches, int k) throws IOException {
        int d = encoder.config().embeddingDim();
        long total = stretches.stream().mapToLong(g -> Math.max(0, g.frames - k + 1)).sum();
        int step = (int) Math.max(1, total / 20_000);
        List<double[]> fit = new ArrayList<>();
        for (Stretch g : stretches) {
            float[][] ring = new float[k][];
            long[] j = {0};
            frames(ch, g, block -> {
                for (float[] f : block) {
                    ring[(int) (j[0] % k)] = f;
                    if (j[0] >= k - 1 && (j[0] - (k - 1)) % step == 0) {
                        // as FrameFeatures.windowMean sums them: in order, then divided
                        double[] v = new double[d];
                        for (long i = j[0] - k + 1; i <= j[0]; i++) {
                            float[] x = ring[(int) (i % k)];
                            for (int q = 0; q < d; q++) {
                                v[q] += x[q];
                            }
                        }
                        for (int q = 0; q < d; q++) {
                            v[q] /= k;
                        }
                        fit.add(Detector.compress(v));
                    }
                    j[0]++;
                }
            });
        }
        return BackgroundModel.fit(fit.toArray(new double[0][]), config.trim());
    }

    /** Pass 2b: the baseline-relative log distance of every frame of a stretch ({@link Detector#relative}). */
    private double[] relative(FileChannel ch, Stretch g, int k, BackgroundModel bg) throws IOException {
        double[] out = new double[(int) g.frames];
        int[] n = {0};
        ScoreStage stage = new ScoreStage(k, encoder.config().embeddingDim(), frameRate, config.baselineSeconds(), bg);
        frames(ch, g, block -> stage.pushAll(FrameFeatures.of(g.start, frameRate, block), x -> out[n[0]++] = x));
        stage.finish(x -> out[n[0]++] = x);
        return out;
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
