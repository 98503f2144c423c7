package io.github.seisclr.model;

import io.github.seisclr.BadInputException;
import io.github.seisclr.io.ReadOptions;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.WaveformIndex;
import io.github.seisclr.signal.ChannelBands;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains an {@link Encoder} on unlabelled recordings. No picks, catalogue or labels are read. With
 * the contrastive objective ({@link EncoderConfig.Objective#CONTRASTIVE}) each step draws
 * {@code batchSize} windows, makes two augmented views of each ({@link AugmentConfig}), and
 * minimises the symmetric InfoNCE loss: each view must pick out its partner among the batch's
 * other views (optionally also above a view of the same window with another window's transient
 * added, {@link Builder#transientNegatives}). With the predictive objective
 * ({@link EncoderConfig.Objective#PREDICTIVE}) each window, as drawn and unaugmented, is eight
 * seconds of context and the second after it, and the symmetric InfoNCE loss asks each context to
 * pick out its own next second among the batch's (contrastive predictive coding). {@link Builder#init}
 * starts from a trained model's weights instead of random ones (fine-tuning on a new station).
 * Half the windows (by default) are drawn around the loudest
 * tenth of one-second blocks, measured against the station's own noise scale: without this, batches
 * of continuous data are almost all stationary noise and the encoder learns noise fingerprints
 * rather than the transients a detector needs. Adam with linear warm-up and cosine decay; validation on
 * windows held back from the end of every segment; early stopping keeps the best weights.
 * Seeded: the same data, settings and seed give the same weights on the same machine.
 *
 * <pre>{@code
 * Encoder enc = Trainer.builder().epochs(20).seed(7).build().fit(Waveforms.read(dir).stations());
 * enc.save(Path.of("my-station.zip"));
 * }</pre>
 */
public final class Trainer {
    /** What training warns where no window can be held back for validation. */
    private static final String VALIDATING_ON_TRAINING = "data too short to hold back validation windows (the last tenth"
            + " of no segment holds a whole window); validating on training windows: the epoch kept is chosen on windows"
            + " it was trained on";

    /** Whether the last fit validated on training windows ({@link #validatedOnTrainingWindows()}). */
    private volatile boolean validatedOnTraining;

    /**
     * @return whether the last {@code fit} of this trainer could hold back no validation windows (no
     *     stretch of its data long enough to spare its last tenth as a whole window: one-minute windows,
     *     say) and chose the epoch it kept on training windows, as it warned
     */
    public boolean validatedOnTrainingWindows() {
        return validatedOnTraining;
    }
    /**
     * Share of training windows placed around the loudest 10 % of one-second blocks unless
     * {@link Builder#loudFraction} says otherwise: events and codas then make up a fair share of
     * each batch.
     */
    public static final double DEFAULT_LOUD_FRACTION = 0.5;

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final EncoderConfig encoder;
    private final AugmentConfig augment;
    private final int epochs;
    private final int batchSize;
    private final int batchesPerEpoch;
    private final double learningRate;
    private final double validationFraction;
    private final int validationBatches;
    private final int patience;
    private final double loudFraction;
    private final boolean distanceCritic;
    /** Weight of the arrow of time's loss (0: off). */
    private final double arrowOfTime;
    private final double transientNegatives;
    private final long seed;
    private final Path checkpointDir;
    private final TrainingListener listener;
    private final String description;
    /** Encoder whose weights training starts from, or null for random ones. */
    private final Encoder init;

    private Trainer(Builder b) {
        encoder = b.init != null ? b.init.config() : b.encoder;
        augment = b.augment;
        epochs = b.epochs;
        batchSize = b.batchSize;
        batchesPerEpoch = b.batchesPerEpoch;
        learningRate = b.learningRate;
        validationFraction = b.validationFraction;
        validationBatches = b.validationBatches;
        patience = b.patience;
        loudFraction = b.loudFraction;
        distanceCritic = b.distanceCritic;
        if (distanceCritic && encoder.objective() != EncoderConfig.Objective.PREDICTIVE) {
            throw new IllegalArgumentException("the distance critic is for the predictive objective");
        }
        arrowOfTime = b.arrowOfTime;
        if (arrowOfTime > 0 && (encoder.objective() != EncoderConfig.Objective.PREDICTIVE || distanceCritic)) {
            throw new IllegalArgumentException("the arrow of time is for the predictive objective without the distance critic");
        }
        transientNegatives = b.transientNegatives;
        seed = b.seed;
        checkpointDir = b.checkpointDir;
        listener = b.listener;
        description = b.description;
        init = b.init;
        if (transientNegatives > 0 && encoder.objective() == EncoderConfig.Objective.PREDICTIVE) {
            throw new IllegalArgumentException("transientNegatives (" + transientNegatives
                    + ") apply to the contrastive objective only; set 0 for the predictive one");
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains on stations held in memory.
     *
     * @param stations unlabelled recordings (any rate: resampled to the encoder's)
     * @return the trained encoder
     * @throws BadInputException when the data hold no stretch long enough for a training window
     */
    public Encoder fit(List<StationStream> stations) {
        java.util.Objects.requireNonNull(stations, "stations");
        Map<SourceId, ChannelBands.Refusal> refused = new LinkedHashMap<>();
        WindowPool pool = new WindowPool(need(), refused, new java.util.HashSet<>());
        pool.add(stations, encoder, validationFraction);
        List<String> sources = new ArrayList<>();
        stations.forEach(s -> sources.add(s.code()));
        return run(List.of(pool), pool, sources, refused);
    }

    /**
     * Trains on miniSEED files, reading one station-day at a time, so that weeks of data need not
     * fit in memory: the files are indexed first (every record read once, its header kept), then
     * each epoch visits the station-days (UTC days) in a new random order and draws its share of
     * windows from each. A station-day is read from every file that holds a record of it, so a
     * station's components in separate files (one file per channel, an SDS archive's day files)
     * are read together and each window holds them all.
     *
     * @param files miniSEED files (folders are expanded)
     * @return the trained encoder
     */
    public Encoder fitFiles(Collection<Path> files) {
        return fitFiles(files, ReadOptions.defaults());
    }

    /**
     * As {@link #fitFiles(Collection)}, reading the files with the given settings (for example with
     * the Steim integrity check off, to train on data with damaged records).
     *
     * @param files miniSEED files (folders are expanded)
     * @param read how the files are read
     * @return the trained encoder
     */
    public Encoder fitFiles(Collection<Path> files, ReadOptions read) {
        // the records' headers, about 80 bytes a record: each station-day is read again when its turn comes
        WaveformIndex index = WaveformIndex.of(files, read);
        index.warnings().forEach(LOG::warn);
        index.requireSamples();
        // validation windows come from every station-day's held-back end, gathered once; only those
        // ends are kept
        Map<SourceId, ChannelBands.Refusal> refused = new LinkedHashMap<>();
        Set<Object> warned = new java.util.HashSet<>();
        WindowPool validation = new WindowPool(need(), refused, warned);
        if (predictive() || transientNegatives == 0) {
            // transient negatives of validation batches are drawn from the training parts: kept then
            validation.heldBackOnly();
        }
        List<DayPool> pools = new ArrayList<>();
        for (String station : index.stations()) {
            // the days its records touch: a stray record years away adds its day, not the years between
            for (java.time.LocalDate d : index.days(station)) {
                Instant day = d.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                DayPool pool = new DayPool(index, station, day, refused, warned);
                List<StationStream> stations = pool.read();
                if (stations.isEmpty()) {
                    continue; // a day without a record of the station
                }
                validation.add(stations, encoder, validationFraction);
                pools.add(pool);
            }
        }
        return run(pools, validation, index.sources(), refused);
    }

    private int need() {
        if (predictive()) {
            return encoder.windowSamples();
        }
        return encoder.windowSamples() + 2 * new Augmenter(augment, encoder).margin();
    }

    private boolean predictive() {
        return encoder.objective() == EncoderConfig.Objective.PREDICTIVE;
    }

    /** The file, in the checkpoint folder, that holds the best weights so far. */
    public static final String CHECKPOINT_FILE = "checkpoint-best.zip";

    /** Chunks a predictive batch is cut into (fixed, so the gradient sums in the same order on any machine). */
    private static final int PREDICTIVE_CHUNKS = 2;

    /**
     * A predictive batch as it is drawn, unaugmented: the order of the samples in time is what the
     * context must predict from, so no view is shifted, masked or mixed. With the arrow of time the
     * same chunks follow reversed in time.
     */
    INDArray[] chunks(float[][][] src) {
        int t = encoder.windowSamples();
        INDArray[] out = new INDArray[arrowOfTime > 0 ? 2 * PREDICTIVE_CHUNKS : PREDICTIVE_CHUNKS];
        int from = 0;
        for (int k = 0; k < PREDICTIVE_CHUNKS; k++) {
            int to = (int) ((long) src.length * (k + 1) / PREDICTIVE_CHUNKS);
            float[] a = new float[(to - from) * 3 * t];
            float[] r = arrowOfTime > 0 ? new float[a.length] : null;
            for (int i = from; i < to; i++) {
                for (int c = 0; c < 3; c++) {
                    int at = ((i - from) * 3 + c) * t;
                    System.arraycopy(src[i][c], 0, a, at, t);
                    if (r != null) {
                        for (int q = 0; q < t; q++) {
                            r[at + q] = src[i][c][t - 1 - q];
                        }
                    }
                }
            }
            out[k] = Nd4j.create(a, new long[] {to - from, 3, t}, 'c');
            if (r != null) {
                out[PREDICTIVE_CHUNKS + k] = Nd4j.create(r, new long[] {to - from, 3, t}, 'c');
            }
            from = to;
        }
        return out;
    }

    /** Source of training windows: a pool in memory, or a file loaded when its turn comes. */
    private interface Source {
        WindowPool open(EncoderConfig config, double validationFraction, int need);
    }

    /** One station stream's records over one UTC day, read from the files that hold them. */
    private record DayPool(WaveformIndex index, String station, Instant day, Map<SourceId, ChannelBands.Refusal> refused,
                           Set<Object> warned) implements Source {
        List<StationStream> read() {
            return index.read(station, day, day.plus(java.time.Duration.ofDays(1))).stations();
        }

        @Override
        public WindowPool open(EncoderConfig config, double validationFraction, int need) {
            WindowPool p = new WindowPool(need, refused, warned);
            p.add(read(), config, validationFraction);
            return p;
        }
    }

    private Encoder run(List<? extends Object> sources, WindowPool validationPool, List<String> sourceNames,
                        Map<SourceId, ChannelBands.Refusal> refused) {
        ChannelBands.requireUsable(refused, validationPool.anyUsableChannel(), String.join(", ", sourceNames),
                "no channel can be used for training: ");
        if (!validationPool.canTrain() && !validationPool.canValidate()) {
            throw new BadInputException(BadInputException.Problem.EMPTY, String.join(", ", sourceNames), null, null, -1,
                    "no stretch of data is long enough for a training window (" + need() / encoder.sampleRate()
                            + " s of aligned components at " + encoder.sampleRate() + " Hz)" + (validationPool.shortHours > 0
                            ? String.format(java.util.Locale.ROOT, "; all %.1f s lie in shorter stretches between gaps",
                                    validationPool.shortHours * 3600) : ""));
        }
        if (validationPool.shortHours > 0) {
            LOG.warn(String.format(java.util.Locale.ROOT, "%.3f h of the data (%.1f %%) lie in stretches shorter than one"
                    + " training window (%.2f s of aligned components between gaps) and are left out",
                    validationPool.shortHours, 100 * validationPool.shortHours
                            / (validationPool.shortHours + validationPool.hours), need() / encoder.sampleRate()));
        }
        // a batch must hold distinct windows: with less data the "other windows" a window is told
        // apart from are shifted copies of itself, and the loss falls without anything learned
        double seconds = validationPool.hours * 3600;
        double least = batchSize * encoder.windowSeconds();
        if (seconds < least) {
            throw new BadInputException(BadInputException.Problem.EMPTY, String.join(", ", sourceNames), null, null, -1,
                    String.format(java.util.Locale.ROOT, "only %.0f s of aligned data; training needs at least %.0f s"
                            + " (one batch of %d windows of %.2f s that do not overlap); give more data, hours are"
                            + " best", seconds, least, batchSize, encoder.windowSeconds()));
        }
        long t0 = System.nanoTime();
        Random rng = new Random(seed);
        Augmenter aug = new Augmenter(augment, encoder);
        Map<String, float[]> start = this.init != null ? this.init.weights() : Network.init(encoder, seed);
        ContrastiveStep contrastive = new ContrastiveStep(encoder, start, Encoder.workers(), distanceCritic, arrowOfTime);
        List<INDArray[]> valBatches = validationBatches(validationPool, aug, new Random(seed ^ 0x5DEECE66DL));
        int totalSteps = epochs * batchesPerEpoch;
        int warmup = Math.max(1, totalSteps / 20);
        int step = 0;
        long windowsSeen = 0;
        double firstLoss = Double.NaN;
        double bestVal = Double.POSITIVE_INFINITY;
        double bestTop1 = Double.NaN;
        double lastTrain = Double.NaN;
        Map<String, float[]> best = null;
        int sinceBest = 0;
        int epochsRun = 0;
        int nonFinite = 0;
        ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "seisclr-batches");
            t.setDaemon(true);
            return t;
        });
        Future<INDArray[]> next = null;
        try (contrastive) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                epochsRun = epoch;
                List<Object> order = new ArrayList<>(sources);
                Collections.shuffle(order, rng);
                double lossSum = 0;
                int batch = 0;
                int perSource = Math.max(1, (int) Math.ceil((double) batchesPerEpoch / order.size()));
                // the share of a file without a training window goes to the next file, and after
                // the last file back to the first (a second pass, only then)
                int owed = 0;
                for (int pass = 0; pass < 2 && batch < batchesPerEpoch && (pass == 0 || owed > 0); pass++) {
                    for (Object s : order) {
                        if (batch >= batchesPerEpoch) {
                            break; // the epoch's batches are drawn: the other files need not be read
                        }
                        WindowPool pool = s instanceof WindowPool wp ? wp
                                : ((Source) s).open(encoder, validationFraction, need());
                        if (!pool.canTrain()) {
                            owed += perSource;
                            continue;
                        }
                        int quota = perSource + owed;
                        owed = 0;
                        for (int k = 0; k < quota && batch < batchesPerEpoch; k++) {
                            INDArray[] views = next != null ? Futures.result(next, "drawing a training batch") : batch(pool, aug, rng);
                            next = null;
                            if (k + 1 < quota && batch + 1 < batchesPerEpoch) {
                                // the next batch is drawn while this one trains; only that thread uses rng
                                // meanwhile, so batches come in the same order from the same draws
                                WindowPool p = pool;
                                next = prefetch.submit(() -> batch(p, aug, rng));
                            }
                            double lr = schedule(step, warmup, totalSteps);
                            double loss = contrastive.train(views, lr, step + 1);
                            if (!Double.isFinite(loss)) {
                                if (++nonFinite >= 5) {
                                    throw new io.github.seisclr.SeisclrException(
                                            "training diverged: the loss was not finite for " + nonFinite
                                            + " batches in a row (epoch " + epoch + "); lower the learning rate ("
                                            + learningRate + ")");
                                }
                                LOG.warn("epoch {} batch {}: loss is {}; batch skipped", epoch, batch + 1, loss);
                                continue;
                            }
                            nonFinite = 0;
                            if (Double.isNaN(firstLoss)) {
                                firstLoss = loss;
                            }
                            lossSum += loss;
                            step++;
                            batch++;
                            windowsSeen += batchSize;
                            double wps = windowsSeen / ((System.nanoTime() - t0) / 1e9);
                            if (listener != null) {
                                listener.batchDone(epoch, epochs, batch, batchesPerEpoch, loss, wps);
                            }
                        }
                    }
                }
                lastTrain = lossSum / Math.max(1, batch);
                double[] val = validate(contrastive, valBatches);
                boolean improved = val[0] < bestVal;
                if (improved) {
                    bestVal = val[0];
                    bestTop1 = val[1];
                    best = contrastive.weights();
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
                boolean stop = sinceBest >= patience;
                double secs = (System.nanoTime() - t0) / 1e9;
                if (listener != null) {
                    listener.epochDone(new TrainingListener.EpochResult(epoch, lastTrain, val[0], val[1], secs,
                            improved, stop));
                }
                if (arrowOfTime > 0) {
                    LOG.info("epoch {}: train loss {}, validation loss {}, top-1 {}, arrow of time right {}", epoch,
                            lastTrain, val[0], val[1], val[2]);
                } else {
                    LOG.info("epoch {}: train loss {}, validation loss {}, top-1 {}", epoch, lastTrain, val[0], val[1]);
                }
                if (improved && checkpointDir != null) {
                    encoderOf(best, validationPool, sourceNames, epoch, windowsSeen, firstLoss, lastTrain, bestVal,
                            bestTop1, secs)
                            .save(checkpointDir.resolve(CHECKPOINT_FILE));
                }
                if (stop) {
                    break;
                }
            }
        } finally {
            prefetch.shutdownNow();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return encoderOf(best == null ? contrastive.weights() : best, validationPool, sourceNames, epochsRun, windowsSeen,
                firstLoss, lastTrain, bestVal, bestTop1, secs);
    }

    private Encoder encoderOf(Map<String, float[]> w, WindowPool pool, List<String> sources, int epochsRun,
                              long windowsSeen, double firstLoss, double trainLoss, double valLoss, double top1,
                              double seconds) {
        ModelManifest.Training t = new ModelManifest.Training(seed, epochsRun, batchSize, learningRate, windowsSeen,
                List.copyOf(pool.stations), pool.hours, sources, firstLoss, trainLoss, valLoss, top1, seconds,
                init == null || init.manifest() == null ? null : init.manifest().weightsSha256(),
                componentHours(pool));
        int version = formatVersion(encoder);
        if (Encoder.leavesOut(t)) {
            version = 4; // a reader before version 4 would feed it the components it leaves out
        }
        ModelManifest m = new ModelManifest(ModelManifest.FORMAT, version, Versions.library(),
                Instant.now().toString(), description, manifestEncoder(encoder), preprocessing(encoder),
                sampling(predictive() ? Map.of("views", "none: windows as drawn (predictive objective)")
                        : augmentation(augment)), t, Encoder.weightList(encoder), null);
        Map<String, float[]> copy = new LinkedHashMap<>();
        w.forEach((k, val) -> copy.put(k, val.clone()));
        return new Encoder(encoder, copy, Encoder.withChecksum(m, Encoder.sha256(Encoder.weightBytes(encoder, copy))));
    }

    /** @return the pool's hours per input slot, as the manifest records them (Z, N, E) */
    private static Map<String, Double> componentHours(WindowPool pool) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int c = 0; c < 3; c++) {
            out.put(ModelManifest.COMPONENT_KEYS.get(c), pool.slotHours[c]);
        }
        return out;
    }

    /** The oldest format version that holds everything the model's settings need (see {@link ModelManifest#FORMAT_VERSION}). */
    static int formatVersion(EncoderConfig c) {
        if (!defaultDilations(c)) {
            return 3;
        }
        return c.objective() == EncoderConfig.Objective.CONTRASTIVE ? 1 : 2;
    }

    private static boolean defaultDilations(EncoderConfig c) {
        return java.util.Arrays.equals(c.dilations(), EncoderConfig.DEFAULT_DILATIONS);
    }

    static ModelManifest.Encoder manifestEncoder(EncoderConfig c) {
        return new ModelManifest.Encoder(c.sampleRate(), c.windowSeconds(), c.bandLowHz(), c.bandHighHz(),
                c.channels(), c.projectionDim(), c.temperature(), "Z,N|1,E|2",
                c.objective() == EncoderConfig.Objective.CONTRASTIVE ? null : c.objective().name(),
                defaultDilations(c) ? null : c.dilations());
    }

    static Map<String, Object> preprocessing(EncoderConfig c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("filter", "Butterworth band-pass, 4 corners, causal, " + c.bandLowHz() + "-" + c.bandHighHz() + " Hz");
        p.put("scale", "quantile " + Preprocessor.QUANTILE + " of " + Preprocessor.BLOCK_SECONDS + " s block RMS in the preceding "
                + Preprocessor.SPAN_SECONDS + " s (the first " + Preprocessor.WARMUP_SECONDS
                + " s of a segment: of their own blocks), shared by the components");
        p.put("compression", "asinh (in the network)");
        return p;
    }

    /** Adds how windows were drawn and the transient negatives to the augmentation settings. */
    private Map<String, Object> sampling(Map<String, Object> augmentation) {
        Map<String, Object> p = new LinkedHashMap<>(augmentation);
        p.put("loudFraction", loudFraction);
        if (distanceCritic) {
            p.put("critic", "distance");
        }
        if (arrowOfTime > 0) {
            p.put("arrowOfTime", arrowOfTime);
        }
        p.put("transientNegatives", transientNegatives);
        return p;
    }

    static Map<String, Object> augmentation(AugmentConfig a) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("maxShiftSeconds", a.maxShiftSeconds());
        p.put("maxAmplitudeFactor", a.maxAmplitudeFactor());
        p.put("polarityFlipProbability", a.polarityFlipProbability());
        p.put("mixProbability", a.mixProbability());
        p.put("mixMaxWeight", a.mixMaxWeight());
        p.put("noiseProbability", a.noiseProbability());
        p.put("noiseMaxStd", a.noiseMaxStd());
        p.put("channelDropoutProbability", a.channelDropoutProbability());
        p.put("timeMaskProbability", a.timeMaskProbability());
        p.put("timeMaskMaxFraction", a.timeMaskMaxFraction());
        p.put("bandJitterProbability", a.bandJitterProbability());
        return p;
    }

    private double schedule(int step, int warmup, int total) {
        if (step < warmup) {
            return learningRate * (step + 1) / warmup;
        }
        double progress = (double) (step - warmup) / Math.max(1, total - warmup);
        return learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))));
    }

    private INDArray[] batch(WindowPool pool, Augmenter aug, Random rng) {
        float[][][] src = new float[batchSize][][];
        for (int i = 0; i < batchSize; i++) {
            src[i] = rng.nextDouble() < loudFraction ? pool.trainLoud(rng, 0.9) : pool.train(rng);
        }
        if (predictive()) {
            return chunks(src);
        }
        return views(src, aug, rng, transientNegatives > 0 ? () -> pool.trainLoud(rng, 0.9) : null);
    }

    /**
     * Two views of every window; with a source of loud windows, also a third: a view of the window
     * with a loud window's transient added (0.5 to 1.5 times), a negative for both views.
     */
    private INDArray[] views(float[][][] src, Augmenter aug, Random rng, java.util.function.Supplier<float[][]> loud) {
        int t = encoder.windowSamples();
        float[] a = new float[src.length * 3 * t];
        float[] b = new float[src.length * 3 * t];
        float[] n = loud == null ? null : new float[src.length * 3 * t];
        int margin = aug.margin();
        for (int i = 0; i < src.length; i++) {
            float[][] v1 = aug.view(src[i], src[(i + 1) % src.length], rng);
            float[][] v2 = aug.view(src[i], src[(i + 2) % src.length], rng);
            float[][] v3 = loud == null ? null : aug.view(src[i], src[(i + 1) % src.length], rng);
            float[][] l = loud == null ? null : loud.get();
            double w = transientNegatives * (0.5 + rng.nextDouble());
            for (int c = 0; c < 3; c++) {
                System.arraycopy(v1[c], 0, a, (i * 3 + c) * t, t);
                System.arraycopy(v2[c], 0, b, (i * 3 + c) * t, t);
                if (n != null) {
                    for (int q = 0; q < t; q++) {
                        n[(i * 3 + c) * t + q] = (float) (v3[c][q] + w * l[c][margin + q]);
                    }
                }
            }
        }
        long[] shape = {src.length, 3, t};
        return n == null ? new INDArray[] {Nd4j.create(a, shape, 'c'), Nd4j.create(b, shape, 'c')}
                : new INDArray[] {Nd4j.create(a, shape, 'c'), Nd4j.create(b, shape, 'c'), Nd4j.create(n, shape, 'c')};
    }

    private List<INDArray[]> validationBatches(WindowPool pool, Augmenter aug, Random rng) {
        List<INDArray[]> out = new ArrayList<>();
        validatedOnTraining = !pool.canValidate();
        if (validatedOnTraining) {
            // a warning of the run; evaluate's report says it too (validatedOnTrainingWindows; review)
            io.github.seisclr.io.Warnings.say(LOG, VALIDATING_ON_TRAINING);
        }
        for (int k = 0; k < validationBatches; k++) {
            float[][][] src = new float[batchSize][][];
            for (int i = 0; i < batchSize; i++) {
                src[i] = pool.canValidate() ? pool.validation(rng) : pool.train(rng);
            }
            if (predictive()) {
                out.add(chunks(src));
                continue;
            }
            out.add(views(src, aug, rng, transientNegatives > 0 ? () -> pool.trainLoud(rng, 0.9) : null));
        }
        return out;
    }

    /** @return {loss, top-1 retrieval, the arrow of time's accuracy or NaN} over the validation batches */
    private static double[] validate(ContrastiveStep contrastive, List<INDArray[]> batches) {
        double[] sum = new double[3];
        for (INDArray[] views : batches) {
            double[] r = contrastive.evaluate(views);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += r[i];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= Math.max(1, batches.size());
        }
        return sum;
    }

    /** Builder for {@link Trainer}. */
    public static final class Builder {
        private EncoderConfig encoder = EncoderConfig.builder().build();
        private AugmentConfig augment = AugmentConfig.defaults();
        private int epochs = 20;
        private int batchSize = 64;
        private int batchesPerEpoch = 50;
        private double learningRate = 2e-3;
        private double validationFraction = 0.1;
        private int validationBatches = 4;
        private int patience = 4;
        private double loudFraction = DEFAULT_LOUD_FRACTION;
        private boolean distanceCritic;
        private double arrowOfTime;
        private double transientNegatives = 0;
        private long seed = 42;
        private Path checkpointDir;
        private TrainingListener listener;
        private String description = "seisclr encoder";
        private Encoder init;

        private Builder() {
        }

        /**
         * Fine-tuning: start from this encoder's weights instead of random ones. Its architecture
         * and input settings replace {@link #encoder(EncoderConfig)}'s, so that the weights fit.
         *
         * @param v a trained encoder (e.g. the bundled model), or null to start from random weights
         * @return this builder
         */
        public Builder init(Encoder v) {
            init = v;
            return this;
        }

        /** @param v architecture and input settings @return this builder */
        public Builder encoder(EncoderConfig v) {
            encoder = Objects.requireNonNull(v, "encoder");
            return this;
        }

        /** @param v augmentations @return this builder */
        public Builder augment(AugmentConfig v) {
            augment = Objects.requireNonNull(v, "augment");
            return this;
        }

        /** @param v most epochs, 1 to 10,000; default 20 @return this builder */
        public Builder epochs(int v) {
            if (v < 1 || v > 10_000) {
                throw new IllegalArgumentException("epochs must be 1 to 10000, got " + v);
            }
            epochs = v;
            return this;
        }

        /** @param v windows per batch (pairs of views with the contrastive objective), 4 to 1024; default 64 @return this builder */
        public Builder batchSize(int v) {
            if (v < 4 || v > 1024) {
                throw new IllegalArgumentException("batchSize must be 4 to 1024, got " + v);
            }
            batchSize = v;
            return this;
        }

        /** @param v batches per epoch, 1 to 1,000,000; default 50 @return this builder */
        public Builder batchesPerEpoch(int v) {
            if (v < 1 || v > 1_000_000) {
                throw new IllegalArgumentException("batchesPerEpoch must be 1 to 1000000, got " + v);
            }
            batchesPerEpoch = v;
            return this;
        }

        /** @param v peak learning rate, above 0 and at most 1; default 0.002 @return this builder */
        public Builder learningRate(double v) {
            if (!(v > 0 && v <= 1)) {
                throw new IllegalArgumentException("learningRate must be in (0, 1], got " + v);
            }
            learningRate = v;
            return this;
        }

        /** @param v share of each segment's end held back for validation, 0 to 0.5; default 0.1 @return this builder */
        public Builder validationFraction(double v) {
            if (!(v >= 0 && v <= 0.5)) {
                throw new IllegalArgumentException("validationFraction must be 0 to 0.5, got " + v);
            }
            validationFraction = v;
            return this;
        }

        /** @param v validation batches per epoch, 1 to 1000; default 4 @return this builder */
        public Builder validationBatches(int v) {
            if (v < 1 || v > 1000) {
                throw new IllegalArgumentException("validationBatches must be 1 to 1000, got " + v);
            }
            validationBatches = v;
            return this;
        }

        /** @param v epochs without improvement before stopping, 1 to 1000; default 4 @return this builder */
        public Builder patience(int v) {
            if (v < 1 || v > 1000) {
                throw new IllegalArgumentException("patience must be 1 to 1000, got " + v);
            }
            patience = v;
            return this;
        }

        /**
         * @param v strength of the transient negatives, 0 (off) to 5; default 0. With it on, each
         *     window also gets a third view with the waveform of a window drawn around a loud block
         *     added at {@code v} times 0.5 to 1.5, and both views must rank their partner above it:
         *     the encoder has to tell a stretch from the same stretch with a transient in it, which
         *     is what a detector asks of it. Costs half as much again per step. Measured on
         *     synthetic data (docs/training.md): event/noise separation of the embeddings clearly
         *     above random weights and above training without it (5-NN cosine 0.922 against 0.814,
         *     linear probe 0.923 against 0.917); detection F1 not improved (NCEDC 0.847 against
         *     0.866, within the spread of random initialisations), so it is off by default.
         * @return this builder
         */
        public Builder transientNegatives(double v) {
            if (!(v >= 0 && v <= 5)) {
                throw new IllegalArgumentException("transientNegatives must be 0 to 5, got " + v);
            }
            transientNegatives = v;
            return this;
        }

        /**
         * @param v predictive objective only: compare each context with the targets by their
         *     squared distance, whitened by the batch's targets (the detector's own metric on its own
         *     vectors), instead of the cosine of two learned heads; default false. An experiment
         *     that lost: on real data its detectors were far worse than random weights' (docs/training.md,
         *     "The detector's metric as the predictive objective's critic")
         * @return this builder
         */
        public Builder distanceCritic(boolean v) {
            distanceCritic = v;
            return this;
        }

        /**
         * @param weight above 0, predictive objective only (with its heads): also show every
         *     window reversed in time and train a logistic head on the window's mean features to
         *     tell which way it runs, its loss times this weight added to the predictive one; 0
         *     (the default): off. An experiment that lost: over five seeds its detectors confirmed
         *     fewer events than today's objective at the strict operating point, and a heavier
         *     weight took back what it gained elsewhere (docs/training.md, "The arrow of time beside
         *     the predictive objective"); a step costs about twice as much
         * @return this builder
         */
        public Builder arrowOfTime(double weight) {
            if (!(weight >= 0 && weight < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("arrowOfTime must be 0 or above, got " + weight);
            }
            arrowOfTime = weight;
            return this;
        }

        /**
         * @param v share of training windows placed around the loudest 10 % of one-second blocks
         *     (relative to the station's noise scale, no labels involved), 0 to 1; default
         *     {@value Trainer#DEFAULT_LOUD_FRACTION}
         * @return this builder
         */
        public Builder loudFraction(double v) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("loudFraction must be 0 to 1, got " + v);
            }
            loudFraction = v;
            return this;
        }

        /** @param v random seed; default 42 @return this builder */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** @param v folder for checkpoint-best.zip after each improving epoch, or null @return this builder */
        public Builder checkpointDir(Path v) {
            checkpointDir = v;
            return this;
        }

        /** @param v progress listener, or null @return this builder */
        public Builder listener(TrainingListener v) {
            listener = v;
            return this;
        }

        /** @param v free text stored in the model's manifest @return this builder */
        public Builder description(String v) {
            description = Objects.requireNonNull(v, "description");
            return this;
        }

        /** @return the trainer */
        public Trainer build() {
            return new Trainer(this);
        }
    }
}
