package io.github.seisclr.detect;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.WaveformSet;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.model.EncoderConfig;
import io.github.seisclr.model.FrameFeatures;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.PickList;
import io.github.seisclr.pick.Picker;
import io.github.seisclr.score.BackgroundModel;
import io.github.seisclr.score.ScoreTrace;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Alignment;
import io.github.seisclr.signal.ChannelBands;
import io.github.seisclr.signal.Despiker;
import io.github.seisclr.io.Warnings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Finds events and picks phases in a set of stations with a trained encoder.
 *
 * <p>For each station: its components are aligned at the model's rate (resampled if needed, split
 * at gaps); the encoder runs over each stretch once, giving a feature vector every 8 samples; the
 * mean of the features over a trailing {@code scoreWindowSeconds} is compared with a robust
 * Gaussian model of the station's background ({@link BackgroundModel}), fitted to the same data
 * with the outlying share trimmed; the Mahalanobis distance, in units of the spread of its lower
 * half, averaged (where {@link DetectorConfig#residual} is set; off by default) with the residual of
 * predicting that mean from the 8 s before it ({@link io.github.seisclr.score.ResidualModel}), in
 * units of its own, plus the amplitude term ({@link DetectorConfig#amplitudeTerm}), is the score.
 * Triggers follow ObsPy's {@code trigger_onset} on that score; triggers closer than
 * {@code mergeGapSeconds} merge, shorter than {@code minDurationSeconds} are dropped. P and S are
 * picked inside each detection ({@link Picker}), and detections at several stations within
 * {@code coincidenceSeconds} form network detections.
 *
 * <pre>{@code
 * Detector detector = Detector.of(Encoder.load(model), DetectorConfig.defaults());
 * DetectionResult r = detector.detect(Waveforms.read(Path.of("data-samples")));
 * r.picks().select(Phase.P).forEach(System.out::println);
 * }</pre>
 */
public final class Detector {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);
    /** How {@link #requireUsable}'s refusal begins. */
    private static final String NO_USABLE_CHANNEL = "no channel can be used: ";
    /** RMS after a one- or two-sample peak over RMS before it above which the peak is an arrival, not a spike. */
    private static final double SHAKING_RATIO = 3;
    /** Samples at the end of the data the spike test does not take as the peak. */
    private static final int EDGE_SAMPLES = 5;
    private final Encoder encoder;
    private final DetectorConfig config;

    /** A detector whose reference noise is measured when first needed ({@link #of} starts it at once). */
    Detector(Encoder encoder, DetectorConfig config) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Also starts measuring the model's reference-noise prior on a background thread (once per
     * model and settings, unless the model file holds it: {@link #withReferenceNoise}; see
     * docs/detection.md), so that it is ready by the time the caller has read its data.
     *
     * @param encoder a trained encoder
     * @param config detection settings
     * @return the detector
     */
    public static Detector of(Encoder encoder, DetectorConfig config) {
        Detector d = new Detector(encoder, config);
        // the model's reference-noise prior (read from the model file when stored there; else about
        // 2 s of CPU, once per model and settings) is measured on another thread while the caller
        // reads and aligns its data
        ReferenceNoise.ahead(encoder, d.modelId(), config, d.framesPerModelWindow());
        return d;
    }

    /**
     * Measures the model's reference-noise prior for these detection settings (what the model makes
     * of 20 minutes of synthetic noise: the prior of every station's calibration, and the widening
     * of its score scale) and returns the encoder with it attached, so that the saved model file
     * carries it ({@link Encoder#save}) and detectors built on that file with these settings skip
     * the measurement: about 2 s of CPU in every process that loads the model, most of the time of
     * a short run. {@code seisclr train} stores it for the default settings. The entry names the
     * weights and the measurement's version; a later seisclr whose measurement differs measures
     * anew instead of using it. A file holds one such entry: storing it for other settings
     * replaces the one for the default settings.
     *
     * @param encoder a model with a manifest
     * @param config the detection settings it will be used with (usually {@link DetectorConfig#defaults()})
     * @return the same model with the entry {@code reference-noise.json}
     * @throws IllegalArgumentException when the encoder has no manifest (nothing names its weights)
     */
    public static Encoder withReferenceNoise(Encoder encoder, DetectorConfig config) {
        Detector d = new Detector(encoder, config);
        return ReferenceNoise.attach(encoder, d.modelId(), config, d.framesPerModelWindow());
    }

    /** @return the detection settings */
    public DetectorConfig config() {
        return config;
    }

    /**
     * @param data stations to process
     * @return detections, picks, network detections and score traces
     */
    public DetectionResult detect(WaveformSet data) {
        return detect(java.util.Objects.requireNonNull(data, "data").stations(), s -> { });
    }

    /**
     * @param stations stations to process
     * @param progress called with each station's code when it is done
     * @return detections, picks, network detections and score traces
     */
    public DetectionResult detect(List<StationStream> stations, Consumer<String> progress) {
        java.util.Objects.requireNonNull(stations, "stations");
        java.util.Objects.requireNonNull(progress, "progress");
        return run(stations, progress, List.of(config), Span.WHOLE).get(0);
    }

    /**
     * Detects in long miniSEED inputs in a few hundred MB: each station stream is read from the
     * index a piece of 2 h at a time, and the aligned samples and frame features a whole run holds
     * go to a temporary file (in {@code java.io.tmpdir}, about 480 MB per station-day at 100 Hz,
     * deleted when the station is done); what stays in memory grows by about 12 bytes per frame
     * (8 samples) of a station stream (docs/detection.md, "Memory: long inputs"). The result equals that of
     * {@link #detect(List, Consumer)} over the whole input read at once, to float rounding: the
     * same stretches, background, calibration, detections and picks.
     *
     * @param index the input ({@link io.github.seisclr.io.WaveformIndex#of})
     * @param progress called with each station stream's code when it is done
     * @return detections, picks, network detections and score traces
     * @throws io.github.seisclr.BadInputException when no channel is in the model's band, or a
     *     file cannot be read again
     */
    public DetectionResult detect(io.github.seisclr.io.WaveformIndex index, Consumer<String> progress) {
        java.util.Objects.requireNonNull(index, "index");
        java.util.Objects.requireNonNull(progress, "progress");
        return detect(index, progress, ChunkedRun.PIECE_SECONDS);
    }

    /**
     * As {@link #detect(io.github.seisclr.io.WaveformIndex, Consumer)}, without the score traces
     * when {@code scoreTraces} is false: they take 4 bytes per frame of every station stream until
     * the result is dropped (about 860 MB for 200 station-days at 100 Hz), and only figures need them.
     *
     * @param index the input ({@link io.github.seisclr.io.WaveformIndex#of})
     * @param scoreTraces whether {@link DetectionResult#scores()} holds the score traces
     * @param progress called with each station stream's code when it is done
     * @return detections, picks, network detections, calibrations, and the score traces when asked for
     */
    public DetectionResult detect(io.github.seisclr.io.WaveformIndex index, boolean scoreTraces,
                                  Consumer<String> progress) {
        java.util.Objects.requireNonNull(index, "index");
        java.util.Objects.requireNonNull(progress, "progress");
        return new ChunkedRun(this, encoder, index, ChunkedRun.PIECE_SECONDS).scoreTraces(scoreTraces).run(progress);
    }

    /**
     * As {@link #detect(io.github.seisclr.io.WaveformIndex, Consumer)} over the part {@code [from,
     * to)} of an index only, as if the input were that part, in pieces of {@code pieceSeconds}, for
     * its calibrations: it says nothing of the data's spikes or missing components, which the runs
     * that score those data with them warn of.
     */
    DetectionResult detect(io.github.seisclr.io.WaveformIndex index, Instant from, Instant to, double pieceSeconds) {
        return new ChunkedRun(this, encoder, index, pieceSeconds, Span.WHOLE, from, to).quiet().run(s -> { });
    }

    /**
     * {@link #detectPiece(List, Map, Instant, Instant, String)} over the part {@code [from, to)}
     * of an index, read in pieces of {@code pieceSeconds}.
     */
    DetectionResult detectPiece(io.github.seisclr.io.WaveformIndex index, Instant from, Instant to,
                                Map<String, Calibration> calibrations, Instant keepFrom, Instant keepTo, String idTag,
                                double pieceSeconds) {
        return detectPiece(index, from, to, calibrations, keepFrom, keepTo, idTag, pieceSeconds, true);
    }

    /**
     * As {@link #detectPiece(io.github.seisclr.io.WaveformIndex, Instant, Instant, Map, Instant,
     * Instant, String, double)}; without {@code warn}, nothing is said of the data's spikes or
     * missing components (a run over data another run warns of).
     */
    DetectionResult detectPiece(io.github.seisclr.io.WaveformIndex index, Instant from, Instant to,
                                Map<String, Calibration> calibrations, Instant keepFrom, Instant keepTo, String idTag,
                                double pieceSeconds, boolean warn) {
        ChunkedRun run = new ChunkedRun(this, encoder, index, pieceSeconds, new Span(Map.copyOf(calibrations),
                keepFrom, keepTo, Objects.requireNonNull(idTag, "idTag")), from, to);
        return (warn ? run : run.quiet()).run(s -> { });
    }

    /** As {@link #detect(io.github.seisclr.io.WaveformIndex, Consumer)} with pieces of {@code pieceSeconds}. */
    DetectionResult detect(io.github.seisclr.io.WaveformIndex index, Consumer<String> progress, double pieceSeconds) {
        return new ChunkedRun(this, encoder, index, pieceSeconds).run(progress);
    }

    /**
     * What one run keeps and how it calibrates: the whole of the data with calibrations fitted on it
     * ({@link #WHOLE}), or, for one piece of a longer record (a station-day of an archive), the
     * given calibrations, the detections that start in {@code [keepFrom, keepTo)} (the data around
     * them are warm-up and overlap) and ids tagged with {@code idTag}.
     */
    record Span(Map<String, Calibration> calibrations, Instant keepFrom, Instant keepTo, String idTag) {
        static final Span WHOLE = new Span(Map.of(), Instant.MIN, Instant.MAX, null);

        /**
         * @return the start of a station's detection ids: the station ({@code STA}) in a whole run;
         *     {@code NET.STA-TAG} in a piece of an archive, which numbers its detections afresh (the
         *     network keeps ids apart where two networks share a station code)
         */
        String idPrefix(String network, String station) {
            return idTag == null ? station : network + "." + station + "-" + idTag;
        }

        boolean keeps(Instant t) {
            return !t.isBefore(keepFrom) && t.isBefore(keepTo);
        }

        /** @return the seconds of {@code [from, to)} that lie inside the span */
        double seconds(Instant from, Instant to) {
            Instant a = clamp(from);
            Instant b = clamp(to);
            return a.isBefore(b) ? Duration.between(a, b).toNanos() / 1e9 : 0;
        }

        /** @return {@code t} moved into {@code [keepFrom, keepTo]} */
        Instant clamp(Instant t) {
            return t.isBefore(keepFrom) ? keepFrom : t.isAfter(keepTo) ? keepTo : t;
        }
    }

    /**
     * Detects in one piece of a longer record with calibrations fitted before (on other data of the
     * same stations), keeping only the detections that start in {@code [keepFrom, keepTo)}: the data
     * before {@code keepFrom} warm the filters, noise scale and baseline, the data after
     * {@code keepTo} let a detection that starts inside end and be picked. A station without a
     * calibration in {@code calibrations} is fitted on the piece itself (logged).
     *
     * @param stations stations to process
     * @param calibrations calibrations by station code ({@link StationStream#code()})
     * @param keepFrom first detection start kept
     * @param keepTo end (excluded) of the detection starts kept
     * @param idTag put between the station ({@code NET.STA}) and the number in detection ids, so
     *     that ids stay unique across pieces (e.g. the day: {@code CX.PB01-20240101-3})
     * @return the detections kept, their picks, network detections among them; no score traces;
     *     {@link DetectionResult#hoursProcessed()} counts only the hours inside the kept range
     */
    DetectionResult detectPiece(List<StationStream> stations, Map<String, Calibration> calibrations,
                                Instant keepFrom, Instant keepTo, String idTag) {
        return run(stations, s -> { }, List.of(config), new Span(Map.copyOf(calibrations), keepFrom, keepTo,
                Objects.requireNonNull(idTag, "idTag"))).get(0);
    }

    /**
     * Runs the detector once per trigger threshold over the same scores: the data are read, encoded
     * and scored once, then triggered and picked at each threshold (the off level at these
     * settings' off/on ratio). Each result is what {@link #detect} gives with that threshold in its settings,
     * only faster: for precision-recall curves and for choosing a threshold on a station.
     *
     * @param stations stations to process
     * @param thresholdsOn trigger-on levels
     * @return one result per threshold, in the same order
     * @throws IllegalArgumentException without any threshold, or with one not above 0
     */
    public List<DetectionResult> sweep(List<StationStream> stations, double... thresholdsOn) {
        return run(stations, s -> { }, swept(thresholdsOn), Span.WHOLE);
    }

    /**
     * {@link #sweep(List, double...)} with each station's calibration given instead of fitted on
     * these data: the background they are scored against stays the one of another run (for example
     * the same station's data before something was added to them, to measure what the detector
     * finds of it). A station without a calibration in the map is fitted on its own data, with a
     * warning. The results hold no score traces.
     *
     * @param stations stations to process
     * @param calibrations by station stream code ({@code NET.STA.LOC.BI}), as
     *     {@link DetectionResult#calibrations()} gives them
     * @param thresholdsOn trigger-on levels
     * @return one result per threshold, in the same order
     * @throws IllegalArgumentException without any threshold, or with one not above 0
     */
    public List<DetectionResult> sweep(List<StationStream> stations, Map<String, Calibration> calibrations,
                                       double... thresholdsOn) {
        return run(stations, s -> { }, swept(thresholdsOn), new Span(Map.copyOf(calibrations), Instant.MIN, Instant.MAX, null));
    }

    /** @return these settings at each trigger-on level, the off level at their off/on ratio */
    private List<DetectorConfig> swept(double... thresholdsOn) {
        if (thresholdsOn.length == 0) {
            throw new IllegalArgumentException("sweep needs at least one threshold");
        }
        double ratio = config.thresholdOff() / config.thresholdOn();
        List<DetectorConfig> configs = new ArrayList<>();
        for (double on : thresholdsOn) {
            configs.add(config.withThresholds(on, on * ratio));
        }
        return configs;
    }

    private List<DetectionResult> run(List<StationStream> stations, Consumer<String> progress,
                                      List<DetectorConfig> configs, Span span) {
        Warnings.Collected<List<DetectionResult>> run = Warnings.collect(() -> runStations(stations, progress,
                configs, span));
        return run.value().stream().map(r -> r.withWarnings(run.warnings())).toList();
    }

    /**
     * @return what {@code run} gives, with the warnings said while it ran (its own and its inner
     *     runs') listed in it ({@link DetectionResult#warnings()})
     */
    static DetectionResult listingWarnings(java.util.function.Supplier<DetectionResult> run) {
        Warnings.Collected<DetectionResult> said = Warnings.collect(run);
        return said.value().withWarnings(said.warnings());
    }

    /** {@link #run}, without the warnings in its results. */
    private List<DetectionResult> runStations(List<StationStream> stations, Consumer<String> progress,
                                              List<DetectorConfig> configs, Span span) {
        warnSplitStations(slotsByCode(stations, encoder.config().bandLowHz()));
        int n = configs.size();
        List<List<Detection>> detections = new ArrayList<>();
        List<List<Pick>> picks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            detections.add(new ArrayList<>());
            picks.add(new ArrayList<>());
        }
        List<ScoreTrace> scores = new ArrayList<>();
        Map<String, Calibration> calibrations = new LinkedHashMap<>();
        double hours = 0;
        String model = modelId();
        List<Map<String, int[]>> counters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            counters.add(new HashMap<>());
        }
        Map<SourceId, ChannelBands.Refusal> refused = new LinkedHashMap<>();
        List<StationStream> usable = new ArrayList<>(); // one per station, null where none of it can be used
        for (StationStream s : stations) {
            usable.add(inBand(s, refused));
        }
        requireUsable(refused, usable.stream().anyMatch(Objects::nonNull));
        for (int i = 0; i < stations.size(); i++) {
            if (usable.get(i) != null) {
                hours += station(usable.get(i), model, configs, detections, picks, scores, calibrations, counters, span);
            }
            progress.accept(stations.get(i).code());
        }
        List<DetectionResult> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(result(detections.get(i), picks.get(i), span == Span.WHOLE ? scores : List.of(), hours,
                    configs.get(i), model, calibrations, span));
        }
        return out;
    }

    /**
     * @throws io.github.seisclr.BadInputException when channels were left out (for their rate, or as
     *     no component the model reads) and no station had one to use ({@link ChannelBands#requireUsable})
     */
    static void requireUsable(Map<SourceId, ChannelBands.Refusal> refused, boolean anyUsable) {
        ChannelBands.requireUsable(refused, anyUsable, null, NO_USABLE_CHANNEL);
    }

    /**
     * @return whether {@code e} is {@link #requireUsable}'s refusal (no channel usable: every one below
     *     the model's band or none a component it reads), not another rate problem such as a damaged
     *     header's rate
     */
    static boolean noUsableChannel(io.github.seisclr.BadInputException e) {
        return (e.problem() == io.github.seisclr.BadInputException.Problem.BAD_SAMPLE_RATE
                || e.problem() == io.github.seisclr.BadInputException.Problem.UNUSABLE_CHANNEL)
                && e.getMessage().contains(NO_USABLE_CHANNEL);
    }

    /**
     * @return a run's result at one setting: the detections that start in the span, in time order,
     *     their picks and the network detections among them
     */
    static DetectionResult result(List<Detection> detections, List<Pick> picks, List<ScoreTrace> scores, double hours,
                                  DetectorConfig config, String model, Map<String, Calibration> calibrations, Span span) {
        List<Detection> d = new ArrayList<>(detections.stream().filter(x -> span.keeps(x.start())).toList());
        d.sort(Comparator.comparing(Detection::start));
        java.util.Set<String> kept = new java.util.HashSet<>();
        d.forEach(x -> kept.add(x.id()));
        List<Pick> p = picks.stream().filter(x -> kept.contains(x.detectionId())).toList();
        return new DetectionResult(List.copyOf(d), new PickList(p), coincidence(d, config), List.copyOf(scores), hours,
                config, model, Map.copyOf(calibrations));
    }

    /**
     * Leaves out the channels whose Nyquist frequency lies at or below the model's band (1 Hz data
     * for a 1-20 Hz model): the band-pass would leave nothing of them but noise and resampling
     * artefacts, and detections on them would be invented. Says so, per channel; warns where only
     * part of the band is present.
     *
     * @param s a station
     * @param refused where to add each channel left out, with the reason
     * @return the station with the usable channels, or null when none is
     */
    StationStream inBand(StationStream s, Map<SourceId, ChannelBands.Refusal> refused) {
        return inBand(s, refused, new java.util.HashSet<>());
    }

    /**
     * As {@link #inBand(StationStream, Map)}, warning once per channel in {@code warned} about a
     * channel that holds only part of the band (a run that reads a station in pieces).
     */
    StationStream inBand(StationStream s, Map<SourceId, ChannelBands.Refusal> refused, java.util.Set<Object> warned) {
        EncoderConfig ec = encoder.config();
        return ChannelBands.usable(s, ec.bandLowHz(), ec.bandHighHz(), refused, warned);
    }

    /**
     * @return the model's id as detections carry it ({@link Detection#model()}): the first 12 hex
     *     digits of the weights' SHA-256 (with the features' tag where the model scores other than
     *     the default features: {@link Encoder#featuresTag()}, for example {@code +r50} for the
     *     same weights run at 50 Hz), {@code unknown} for a model without a manifest
     */
    public String modelId() {
        return modelId(encoder);
    }

    /**
     * @param encoder a model
     * @return its id as detections carry it (as {@link #modelId()}), without building a detector
     */
    public static String modelId(Encoder encoder) {
        return modelId(encoder.featuresId());
    }

    /**
     * @param featuresId a model's {@link Encoder#featuresId()}: its weights' SHA-256 (64 hex digits)
     *     and its features tag, or null where a caller holds none
     * @return its id as detections carry it (as {@link #modelId()}): the first 12 digits and the
     *     tag, {@code unknown} for null; for callers that hold the id and not the model (a Spark job's
     *     day files)
     */
    public static String modelId(String featuresId) {
        if (featuresId == null) {
            return "unknown";
        }
        int digits = Math.min(64, featuresId.length());
        return featuresId.substring(0, Math.min(12, digits)) + featuresId.substring(digits);
    }

    /** @return hours of data scored */
    private double station(StationStream s, String model, List<DetectorConfig> configs,
                           List<List<Detection>> detections, List<List<Pick>> picks,
                           List<ScoreTrace> scores, Map<String, Calibration> calibrations,
                           List<Map<String, int[]>> counters, Span span) {
        double rate = encoder.config().sampleRate();
        double minSeconds = minStretchSeconds();
        long t0 = System.nanoTime();
        List<AlignedSegment> segments = Alignment.alignDespiked(s, rate, minSeconds);
        if (segments.isEmpty()) {
            if (java.util.stream.IntStream.range(0, 3).anyMatch(c -> s.componentIn(c).isPresent())) {
                // (a station of channels in no slot, a hydrophone's HDH alone, is said so as they are
                // left out: "no stretch of at least 10 s" misled, its channel holding hours; review)
                Warnings.say(LOG, "{}: no stretch of aligned components of at least {} s; skipped", s.code(),
                        minSeconds);
            }
            return 0;
        }
        warnIfTooSmall(s, segments);
        SourceId[] spikeChannels = channels(s);
        for (AlignedSegment seg : segments) {
            Despiker.applyInPlace(seg).warn(s.code(), spikeChannels, seg.start(), rate);
        }
        List<Covered> covered = segments.stream().map(g -> new Covered(g.start(), g.length() / rate, g.present()))
                .toList();
        warnCoverage(s.code(), spikeChannels, covered);
        warnGaps(s.code(), covered, rate, span);
        List<FrameFeatures> features = new ArrayList<>();
        long t1 = System.nanoTime();
        for (AlignedSegment seg : segments) {
            features.add(encoder.frames(seg));
        }
        long t2 = System.nanoTime();
        int k = framesPerWindow(features.get(0).frameRate());
        double seconds = segments.stream().mapToDouble(g -> g.length() / rate).sum();
        double hours = segments.stream().mapToDouble(g -> span.seconds(g.start(),
                g.start().plusNanos(Math.round(g.length() / rate * 1e9)))).sum() / 3600;
        boolean[] present = components(s);
        // named by the first time kept: an archive day's warm-up lies in the day before (review)
        Instant dataFrom = span.clamp(segments.get(0).start());
        Calibration calibration = given(span.calibrations().get(s.code()), present, dataOf(s.code(), dataFrom));
        noCalibration(span, s.code(), dataFrom, seconds);
        Models models = calibration != null ? Models.of(calibration, config)
                : models(FitSample.of(features, k, config.residual() ? contextFrames(features.get(0).frameRate()) : 0),
                seconds, k, present, s.code());
        long t3 = System.nanoTime();
        // baseline-relative log distances (and residuals) everywhere, then their medians and spreads
        // set the score scales
        List<double[][]> rel = new ArrayList<>();
        for (FrameFeatures f : features) {
            rel.add(relative(f, k, models, config.baselineSeconds()));
        }
        long t4 = System.nanoTime();
        if (calibration == null) {
            calibration = calibration(models, rel, seconds, k, present, String.format(java.util.Locale.ROOT,
                    "batch fit on %.2f h", seconds / 3600));
        }
        calibrations.put(s.code(), calibration);
        Calibration cal = calibration;
        String idPrefix = span.idPrefix(s.network(), s.station());
        SourceId[] channels = channels(s);
        for (int si = 0; si < segments.size(); si++) {
            AlignedSegment seg = segments.get(si);
            events(s.station(), s.code(), idPrefix, channels, seg.start(), features.get(si).frameRate(), k,
                    rel.get(si)[0], rel.get(si)[1], cal, seg::slice, model, configs, detections, picks, counters,
                    span == Span.WHOLE ? scores : null);
        }
        LOG.debug("{}: {} s of data; align {} s, encoder {} s, background {} s, score {} s, calibrate + triggers + picks {} s",
                s.code(), Math.round(seconds), secs(t1 - t0), secs(t2 - t1), secs(t3 - t2), secs(t4 - t3),
                secs(System.nanoTime() - t4));
        return hours;
    }

    /**
     * Scores one stretch's baseline-relative distances with a calibration and runs the event stage
     * (triggers, picks) over them at each of {@code configs}: what the batch, chunked and archive
     * runs share.
     *
     * @param station the station code ({@code STA}), whose detections share one numbering
     * @param code the station stream ({@code NET.STA.LOC.BI})
     * @param rs the stretch's baseline-relative log distances
     * @param rr its baseline-relative log residuals, or null where the residual is not scored
     * @param scores where to add the stretch's score trace, or null
     */
    void events(String station, String code, String idPrefix, SourceId[] channels, Instant start, double frameRate,
                int k, double[] rs, double[] rr, Calibration cal, EventStage.Samples samples, String model,
                List<DetectorConfig> configs, List<List<Detection>> detections, List<List<Pick>> picks,
                List<Map<String, int[]>> counters, List<ScoreTrace> scores) {
        double rate = encoder.config().sampleRate();
        Picker picker = picker();
        double[] amplitude = config.amplitudeTerm() ? AmplitudeTerm.ofStretch(encoder.config(), samples, rs.length) : null;
        double[] sc = new double[rs.length];
        for (int j = 0; j < rs.length; j++) {
            // the first k-1 frames lack a full window: no triggers there
            sc[j] = j < k - 1 ? 0 : cal.score(rs[j], rr == null ? Double.NaN : rr[j])
                    + (amplitude == null ? 0 : amplitude[j]);
        }
        for (int c = 0; c < configs.size(); c++) {
            // ids are STA-n: streams of one station (other band codes, other locations) share the numbering
            int[] counter = counters.get(c).computeIfAbsent(station, x -> new int[1]);
            EventStage events = new EventStage(configs.get(c), picker, channels, code, idPrefix, model,
                    start, rate, k, samples, EventStage.Sink.of(picks.get(c)::add, detections.get(c)::add),
                    () -> ++counter[0]);
            for (double score : sc) {
                events.push(score);
            }
            events.finish();
        }
        if (scores != null) {
            float[] fs = new float[sc.length];
            for (int j = 0; j < sc.length; j++) {
                fs[j] = (float) sc[j];
            }
            scores.add(new ScoreTrace(code, start, frameRate, fs, config.scoreWindowSeconds()));
        }
    }

    static String secs(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e9);
    }

    /**
     * A station's models: the background of its trailing means and, where these settings score the
     * residual ({@link DetectorConfig#residual}), its residual model; null where not scored.
     */
    record Models(BackgroundModel background, io.github.seisclr.score.ResidualModel residual) {
        /** @return a calibration's models, its residual model where {@code config} scores the residual */
        static Models of(Calibration c, DetectorConfig config) {
            return new Models(c.background(), config.residual() ? c.residual() : null);
        }
    }

    /** @return the frames of the residual's context at {@code frameRate} ({@link ScoreStage#CONTEXT_SECONDS}) */
    static int contextFrames(double frameRate) {
        return ScoreStage.contextFrames(frameRate);
    }

    /**
     * @param own a station's fit sample ({@link FitSample}; with contexts where these settings score
     *     the residual)
     * @param seconds seconds of data it was taken from
     * @param k frames per score window
     * @param present the station's components
     * @param code the station stream, for warnings
     * @return its background model and residual model, each weighted with this model's on reference
     *     noise ({@link ReferenceNoise}); the residual model null where these settings do not score it
     */
    Models models(FitSample own, double seconds, int k, boolean[] present, String code) {
        BackgroundModel bg = background(own.background(config.trim()), seconds, k, present, code);
        return new Models(bg, config.residual() ? residual(own, seconds, k, present) : null);
    }

    /**
     * The residual model as the background is weighted: the lines' moments the mixture of the
     * reference noise's (weight {@code 1 - w}) and the station's own (weight {@code w},
     * {@link ReferenceNoise#ownWeight}); the residuals' Gaussian the mixture of the reference's, moved
     * to the blended lines ({@link io.github.seisclr.score.ResidualModel#under}), and the station's own
     * residuals' under them; the reference's alone where the sample is too small to fit.
     */
    private io.github.seisclr.score.ResidualModel residual(FitSample own, double seconds, int k, boolean[] present) {
        io.github.seisclr.score.ResidualModel reference = ReferenceNoise.withResidual(encoder, modelId(), config, k,
                present).residual();
        io.github.seisclr.score.ResidualLine line = own.line(config.trim());
        if (line == null) {
            return reference;
        }
        double w = ReferenceNoise.ownWeight(seconds);
        io.github.seisclr.score.ResidualLine blended = reference.line().blend(line, w);
        io.github.seisclr.score.ResidualModel fitted = own.residual(blended, config.trim());
        return new io.github.seisclr.score.ResidualModel(blended,
                reference.under(blended).residuals().blend(fitted.residuals(), w));
    }

    /**
     * @param own the station's own fit, or null when its data held too few trailing windows to fit
     *     one ({@link BackgroundModel#minVectors}: a station with a single stretch of about 10 s)
     * @param present the station's components (Z, N/1, E/2), which the reference noise is measured with
     * @param code the station stream, for the warning when {@code own} is null
     * @return {@code own}, fitted on {@code seconds} of a station's data, weighted with this model's
     *     reference noise; the reference noise alone when there is no own fit (its weight would be
     *     under 2 % anyway)
     */
    BackgroundModel background(BackgroundModel own, double seconds, int k, boolean[] present, String code) {
        BackgroundModel reference = ReferenceNoise.of(encoder, modelId(), config, k, present).background();
        if (own == null) {
            Warnings.say(LOG, "{}: {} s of data are too few score windows to fit a background on; scored against the"
                    + " model's reference noise alone", code, String.format(java.util.Locale.ROOT, "%.1f", seconds));
            return reference;
        }
        return reference.blend(own, ReferenceNoise.ownWeight(seconds));
    }

    /**
     * @return the shortest stretch of aligned data scored, in seconds: shorter ones are left out in
     *     batch, piece by piece and in a stream alike (10 s, or two score windows when longer)
     */
    double minStretchSeconds() {
        return Math.max(10, 2 * config.scoreWindowSeconds());
    }

    /** @return which of Z, N/1, E/2 a station has, the components its reference noise is measured with */
    static boolean[] components(StationStream s) {
        return components(s.components().keySet());
    }

    /** @return which of Z, N/1, E/2 these component codes fill (all three when they fill none) */
    static boolean[] components(java.util.Collection<Character> codes) {
        boolean[] out = new boolean[3];
        for (char c : codes) {
            int slot = StationStream.slot(c);
            if (slot >= 0) {
                out[slot] = true;
            }
        }
        return out[0] || out[1] || out[2] ? out : ReferenceNoise.ALL.clone();
    }

    /**
     * @param relative a station's baseline-relative log distances
     * @param seconds seconds of data they cover
     * @param k frames per score window
     * @return their median and spread, weighted with this model's on reference noise, the spread
     *     widened for a model with heavy-tailed noise scores ({@link ReferenceNoise})
     */
    double[] calibrate(double[] relative, double seconds, int k, boolean[] present) {
        double[] ms = ReferenceNoise.blend(Calibration.medianAndSpread(relative),
                ReferenceNoise.medianAndSpread(encoder, modelId(), config, k, present), seconds);
        ms[1] *= scale(k, present);
        return ms;
    }

    /**
     * How many times this detector widens the model's score scale because its scores on the
     * reference noise (20 minutes of synthetic noise, the same for every model) are heavy-tailed:
     * 1 for a model whose 99.9th percentile there stays within the one the default threshold was
     * chosen with (the bundled model's, about 4 spreads), more for a heavier tail. The threshold then
     * acts as that many times its value. A model trained on real data can be heavy-tailed on the
     * synthetic noise without being so on its station's noise (docs/training.md); a widening well
     * above 1 is a reason to check the threshold on the station's data.
     *
     * @return the widening, 1 or more (measured on first use, or read from the model file)
     */
    public double scoreScaleWidening() {
        return scale(framesPerModelWindow());
    }

    /**
     * @param relativeResidual a station's baseline-relative log residuals
     * @param seconds seconds of data they cover
     * @return their median and spread, weighted with this model's on reference noise (not widened:
     *     the widening is of the distance's tail)
     */
    double[] calibrateResidual(double[] relativeResidual, double seconds, int k, boolean[] present) {
        ReferenceNoise.Reference r = ReferenceNoise.withResidual(encoder, modelId(), config, k, present);
        return ReferenceNoise.blend(Calibration.medianAndSpread(relativeResidual),
                new double[] {r.residualMedian(), r.residualSpread()}, seconds);
    }

    /**
     * @param models a station's models
     * @param relative its stretches' baseline-relative values ({@link #relative}) under them
     * @param seconds seconds of data they cover
     * @param origin what the calibration says it was fitted on
     * @return the station's calibration: the models with the medians and spreads of the values
     */
    Calibration calibration(Models models, List<double[][]> relative, double seconds, int k, boolean[] present,
                            String origin) {
        double[] ms = calibrate(relative.stream().flatMapToDouble(r -> Arrays.stream(r[0])).toArray(), seconds, k,
                present);
        Calibration c = new Calibration(models.background(), ms[0], ms[1], origin, StationStream.slotCodes(present));
        if (models.residual() == null) {
            return c;
        }
        double[] mr = calibrateResidual(relative.stream().flatMapToDouble(r -> Arrays.stream(r[1])).toArray(), seconds,
                k, present);
        return c.withResidual(models.residual(), mr[0], mr[1]);
    }

    /**
     * A station's calibration fitted on its frames as a batch run fits one: the models weighted
     * with the model's reference noise, then the medians and spreads of every frame's
     * baseline-relative values (for a stream's warm-up, which has the frames and needs nothing else).
     *
     * @param features the station's frames, stretch by stretch
     * @param k frames per score window
     * @param present the components recorded
     * @param origin what the calibration says it was fitted on
     * @return the calibration
     */
    Calibration fitCalibration(List<FrameFeatures> features, int k, boolean[] present, String code, String origin) {
        double seconds = features.stream().mapToDouble(f -> f.count() / f.frameRate()).sum();
        Models m = models(FitSample.of(features, k, config.residual() ? contextFrames(features.get(0).frameRate()) : 0),
                seconds, k, present, code);
        List<double[][]> rel = features.stream().map(f -> relative(f, k, m, config.baselineSeconds())).toList();
        return calibration(m, rel, seconds, k, present, origin);
    }

    /**
     * @param given the calibration given for a station stream, or null
     * @param present the components its data have now
     * @param code the station stream, for the warning
     * @return {@code given}, or null (fit on the data instead) when it was fitted on other components
     *     (a three-component calibration does not score a day on which the horizontals are dead), or
     *     has no residual part where these settings score the residual
     */
    Calibration given(Calibration given, boolean[] present, String code) {
        return usable(sameComponents(given, present, code), config, code, "these data");
    }

    /**
     * {@link #given(Calibration, boolean[], String)}, saying nothing where {@code warn} is false: for
     * a run over data another run has warned of (an archive day's end run again as the next day's run
     * reads it; review: its calibration warnings were listed under the day, dated at the next day's
     * warm-up)
     */
    Calibration given(Calibration given, boolean[] present, String code, boolean warn) {
        if (warn) {
            return given(given, present, code);
        }
        return given == null || !fittedOn(given.components(), present) || lacksResidualPart(given, config) ? null
                : given;
    }

    /** @return whether {@code config} scores the residual and {@code given} has no residual part */
    private static boolean lacksResidualPart(Calibration given, DetectorConfig config) {
        return config.residual() && given.residual() == null;
    }

    /**
     * @param code a station stream
     * @param from the first time of the data scored
     * @return how a warning about a calibration names the data: a piece of an archive or of a long
     *     input, or a day, is told from the others by its start (review: a day without horizontals
     *     warned in the same words as the next, and a run's output listed one of them)
     */
    static String dataOf(String code, Instant from) {
        return code + " (data from " + from + ")";
    }

    /**
     * Warns where a run in pieces (a day of an archive, a piece of a long input) has no calibration
     * for a station stream, which is then fitted on that piece alone. (A calibration that does not
     * fit the data is said by {@link #sameComponents}.)
     */
    static void noCalibration(Span span, String code, Instant from, double seconds) {
        if (span != Span.WHOLE && !span.calibrations().containsKey(code)) {
            Warnings.say(LOG, "{}: no calibration for this station stream; fitted on these {} s alone",
                    dataOf(code, from), Math.round(seconds));
        }
    }

    /**
     * What batch and streaming detectors both check of a calibration given: null (the station fitted
     * on {@code instead}, warned) where it lacks the residual part that {@code config} scores; else
     * the calibration, with a warning where it was fitted with another trim than {@code config}'s (it
     * is used as fitted: a calibration is a fit the user chose to keep).
     *
     * @param given a calibration given, or null
     * @param code the station stream, for the warnings
     * @param instead what the station is fitted on instead, for the warning
     * @return {@code given}, or null
     */
    static Calibration usable(Calibration given, DetectorConfig config, String code, String instead) {
        if (lacksResidual(given, config, code, instead)) {
            return null;
        }
        String note = otherTrim(given, config, code);
        if (note != null) {
            Warnings.say(LOG, note);
        }
        return given;
    }

    /**
     * @param given a calibration given, or null
     * @param code the station stream, for the note
     * @return the note that {@code given} was fitted with another trim than {@code config}'s, or null
     *     where it was not (or does not say: calibrations written before the trim was recorded)
     */
    static String otherTrim(Calibration given, DetectorConfig config, String code) {
        if (given == null) {
            return null;
        }
        double t = given.background().trim();
        if (!Double.isFinite(t) || Math.abs(t - config.trim()) < 1e-9) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "%s: the calibration given was fitted with trim %s, these settings"
                + " trim %s; it is used as it was fitted (fit it again with the new trim to score with it)", code,
                t, config.trim());
    }

    /**
     * @param given a calibration given, or null
     * @param instead what the station is fitted on instead, for the warning
     * @return whether {@code given} lacks the residual part that {@code config} scores (warned)
     */
    private static boolean lacksResidual(Calibration given, DetectorConfig config, String code, String instead) {
        if (given == null || !lacksResidualPart(given, config)) {
            return false;
        }
        Warnings.say(LOG, "{}: the calibration given has no residual part (made without it, or by an earlier seisclr);"
                + " fitted on {} instead", code, instead);
        return true;
    }

    /**
     * @param given the calibration given for a station stream, or null
     * @param present the components its data have now
     * @param code the station stream, for the warning
     * @return {@code given}, or null (fit on the data instead) when it was fitted on other components:
     *     a three-component calibration does not score a day on which the horizontals are dead
     */
    static Calibration sameComponents(Calibration given, boolean[] present, String code) {
        if (given == null || fittedOn(given.components(), present)) {
            return given;
        }
        Warnings.say(LOG, "{}: its calibration was fitted on components {}, these data have {}; fitted on these data"
                + " instead", code, given.components(), StationStream.slotCodes(present));
        return null;
    }

    /**
     * @param components the components a calibration was fitted on, or null when not recorded
     * @param present the components of the data to score
     * @return whether the calibration may score them: fitted on the same, or not known
     */
    static boolean fittedOn(String components, boolean[] present) {
        return components == null || components.equals(StationStream.slotCodes(present));
    }

    /** @return this model's widening of the score scale ({@link ReferenceNoise#scale}) */
    double scale(int k) {
        return scale(k, ReferenceNoise.ALL);
    }

    /** @return this model's widening of the score scale on reference noise of the station's components */
    double scale(int k, boolean[] present) {
        return ReferenceNoise.scale(encoder, modelId(), config, k, present);
    }

    /** @return the picker the detection settings call for */
    Picker picker() {
        return new Picker(encoder.config().bandLowHz(), encoder.config().bandHighHz(), config.pickPreSeconds(),
                config.pickPostSeconds(), config.maxSMinusPSeconds());
    }

    /** @return {@link #framesPerWindow} at the frame rate of the model's own sample rate */
    private int framesPerModelWindow() {
        return framesPerWindow(encoder.config().sampleRate() / EncoderConfig.FRAME_STRIDE);
    }

    /** @return frames in one score window */
    int framesPerWindow(double frameRate) {
        return Math.max(1, (int) Math.round(config.scoreWindowSeconds() * frameRate));
    }

    /** @return every how many trailing windows the background is fitted on: at most about 20,000 of {@code windows} */
    static int fitStep(long windows) {
        return (int) Math.max(1, windows / 20_000);
    }

    /**
     * @param vectors trailing-window means ({@link #compress}ed) of a station
     * @param d their dimension
     * @param trim the fit's trimmed share
     * @return their background fit, or null when they are fewer than a fit takes ({@link BackgroundModel#minVectors})
     */
    static BackgroundModel fitIfEnough(List<double[]> vectors, int d, double trim) {
        return vectors.size() < BackgroundModel.minVectors(d) ? null : BackgroundModel.fit(vectors.toArray(new double[0][]), trim);
    }

    /**
     * @return the baseline-relative log distance of every frame of {@code f} and, with a residual
     *     model, its baseline-relative log residual ({@link ScoreStage}); the second null without one
     */
    static double[][] relative(FrameFeatures f, int k, Models models, double baselineSeconds) {
        double[] d = new double[f.count()];
        double[] r = models.residual() == null ? null : new double[f.count()];
        int[] n = {0};
        ScoreStage stage = new ScoreStage(k, f.dimension(), f.frameRate(), baselineSeconds, models.background(),
                models.residual());
        ScoreStage.Out out = (x, y) -> {
            d[n[0]] = x;
            if (r != null) {
                r[n[0]] = y;
            }
            n[0]++;
        };
        stage.pushAll(f, out);
        stage.finish(out);
        return new double[][] {d, r};
    }

    /** log1p of the (non-negative, ReLU) features: tames their heavy right tails before the Gaussian model. */
    static double[] compress(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = compress(v[i]);
        }
        return v;
    }

    /**
     * How the detector compresses a (trailing-mean) frame feature before its Gaussian background
     * model: {@code log(1 + max(0, x))}. Written with {@link Math#log}, an intrinsic about three
     * times faster than {@link Math#log1p}; the two differ by less than 1e-16 absolute for these
     * features, which is far below anything the Gaussian model resolves.
     *
     * @param x a feature value
     * @return its compressed value
     */
    public static double compress(double x) {
        return Math.log(1 + Math.max(0, x));
    }

    /**
     * A spike, not an earthquake: on the component with the largest sample in the trigger, fewer
     * than three samples (after removing the median) reach half of that largest value, and the
     * second after the peak is no more than three times as strong (RMS) as the second before the
     * span judged (or before the peak, where the peak comes first).
     * Band-limited ground motion spreads its peak over several samples; an impulsive arrival that
     * does not is followed by shaking.
     */
    static boolean isGlitch(AlignedSegment seg, Instant from, Instant to) {
        int a = (int) Math.max(0, seg.indexOf(from) - Math.round(seg.sampleRate()));
        int b = (int) Math.min(seg.length(), seg.indexOf(to) + 1);
        if (b - a < 8) {
            return false;
        }
        int bestC = -1;
        int peakAt = -1;
        double peak = 0;
        double[] med = new double[3];
        for (int c = 0; c < 3; c++) {
            if (!seg.present()[c]) {
                continue;
            }
            double[] part = Arrays.copyOfRange(seg.data()[c], a, b);
            double[] sorted = part.clone();
            Arrays.sort(sorted);
            med[c] = sorted[sorted.length / 2];
            // the last samples before the end of the data cannot be judged (an arrival cut off there
            // looks like a spike): they count as high samples but are not taken as the peak
            for (int i = 0; i < part.length - EDGE_SAMPLES; i++) {
                if (Math.abs(part[i] - med[c]) > peak) {
                    peak = Math.abs(part[i] - med[c]);
                    bestC = c;
                    peakAt = a + i;
                }
            }
        }
        if (bestC < 0 || peak == 0) {
            return false;
        }
        double[] x = seg.data()[bestC];
        int high = 0;
        for (int i = a; i < b; i++) {
            if (Math.abs(x[i] - med[bestC]) >= 0.5 * peak) {
                high++;
            }
        }
        if (high >= 3) {
            return false;
        }
        // an impulsive arrival (a near-field P on an accelerometer) can also put its peak in one or
        // two samples; unlike a spike it is followed by shaking: a spike leaves the second after it
        // at the level of the noise before it. "Before" is the trigger's: the second before the span
        // judged (up to the peak where that comes first), so that a spike inside an event's own
        // arrival, far above the event's samples, does not take the event with it (review: one sample
        // 1 s after a strong P on CX.PB01 dropped the whole detection without a word)
        int gap = 3;
        int judged = (int) Math.max(0, Math.min(seg.length(), seg.indexOf(from)));
        int noiseEnd = Math.min(judged, peakAt - gap);
        double before = rmsAbout(x, med[bestC], a, noiseEnd - a >= 2 ? noiseEnd : peakAt - gap);
        double after = rmsAbout(x, med[bestC], peakAt + gap, Math.min(b, peakAt + gap + (int) Math.round(seg.sampleRate())));
        return !(after > SHAKING_RATIO * before);
    }

    /** RMS of {@code x - center} over [from, to), NaN when empty. */
    private static double rmsAbout(double[] x, double center, int from, int to) {
        if (to - from < 2) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (x[i] - center) * (x[i] - center);
        }
        return Math.sqrt(s / (to - from));
    }

    /**
     * Warns where one station's components lie under two station codes (a location or band code that
     * differs between them: Z at 00, the horizontals at 10), which are scored as two stations, each
     * with the components it has: one set is missing what the other holds. Stations whose codes each
     * hold what the others do (a seismometer and an accelerometer) are not warned of (review: an
     * ocean-bottom station's Z at one location and its horizontals at another doubled the catalogue,
     * with only "no vertical component" said of the second).
     *
     * @param slotsByCode the slots (Z, N/1, E/2) each station code's usable channels fill
     */
    static void warnSplitStations(Map<String, boolean[]> slotsByCode) {
        Map<String, List<String>> byStation = new java.util.TreeMap<>();
        slotsByCode.keySet().forEach(code -> byStation.computeIfAbsent(StationStream.networkStation(code),
                k -> new ArrayList<>()).add(code));
        for (List<String> codes : byStation.values()) {
            for (int i = 0; i < codes.size(); i++) {
                for (int j = i + 1; j < codes.size(); j++) {
                    boolean[] a = slotsByCode.get(codes.get(i));
                    boolean[] b = slotsByCode.get(codes.get(j));
                    boolean aHasMore = false;
                    boolean bHasMore = false;
                    for (int c = 0; c < 3; c++) {
                        aHasMore |= a[c] && !b[c];
                        bHasMore |= b[c] && !a[c];
                    }
                    if (aHasMore && bHasMore) {
                        // the advice names what differs: a location code, or band and instrument codes
                        // (which may be two sensors; merging those would be wrong)
                        boolean sameBand = bandAndInstrument(codes.get(i)).equals(bandAndInstrument(codes.get(j)));
                        Warnings.once(LOG, String.format(Locale.ROOT, "%s (%s) and %s (%s) look like one station's"
                                + " components under two codes, and are scored as two stations, each with the"
                                + " components it has: seisclr takes a station's components from one network,"
                                + " station, location and band code; %s", codes.get(i), StationStream.slotCodes(a),
                                codes.get(j), StationStream.slotCodes(b), sameBand
                                        ? "give them one location code to score them together"
                                        : "where they are one sensor's, give them one location, band and instrument"
                                                + " code to score them together"));
                    }
                }
            }
        }
    }

    /** @return a station stream code's band and instrument codes ({@code HH} of {@code XX.STA.00.HH}) */
    private static String bandAndInstrument(String code) {
        return code.substring(code.lastIndexOf('.') + 1);
    }

    /**
     * @param stations the run's station streams
     * @param lowHz the model band's lower edge: a channel whose Nyquist frequency lies at or below it
     *     fills no slot ({@link ChannelBands#usableRate})
     * @return the slots (Z, N/1, E/2) each station code's usable channels fill
     */
    static Map<String, boolean[]> slotsByCode(List<StationStream> stations, double lowHz) {
        Map<String, boolean[]> out = new LinkedHashMap<>();
        for (StationStream s : stations) {
            boolean[] slots = out.computeIfAbsent(s.code(), k -> new boolean[3]);
            for (int c = 0; c < 3; c++) {
                // only channels that can be used: a 1 Hz LHZ is no vertical for 100 Hz horizontals (review)
                slots[c] |= s.componentIn(c).map(k -> s.components().get(k).stream()
                        .anyMatch(t -> ChannelBands.usableRate(t.sampleRate(), lowHz))).orElse(false);
            }
        }
        return out;
    }

    /** A component missing for at least this long (s) of a station's scored time is warned of. */
    static final double MISSING_WARN_SECONDS = 60;

    /** A stretch scored: its start, its length and which components (Z, N/1, E/2) it holds. */
    record Covered(Instant start, double seconds, boolean[] present) {
    }

    /**
     * Warns where a station's scoring goes without one of its components: a station that records
     * two of the three, and a component it records that is missing from at least
     * {@value #MISSING_WARN_SECONDS} s of the stretches scored (it ends early, starts late or has
     * gaps the others do not), naming the channel, how long, and its longest such stretch. The P
     * pick, the P/S decision and the S pick use the components there are, so a user must know.
     *
     * @param code the station's code
     * @param channels its channels by slot ({@link #channels(Map)}), null where it records none
     * @param scored the stretches scored, in time order
     */
    static void warnCoverage(String code, SourceId[] channels, List<Covered> scored) {
        String[] slotNames = {"vertical (Z)", "N or 1", "E or 2"};
        int held = 0;
        for (SourceId c : channels) {
            held += c == null ? 0 : 1;
        }
        if (held == 2) {
            for (int slot = 0; slot < 3; slot++) {
                if (channels[slot] == null) {
                    Warnings.once(LOG, code + ": no " + slotNames[slot] + " component among its channels; P, S and the"
                            + " P/S decision use the two there are");
                }
            }
        }
        double total = scored.stream().mapToDouble(Covered::seconds).sum();
        for (int slot = 0; slot < 3; slot++) {
            if (channels[slot] == null) {
                continue;
            }
            double missing = 0;
            Instant runFrom = null;
            Instant runTo = null;
            Instant longFrom = null;
            double longest = 0;
            for (Covered c : scored) {
                Instant end = c.start().plusNanos(Math.round(c.seconds() * 1e9));
                if (c.present()[slot]) {
                    runFrom = null;
                    continue;
                }
                missing += c.seconds();
                if (runFrom == null || Duration.between(runTo, c.start()).abs().toMillis() > 100) {
                    runFrom = c.start(); // stretches cut elsewhere join into one run
                }
                runTo = end;
                double run = Duration.between(runFrom, runTo).toNanos() / 1e9;
                if (run > longest) {
                    longest = run;
                    longFrom = runFrom;
                }
            }
            if (missing >= MISSING_WARN_SECONDS) {
                Warnings.once(LOG, String.format(Locale.ROOT, "%s: %s is missing from %.1f of the %.1f minutes scored"
                        + " while other components record (the longest stretch %s to %s); there it is scored and picked"
                        + " without it", code, channels[slot], missing / 60, total / 60, longFrom,
                        longFrom.plusNanos(Math.round(longest * 1e9))));
            }
        }
    }

    /**
     * Warns, once per station, where its data have holes in which nothing is scored: time between
     * two stretches scored (a gap in every component, a flat line in every component, a stretch too
     * short to score), with how many, how long in all, the first and the longest. Detections and
     * picks cannot lie there, and each stretch after a hole starts its score window afresh, so a
     * user reading the output must know (`seisclr info` lists every gap of the files).
     *
     * @param code the station's code
     * @param scored the stretches scored, in time order, the warm-up's and the overlap's included
     * @param rate their sample rate (Hz): a hole is more than one and a half sample intervals
     * @param span the part of the holes that counts: a piece's (an archive day's) own time
     *     (review: a hole across midnight, measured on stretches cut at midnight, was said by neither day)
     */
    static void warnGaps(String code, List<Covered> scored, double rate, Span span) {
        Holes holes = new Holes(rate);
        for (int i = 1; i < scored.size(); i++) {
            Covered a = scored.get(i - 1);
            holes.between(span.clamp(a.start().plusNanos(Math.round(a.seconds() * 1e9))), span.clamp(scored.get(i).start()));
        }
        holes.warning(code).ifPresent(w -> Warnings.once(LOG, w));
    }

    /**
     * Warns of a station whose samples all lie within {@link io.github.seisclr.io.Trace#MIN_SCALE},
     * not all zero: their squares underflow and nothing is scored, which went without a word (the
     * miniSEED reader says it of the records it reads; a Java caller's traces come here unsaid).
     */
    static void warnIfTooSmall(StationStream s, List<AlignedSegment> segments) {
        double largest = 0;
        for (AlignedSegment seg : segments) {
            for (int c = 0; c < 3; c++) {
                if (seg.present()[c]) {
                    for (double v : seg.data()[c]) {
                        largest = Math.max(largest, Math.abs(v));
                    }
                }
            }
        }
        if (io.github.seisclr.io.Trace.tooSmall(largest)) {
            Warnings.say(LOG, "{}: its largest sample is {}: samples all within +-{} (not all zero) cannot be scored,"
                    + " since their squares fall below a double's range; nothing is scored (rescale them)", s.code(),
                    largest, io.github.seisclr.io.Trace.MIN_SCALE);
        }
    }

    /** @return {@code seconds} for a reader: in seconds up to 2 min, then minutes, hours, days */
    static String span(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.2f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        return seconds < 172_800 ? String.format(Locale.ROOT, "%.1f h", seconds / 3600)
                : String.format(Locale.ROOT, "%.1f days", seconds / 86_400);
    }

    static SourceId[] channels(StationStream s) {
        Map<Character, SourceId> held = new LinkedHashMap<>();
        s.components().forEach((c, traces) -> {
            if (!traces.isEmpty()) {
                held.put(c, traces.get(0).id());
            }
        });
        return channels(held);
    }

    /**
     * @param components a station stream's channels by component code
     * @return the channels the event stage names picks by, in their slots
     *     ({@link StationStream#slot(char)}, the preferred code where a slot has two); null where
     *     there is none
     */
    static SourceId[] channels(Map<Character, SourceId> components) {
        SourceId[] ids = new SourceId[3];
        for (int slot = 0; slot < 3; slot++) {
            ids[slot] = StationStream.preferred(components.keySet(), slot).map(components::get).orElse(null);
        }
        return ids;
    }

    /**
     * Joins detections into network detections: those at {@code coincidenceStations} or more
     * stations ({@code NET.STA}) whose onsets lie within {@code coincidenceSeconds} of the first.
     * Batch detection does this over a run; a stream's caller can do it over what it has collected.
     *
     * @param detections station detections, in any order
     * @param config the settings that give the window and the number of stations
     * @return the network detections, in time order
     */
    public static List<NetworkDetection> coincidence(List<Detection> detections, DetectorConfig config) {
        List<NetworkDetection> out = new ArrayList<>();
        List<Detection> sorted = detections.stream().sorted(Comparator.comparing(Detection::start)).toList();
        int i = 0;
        while (i < sorted.size()) {
            Instant first = sorted.get(i).start();
            Instant limit = first.plus(Duration.ofMillis(Math.round(config.coincidenceSeconds() * 1000)));
            List<Detection> group = new ArrayList<>();
            int j = i;
            while (j < sorted.size() && !sorted.get(j).start().isAfter(limit)) {
                group.add(sorted.get(j));
                j++;
            }
            // stations, not sensors: two locations or band codes of one station are one station
            long stations = group.stream().map(d -> StationStream.networkStation(d.station())).distinct().count();
            if (stations >= config.coincidenceStations()) {
                out.add(new NetworkDetection(first, (int) stations, List.copyOf(group)));
                i = j;
            } else {
                i++;
            }
        }
        return out;
    }
}
