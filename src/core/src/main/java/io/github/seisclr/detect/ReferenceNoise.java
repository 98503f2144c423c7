package io.github.seisclr.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.model.EncoderConfig;
import io.github.seisclr.model.FrameFeatures;
import io.github.seisclr.score.BackgroundModel;
import io.github.seisclr.score.ResidualModel;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Alignment;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * What a model makes of pure noise, used as the prior of every station's calibration.
 *
 * <p>A station's background model and score scale are fitted to its own data ({@link Calibration}).
 * On hours of data both are well determined; on a short recording (a 60 s event window, the first
 * minutes of a stream) the event is a large share of the data: the background model takes it in
 * (an event that fills half of a minute is no outlier of that minute) and the score's spread is
 * inflated, since the event's rise and decay widen both tails of the distribution. This class
 * runs {@value #SECONDS} s of event-free synthetic noise (the generator's noise model, fixed seed;
 * three components, or those the station has: a vertical-only station is calibrated against the
 * vertical's noise alone) through the same model and settings and keeps its background model and the
 * median and spread of its scores: a prior that belongs to the model, not to any data set. A
 * station's own fit gets the weight {@code seconds / (seconds + }{@value #PRIOR_SECONDS}{@code )}
 * ({@link #ownWeight}): a minute of data leans on the prior, an hour mostly on itself, a day
 * entirely. Scores are relative to a trailing baseline, so a prior background that fits a
 * station's noise less well than its own would shifts both noise and events, not their contrast.
 *
 * <p>The reference also fixes what the threshold means for this model ({@link #scale}): the
 * default threshold was chosen where pure noise stops crossing, with a model whose reference-noise
 * score reaches about 4 at its 99.9th percentile. The lower-half spread that scales
 * the score says nothing about the upper tail, and a model with heavier-tailed noise scores (one
 * trained with the predictive objective on synthetic data: 7.1) would cross the same threshold in noise far
 * more often; its spread is widened so that its reference noise reaches the same
 * {@value #DESIGN_TAIL} there. A model with a lighter tail keeps its spread.
 */
final class ReferenceNoise {
    /** Seconds of synthetic noise measured. */
    static final int SECONDS = 1200;
    /** Weight of the prior, in seconds of a station's own data. */
    static final double PRIOR_SECONDS = 600;
    /**
     * 99.9th percentile of the score on the reference noise for the model that the default
     * threshold was chosen with: the bundled model v1's, rounded up so that its scores stay as they
     * were (4.0025 with the band-pass started from rest, 4.011 since it starts from the steady state
     * of a stretch's first sample; 4.03 on noise of another seed; random weights 3.4-3.5).
     */
    static final double DESIGN_TAIL = 4.02;
    /** The upper quantile of the reference-noise score compared with {@link #DESIGN_TAIL}. */
    private static final double TAIL_QUANTILE = 0.999;
    /** The model file entry that holds a model's reference ({@link Encoder#attachment}). */
    static final String ENTRY = "reference-noise.json";
    private static final String FORMAT = "seisclr-reference-noise";
    /**
     * Version of the measurement. Bump it with any change that changes what {@link #measure} gives
     * (the noise generator and its seed, alignment, the encoder's arithmetic, the background fit, the
     * baseline, the calibration, the residual), so that references stored in model files by earlier
     * versions are measured anew (except entries of {@link #DISTANCE_VERSION}, for their distance
     * part: set it to the new version where the distance part changes too);
     * {@code ReferenceNoiseFileTest} fails while the bundled model's stored reference differs from a
     * fresh measurement.
     */
    static final int VERSION = 3;
    /**
     * The version before the residual part (version 2), whose entries hold a distance part
     * (background, median, spread, tail) that is what {@link #measure} gives today: they serve it,
     * and the residual part is measured where a detector scores the residual ({@link #withResidual}).
     * Entries of any other version before {@link #VERSION} are measured anew.
     */
    private static final int DISTANCE_VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, CompletableFuture<Reference>> CACHE = new ConcurrentHashMap<>();
    /** One background thread measures references ahead of use; daemon, so it never holds the JVM open. */
    private static final Executor AHEAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "seisclr-reference-noise");
        t.setDaemon(true);
        return t;
    });

    /**
     * The background model of the reference noise, the median and spread of its baseline-relative
     * log distance, the {@value #TAIL_QUANTILE} quantile of the score they give it, and its residual
     * model ({@link ResidualModel}) with the median and spread of its baseline-relative log residual.
     */
    record Reference(BackgroundModel background, double median, double spread, double tail, ResidualModel residual,
                     double residualMedian, double residualSpread) {
    }

    private ReferenceNoise() {
    }

    /**
     * @return median and spread of the baseline-relative log distance on synthetic noise for this
     *     model and these settings (computed once per model and settings, then cached)
     */
    static double[] medianAndSpread(Encoder encoder, String modelKey, DetectorConfig config, int k, boolean[] present) {
        Reference r = of(encoder, modelKey, config, k, present);
        return new double[] {r.median(), r.spread()};
    }

    /** All three components: the reference a model file stores. */
    static final boolean[] ALL = {true, true, true};

    /** @return the components as a key: empty for all three, else the letters of those present ({@code Z}, {@code ZN}) */
    static String components(boolean[] present) {
        return present[0] && present[1] && present[2] ? "" : StationStream.slotCodes(present);
    }

    /**
     * @return how much wider than its lower-half spread this model's score scale must be for the
     *     threshold to mean what it does for the design model: {@code max(1, tail / DESIGN_TAIL)}
     */
    static double scale(Encoder encoder, String modelKey, DetectorConfig config, int k, boolean[] present) {
        return Math.max(1, of(encoder, modelKey, config, k, present).tail() / DESIGN_TAIL);
    }

    static Reference of(Encoder encoder, String modelKey, DetectorConfig config, int k) {
        return of(encoder, modelKey, config, k, ALL);
    }

    /**
     * @param present the station's components (Z, N/1, E/2): the reference noise is measured with
     *     the same ones, so that a vertical-only station is not calibrated against the features of
     *     three-component noise (none present counts as all three); the model file stores the
     *     three-component reference only
     */
    static Reference of(Encoder encoder, String modelKey, DetectorConfig config, int k, boolean[] present) {
        return join(ahead(encoder, modelKey, config, k, present));
    }

    /** @return the measured (or read) reference, its failure rethrown as it was thrown */
    private static Reference join(CompletableFuture<Reference> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            CACHE.values().remove(f); // a failed measurement is not kept: the next call tries again
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * @return what a reference is cached by: what the stored entry is keyed by, with the detector's
     *     checksum of the weights in place of the manifest's (the same where there is a manifest),
     *     and the components where not all three
     */
    private static Map<String, String> cacheKey(Encoder encoder, String modelKey, DetectorConfig config, int k,
                                                boolean[] present) {
        Map<String, String> key = key(encoder, config, k);
        key.put("model", modelKey);
        String components = components(present);
        if (!components.isEmpty()) {
            key.put("components", components);
        }
        return key;
    }

    /**
     * @return the reference with its residual part: {@link #of}'s, or where that was read from a
     *     model file entry of a version before the residual ({@value #DISTANCE_VERSION}), one measured
     *     now (once per model and settings)
     */
    static Reference withResidual(Encoder encoder, String modelKey, DetectorConfig config, int k, boolean[] present) {
        Reference r = of(encoder, modelKey, config, k, present);
        if (r.residual() != null) {
            return r;
        }
        Map<String, String> key = cacheKey(encoder, modelKey, config, k, present);
        key.put("residual", "measured");
        return join(CACHE.computeIfAbsent(key.toString(),
                x -> CompletableFuture.supplyAsync(() -> measure(encoder, config, k, present, true), AHEAD)));
    }

    /**
     * Starts measuring the reference for this model and these settings in the background, unless it
     * is measured or under way: a detector asks for it before the data are read and aligned, which
     * take about as long on the other core.
     *
     * @return the reference, when measured
     */
    static CompletableFuture<Reference> ahead(Encoder encoder, String modelKey, DetectorConfig config, int k) {
        return ahead(encoder, modelKey, config, k, ALL);
    }

    static CompletableFuture<Reference> ahead(Encoder encoder, String modelKey, DetectorConfig config, int k,
                                              boolean[] present) {
        boolean all = components(present).isEmpty();
        return CACHE.computeIfAbsent(cacheKey(encoder, modelKey, config, k, present).toString(), x -> {
            Reference r = all ? stored(encoder, config, k) : null;
            // the residual part only where these settings score it (withResidual measures it later
            // for a detector that does)
            return r != null ? CompletableFuture.completedFuture(r)
                    : CompletableFuture.supplyAsync(() -> measure(encoder, config, k, present, config.residual()), AHEAD);
        });
    }

    /**
     * @return the encoder with its reference for these settings in the model file entry
     *     {@value #ENTRY}, measured unless stored or cached
     * @throws IllegalArgumentException when the encoder has no manifest (no weight checksum to tie the entry to)
     */
    static Encoder attach(Encoder encoder, String modelKey, DetectorConfig config, int k) {
        if (encoder.manifest() == null || encoder.manifest().weightsSha256() == null) {
            throw new IllegalArgumentException("an encoder without a manifest has no weight checksum to store its"
                    + " reference noise with");
        }
        return encoder.withAttachment(ENTRY, entry(encoder, config, k,
                withResidual(encoder, modelKey, config, k, ALL)));
    }

    /** @return the entry's JSON: what the reference was measured for (its key), then the reference */
    static byte[] entry(Encoder encoder, DetectorConfig config, int k, Reference r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        key(encoder, config, k).forEach(root::put);
        root.put("median", r.median());
        root.put("spread", r.spread());
        root.put("tail", r.tail());
        CalibrationFile.putBackground(root.putObject("background"), r.background());
        CalibrationFile.putResidual(root.putObject("residual"), r.residual(), r.residualMedian(), r.residualSpread());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a measurement depends on besides the code (whose changes {@link #VERSION} stands for):
     * the weights, the model's rate and band (the noise is made at the rate, the input filtered to
     * the band), the length of the noise, and the settings of the score.
     */
    private static Map<String, String> key(Encoder encoder, DetectorConfig config, int k) {
        Map<String, String> m = new LinkedHashMap<>();
        // the weights' checksum even without a manifest: two such encoders must not share a reference
        m.put("model", encoder.featuresId());
        m.put("sampleRate", Double.toString(encoder.config().sampleRate()));
        m.put("bandLowHz", Double.toString(encoder.config().bandLowHz()));
        m.put("bandHighHz", Double.toString(encoder.config().bandHighHz()));
        m.put("seconds", Integer.toString(SECONDS));
        m.put("framesPerWindow", Integer.toString(k));
        m.put("trim", Double.toString(config.trim()));
        m.put("baselineSeconds", Double.toString(config.baselineSeconds()));
        return m;
    }

    /**
     * @return the reference stored in the model file for this model, measurement version and
     *     these settings, or null (none stored, or stored for something else: then it is measured)
     */
    static Reference stored(Encoder encoder, DetectorConfig config, int k) {
        Optional<byte[]> bytes = encoder.attachment(ENTRY);
        if (bytes.isEmpty()) {
            return null;
        }
        Logger log = LoggerFactory.getLogger(ReferenceNoise.class);
        String model = encoder.manifest() == null || encoder.manifest().description() == null ? "the model"
                : "model '" + encoder.manifest().description() + "'";
        try {
            JsonNode root = JSON.readTree(bytes.get());
            int version = root.path("version").asInt(-1);
            if (!FORMAT.equals(root.path("format").asText())) {
                // not what any seisclr writes under this name: a damaged or edited entry
                throw new IllegalArgumentException("its format is '" + root.path("format").asText("(none)") + "', not "
                        + FORMAT);
            }
            if (version != VERSION && version != DISTANCE_VERSION) {
                log.debug("{}: stored reference noise of format {} version {}, not {} version {}; measuring it", model,
                        root.path("format").asText("?"), root.path("version").asText("?"), FORMAT, VERSION);
                return null;
            }
            for (Map.Entry<String, String> e : key(encoder, config, k).entrySet()) {
                String was = root.path(e.getKey()).asText();
                // an entry stored before the rate, band and window entered the model id serves: the
                // entry records the rate and band itself (compared here too), and the window does
                // not enter the measurement
                boolean earlierId = e.getKey().equals("model") && was.equals(EncoderConfig.withoutSettingsTag(e.getValue()));
                if (!e.getValue().equals(was) && !earlierId) {
                    log.debug("{}: stored reference noise is for {} {}, not {}; measuring it", model, e.getKey(),
                            root.path(e.getKey()).asText("(none)"), e.getValue());
                    return null;
                }
            }
            BackgroundModel bg = CalibrationFile.background(root.path("background"));
            double median = root.path("median").asDouble(Double.NaN);
            double spread = root.path("spread").asDouble(Double.NaN);
            double tail = root.path("tail").asDouble(Double.NaN);
            JsonNode r = root.path("residual");
            boolean withResidual = version == VERSION;
            ResidualModel residual = withResidual ? CalibrationFile.residual(r) : null;
            double residualMedian = withResidual ? r.path("median").asDouble(Double.NaN) : Double.NaN;
            double residualSpread = withResidual ? r.path("spread").asDouble(Double.NaN) : Double.NaN;
            if (!Double.isFinite(median) || !(spread > 0) || !Double.isFinite(tail)
                    || bg.dimension() != encoder.config().embeddingDim() || withResidual
                    && (!Double.isFinite(residualMedian) || !(residualSpread > 0)
                    || residual.dimension() != bg.dimension())) {
                throw new IllegalArgumentException("median " + median + ", spread " + spread + ", tail " + tail
                        + ", background of " + bg.dimension() + " dimensions" + (withResidual ? ", residual median "
                        + residualMedian + ", spread " + residualSpread + ", of " + residual.dimension() + " dimensions"
                        : ""));
            }
            return new Reference(bg, median, spread, tail, residual, residualMedian, residualSpread);
        } catch (IOException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException j ? "not JSON: " + j.getOriginalMessage()
                    : e.getMessage();
            log.warn("{}: its {} entry cannot be used ({}); measuring the reference noise instead", model, ENTRY, why);
            return null;
        }
    }

    static Reference measure(Encoder encoder, DetectorConfig config, int k) {
        return measure(encoder, config, k, ALL);
    }

    /**
     * Measures the reference with its residual part.
     *
     * @param present the components to measure with (the synthetic noise's others left out)
     */
    static Reference measure(Encoder encoder, DetectorConfig config, int k, boolean[] present) {
        return measure(encoder, config, k, present, true);
    }

    /**
     * @param wanted the components to measure with (the synthetic noise's others left out), less those
     *     the model does not take ({@link Encoder#inputComponents}); all wanted where it takes none of them
     * @param withResidual whether to measure the residual part too (else its fields are null and NaN)
     */
    static Reference measure(Encoder encoder, DetectorConfig config, int k, boolean[] wanted, boolean withResidual) {
        long t0 = System.nanoTime();
        // only the components the model takes: it leaves the others out of its input anyway (the same
        // features), and offering them made a vertical-only model say at every run, whatever the data,
        // that it was trained without the horizontals (review)
        boolean[] takes = encoder.inputComponents();
        boolean[] taken = new boolean[3];
        boolean any = false;
        for (int c = 0; c < 3; c++) {
            taken[c] = wanted[c] && takes[c];
            any |= taken[c];
        }
        boolean[] present = any ? taken : wanted.clone();
        double rate = encoder.config().sampleRate();
        SynthConfig synth = SynthConfig.builder().seed(20_240_101).duration(Duration.ofSeconds(SECONDS))
                .sampleRate(rate).stations(1).threeComponent(true).eventsPerHour(0).spikesPerHour(0)
                .gapsPerDay(0).build();
        StationStream three = StationStream.of(SyntheticGenerator.generate(synth).traces()).get(0);
        Map<Character, List<io.github.seisclr.io.Trace>> kept = new LinkedHashMap<>();
        three.components().forEach((c, ts) -> {
            int slot = StationStream.slot(c);
            if (slot >= 0 && present[slot]) {
                kept.put(c, ts);
            }
        });
        StationStream station = kept.isEmpty() ? three
                : new StationStream(three.network(), three.station(), three.location(), three.bandAndInstrument(), kept);
        List<FrameFeatures> features = new ArrayList<>();
        for (AlignedSegment seg : Alignment.align(station, rate, 10)) {
            features.add(encoder.frames(seg));
        }
        FitSample sample = FitSample.of(features, k,
                withResidual ? Detector.contextFrames(features.get(0).frameRate()) : 0);
        BackgroundModel bg = java.util.Objects.requireNonNull(sample.background(config.trim()),
                "20 min of reference noise hold enough windows to fit");
        ResidualModel residual = sample.residual(null, config.trim()); // null without contexts
        List<double[][]> relative = features.stream()
                .map(f -> Detector.relative(f, k, new Detector.Models(bg, residual), config.baselineSeconds()))
                .toList();
        double[] all = relative.stream().flatMapToDouble(r -> Arrays.stream(r[0])).toArray();
        double[] ms = Calibration.medianAndSpread(all);
        double[] mr = residual == null ? new double[] {Double.NaN, Double.NaN}
                : Calibration.medianAndSpread(relative.stream().flatMapToDouble(r -> Arrays.stream(r[1])).toArray());
        // the score's upper tail on noise, without the first frames (no full score window yet)
        double[] scores = new double[Math.max(1, all.length - k)];
        for (int j = 0; j < scores.length; j++) {
            scores[j] = (all[Math.min(all.length - 1, j + k)] - ms[0]) / ms[1];
        }
        Arrays.sort(scores);
        double tail = scores[(int) Math.min(scores.length - 1, Math.floor(TAIL_QUANTILE * scores.length))];
        LoggerFactory.getLogger(ReferenceNoise.class).debug("reference noise for this model: {} s, score tail {}",
                String.format(Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9), String.format(Locale.ROOT, "%.2f", tail));
        return new Reference(bg, ms[0], ms[1], tail, residual, mr[0], mr[1]);
    }

    /**
     * @param seconds seconds of a station's own data
     * @return the weight its own fit gets against the reference: {@code seconds / (seconds + PRIOR_SECONDS)}
     */
    static double ownWeight(double seconds) {
        return seconds / (seconds + PRIOR_SECONDS);
    }

    /**
     * @param own median and spread from the station's own data
     * @param prior median and spread on reference noise
     * @param seconds seconds of the station's data behind {@code own}
     * @return the weighted median and spread
     */
    static double[] blend(double[] own, double[] prior, double seconds) {
        double w = ownWeight(seconds);
        return new double[] {w * own[0] + (1 - w) * prior[0], w * own[1] + (1 - w) * prior[1]};
    }
}
