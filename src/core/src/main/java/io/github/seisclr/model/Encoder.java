package io.github.seisclr.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.seisclr.ModelException;
import io.github.seisclr.ModelException.Problem;
import io.github.seisclr.io.AtomicFiles;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Warnings;
import io.github.seisclr.signal.AlignedSegment;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A trained encoder: immutable weights plus the manifest that says how they were made. Thread-safe:
 * a forward pass ({@link InferenceLayers}) holds its buffers only while it runs and frees them when
 * it ends. Long segments are cut into chunks that run on the process's encoder workers, one daemon
 * thread per core created once, so that reusing one encoder for as long as a station runs keeps
 * memory flat (ND4J and OpenMP keep state per thread). Nothing here changes a process-wide setting;
 * {@link #useOneThreadPerOperation()} does, when an application asks for it. A closed encoder
 * ({@link #close()}) refuses work.
 *
 * <pre>{@code
 * Encoder enc = Encoder.load(Path.of("models/seisclr-default-v1.zip"));
 * for (AlignedSegment seg : Alignment.align(station, enc.config().sampleRate(), enc.config().windowSeconds())) {
 *     FrameFeatures f = enc.frames(seg);   // one 64-value vector every 8 samples
 * }
 * }</pre>
 */
public final class Encoder implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Encoder.class);
    static final String MANIFEST_ENTRY = "manifest.json";
    static final String WEIGHTS_ENTRY = "weights.bin";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** Samples per forward chunk when running over long segments. */
    private static final int CHUNK = 1 << 15;
    /** Samples of context on either side of a chunk with the default dilations. */
    private static final int MIN_PAD = 64;

    private final EncoderConfig config;
    /** Samples of context on either side of a chunk (see {@link #padOf}). */
    private final int pad;
    private final Map<String, float[]> weights;
    private final ModelManifest manifest;
    /** The forward pass for inference ({@link InferenceLayers}); training runs the graph. */
    private final InferenceLayers layers;
    /** Further entries of the model file, by name ({@link #attachment}). */
    private final Map<String, byte[]> attachments;
    /** The input slots (Z, N/1, E/2) the model takes: those it was trained with ({@link #inputSlots}). */
    private final boolean[] slots;
    /** Whether a component was left out of the input yet (said once per model). */
    private final java.util.concurrent.atomic.AtomicBoolean toldLeftOut = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;
    /** The weights' SHA-256 where the manifest does not give it ({@link #featuresId}), once computed. */
    private volatile String checksum;

    Encoder(EncoderConfig config, Map<String, float[]> weights, ModelManifest manifest) {
        this(config, weights, manifest, Map.of());
    }

    private Encoder(EncoderConfig config, Map<String, float[]> weights, ModelManifest manifest,
                    Map<String, byte[]> attachments) {
        this.config = config;
        this.pad = padOf(config);
        this.weights = weights;
        this.manifest = manifest;
        this.layers = new InferenceLayers(config, weights);
        this.attachments = Map.copyOf(attachments);
        this.slots = inputSlots(manifest);
    }

    /**
     * The input components a model takes: all three, except that a model trained from random
     * weights on data without a component (a vertical-only station, say) leaves that component
     * out, since its weights for it never saw data and the layers after them never learned to weigh
     * it. Measured: models trained on one station's vertical found almost nothing on a
     * three-component station with its horizontals in (docs/training.md). A model whose file does
     * not record its components' hours (written before they were), a fine-tuned model (its starting
     * weights saw other data) and random weights take all three.
     *
     * @param manifest the model's manifest, or null
     * @return for Z, N/1, E/2: whether the model takes it
     */
    static boolean[] inputSlots(ModelManifest manifest) {
        if (manifest == null || manifest.formatVersion() < 4 || !leavesOut(manifest.training())) {
            return new boolean[] {true, true, true};
        }
        return slotsOf(manifest.training());
    }

    /**
     * @param t a model's training record, or null
     * @return whether it makes the model leave a component out: trained from random weights, with
     *     the components' hours recorded, some component without data and some with
     */
    static boolean leavesOut(ModelManifest.Training t) {
        if (t == null || t.componentHours() == null || t.initialWeights() != null) {
            return false;
        }
        boolean[] s = slotsOf(t);
        return !(s[0] && s[1] && s[2]) && (s[0] || s[1] || s[2]);
    }

    /** @return for Z, N, E: whether the record gives it hours of data (a missing entry counts as data) */
    private static boolean[] slotsOf(ModelManifest.Training t) {
        boolean[] out = new boolean[3];
        for (int c = 0; c < 3; c++) {
            Double v = t.componentHours().get(ModelManifest.COMPONENT_KEYS.get(c));
            out[c] = v == null || v > 0;
        }
        return out;
    }

    /** @return for Z, N/1, E/2: whether the model takes that component ({@link #inputSlots}) */
    public boolean[] inputComponents() {
        return slots.clone();
    }

    /** @return the segment with the components the model does not take left out (the same segment when none is) */
    private AlignedSegment input(AlignedSegment segment) {
        Preprocessor.requireThree(segment);
        boolean[] present = input(segment.present());
        if (java.util.Arrays.equals(present, segment.present())) {
            return segment;
        }
        double[][] data = new double[3][];
        for (int c = 0; c < 3; c++) {
            data[c] = present[c] ? segment.data()[c] : new double[segment.length()];
        }
        return new AlignedSegment(segment.station(), segment.start(), segment.sampleRate(), data, present);
    }

    /**
     * @return {@code present} less the components the model does not take (all of {@code present}
     *     when that would leave none: a stretch without any component the model was trained on is
     *     encoded as it is, in batch and stream alike); says so once per model
     */
    private boolean[] input(boolean[] present) {
        boolean[] out = new boolean[3];
        List<String> left = new ArrayList<>();
        boolean any = false;
        for (int c = 0; c < 3; c++) {
            out[c] = present[c] && slots[c];
            any |= out[c];
            if (present[c] && !slots[c]) {
                left.add(c == 0 ? "Z" : c == 1 ? "N/1" : "E/2");
            }
        }
        if (!any) {
            return present.clone();
        }
        if (!left.isEmpty()) {
            // the id as detections carry it (12 digits and the tag), not the 64-digit checksum
            String id = featuresId().substring(0, 12) + featuresTag();
            Warnings.sayIf(!toldLeftOut.getAndSet(true), LOG, "model {} was trained without {}: left out of its input wherever a station has {} (train on data"
                    + " with the components you detect on to use them)", id, String.join(" and ", left),
                    left.size() == 1 ? "it" : "them");
        }
        return out;
    }

    /** Largest further entry a model file may carry (bytes); larger ones are not read. */
    static final int MAX_ATTACHMENT = 4 << 20;
    /** Most further entries read from a file, and their total size: the rest are not read. */
    static final int MAX_ATTACHMENTS = 16;
    static final long MAX_ATTACHMENTS_BYTES = 8 << 20;
    /** Largest manifest and weights read from a file (bytes): a larger one is refused as damaged. */
    static final int MAX_MANIFEST = 1 << 20;
    static final int MAX_WEIGHTS = 512 << 20;

    /** Reads the current zip entry, refusing it when it is larger than {@code limit} bytes. */
    private static byte[] bounded(ZipInputStream zip, int limit, String name, String entry) throws IOException {
        byte[] b = zip.readNBytes(limit + 1);
        if (b.length > limit) {
            throw new ModelException(Problem.CORRUPT, name + ": " + entry + " is larger than " + (limit >> 20)
                    + " MiB, far more than any seisclr model holds (a damaged or foreign file)", null);
        }
        return b;
    }

    /**
     * A further entry of the model file, kept with the weights by a later stage of the pipeline:
     * the detector stores this model's reference-noise prior there
     * ({@code io.github.seisclr.detect.Detector#withReferenceNoise}), so that no run has to measure
     * it again. An entry describes these weights: an encoder made from other weights (training,
     * fine-tuning, {@link #untrained}) carries none. Of a file's other entries, only {@code .json}
     * ones of up to 4 MiB (16 and 8 MiB in all) are read and written back by {@link #save}.
     *
     * @param name entry name, for example {@code reference-noise.json}
     * @return its bytes (a copy), or empty when the file has no such entry
     */
    public java.util.Optional<byte[]> attachment(String name) {
        byte[] b = attachments.get(name);
        return b == null ? java.util.Optional.empty() : java.util.Optional.of(b.clone());
    }

    /**
     * The same model with a further entry for its file, added or replaced ({@link #attachment});
     * {@link #save} writes it.
     *
     * @param name entry name: letters, digits, {@code . _ -}, ending in {@code .json}, not {@code manifest.json}
     * @param bytes its content, at most 4 MiB
     * @return a new encoder with the same weights and the entry
     * @throws IllegalArgumentException for another name or a larger content
     */
    public Encoder withAttachment(String name, byte[] bytes) {
        if (!validAttachmentName(name)) {
            throw new IllegalArgumentException("attachment name '" + name + "': a .json file name without a folder,"
                    + " not " + MANIFEST_ENTRY);
        }
        if (bytes.length > MAX_ATTACHMENT) {
            throw new IllegalArgumentException("attachment " + name + " of " + bytes.length + " bytes (at most "
                    + MAX_ATTACHMENT + ")");
        }
        Map<String, byte[]> a = new java.util.TreeMap<>(attachments);
        a.put(name, bytes.clone());
        return new Encoder(config, weights, manifest, a);
    }

    private static boolean validAttachmentName(String name) {
        return name != null && name.matches("[A-Za-z0-9._-]+\\.json") && !name.equals(MANIFEST_ENTRY);
    }

    /** @return architecture and input settings */
    public EncoderConfig config() {
        return config;
    }

    /** @return what the model file says about itself */
    public ModelManifest manifest() {
        return manifest;
    }

    /**
     * @return what identifies the features this encoder computes, wherever a calibration, a
     *     reference or an output is tied to them: the weights' SHA-256 (the manifest's, or computed
     *     from the weights where there is no manifest or checksum, so that two such encoders are
     *     never taken for one another) followed by {@link #featuresTag()}, the settings besides the
     *     weights that change the features (two models that score differently never share an id);
     *     never null
     */
    public String featuresId() {
        String sha = manifest == null || manifest.weightsSha256() == null ? ownChecksum() : manifest.weightsSha256();
        return sha + featuresTag();
    }

    /**
     * @return what the model says about itself and its features' id, for logs (API review: Object's
     *     {@code Encoder@1b2c3d} before): {@code Encoder[description, objective, features 1a2b3c4d5e6f...]},
     *     and {@code closed} where it is
     */
    @Override
    public String toString() {
        String about = manifest == null || manifest.description() == null || manifest.description().isBlank()
                ? "no description" : manifest.description();
        return "Encoder[" + about + ", " + config.objective() + ", features " + featuresId() + (closed ? ", closed" : "")
                + "]";
    }

    /** @return the weights' SHA-256, as a model file would record it (computed once) */
    private String ownChecksum() {
        String sha = checksum;
        if (sha == null) {
            sha = sha256(weightBytes(config, weights));
            checksum = sha;
        }
        return sha;
    }

    /**
     * @return what besides the weights sets the features: {@link EncoderConfig#dilationsTag()},
     *     then {@link EncoderConfig#settingsTag()} (the rate, band and window where not the
     *     defaults), then {@code +in} and the components taken when the model leaves some out
     *     ({@link #inputComponents}; {@code +inZ} for a vertical-only model); empty for the default
     *     dilations, rate, band and window and all three components
     */
    public String featuresTag() {
        String in = slots[0] && slots[1] && slots[2] ? "" : "+in" + StationStream.slotCodes(slots);
        return config.dilationsTag() + config.settingsTag() + in;
    }

    /**
     * Runs the encoder over a whole aligned segment (model input prepared here, without the
     * components the model leaves out: {@link #inputComponents}).
     *
     * @param segment components at the model's sample rate
     * @return frame features, one every 8 samples
     * @throws ModelException when the segment is at another sample rate
     */
    public FrameFeatures frames(AlignedSegment segment) {
        checkRate(segment);
        AlignedSegment in = input(segment);
        return frames(Preprocessor.prepare(in, config), in);
    }

    /**
     * The frames of part of a segment: the model input is prepared over the whole segment (the
     * noise scale and the filters depend on what precedes), the network runs only over samples
     * {@code [from, to)} and the context on either side. The frames equal those of
     * {@link #frames(AlignedSegment)} over the whole segment, to float rounding.
     *
     * @param segment components at the model's sample rate
     * @param from first sample, a multiple of {@link EncoderConfig#FRAME_STRIDE}
     * @param to end sample (excluded), at most the segment's length
     * @return the frames whose sample {@code 8 j} lies in {@code [from, to)}, starting at {@code from}
     * @throws ModelException when the segment is at another sample rate
     * @throws IllegalArgumentException when the range is not inside the segment or {@code from} is off the frame grid
     */
    public FrameFeatures frames(AlignedSegment segment, int from, int to) {
        int stride = EncoderConfig.FRAME_STRIDE;
        int n = segment.length();
        if (from < 0 || to > n || from >= to || from % stride != 0) {
            throw new IllegalArgumentException("samples [" + from + ", " + to + ") of a segment of " + n
                    + " (the first a multiple of " + stride + ")");
        }
        if (from == 0 && to == n) {
            return frames(segment);
        }
        checkRate(segment);
        float[][] input = Preprocessor.prepare(input(segment), config);
        int context = pad; // a multiple of the stride
        int lo = Math.max(0, from - context);
        int hi = Math.min(n, to + context);
        float[][] part = new float[3][];
        for (int c = 0; c < 3; c++) {
            part[c] = Arrays.copyOfRange(input[c], lo, hi);
        }
        FrameFeatures all = frames(part, new AlignedSegment(segment.station(), segment.timeOf(lo),
                segment.sampleRate(), new double[3][0], segment.present()));
        int first = (from - lo) / stride;
        int count = Math.min(all.count() - first, (to - from + stride - 1) / stride);
        count = Math.min(count, n / stride - from / stride);
        float[][] out = new float[count][];
        for (int j = 0; j < count; j++) {
            out[j] = all.frame(first + j);
        }
        return new FrameFeatures(segment.timeOf(from), config.sampleRate() / stride, out);
    }

    private void checkRate(AlignedSegment segment) {
        if (!io.github.seisclr.io.SampleRates.agree(segment.sampleRate(), config.sampleRate())) {
            throw new ModelException(Problem.INCOMPATIBLE_DATA, "model expects " + config.sampleRate()
                    + " Hz but " + segment.station() + " from " + segment.start() + " is at " + segment.sampleRate()
                    + " Hz; align it to the model rate (Alignment.align(station, " + config.sampleRate()
                    + ", ...)), which resamples", null);
        }
    }

    /**
     * @param input prepared model input {@code [3][n]} (see {@link Preprocessor})
     * @param segment the segment it came from (for times)
     * @return frame features
     */
    FrameFeatures frames(float[][] input, AlignedSegment segment) {
        return frames(input, segment, workers());
    }

    /** As {@link #frames(float[][], AlignedSegment)} with {@code workers} forward passes at once. */
    FrameFeatures frames(float[][] input, AlignedSegment segment, int workers) {
        int n = input[0].length;
        int stride = EncoderConfig.FRAME_STRIDE;
        int frames = n / stride;
        float[][] out = new float[frames][config.embeddingDim()];
        // one chunk per forward pass: a pass would run several one after another anyway
        // (InferenceLayers), and small passes keep their buffers small (fewer fresh pages
        // for the kernel to zero: with the earlier graph, 3.4 against 14 s of system time per
        // station-day with 8 chunks per pass side by side)
        List<Integer> starts = new ArrayList<>();
        for (int s = 0; s < frames * stride; s += CHUNK) {
            starts.add(s);
        }
        if (Math.min(starts.size(), workers) <= 1) {
            for (int start : starts) {
                forwardChunk(input, start, out);
            }
        } else {
            // chunks write disjoint rows of out. The workers are the process's shared ones: ND4J
            // keeps state per thread (with the earlier graph, an inference session holding the last
            // pass's buffers), so fresh threads on every call leaked native memory without bound
            // when one encoder was reused (24 GB in an ablation run)
            int parallel = Math.min(starts.size(), workers);
            java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(parallel);
            List<Future<?>> done = new ArrayList<>();
            for (int start : starts) {
                done.add(sharedWorkers().submit(() -> {
                    slots.acquireUninterruptibly();
                    try {
                        forwardChunk(input, start, out);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Future<?> f : done) {
                Futures.result(f, "running the encoder over " + segment.station());
            }
        }
        return new FrameFeatures(segment.start(), config.sampleRate() / stride, out);
    }

    /**
     * Sets ND4J's threads per operation, and OpenBLAS's, to one for the whole process, so that
     * {@link #frames(AlignedSegment)} runs one chunk per core from Java threads instead. Part of a
     * forward pass (the input's asinh, unfolding each layer's input) runs in Java on the calling
     * thread, and the matrix products are too small to spread well over several cores, so chunks
     * side by side use the cores better (see docs/detection.md, "Speed"). Training steps are
     * faster with one thread per operation too. The command line calls this unless
     * {@code OMP_NUM_THREADS} is set; a program that uses ND4J for other work may prefer not to.
     */
    public static void useOneThreadPerOperation() {
        Nd4j.getEnvironment().setMaxMasterThreads(1); // (ND4J's setMaxThreads does nothing in 1.0.0-M2.1)
        Nd4j.factory().blas().setMaxThreads(1);
        oneOpenMpThread();
    }

    /**
     * How many forward passes {@link #frames(AlignedSegment)} runs at once: the cores that ND4J's
     * per-operation threads leave free (one with ND4J's default of a thread per core).
     */
    static int workers() {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, cores / Math.max(1, Nd4j.getEnvironment().maxMasterThreads()));
    }

    private static volatile ExecutorService shared;

    /**
     * @return the process's encoder workers: one daemon thread per core, created once and kept,
     *     so that ND4J's per-thread state stays as much as the cores hold
     */
    static ExecutorService sharedWorkers() {
        ExecutorService s = shared;
        if (s == null) {
            synchronized (Encoder.class) {
                if (shared == null) {
                    shared = workerPool(Math.max(1, Runtime.getRuntime().availableProcessors()), "seisclr-encoder");
                }
                s = shared;
            }
        }
        return s;
    }

    /**
     * @param threads how many
     * @param name thread name
     * @return daemon threads that each run ND4J's operations on one OpenMP thread (OpenMP's count
     *     is per thread: a new thread starts with one per core)
     */
    static ExecutorService workerPool(int threads, String name) {
        // ND4J's backend must be loaded before a worker touches its native operations: loaded first
        // from a worker thread, NativeOpsHolder failed to initialise, the worker died before taking
        // its first task, and the caller waited for that task for ever
        Nd4j.getEnvironment();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(() -> {
                try {
                    oneOpenMpThread();
                } catch (RuntimeException | LinkageError e) {
                    // a worker that cannot set its OpenMP threads still runs its tasks, on ND4J's default
                    LOG.warn("{}: could not set one OpenMP thread ({}); running with ND4J's default", name, e.toString());
                }
                r.run();
            }, name);
            t.setDaemon(true);
            return t;
        });
    }

    private static void oneOpenMpThread() {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    }

    /** Runs the chunk of frames from sample {@code start} through the network into its rows of out. */
    private void forwardChunk(float[][] input, int start, float[][] out) {
        int n = input[0].length;
        int stride = EncoderConfig.FRAME_STRIDE;
        int d = config.embeddingDim();
        int len = CHUNK + 2 * pad; // every chunk padded to the same length
        float[] buf = new float[3 * len];
        int from = start - pad;
        for (int c = 0; c < 3; c++) {
            int lo = Math.max(0, from);
            int hi = Math.min(n, from + len);
            if (hi > lo) {
                System.arraycopy(input[c], lo, buf, c * len + (lo - from), hi - lo);
            }
        }
        float[] flat = forward(buf, 1, len); // [1, d, len/8]
        int fl = len / stride;
        int firstFrame = start / stride;
        int count = Math.min(CHUNK / stride, out.length - firstFrame);
        for (int q = 0; q < d; q++) {
            int at = q * fl + pad / stride;
            for (int j = 0; j < count; j++) {
                out[firstFrame + j][q] = flat[at + j];
            }
        }
    }

    /**
     * Frames of one stretch of prepared input, {@code [3][len]} flattened, {@code len} a multiple
     * of {@link EncoderConfig#FRAME_STRIDE}.
     *
     * @return {@code [len / 8][embeddingDim]}
     */
    float[][] framesOf(float[] buf, int len) {
        float[] flat = forward(buf, 1, len); // [1, d, len/8]
        int d = config.embeddingDim();
        int fl = flat.length / d;
        float[][] out = new float[fl][d];
        for (int q = 0; q < d; q++) {
            for (int j = 0; j < fl; j++) {
                out[j][q] = flat[q * fl + j];
            }
        }
        return out;
    }

    /**
     * Starts an incremental run of the encoder over one contiguous stretch of a station: feed it
     * aligned samples as they arrive and it returns frame features as soon as they can be computed,
     * the same (to float rounding) as {@link #frames(AlignedSegment)} over the whole stretch.
     *
     * @param present which of Z, N/1, E/2 the station records (of these, the stream takes those the
     *     model takes: {@link #inputComponents})
     * @return a new stream (one per stretch; start another after a gap)
     */
    public FrameStream stream(boolean[] present) {
        return new FrameStream(this, input(present));
    }

    /** Samples of context on either side of the samples whose frames are computed (a multiple of the frame stride). */
    int contextSamples() {
        return pad;
    }

    /**
     * Context for a frame's whole reach on both sides, at least {@link #MIN_PAD}: with "same"
     * padding over lengths that are multiples of 8 each strided layer puts the smaller half of its
     * padding first, so frame {@code j} is centred on sample {@code 8 j + 7} and reaches
     * {@code H = (reach - 1) / 2} samples either way: {@code H + 7} after sample {@code 8 j} (a
     * range cut at any sample, {@link #frames(AlignedSegment, int, int)}) and {@code H - 7} before.
     * Half the reach and a frame, rounded up to the frame stride, covers both.
     */
    private static int padOf(EncoderConfig c) {
        int stride = EncoderConfig.FRAME_STRIDE;
        int need = c.receptiveFieldSamples() / 2 + stride;
        return Math.max(MIN_PAD, (need + stride - 1) / stride * stride);
    }

    /**
     * Embeds windows of prepared model input: the mean of each window's frame features.
     *
     * @param windows {@code [count][3][windowSamples]}
     * @return {@code [count][embeddingDim]}
     */
    public float[][] embed(float[][][] windows) {
        int b = windows.length;
        if (b == 0) {
            return new float[0][];
        }
        int t = windows[0][0].length;
        if (InferenceLayers.outLength(t) < Network.POOL_SEGMENTS) {
            throw new IllegalArgumentException("windows of " + t + " samples give fewer frames than the "
                    + Network.POOL_SEGMENTS + " sub-windows an embedding averages over; at least "
                    + (EncoderConfig.FRAME_STRIDE * (Network.POOL_SEGMENTS - 1) + 1) + " samples are needed");
        }
        float[] buf = new float[b * 3 * t];
        for (int i = 0; i < b; i++) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(windows[i][c], 0, buf, (i * 3 + c) * t, t);
            }
        }
        float[] flat = forward(buf, b, t); // [b, d, t/8]
        int d = config.embeddingDim();
        int frames = flat.length / (b * d);
        int seg = Network.POOL_SEGMENTS;
        int per = frames / seg;
        float[][] out = new float[b][d * seg];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < d; k++) {
                for (int s = 0; s < seg; s++) {
                    double sum = 0;
                    for (int j = s * per; j < (s + 1) * per; j++) {
                        sum += flat[(i * d + k) * frames + j];
                    }
                    out[i][s * d + k] = (float) (sum / per);
                }
            }
        }
        return out;
    }

    /**
     * One forward pass ({@link InferenceLayers}).
     *
     * @param buf prepared input {@code [batch][3][len]}, flattened
     * @return frame features {@code [batch][embeddingDim][len / 8]}, flattened
     */
    private float[] forward(float[] buf, int batch, int len) {
        if (closed) {
            throw new IllegalStateException("this encoder" + (manifest == null || manifest.description() == null ? ""
                    : " (" + manifest.description() + ")") + " is closed");
        }
        return layers.apply(buf, batch, len);
    }

    /**
     * Marks this encoder closed: later calls that run the network throw
     * {@link IllegalStateException}; the weights and manifest stay readable, and passes still
     * running finish. Its native weight matrices are freed once the encoder is no longer reachable
     * (by the garbage collector), not here: a pass still running may be using them. Closing twice
     * does nothing.
     */
    @Override
    public void close() {
        closed = true;
    }

    /** @return a copy of the weights by variable name (for tests and export) */
    Map<String, float[]> weights() {
        Map<String, float[]> copy = new LinkedHashMap<>();
        weights.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    // ------------------------------------------------------------------ files

    /**
     * Writes the model as one zip: {@code manifest.json}, {@code weights.bin} and any further
     * entries ({@link #attachment}).
     *
     * @param file where to write (replaced whole, atomically: a failed save leaves the old file)
     * @throws ModelException when the file cannot be written
     */
    public void save(Path file) {
        try {
            AtomicFiles.write(file, this::save);
        } catch (IOException e) {
            throw new ModelException(Problem.IO, "cannot write model (" + file + "): " + AtomicFiles.reason(e), e);
        }
    }

    /**
     * @param out where to write the zip (left open)
     * @throws IOException when the stream fails
     */
    public void save(OutputStream out) throws IOException {
        byte[] bin = weightBytes(config, weights);
        ModelManifest m = withChecksum(manifest, sha256(bin));
        ZipOutputStream zip = new ZipOutputStream(out);
        ZipEntry me = new ZipEntry(MANIFEST_ENTRY);
        me.setTime(0);
        zip.putNextEntry(me);
        zip.write(JSON.writeValueAsBytes(m));
        zip.closeEntry();
        ZipEntry we = new ZipEntry(WEIGHTS_ENTRY);
        we.setTime(0);
        zip.putNextEntry(we);
        zip.write(bin);
        zip.closeEntry();
        for (Map.Entry<String, byte[]> a : new java.util.TreeMap<>(attachments).entrySet()) {
            ZipEntry ae = new ZipEntry(a.getKey());
            ae.setTime(0);
            zip.putNextEntry(ae);
            zip.write(a.getValue());
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    /**
     * The same architecture and settings with random weights (He-normal, seeded), as before
     * training: the baseline that shows what training adds (the {@code evaluate} command reports
     * it beside the trained model).
     *
     * @param seed weight seed
     * @return an untrained encoder; its manifest is this one's, described as untrained, with its
     *     own weights' checksum
     */
    public Encoder untrained(long seed) {
        Map<String, float[]> w = Network.init(config, seed);
        String sha = sha256(weightBytes(config, w));
        ModelManifest m = manifest == null ? null : new ModelManifest(manifest.format(), manifest.formatVersion(),
                manifest.libraryVersion(), manifest.created(), "untrained: random weights (seed " + seed + ")",
                manifest.encoder(), manifest.preprocessing(), manifest.augmentation(), null, manifest.weights(), sha);
        return new Encoder(config, w, m);
    }

    static ModelManifest withChecksum(ModelManifest m, String sha) {
        return new ModelManifest(m.format(), m.formatVersion(), m.libraryVersion(), m.created(), m.description(),
                m.encoder(), m.preprocessing(), m.augmentation(), m.training(), m.weights(), sha);
    }

    /** File name of the model bundled with this version, in {@code models/} and inside the jar. */
    public static final String BUNDLED = "seisclr-default-v1.zip";

    /**
     * The model bundled with this version of seisclr (a copy of {@code models/} in the repository,
     * carried inside the jar): trained without labels on seisclr's own synthetic data; for a real
     * station, train on its recordings ({@link Trainer}).
     *
     * @return the bundled encoder
     * @throws ModelException if the jar lacks it (a build without its resources)
     */
    public static Encoder bundled() {
        InputStream in = Encoder.class.getResourceAsStream(BUNDLED);
        if (in == null) {
            throw new ModelException(Problem.IO, "the bundled model " + BUNDLED + " is not on the class path (a build"
                    + " without its resources); load models/" + BUNDLED + " with Encoder.load(Path) instead", null);
        }
        try (in) {
            return load(in, BUNDLED + " (bundled)");
        } catch (IOException e) {
            throw new ModelException(Problem.IO, "cannot read the bundled model: " + e.getMessage(), e);
        }
    }

    /**
     * Loads a model file, checking format, version, checksum and every weight's size.
     *
     * @param file a model zip written by {@link #save(Path)}
     * @return the encoder
     * @throws ModelException naming the file and the problem
     */
    public static Encoder load(Path file) {
        java.util.Objects.requireNonNull(file, "file");
        if (Files.isDirectory(file)) {
            throw new ModelException(Problem.IO, "model file " + file + " is a folder, not a model file (a .zip"
                    + " written by 'seisclr train')", null);
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelException(Problem.IO, "model file " + file + " does not exist", null);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        } catch (IOException e) {
            throw new ModelException(Problem.IO, "cannot read model " + file + ": " + AtomicFiles.reason(e), e);
        }
    }

    /**
     * @param in a model zip
     * @param name a name for messages
     * @return the encoder
     * @throws ModelException naming the source and the problem
     */
    public static Encoder load(InputStream in, String name) {
        java.util.Objects.requireNonNull(in, "in");
        byte[] manifestBytes = null;
        byte[] bin = null;
        Map<String, byte[]> further = new java.util.TreeMap<>();
        long furtherBytes = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (!seen.add(e.getName())) {
                    throw new ModelException(Problem.CORRUPT, name + " holds the entry " + e.getName() + " twice (a"
                            + " damaged or edited file: which one counts would depend on the tool reading it)", null);
                }
                if (e.getName().equals(MANIFEST_ENTRY)) {
                    manifestBytes = bounded(zip, MAX_MANIFEST, name, MANIFEST_ENTRY);
                } else if (e.getName().equals(WEIGHTS_ENTRY)) {
                    bin = bounded(zip, MAX_WEIGHTS, name, WEIGHTS_ENTRY);
                } else if (validAttachmentName(e.getName())) {
                    byte[] b = zip.readNBytes(MAX_ATTACHMENT + 1);
                    if (b.length <= MAX_ATTACHMENT && further.size() < MAX_ATTACHMENTS
                            && furtherBytes + b.length <= MAX_ATTACHMENTS_BYTES) {
                        further.put(e.getName(), b);
                        furtherBytes += b.length;
                    } else {
                        // not one this library writes: ignored, as entries of other names are
                        LOG.debug("{}: entry {} not read (more or larger further entries than seisclr writes)", name,
                                e.getName());
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelException(Problem.CORRUPT, name + " is not a readable seisclr model (zip): " + e.getMessage(), e);
        }
        if (seen.isEmpty()) {
            throw new ModelException(Problem.CORRUPT, name + " is not a seisclr model: it is not a zip file, or an empty"
                    + " one (a seisclr model is a zip with manifest.json and weights.bin, written by 'seisclr train')", null);
        }
        if (manifestBytes == null || bin == null) {
            throw new ModelException(Problem.CORRUPT, name + " is not a seisclr model: it lacks "
                    + (manifestBytes == null ? MANIFEST_ENTRY : WEIGHTS_ENTRY)
                    + " (a seisclr model is a zip with manifest.json and weights.bin, written by 'seisclr train')", null);
        }
        ModelManifest m;
        try {
            m = JSON.readValue(manifestBytes, ModelManifest.class);
        } catch (IOException e) {
            // Jackson's own message carries its parser's source description and reference chain
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() + (j.getLocation() == null ? "" : " (line " + j.getLocation().getLineNr()
                    + ", column " + j.getLocation().getColumnNr() + ")") : e.getMessage();
            throw new ModelException(Problem.CORRUPT, name + ": manifest.json cannot be parsed: " + why, e);
        }
        if (m == null) {
            throw new ModelException(Problem.CORRUPT, name + ": manifest.json holds no manifest (JSON null); a"
                    + " seisclr model is written by 'seisclr train'", null);
        }
        if (m.training() != null && m.training().componentHours() != null) {
            for (Map.Entry<String, Double> e : m.training().componentHours().entrySet()) {
                if (e.getValue() == null || !Double.isFinite(e.getValue()) || e.getValue() < 0) {
                    throw new ModelException(Problem.CORRUPT, name + ": manifest.json gives component "
                            + e.getKey() + " " + e.getValue() + " hours of training data (training.componentHours"
                            + " must be finite and not negative: a damaged or edited file)", null);
                }
            }
        }
        if (!ModelManifest.FORMAT.equals(m.format())) {
            throw new ModelException(Problem.CORRUPT, name + ": manifest format is '" + m.format() + "', not '"
                    + ModelManifest.FORMAT + "'", null);
        }
        if (m.formatVersion() < 1 || m.formatVersion() > ModelManifest.FORMAT_VERSION) {
            throw new ModelException(Problem.INCOMPATIBLE_VERSION, name + ": model format version " + m.formatVersion()
                    + " (written by seisclr " + m.libraryVersion() + ") is not supported; this seisclr ("
                    + Versions.library() + ") reads versions 1 to " + ModelManifest.FORMAT_VERSION
                    + ": upgrade seisclr or retrain the model", null);
        }
        String sha = sha256(bin);
        if (!sha.equals(m.weightsSha256())) {
            throw new ModelException(Problem.CORRUPT, name + ": weights.bin checksum " + sha
                    + " does not match the manifest's " + m.weightsSha256() + " (damaged file)", null);
        }
        if (m.encoder() == null) {
            throw new ModelException(Problem.CORRUPT, name + ": manifest.json has no 'encoder' section (the"
                    + " architecture, rate, window and band); a seisclr model is written by 'seisclr train'", null);
        }
        if (m.encoder().dilations() != null && m.formatVersion() < 3) {
            // a seisclr that reads only up to this version would run the default network on these weights
            throw new ModelException(Problem.CORRUPT, name + ": manifest.json gives the convolutions' dilations but"
                    + " says format version " + m.formatVersion() + "; dilations need version 3 (edited file?)", null);
        }
        EncoderConfig config;
        try {
            ModelManifest.Encoder e = m.encoder();
            config = EncoderConfig.builder().sampleRate(e.sampleRate()).windowSeconds(e.windowSeconds())
                    .band(e.bandLowHz(), e.bandHighHz()).channels(e.channels()).projectionDim(e.projectionDim())
                    .temperature(e.temperature()).objective(objectiveOf(e.objective()))
                    .dilations(e.dilations() == null ? EncoderConfig.DEFAULT_DILATIONS : e.dilations()).build();
        } catch (RuntimeException e) {
            throw new ModelException(Problem.CORRUPT, name + ": encoder settings in the manifest are invalid: "
                    + e.getMessage(), e);
        }
        checkWeightList(config, m.weights(), name);
        Map<String, float[]> w = parseWeights(config, bin, name);
        return new Encoder(config, w, m, further);
    }

    private static EncoderConfig.Objective objectiveOf(String name) {
        if (name == null) {
            return EncoderConfig.Objective.CONTRASTIVE;
        }
        try {
            return EncoderConfig.Objective.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("objective '" + name + "' is none of "
                    + java.util.Arrays.toString(EncoderConfig.Objective.values()));
        }
    }

    static byte[] weightBytes(EncoderConfig c, Map<String, float[]> w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String k : Network.shapes(c).keySet()) {
            float[] v = w.get(k);
            ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bb.asFloatBuffer().put(v);
            out.writeBytes(bb.array());
        }
        return out.toByteArray();
    }

    /** The manifest's list of weights must be the one its encoder settings give, name for name, shape for shape. */
    private static void checkWeightList(EncoderConfig c, List<ModelManifest.Weight> listed, String name) {
        if (listed == null) {
            throw new ModelException(Problem.CORRUPT, name + ": manifest.json lists no weights", null);
        }
        List<ModelManifest.Weight> want = weightList(c);
        for (int i = 0; i < Math.max(listed.size(), want.size()); i++) {
            ModelManifest.Weight got = i < listed.size() ? listed.get(i) : null;
            ModelManifest.Weight exp = i < want.size() ? want.get(i) : null;
            if (got == null || exp == null || !exp.name().equals(got.name())
                    || !java.util.Arrays.equals(exp.shape(), got.shape())) {
                throw new ModelException(Problem.CORRUPT, name + ": manifest.json lists weight " + (i + 1) + " as "
                        + describe(got) + " but its encoder settings give " + describe(exp)
                        + " (an edited or damaged manifest)", null);
            }
        }
    }

    private static String describe(ModelManifest.Weight w) {
        return w == null ? "none" : w.name() + " " + java.util.Arrays.toString(w.shape());
    }

    private static Map<String, float[]> parseWeights(EncoderConfig c, byte[] bin, String name) {
        Map<String, long[]> shapes = Network.shapes(c);
        long expected = shapes.values().stream().mapToLong(Network::size).sum() * 4;
        if (bin.length != expected) {
            throw new ModelException(Problem.CORRUPT, name + ": weights.bin holds " + bin.length
                    + " bytes but the encoder settings need " + expected, null);
        }
        ByteBuffer bb = ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, float[]> w = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            float[] v = new float[(int) Network.size(e.getValue())];
            bb.asFloatBuffer().get(v);
            bb.position(bb.position() + v.length * 4);
            for (float f : v) {
                if (!Float.isFinite(f)) {
                    throw new ModelException(Problem.CORRUPT, name + ": weight " + e.getKey() + " holds " + f, null);
                }
            }
            w.put(e.getKey(), v);
        }
        return w;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<ModelManifest.Weight> weightList(EncoderConfig c) {
        List<ModelManifest.Weight> l = new ArrayList<>();
        Network.shapes(c).forEach((k, v) -> l.add(new ModelManifest.Weight(k, v)));
        return l;
    }

    static INDArray asArray(float[] v, long[] shape) {
        return Nd4j.create(v, shape, 'c').castTo(DataType.FLOAT);
    }
}
