package io.github.seisclr.cli;

import io.github.seisclr.baseline.StaLtaDetector;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.Detector;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.eval.EncoderAblation;
import io.github.seisclr.eval.EncoderAgreement;
import io.github.seisclr.eval.EncoderAblation.ConfirmationPoint;
import io.github.seisclr.eval.EncoderAblation.WindowPoint;
import io.github.seisclr.eval.ReferencePicks;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.model.EncoderConfig;
import io.github.seisclr.model.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code seisclr ablate}: trained against random-weight encoders on the same pipeline, the protocol
 * of docs/training.md.
 */
@Command(name = "ablate", mixinStandardHelpOptions = true,
        description = "What training adds: encoders trained without labels (one per seed) against the same "
                + "architecture with random weights (the same seeds) and the bundled model, on labelled windows "
                + "(F1, false detections per hour of noise, P error) and on continuous data of two or more "
                + "stations (detections another station confirms, less chance). Writes a Markdown table.")
final class AblateCommand implements Callable<Integer> {
    @Mixin
    ReadingOptions reading = new ReadingOptions();

    @Option(names = "--windows", description = "folder of labelled windows with picks.csv (e.g. ncedc-phasenet)")
    Path windows;

    @Option(names = "--continuous", description = "folder of continuous data of two or more stations recorded at the"
            + " same time (e.g. ipoc-cx); no picks needed")
    Path continuous;

    @Option(names = "--seeds", defaultValue = "5", description = "trained and random encoders each (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "1", description = "first seed; seeds follow on (default ${DEFAULT-VALUE})")
    long firstSeed;

    @Option(names = "--epochs", defaultValue = "8", description = "training epochs per model (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batches", defaultValue = "40", description = "batches per epoch (default ${DEFAULT-VALUE})")
    int batches;

    @Option(names = "--tolerance", defaultValue = "1.5", description = "onset tolerance around the reference P, s, above 0 and at most 10 (default ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--confirm-window", defaultValue = "8", description = "another station's detection within this many"
            + " seconds confirms one (default ${DEFAULT-VALUE})")
    double confirmWindow;

    @Option(names = "--confirm-pairs", description = "count confirmations once per pair: each station's detections"
            + " matched one to one with the other stations' within the window, so that an event detected twice at both"
            + " stations (its P and a coda re-trigger) confirms once; default: every detection with any other"
            + " station's within the window (the protocol's measure)")
    boolean confirmPairs;

    @Option(names = "--train-fraction", defaultValue = "1", description = "train on the first share F of each"
            + " station's recorded time only (gaps not counted), above 0 to 1: a learning curve, the detectors still"
            + " run over all of it unless --held-out (default ${DEFAULT-VALUE})")
    double trainFraction;

    @Option(names = "--held-out", description = "with --train-fraction F below 1 and --continuous only: run the"
            + " detectors on the rest of each station's time only (what the encoders were not trained on)")
    boolean heldOut;

    @Option(names = "--objective", defaultValue = "PREDICTIVE", description = "training objective of the trained"
            + " encoders: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    EncoderConfig.Objective objective;

    @Option(names = "--channels", split = ",", description = "convolution widths of the trained and random"
            + " encoders, five (default 8,16,32,64,64; the last is the feature dimension); the bundled and"
            + " fine-tuned models keep the bundled model's")
    int[] channels;

    @Option(names = "--dilations", split = ",", description = "dilations of the trained and random encoders' five"
            + " convolutions, each 1 to 64 (default 1,1,1,1,2: a reach of 0.59 s at 100 Hz; 1,2,4,8,8 reaches 2.39 s);"
            + " the bundled and fine-tuned models keep the bundled model's")
    int[] dilations;

    @Option(names = "--band", split = ",", paramLabel = "LOW,HIGH", description = "band-pass corners of the trained and"
            + " random encoders' input, Hz (default 1,20); the bundled and fine-tuned models keep the bundled model's")
    double[] band;

    @Option(names = "--transient-negatives", defaultValue = "0", description = "strength of the transient negatives of"
            + " the trained encoders, 0 (off, default) to 5; contrastive objective only (see train --help)")
    double transientNegatives;

    @Option(names = "--fine-tune", description = "also fine-tune the bundled model on each data set, once per seed"
            + " (the same epochs and batches)")
    boolean fineTune;

    @Option(names = "--keep", description = "folder to save the trained models in (DATA-trained-SEED.zip, DATA the data"
            + " folder's path in letters and digits)")
    Path keep;

    @Option(names = "--compare", split = ",", description = "also measure these model files (for example one trained"
            + " on other data, to see how it carries over), each as a row of its own")
    List<Path> compare = new ArrayList<>();

    @Option(names = "--agreement", description = "also compare the encoders with one another: their detectors' score"
            + " traces frame by frame, and how much of one's features a linear map of the other's explains (trained"
            + " against random weights of its seed, random against random, trained against trained, the bundled model"
            + " against each)")
    boolean agreement;

    @Option(names = "--score-window", description = "score window of every arm's detector, s (default: the"
            + " detector's, 1)")
    Double scoreWindow;

    @Option(names = "--no-amplitude-term", description = "every arm's detector: " + DetectCommand.NO_AMPLITUDE_TERM)
    boolean noAmplitudeTerm;

    @Option(names = "--residual", description = "every arm's detector: " + DetectCommand.RESIDUAL)
    boolean residual;

    @Option(names = "--loud-fraction", description = "share of each training batch's windows drawn around the"
            + " loudest 10 %% of one-second blocks, for the trained and the fine-tuned encoders (0 to 1; default: the"
            + " trainer's, " + Trainer.DEFAULT_LOUD_FRACTION + ")")
    Double loudFraction;

    @Option(names = "--distance-critic", description = "train with the predictive objective's distance critic:"
            + " each context compared with the targets by their squared distance, whitened by the batch's targets"
            + " (the detector's metric on its own vectors), instead of the cosine of two learned heads")
    boolean distanceCritic;

    @Option(names = "--arrow-of-time", arity = "0..1", fallbackValue = "1", paramLabel = "WEIGHT",
            description = "predictive objective only, not with --distance-critic: beside it, a logistic head must tell"
            + " from a window's mean features whether it runs forward or reversed in time, its loss times WEIGHT"
            + " (above 0; 1 when not given) added (every window shown both ways; a step costs about twice as much)")
    Double arrowOfTime;

    @Option(names = "--per-station", description = "train one encoder per station and seed on that station's data"
            + " alone, each run on its own station only (as `archive --train-days` does), instead of one on all"
            + " stations pooled; --continuous only")
    boolean perStation;

    @Option(names = "--inject", description = "with --continuous: also add the events of these labelled windows"
            + " (picks.csv, three components at the data's rate; accelerometers' records integrated to velocity) to"
            + " each station's data at known times and sizes (2, 4 and 8 times the station's noise), and count how"
            + " many each detector finds (its P pick within --tolerance) and detects (it triggers from --tolerance"
            + " before to 10 s after the P, whatever it picked) at the default threshold and at the matched operating"
            + " points, with each station's calibration from the data as they are")
    Path inject;

    @Option(names = "--out", defaultValue = "ablation.md", description = "Markdown file to write (default ${DEFAULT-VALUE})")
    Path out;

    /** @return a number as written, without trailing zeros (0.5, 1) */
    private static String plain(double x) {
        return new java.math.BigDecimal(String.valueOf(x)).stripTrailingZeros().toPlainString();
    }

    /** The detector every arm runs: the defaults, with {@code --score-window} where given. */
    private DetectorConfig detector() {
        DetectorConfig.Builder b = DetectorConfig.defaults().toBuilder().amplitudeTerm(!noAmplitudeTerm)
                .residual(residual);
        return (scoreWindow == null ? b : b.scoreWindowSeconds(scoreWindow)).build();
    }

    /** Every how many frames a feature vector is taken for {@code --agreement}. */
    static final int AGREEMENT_STEP = 5;

    /** Trigger-on levels swept for the best threshold and the matched operating points (off at half). */
    static final double[] THRESHOLDS = {2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8, 10, 12, 15, 20};
    /** Operating points compared on continuous data: unconfirmed detections per station-hour. */
    static final double[] OPERATING_POINTS = {3, 6, 9};

    /** Sizes of the added events: their band-passed vertical peak over the station's band-passed RMS. */
    static final double[] INJECTION_LEVELS = {2, 4, 8};
    /** Offsets of the passes of added events (s); each pass adds one every {@link #INJECTION_SPACING} s. */
    static final double[] INJECTION_OFFSETS = {0, 22.5, 45, 67.5};
    /** Seconds between added events in one pass. */
    static final double INJECTION_SPACING = 90;
    /** Seconds from the start of a contiguous stretch to the first added P of a pass without offset. */
    static final double INJECTION_FIRST = 45;
    /**
     * How long after an added P a trigger still counts as detecting it, whatever was picked: S comes
     * up to 10 s after P at 80 km from the source, and a detector that misses a weak P triggers on S.
     */
    static final Duration DETECTED_AFTER = Duration.ofSeconds(10);

    /** Settings of the trained encoders (the random ones take the same architecture). */
    private EncoderConfig trainedConfig;

    /**
     * One encoder of the ablation; {@code seed} -1 for the bundled and given models. With
     * {@code --per-station} a trained arm has one encoder per station ({@code byStation}, keyed by
     * NET.STA; {@code encoder} is then the first of them), else {@code byStation} is null.
     */
    private record Arm(String kind, String name, Encoder encoder, long seed, Map<String, Encoder> byStation) {
        Arm(String kind, String name, Encoder encoder, long seed) {
            this(kind, name, encoder, seed, null);
        }

        void close() {
            encoder.close();
            if (byStation != null) {
                byStation.values().forEach(Encoder::close);
            }
        }
    }

    private static String stationKey(StationStream s) {
        return s.network() + "." + s.station();
    }

    /** @return {@code text} as part of a file name: runs of other characters than letters and digits as one '-' */
    private static String fileNamePart(String text) {
        return text.replaceAll("[^A-Za-z0-9]+", "-");
    }

    /** @return the trainer with {@code --loud-fraction} where given */
    private Trainer.Builder withLoudFraction(Trainer.Builder trainer) {
        return loudFraction == null ? trainer : trainer.loudFraction(loudFraction);
    }

    @Override
    public Integer call() throws IOException {
        if (windows == null && continuous == null) {
            throw new UsageException("give --windows DIR, --continuous DIR or both");
        }
        if (seeds < (compare.isEmpty() ? 1 : 0) || seeds > 50) {
            throw new UsageException("--seeds must be 1 to 50 (0 with --compare), got " + seeds);
        }
        EvaluateCommand.checkTolerance(tolerance);
        if (!(confirmWindow > 0) || !Double.isFinite(confirmWindow)) {
            throw new UsageException("--confirm-window must be above 0 s, got " + confirmWindow);
        }
        if (!(trainFraction > 0 && trainFraction <= 1)) {
            throw new UsageException("--train-fraction must be above 0 and at most 1, got " + trainFraction);
        }
        if (transientNegatives < 0 || transientNegatives > 5) {
            throw new UsageException("--transient-negatives must be 0 to 5, got " + transientNegatives);
        }
        if (transientNegatives > 0 && objective != EncoderConfig.Objective.CONTRASTIVE) {
            throw new UsageException("--transient-negatives needs --objective contrastive");
        }
        if (heldOut && (trainFraction >= 1 || windows != null || continuous == null)) {
            throw new UsageException("--held-out needs --continuous, no --windows (a window cut in two parts"
                    + " would split its event), and --train-fraction below 1");
        }
        if (seeds == 0 && (fineTune || keep != null || channels != null || dilations != null || band != null
                || agreement)) {
            throw new UsageException("--seeds 0 trains nothing: --fine-tune, --keep, --channels, --dilations, --band"
                    + " and --agreement need seeds");
        }
        if (loudFraction != null && !(loudFraction >= 0 && loudFraction <= 1)) {
            throw new UsageException("--loud-fraction must be 0 to 1, got " + loudFraction);
        }
        if (perStation && (windows != null || continuous == null || fineTune || agreement || seeds == 0)) {
            throw new UsageException("--per-station needs --continuous and seeds, and no --windows (one encoder per"
                    + " station of the windows' many short recordings), --fine-tune or --agreement");
        }
        if (inject != null && (continuous == null || perStation)) {
            throw new UsageException("--inject needs --continuous (the data the events are added to), and no"
                    + " --per-station");
        }
        if (inject != null && !Files.isRegularFile(inject.resolve("picks.csv"))) {
            throw new UsageException("--inject: no picks.csv in " + inject);
        }
        if (distanceCritic && (objective != EncoderConfig.Objective.PREDICTIVE || seeds == 0)) {
            throw new UsageException("--distance-critic needs the predictive objective and seeds");
        }
        if (arrowOfTime != null && (objective != EncoderConfig.Objective.PREDICTIVE || seeds == 0 || distanceCritic)) {
            throw new UsageException("--arrow-of-time needs the predictive objective and seeds, and no --distance-critic");
        }
        if (arrowOfTime != null && !(arrowOfTime > 0 && arrowOfTime < Double.POSITIVE_INFINITY)) {
            throw new UsageException("--arrow-of-time: the weight must be above 0, got " + arrowOfTime);
        }
        if (loudFraction != null && seeds == 0) {
            throw new UsageException("--seeds 0 trains nothing: --loud-fraction needs seeds");
        }
        if (scoreWindow != null) {
            try {
                detector();
            } catch (IllegalArgumentException x) {
                throw new UsageException("--score-window: " + x.getMessage());
            }
        }
        EncoderConfig.Builder config = EncoderConfig.builder().objective(objective);
        if (channels != null) {
            try {
                config.channels(channels);
            } catch (IllegalArgumentException x) {
                throw new UsageException("--channels: " + x.getMessage());
            }
        }
        if (dilations != null) {
            try {
                config.dilations(dilations);
            } catch (IllegalArgumentException x) {
                throw new UsageException("--dilations: " + x.getMessage());
            }
        }
        if (band != null) {
            if (band.length != 2) {
                throw new UsageException("--band takes two values: low,high");
            }
            try {
                config.band(band[0], band[1]);
            } catch (IllegalArgumentException x) {
                throw new UsageException("--band: " + x.getMessage());
            }
        }
        try {
            trainedConfig = config.build();
        } catch (IllegalArgumentException x) {
            if (band == null) {
                throw x;
            }
            throw new UsageException("--band: " + x.getMessage()); // the high corner at or above Nyquist
        }
        Outputs.file("--out", out, Outputs.inputs(List.of(), windows, continuous, inject), false);
        if (keep != null) {
            Outputs.folder("--keep", keep, Outputs.inputs(List.of(), windows, continuous, inject));
        }
        for (Path m : compare) {
            Encoder.load(m).close(); // refused here, before any training, when it is not a model
        }
        Main.oneThreadPerOperation();
        String compared = String.join(", ", compare.stream().map(Path::toString).toList());
        StringBuilder md = new StringBuilder();
        if (seeds == 0) {
            md.append(String.format(Locale.ROOT, "Models measured: the bundled model and %s (nothing trained);"
                    + " default threshold %.1f.%n%n", compared,
                    DetectorConfig.defaults().thresholdOn()));
        } else {
            md.append(String.format(Locale.ROOT, "Encoder ablation: %d trained (%s objective%s%s%s%s, seeds %d-%d, %d epochs x %d"
                        + " batches, trained on %seach data set's own unlabelled waveforms) against the same seeds' random"
                        + " starting weights and the bundled model; default threshold %.1f.%n%n", seeds,
                objective.name().toLowerCase(Locale.ROOT),
                transientNegatives > 0 ? String.format(Locale.ROOT, ", transient negatives %.1f", transientNegatives) : "",
                channels == null ? "" : ", convolution widths " + java.util.Arrays.stream(channels)
                        .mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining("/")),
                dilations == null ? "" : ", dilations " + java.util.Arrays.stream(dilations)
                        .mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining("/")),
                band == null ? "" : ", input band " + plain(band[0]) + "-" + plain(band[1]) + " Hz",
                firstSeed, firstSeed + seeds - 1, epochs, batches,
                trainFraction >= 1 ? "" : String.format(Locale.ROOT, "the first %.4g of each station's recorded time of ", trainFraction),
                DetectorConfig.defaults().thresholdOn()));
        }
        if (loudFraction != null) {
            md.append(String.format(Locale.ROOT, "Every trained%s encoder drew a share of %s of its training windows"
                    + " around the loudest 10 %% of one-second blocks (the default %s).%n%n", fineTune ? " and fine-tuned" : "",
                    plain(loudFraction), plain(Trainer.DEFAULT_LOUD_FRACTION)));
        }
        if (distanceCritic) {
            md.append("Every trained encoder learned with the distance critic (context and target compared by their"
                    + " whitened squared distance).\n\n");
        }
        if (arrowOfTime != null) {
            md.append(String.format(Locale.ROOT, "Every trained encoder learned the arrow of time beside the predictive"
                    + " objective, weighted %s (each window also shown reversed; a logistic head on its mean features"
                    + " tells which way it runs).%n%n", plain(arrowOfTime)));
        }
        if (perStation) {
            md.append("Per station: every trained encoder was trained on one station's data alone and runs on that"
                    + " station only (the random-weight and bundled arms run on all stations, as always).\n\n");
        }
        if (scoreWindow != null) {
            md.append(String.format(Locale.ROOT, "Every detector with a score window of %s s (the default %s s).%n%n",
                    plain(scoreWindow), plain(DetectorConfig.defaults().scoreWindowSeconds())));
        }
        if (noAmplitudeTerm) {
            md.append("Every detector scores without the amplitude term.\n\n");
        }
        if (residual) {
            md.append("Every detector scores by the mean of the distance and the residual (`--residual`).\n\n");
        }
        if (heldOut) {
            md.append(String.format(Locale.ROOT, "Held out: every detector runs only on each station's time after the"
                    + " first %.4g of it, which no encoder was trained on.%n%n", trainFraction));
        }
        if (!compare.isEmpty() && seeds > 0) {
            md.append("Also measured: ").append(compared)
                    .append(".\n\n");
        }
        if (windows != null) {
            md.append(windows());
        }
        if (continuous != null) {
            md.append(continuous());
        }
        Outputs.writeString("--out", out, md.toString());
        System.out.print(md);
        System.err.println("wrote " + out);
        return 0;
    }

    /**
     * The first {@code fraction} of each station's recorded time, for training a learning curve: the
     * cut lies where the station's first component (the vertical, where there is one) has recorded
     * that share of its total time, gaps not counted; every component keeps its samples before it.
     * A component with nothing before the cut is left out, a station with nothing before it too.
     */
    static List<StationStream> firstPart(List<StationStream> stations, double fraction) {
        return part(stations, fraction, true);
    }

    /**
     * The rest of each station's time after {@link #firstPart}'s cut: the samples at or after it.
     * A component with nothing after the cut is left out, a station with nothing after it too.
     */
    static List<StationStream> restPart(List<StationStream> stations, double fraction) {
        return part(stations, fraction, false);
    }

    /**
     * @return where a station's recorded time reaches the share {@code fraction}, measured on its
     *     first component (gaps not counted), or null when it has recorded nothing
     */
    static java.time.Instant cut(StationStream s, double fraction) {
        List<io.github.seisclr.io.Trace> lead = s.components().values().stream().findFirst().orElse(List.of())
                .stream().sorted(java.util.Comparator.comparing(io.github.seisclr.io.Trace::start)).toList();
        long total = 0;
        for (io.github.seisclr.io.Trace t : lead) {
            total += t.duration().toNanos();
        }
        if (total == 0) {
            return null;
        }
        long want = Math.round(total * fraction);
        for (io.github.seisclr.io.Trace t : lead) {
            long d = t.duration().toNanos();
            if (want <= d) {
                return t.start().plusNanos(want);
            }
            want -= d;
        }
        return lead.get(lead.size() - 1).endExclusive();
    }

    private static List<StationStream> part(List<StationStream> stations, double fraction, boolean first) {
        if (fraction >= 1) {
            return first ? stations : List.of();
        }
        List<StationStream> out = new ArrayList<>();
        for (StationStream s : stations) {
            java.time.Instant at = cut(s, fraction);
            if (at == null) {
                continue;
            }
            java.util.Map<Character, List<io.github.seisclr.io.Trace>> kept = new java.util.LinkedHashMap<>();
            s.components().forEach((c, ts) -> {
                List<io.github.seisclr.io.Trace> part = new ArrayList<>();
                for (io.github.seisclr.io.Trace t : ts) {
                    // n: the samples strictly before the cut
                    long n = (long) Math.ceil(java.time.Duration.between(t.start(), at).toNanos() * t.sampleRate()
                            / 1e9 - 1e-6);
                    n = Math.max(0, n);
                    if (first ? n >= t.length() : n == 0) {
                        part.add(t);
                    } else if (first ? n > 0 : n < t.length()) {
                        part.add(first ? t.slice(t.start(), t.timeOf(n - 1)) : t.slice(t.timeOf(n), t.end()));
                    }
                }
                if (!part.isEmpty()) {
                    kept.put(c, part);
                }
            });
            if (!kept.isEmpty()) {
                out.add(new StationStream(s.network(), s.station(), s.location(), s.bandAndInstrument(), kept));
            }
        }
        return out;
    }

    private List<Arm> arms(List<StationStream> all, String what) throws IOException {
        List<StationStream> stations = firstPart(all, trainFraction);
        List<Arm> arms = new ArrayList<>();
        for (long s = firstSeed; s < firstSeed + seeds; s++) {
            System.err.printf(Locale.ROOT, "training seed %d on %s (no labels read) ...%n", s, what);
            long t0 = System.nanoTime();
            Encoder e;
            Map<String, Encoder> byStation = null;
            try {
                Trainer.Builder trainer = withLoudFraction(Trainer.builder().encoder(trainedConfig).epochs(epochs)
                        .batchesPerEpoch(batches).transientNegatives(transientNegatives).seed(s)
                        .distanceCritic(distanceCritic).arrowOfTime(arrowOfTime == null ? 0 : arrowOfTime));
                if (perStation) {
                    byStation = new java.util.TreeMap<>();
                    for (Map.Entry<String, List<StationStream>> st : byStation(stations).entrySet()) {
                        System.err.printf(Locale.ROOT, "  %s alone%n", st.getKey());
                        byStation.put(st.getKey(), trainer.build().fit(st.getValue()));
                    }
                    e = byStation.values().iterator().next();
                } else {
                    e = trainer.build().fit(stations);
                }
            } catch (io.github.seisclr.BadInputException x) {
                if (trainFraction < 1 && x.problem() == io.github.seisclr.BadInputException.Problem.EMPTY) {
                    throw new UsageException("--train-fraction " + trainFraction + " leaves too little of " + what
                            + " to train on: " + x.getMessage());
                }
                throw x;
            }
            System.err.printf(Locale.ROOT, "  %.0f s%n", (System.nanoTime() - t0) / 1e9);
            if (keep != null) {
                String stem = fileNamePart(what).replaceAll("^-|-$", "") + "-trained-" + s
                        + (trainFraction >= 1 ? "" : "-first-" + trainFraction);
                if (byStation == null) {
                    e.save(keep.resolve(stem + ".zip"));
                } else {
                    for (Map.Entry<String, Encoder> st : byStation.entrySet()) {
                        st.getValue().save(keep.resolve(stem + "-" + fileNamePart(st.getKey()) + ".zip"));
                    }
                }
            }
            arms.add(new Arm("trained", "trained, seed " + s, e, s, byStation));
        }
        for (long s = firstSeed; s < firstSeed + seeds; s++) {
            arms.add(new Arm("random", "random weights, seed " + s, arms.get(0).encoder().untrained(s), s));
        }
        Encoder bundled = Encoder.bundled();
        arms.add(new Arm("bundled", "bundled model", bundled, -1));
        for (Path m : compare) {
            // the path as given: two files of one name stay apart; '|' would end the table cell
            arms.add(new Arm("given", "model " + m.toString().replace("|", "\\|"), Encoder.load(m), -1));
        }
        for (long s = firstSeed; fineTune && s < firstSeed + seeds; s++) {
            System.err.printf(Locale.ROOT, "fine-tuning the bundled model, seed %d, on %s (no labels read) ...%n", s, what);
            Encoder e = withLoudFraction(Trainer.builder().init(bundled).epochs(epochs).batchesPerEpoch(batches).seed(s))
                    .build().fit(stations);
            arms.add(new Arm("fine-tuned", "bundled model fine-tuned, seed " + s, e, s));
        }
        return arms;
    }

    /** @return the streams by station (NET.STA), in order */
    private static Map<String, List<StationStream>> byStation(List<StationStream> streams) {
        Map<String, List<StationStream>> by = new java.util.TreeMap<>();
        for (StationStream st : streams) {
            by.computeIfAbsent(stationKey(st), k -> new ArrayList<>()).add(st);
        }
        return by;
    }

    /** @return the arm's threshold sweep over the stations ({@link #sweepEach} for a per-station arm) */
    private List<DetectionResult> sweep(Arm a, List<StationStream> stations) {
        return a.byStation() == null ? Detector.of(a.encoder(), detector()).sweep(stations, THRESHOLDS)
                : sweepEach(a, stations);
    }

    /**
     * The threshold sweep of a per-station arm: each station run by its own encoder, the results
     * of one threshold put together (no network detections: confirmations are counted from the
     * stations' own detections).
     */
    private List<DetectionResult> sweepEach(Arm a, List<StationStream> stations) {
        List<List<DetectionResult>> parts = new ArrayList<>();
        for (Map.Entry<String, List<StationStream>> st : byStation(stations).entrySet()) {
            Encoder e = a.byStation().get(st.getKey());
            if (e == null) {
                throw new IllegalStateException("no encoder of " + a.name() + " for " + st.getKey());
            }
            parts.add(Detector.of(e, detector()).sweep(st.getValue(), THRESHOLDS));
        }
        List<DetectionResult> merged = new ArrayList<>();
        for (int i = 0; i < THRESHOLDS.length; i++) {
            List<io.github.seisclr.detect.Detection> detections = new ArrayList<>();
            List<io.github.seisclr.pick.Pick> picks = new ArrayList<>();
            List<io.github.seisclr.score.ScoreTrace> scores = new ArrayList<>();
            Map<String, io.github.seisclr.detect.Calibration> calibrations = new java.util.TreeMap<>();
            double hours = 0;
            for (List<DetectionResult> p : parts) {
                DetectionResult r = p.get(i);
                detections.addAll(r.detections());
                picks.addAll(r.picks().picks());
                scores.addAll(r.scores());
                calibrations.putAll(r.calibrations());
                hours += r.hoursProcessed();
            }
            DetectionResult first = parts.get(0).get(i);
            merged.add(new DetectionResult(detections, new io.github.seisclr.pick.PickList(picks), List.of(), scores,
                    hours, first.settings(), "per station", calibrations));
        }
        return merged;
    }

    private String windows() throws IOException {
        List<ReferencePicks.Row> rows = ReferencePicks.read(windows.resolve("picks.csv"));
        List<StationStream> stations = Waveforms.reader(reading.options()).read(windows).stations();
        Duration tol = onsetTolerance();
        double noiseHours = io.github.seisclr.eval.MethodScores.noiseHours(rows, windows, stations); // as evaluate counts it
        double def = DetectorConfig.defaults().thresholdOn();
        StringBuilder md = new StringBuilder();
        md.append("## Labelled windows: ").append(windows).append("\n\n")
                .append("| encoder | F1 (default) | precision | recall | false / h of noise | P MAE (s) | P within 0.1 s |"
                        + " best F1 | at threshold |\n|---|---|---|---|---|---|---|---|---|\n");
        List<double[]> byArm = new ArrayList<>();
        List<Arm> arms = arms(stations, windows.toString());
        Agreement agree = new Agreement();
        EncoderAblation.SharedErrors sharedAtDefault = new EncoderAblation.SharedErrors(rows, tol);
        EncoderAblation.SharedErrors sharedAtBest = new EncoderAblation.SharedErrors(rows, tol);
        for (Arm a : arms) {
            List<WindowPoint> pts = new ArrayList<>();
            List<DetectionResult> swept = sweep(a, stations);
            agree.add(a, swept.get(0), stations);
            for (DetectionResult r : swept) {
                pts.add(EncoderAblation.onWindows(r, rows, tol, noiseHours));
            }
            WindowPoint d = pts.stream().filter(p -> p.threshold() == def).findFirst().orElseThrow();
            WindowPoint best = pts.stream().max(Comparator.comparingDouble(p -> p.match().f1())).orElseThrow();
            sharedAtDefault.add(swept.get(pts.indexOf(d)));
            sharedAtBest.add(swept.get(pts.indexOf(best)));
            md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.1f | %.3f | %.2f | %.3f | %.1f |%n", a.name(),
                    d.match().f1(), d.match().precision(), d.match().recall(), d.falsePerNoiseHour(), d.pMae(),
                    d.pWithin01(), best.match().f1(), best.threshold()));
            byArm.add(new double[] {d.match().f1(), best.match().f1(), d.falsePerNoiseHour(), d.pMae()});
            System.err.printf(Locale.ROOT, "%s: F1 %.3f (best %.3f)%n", a.name(), d.match().f1(), best.match().f1());
            a.close(); // not run again
        }
        md.append(summary(arms, byArm, new String[] {"F1 (default)", "best F1", "false / h", "P MAE"}));
        md.append(windowsVerdict(arms, byArm));
        md.append(sharedErrors(arms, byArm, sharedAtDefault, sharedAtBest));
        md.append(agree.table(arms));
        return md.toString();
    }

    /**
     * Each station is cut at its own share of its recorded time: where the stations recorded
     * different stretches, one station's held-out part can overlap another's training part. Says
     * so when the cuts lie further apart than the confirmation window.
     */
    private void warnWhereCutsLieApart(List<StationStream> all) {
        java.util.Map<String, java.time.Instant> cuts = new java.util.TreeMap<>();
        for (StationStream s : all) {
            java.time.Instant c = cut(s, trainFraction);
            if (c != null) {
                cuts.put(s.code(), c);
            }
        }
        java.time.Instant lo = cuts.values().stream().min(java.util.Comparator.naturalOrder()).orElse(null);
        java.time.Instant hi = cuts.values().stream().max(java.util.Comparator.naturalOrder()).orElse(null);
        if (lo != null && Duration.between(lo, hi).toMillis() > confirmWindow * 1000) {
            System.err.println("warning: --held-out cuts the stations at different times " + cuts + ": a"
                    + " station's held-out part overlaps another's training part by up to " + Duration.between(lo, hi));
        }
    }

    private String continuous() throws IOException {
        List<StationStream> all = Waveforms.reader(reading.options()).read(continuous).stations();
        List<StationStream> stations = heldOut ? restPart(all, trainFraction) : all;
        if (heldOut) {
            warnWhereCutsLieApart(all);
        }
        long distinct = stations.stream().map(AblateCommand::stationKey).distinct().count();
        if (distinct == 1 && inject != null) {
            return oneStation(all, stations);
        }
        if (distinct < 2) {
            // checked before hours of training: confirmations need another station
            throw new UsageException("--continuous needs two or more stations recorded at the same time; "
                    + continuous + " holds " + stations.stream().map(StationStream::code).toList()
                    + " (with one station, --inject measures the added events alone)");
        }
        StringBuilder md = new StringBuilder();
        md.append("## Continuous data of ").append(distinct).append(" stations: ").append(continuous).append("\n\n")
                .append(String.format(Locale.ROOT, "A detection is confirmed when another station has one within %.0f s%s;"
                        + " chance confirmations (n_A x n_B x %.0f s / span for each station's detections) are subtracted. The last columns are"
                        + " confirmations above chance per station at matched rates of unconfirmed detections per"
                        + " station-hour, interpolated over a threshold sweep (blank: not reached).%n%n", confirmWindow,
                        confirmPairs ? " (--confirm-pairs: matched one to one, each of the other station's detections"
                                + " confirming at most one)" : "", 2 * confirmWindow))
                .append("| encoder | detections / station-h (default) | confirmed | chance | share confirmed above chance |"
                        + " unconfirmed / station-h |");
        for (double u : OPERATING_POINTS) {
            md.append(String.format(Locale.ROOT, " confirmed at %.0f / h |", u));
        }
        md.append("\n|---|---|---|---|---|---|").append("---|".repeat(OPERATING_POINTS.length)).append('\n');
        double def = DetectorConfig.defaults().thresholdOn();
        List<double[]> byArm = new ArrayList<>();
        Injected injected = inject == null ? null : new Injected(stations, false);
        List<Arm> arms = arms(all, continuous.toString()); // trained on the first part of all of it
        Agreement agree = new Agreement();
        for (Arm a : arms) {
            List<ConfirmationPoint> pts = new ArrayList<>();
            int scored = 0;
            List<DetectionResult> swept = sweep(a, stations);
            agree.add(a, swept.get(0), stations);
            for (DetectionResult r : swept) {
                pts.add(EncoderAblation.confirmations(r, confirmWindow, confirmPairs));
                scored = EncoderAblation.stationsScored(r);
            }
            if (injected != null) {
                injected.add(a, swept.get(0).calibrations(),
                        pts.stream().mapToDouble(ConfirmationPoint::unconfirmedPerStationHour).toArray(),
                        pts.stream().mapToDouble(ConfirmationPoint::detectionsPerStationHour).toArray());
            }
            ConfirmationPoint d = pts.stream().filter(p -> p.threshold() == def).findFirst().orElseThrow();
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %d of %d | %.1f | %.2f | %.1f |", a.name(),
                    d.detectionsPerStationHour(), d.confirmed(), d.detections(), d.chance(),
                    d.detections() == 0 ? 0 : (d.confirmed() - d.chance()) / d.detections(), d.unconfirmedPerStationHour()));
            double[] v = new double[2 + OPERATING_POINTS.length];
            v[0] = d.confirmedAboveChancePerStation(scored);
            v[1] = d.unconfirmedPerStationHour();
            for (int i = 0; i < OPERATING_POINTS.length; i++) {
                v[2 + i] = EncoderAblation.confirmedAt(pts, scored, OPERATING_POINTS[i]);
                md.append(Double.isNaN(v[2 + i]) ? " |" : String.format(Locale.ROOT, " %.1f |", v[2 + i]));
            }
            md.append('\n');
            byArm.add(v);
            System.err.printf(Locale.ROOT, "%s: %d detections, %d confirmed%n", a.name(), d.detections(), d.confirmed());
            a.close(); // not run again
        }
        // the classic yardstick on the same data and measure
        List<ConfirmationPoint> slPoints = EncoderAblation.staLtaSweep(StaLtaDetector.defaults(), stations,
                STALTA_THRESHOLDS, STALTA_OFF, confirmWindow, confirmPairs);
        int scored = (int) stations.stream().map(AblateCommand::stationKey).distinct().count();
        double[] slAt = new double[OPERATING_POINTS.length];
        for (int i = 0; i < OPERATING_POINTS.length; i++) {
            slAt[i] = EncoderAblation.confirmedAt(slPoints, scored, OPERATING_POINTS[i]);
        }
        md.append(staLtaRow(slPoints, slAt));
        // review (2026-12-07): STA/LTA's figures hang on its one setting; its best of the common settings at each point
        String[] bestSetting = new String[OPERATING_POINTS.length];
        double[] slMedian = new double[OPERATING_POINTS.length];
        double[] slBest = staLtaBest(stations, scored, slPoints, bestSetting, slMedian);
        md.append("| recursive STA/LTA, the best of its ").append(StaLtaDetector.commonSettings().size())
                .append(" common settings at each point (chosen with the confirmations; no encoder) | | | | | |");
        for (double x : slBest) {
            md.append(Double.isNaN(x) ? " |" : String.format(Locale.ROOT, " %.1f |", x));
        }
        md.append("\n\n");
        if (injected != null) {
            injected.addStaLta(slPoints.stream().mapToDouble(ConfirmationPoint::unconfirmedPerStationHour).toArray(),
                    slPoints.stream().mapToDouble(ConfirmationPoint::detectionsPerStationHour).toArray());
        }
        String[] names = new String[2 + OPERATING_POINTS.length];
        names[0] = "confirmed above chance per station (default)";
        names[1] = "unconfirmed / station-h (default)";
        for (int i = 0; i < OPERATING_POINTS.length; i++) {
            names[2 + i] = String.format(Locale.ROOT, "confirmed at %.0f unconfirmed / h", OPERATING_POINTS[i]);
        }
        md.append(summary(arms, byArm, names));
        md.append(continuousVerdict(arms, byArm));
        md.append(staLtaRatios(arms, byArm, slAt, "STA/LTA's"));
        md.append(staLtaRatios(arms, byArm, slBest, "the best STA/LTA setting's at each point"));
        md.append("The STA/LTA settings tried, fixed before these data were run through them: ")
                .append(StaLtaDetector.describeCommonSettings()).append("; the best at each point: ");
        for (int i = 0; i < OPERATING_POINTS.length; i++) {
            md.append(i == 0 ? "" : "; ").append(plain(OPERATING_POINTS[i])).append(": ")
                    .append(bestSetting[i] == null ? "none reached it" : String.format(Locale.ROOT, "%s (%.3f)",
                            bestSetting[i], slBest[i]));
        }
        md.append("; the median setting's at each point (of those that reach it): ");
        for (int i = 0; i < OPERATING_POINTS.length; i++) {
            md.append(i == 0 ? "" : " / ").append(Double.isNaN(slMedian[i]) ? "-"
                    : String.format(Locale.ROOT, "%.3f", slMedian[i]));
        }
        md.append(".\n\n");
        md.append(agree.table(arms));
        if (injected != null) {
            md.append(injected.table(arms));
        }
        return md.toString();
    }

    /** STA/LTA's trigger-on levels swept for its matched operating points (off at {@link #STALTA_OFF}). */
    static final double[] STALTA_THRESHOLDS = {2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 10, 12, 15, 20};
    /** STA/LTA's trigger-on level in the default row, ObsPy's tutorial setting (as `evaluate`'s). */
    static final double STALTA_ON = 3.5;
    /** STA/LTA's trigger-off level. */
    static final double STALTA_OFF = 1.5;
    /** STA/LTA's onsets with the settings of the table's row, at each of {@link #STALTA_THRESHOLDS}. */
    private static EncoderAblation.StaLtaOnsets staLtaOnsets(List<StationStream> stations) {
        return EncoderAblation.staLtaOnsets(StaLtaDetector.defaults(), stations, STALTA_THRESHOLDS, STALTA_OFF);
    }

    /**
     * The classic yardstick on the same data and measure: recursive STA/LTA (1-20 Hz vertical, 0.5 s /
     * 10 s, triggers of at least 0.5 s, AIC onsets), a row in the table's own columns.
     */
    private static String staLtaRow(List<ConfirmationPoint> pts, double[] at) {
        ConfirmationPoint d = pts.stream().filter(p -> p.threshold() == STALTA_ON).findFirst().orElseThrow();
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "| recursive STA/LTA (1-20 Hz vertical, 0.5 s / 10 s, on %s off %s; no encoder) | %.1f | %d of %d | %.1f | %.2f | %.1f |",
                plain(STALTA_ON), plain(STALTA_OFF), d.detectionsPerStationHour(), d.confirmed(), d.detections(),
                d.chance(), d.detections() == 0 ? 0 : (d.confirmed() - d.chance()) / d.detections(),
                d.unconfirmedPerStationHour()));
        for (double x : at) {
            md.append(Double.isNaN(x) ? " |" : String.format(Locale.ROOT, " %.1f |", x));
        }
        System.err.printf(Locale.ROOT, "STA/LTA: %d detections, %d confirmed%n", d.detections(), d.confirmed());
        return md.append('\n').toString();
    }

    /**
     * STA/LTA's most confirmations above chance per station at each operating point over {@link
     * StaLtaDetector#commonSettings()} (NaN where none reaches it), each point's setting put in {@code which}.
     * {@code tutorial}: the sweep of the first setting, {@link StaLtaDetector#defaults()}, already run.
     */
    private double[] staLtaBest(List<StationStream> stations, int scored, List<ConfirmationPoint> tutorial,
                                String[] which, double[] median) {
        double[] best = new double[OPERATING_POINTS.length];
        Arrays.fill(best, Double.NaN);
        List<List<Double>> reached = new ArrayList<>();
        for (int i = 0; i < OPERATING_POINTS.length; i++) {
            reached.add(new ArrayList<>());
        }
        List<StaLtaDetector> settings = StaLtaDetector.commonSettings();
        for (StaLtaDetector d : settings) {
            List<ConfirmationPoint> pts = d == settings.get(0) ? tutorial // defaults(), commonSettings() first
                    : EncoderAblation.staLtaSweep(d, stations, STALTA_THRESHOLDS, STALTA_OFF, confirmWindow, confirmPairs);
            for (int i = 0; i < OPERATING_POINTS.length; i++) {
                double v = EncoderAblation.confirmedAt(pts, scored, OPERATING_POINTS[i]);
                if (Double.isNaN(v)) {
                    continue;
                }
                reached.get(i).add(v);
                if (Double.isNaN(best[i]) || v > best[i]) {
                    best[i] = v;
                    which[i] = d.describe();
                }
            }
        }
        for (int i = 0; i < OPERATING_POINTS.length; i++) {
            median[i] = reached.get(i).isEmpty() ? Double.NaN
                    : new org.apache.commons.math3.stat.descriptive.rank.Median().evaluate(
                            reached.get(i).stream().mapToDouble(Double::doubleValue).toArray());
        }
        return best;
    }

    /**
     * The encoders' mean confirmations at the operating points as multiples of {@code staLtaAt} (the
     * issue's second yardstick), said as multiples of {@code whose}.
     */
    private static String staLtaRatios(List<Arm> arms, List<double[]> byArm, double[] staLtaAt, String whose) {
        StringBuilder md = new StringBuilder();
        for (String kind : List.of("trained", "random", "bundled")) {
            double[] mean = new double[OPERATING_POINTS.length];
            boolean any = false;
            for (int i = 0; i < OPERATING_POINTS.length; i++) {
                double sum = 0;
                int n = 0;
                for (int a = 0; a < arms.size(); a++) {
                    double v = byArm.get(a)[2 + i];
                    if (arms.get(a).kind().equals(kind) && !Double.isNaN(v)) {
                        sum += v;
                        n++;
                    }
                }
                mean[i] = n == 0 ? Double.NaN : sum / n;
                any |= n > 0;
            }
            if (!any) {
                continue;
            }
            md.append(md.length() == 0 ? "Confirmed at " + Arrays.stream(OPERATING_POINTS).mapToObj(AblateCommand::plain)
                    .collect(java.util.stream.Collectors.joining(" / ")) + " unconfirmed per station-hour as multiples of "
                    + whose + ": " : "; ");
            md.append(kind.equals("random") ? "random weights" : kind.equals("bundled") ? "the bundled model" : "trained")
                    .append(kind.equals("bundled") ? " " : " (mean) ");
            for (int i = 0; i < mean.length; i++) {
                double r = mean[i] / staLtaAt[i];
                md.append(i == 0 ? "" : " / ").append(Double.isNaN(r) || Double.isInfinite(r) ? "-"
                        : String.format(Locale.ROOT, "%.2f", r));
            }
        }
        return md.length() == 0 ? "" : md.append(".\n\n").toString();
    }

    /**
     * {@code --inject} on one station: nothing can confirm a detection, so every detection counts as
     * unconfirmed and the operating points are detections per station-hour on the data as they are;
     * only the added events are measured.
     */
    private String oneStation(List<StationStream> all, List<StationStream> stations) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("## Continuous data of 1 station: ").append(continuous).append("\n\n")
                .append("With one station nothing confirms a detection: every detection counts as unconfirmed, and"
                        + " only the added events are measured.\n\n| encoder | detections / station-h (default) |\n"
                        + "|---|---|\n");
        Injected injected = new Injected(stations, true);
        double def = DetectorConfig.defaults().thresholdOn();
        List<Arm> arms = arms(all, continuous.toString());
        Agreement agree = new Agreement();
        for (Arm a : arms) {
            List<DetectionResult> swept = sweep(a, stations);
            agree.add(a, swept.get(0), stations);
            double[] rates = new double[swept.size()];
            for (int i = 0; i < rates.length; i++) {
                DetectionResult r = swept.get(i);
                rates[i] = r.hoursProcessed() > 0 ? r.detections().size() / r.hoursProcessed() : Double.NaN;
                if (THRESHOLDS[i] == def) {
                    md.append(String.format(Locale.ROOT, "| %s | %.1f |%n", a.name(), rates[i]));
                }
            }
            injected.add(a, swept.get(0).calibrations(), rates, rates);
            a.close(); // not run again
        }
        // the classic yardstick, its rates of detections on the data as they are
        EncoderAblation.StaLtaOnsets sl = staLtaOnsets(stations);
        double hours = sl.seconds().values().stream().mapToDouble(Double::doubleValue).sum() / 3600;
        double[] slRates = new double[STALTA_THRESHOLDS.length];
        for (int i = 0; i < slRates.length; i++) {
            slRates[i] = hours > 0 ? sl.onsets().get(i).values().stream().mapToInt(List::size).sum() / hours : Double.NaN;
            if (STALTA_THRESHOLDS[i] == STALTA_ON) {
                md.append(String.format(Locale.ROOT, "| recursive STA/LTA (1-20 Hz vertical, 0.5 s / 10 s, on %s off %s;"
                        + " no encoder) | %.1f |%n", plain(STALTA_ON), plain(STALTA_OFF), slRates[i]));
            }
        }
        injected.addStaLta(slRates, slRates);
        return md.append(agree.table(arms)).append(injected.table(arms)).toString();
    }

    /**
     * What {@code --inject} measures: the events of the labelled windows added to the stations' data
     * in {@link #INJECTION_OFFSETS}'s passes, and per arm the share of each size found at each threshold.
     */
    private final class Injected {
        private final List<io.github.seisclr.eval.Injection.Event> events;
        private final List<List<io.github.seisclr.eval.Injection.Planned>> plans = new ArrayList<>();
        private final List<List<StationStream>> passes = new ArrayList<>();
        private final int[] perLevel = new int[INJECTION_LEVELS.length];
        private final double rate;
        private final int rows;
        /** Per arm: {share found at the default threshold, at each operating point} for each level. */
        private final java.util.Map<Arm, double[]> shares = new java.util.HashMap<>();
        /** Per arm: the same for the share detected, whatever the pick ({@link #DETECTED_AFTER}). */
        private final java.util.Map<Arm, double[]> detectedShares = new java.util.HashMap<>();

        /** One station: the operating points count every detection as unconfirmed. */
        private final boolean alone;
        /** STA/LTA's shares, as an arm's, or null when it was not run. */
        private double[] staLta;
        /** STA/LTA's shares detected, or null when it was not run. */
        private double[] staLtaDetected;

        Injected(List<StationStream> stations, boolean alone) {
            this.alone = alone;
            List<ReferencePicks.Row> picks = ReferencePicks.read(inject.resolve("picks.csv"));
            rows = picks.size();
            rate = stations.stream().flatMap(s -> s.vertical().stream()).flatMap(List::stream)
                    .mapToDouble(io.github.seisclr.io.Trace::sampleRate).findFirst()
                    .orElseThrow(() -> new UsageException("--inject: no station of " + continuous + " has a vertical"));
            // sized in the default band whatever --band says, so that runs with and without it compare
            EncoderConfig sizing = EncoderConfig.builder().build();
            try {
                events = io.github.seisclr.eval.Injection.events(inject, picks, rate, sizing.bandLowHz(),
                        sizing.bandHighHz(), reading.options());
            } catch (IllegalArgumentException x) {
                throw new UsageException("--inject: " + inject.resolve("picks.csv") + ": " + x.getMessage()
                        + " (the windows' table must name each row's file, as ncedc-phasenet's does)");
            }
            if (events.isEmpty()) {
                throw new UsageException("--inject: none of the " + rows + " windows of " + inject + " has three"
                        + " components at " + plain(rate) + " Hz holding " + plain(io.github.seisclr.eval.Injection.BEFORE_P)
                        + " s before its P and " + plain(io.github.seisclr.eval.Injection.AFTER_P) + " s after it");
            }
            int counter = 0;
            for (double offset : INJECTION_OFFSETS) {
                List<io.github.seisclr.eval.Injection.Planned> plan = io.github.seisclr.eval.Injection.plan(stations,
                        rate, events.size(), INJECTION_LEVELS.length, INJECTION_FIRST, INJECTION_SPACING, offset, counter);
                counter += plan.size();
                plan.forEach(x -> perLevel[x.level()]++);
                plans.add(plan);
                passes.add(io.github.seisclr.eval.Injection.apply(stations, plan, events, INJECTION_LEVELS,
                        sizing.bandLowHz(), sizing.bandHighHz()));
            }
            List<String> other = stations.stream().filter(s -> s.vertical().map(v -> v.stream()
                    .noneMatch(t -> Math.abs(t.sampleRate() - rate) <= 1e-6 * rate)).orElse(true))
                    .map(StationStream::code).toList();
            if (!other.isEmpty()) {
                System.err.println("warning: --inject adds events at " + plain(rate) + " Hz only; no vertical at that rate: "
                        + other);
            }
            List<String> accelerometers = stations.stream()
                    .filter(s -> io.github.seisclr.eval.Injection.recordsAcceleration(s.bandAndInstrument()))
                    .map(StationStream::code).toList();
            if (!accelerometers.isEmpty()) {
                System.err.println("warning: --inject adds velocity records (accelerometers' integrated), and these"
                        + " streams record acceleration: " + accelerometers);
            }
            if (counter == 0) {
                throw new UsageException("--inject: no stretch of " + continuous + " at " + plain(rate) + " Hz is long"
                        + " enough to add an event to");
            }
            System.err.printf(Locale.ROOT, "--inject: %d of %d windows' events (%d accelerometers' integrated to velocity),"
                    + " %d injections in %d passes%n", events.size(), rows,
                    events.stream().filter(io.github.seisclr.eval.Injection.Event::integrated).count(), counter, passes.size());
        }

        /**
         * Runs arm {@code a} over every pass with the calibrations of its run over the data as they are.
         *
         * @param rates unconfirmed detections per station-hour on the data as they are, per threshold
         * @param detections all detections per station-hour there, per threshold: what chance finds
         */
        void add(Arm a, Map<String, io.github.seisclr.detect.Calibration> calibrations, double[] rates,
                 double[] detections) {
            Duration tol = onsetTolerance();
            Tally t = tally(THRESHOLDS.length, p -> {
                List<DetectionResult> swept = Detector.of(a.encoder(), detector()).sweep(passes.get(p), calibrations,
                        THRESHOLDS);
                List<Hits> hits = new ArrayList<>();
                for (DetectionResult r : swept) {
                    hits.add(new Hits(io.github.seisclr.eval.Injection.found(r, plans.get(p), tol),
                            io.github.seisclr.eval.Injection.detected(r, plans.get(p), tol, DETECTED_AFTER)));
                }
                return hits;
            });
            double def = DetectorConfig.defaults().thresholdOn();
            double[] v = shares(t.found(), THRESHOLDS, def, rates, detections, tol.multipliedBy(2));
            shares.put(a, v);
            double[] w = shares(t.detected(), THRESHOLDS, def, rates, detections, tol.plus(DETECTED_AFTER));
            detectedShares.put(a, w);
            System.err.printf(Locale.ROOT, "%s: added events found at the default threshold %s, detected %s%n", a.name(),
                    atDefault(v), atDefault(w));
        }

        /**
         * Runs recursive STA/LTA over every pass, as {@link #add} runs an arm.
         *
         * @param rates its rate at each of {@link #STALTA_THRESHOLDS} on the data as they are
         * @param detections all its detections per station-hour there, per threshold
         */
        void addStaLta(double[] rates, double[] detections) {
            Duration tol = onsetTolerance();
            Tally t = tally(STALTA_THRESHOLDS.length, p -> {
                EncoderAblation.StaLtaOnsets sl = staLtaOnsets(passes.get(p));
                List<Hits> hits = new ArrayList<>();
                for (int i = 0; i < STALTA_THRESHOLDS.length; i++) {
                    hits.add(new Hits(io.github.seisclr.eval.Injection.found(sl.onsets().get(i), plans.get(p), tol),
                            io.github.seisclr.eval.Injection.detected(sl.triggers().get(i), plans.get(p), tol,
                                    DETECTED_AFTER)));
                }
                return hits;
            });
            staLta = shares(t.found(), STALTA_THRESHOLDS, STALTA_ON, rates, detections, tol.multipliedBy(2));
            staLtaDetected = shares(t.detected(), STALTA_THRESHOLDS, STALTA_ON, rates, detections,
                    tol.plus(DETECTED_AFTER));
        }

        /**
         * One pass's verdicts at one threshold, for each planned event of the pass.
         *
         * @param found its P pick (else start) within the tolerance
         * @param triggered a trigger from the tolerance before its P to {@link #DETECTED_AFTER} after
         */
        private record Hits(boolean[] found, boolean[] triggered) {
        }

        /**
         * Counts per threshold and size over every pass.
         *
         * @param found events found
         * @param detected events detected: found, or triggered in the window
         */
        private record Tally(int[][] found, int[][] detected) {
        }

        /**
         * @param thresholds how many thresholds each pass is run at
         * @param perPass a pass's verdicts at each threshold, in order
         * @return the counts of every pass added up
         */
        private Tally tally(int thresholds, java.util.function.IntFunction<List<Hits>> perPass) {
            Tally t = new Tally(new int[thresholds][INJECTION_LEVELS.length], new int[thresholds][INJECTION_LEVELS.length]);
            for (int p = 0; p < passes.size(); p++) {
                List<Hits> hits = perPass.apply(p);
                for (int i = 0; i < thresholds; i++) {
                    count(t.found()[i], hits.get(i).found(), p);
                    count(t.detected()[i], or(hits.get(i).found(), hits.get(i).triggered()), p);
                }
            }
            return t;
        }

        /** @return element by element, whether either holds: detected counts what is found too */
        private static boolean[] or(boolean[] a, boolean[] b) {
            boolean[] c = new boolean[a.length];
            for (int j = 0; j < a.length; j++) {
                c[j] = a[j] || b[j];
            }
            return c;
        }

        /** Adds pass {@code p}'s hits to the counts per size. */
        private void count(int[] perLevel, boolean[] hit, int p) {
            for (int j = 0; j < hit.length; j++) {
                perLevel[plans.get(p).get(j).level()] += hit[j] ? 1 : 0;
            }
        }

        /** @return the shares at the default threshold of each size, for the log */
        private String atDefault(double[] v) {
            return java.util.stream.IntStream.range(0, INJECTION_LEVELS.length).mapToObj(l -> String.format(Locale.ROOT,
                    "%.2f", v[l * (1 + OPERATING_POINTS.length)])).collect(java.util.stream.Collectors.joining(" / "));
        }

        /**
         * @param found events found per threshold and size
         * @param thresholds the sweep's trigger-on levels
         * @param def the default level among them
         * @param rates the detector's rate at each level on the data as they are
         * @param detections its detections per station-hour at each level there, from which the share
         *     that chance alone finds is taken off ({@link io.github.seisclr.eval.Injection#aboveChanceWithin})
         * @param window the length of the window around an added P that an onset (found) or a trigger
         *     (detected) must lie in
         * @return for each size: the share found above chance at the default level, then at each
         *     operating point
         */
        private double[] shares(int[][] found, double[] thresholds, double def, double[] rates, double[] detections,
                                Duration window) {
            int levels = INJECTION_LEVELS.length;
            double[] v = new double[levels * (1 + OPERATING_POINTS.length)];
            for (int l = 0; l < levels; l++) {
                double[] share = new double[thresholds.length];
                for (int i = 0; i < thresholds.length; i++) {
                    share[i] = perLevel[l] == 0 ? Double.NaN : io.github.seisclr.eval.Injection.aboveChanceWithin(
                            found[i][l] / (double) perLevel[l], detections[i], window);
                    if (thresholds[i] == def) {
                        v[l * (1 + OPERATING_POINTS.length)] = share[i];
                    }
                }
                for (int u = 0; u < OPERATING_POINTS.length; u++) {
                    v[l * (1 + OPERATING_POINTS.length) + 1 + u] = EncoderAblation.atRate(rates, share, OPERATING_POINTS[u]);
                }
            }
            return v;
        }

        String table(List<Arm> arms) {
            StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%n### Known events added: %s%n%n"
                    + "The events of %d of the %d windows (three components at %s Hz, %s s before P to %s s after; %d"
                    + " accelerometers' records among them integrated to velocity first), added to"
                    + " each station's data (its vertical alone where it has no horizontals) in %d passes, one every %s s (%s injections of each size); size k: the event's"
                    + " band-passed vertical peak over the station's band-passed vertical RMS in the %s s around its P."
                    + " Each detector keeps each station's calibration from the data as they are. Found: a detection"
                    + " whose P (else start) lies within %s s of the added P. Shares found above chance (what the"
                    + " detector's rate of detections on the data as they are would put within that tolerance by"
                    + " chance, c = 1 - exp(-rate x 2 x tolerance), taken off: (share - c) / (1 - c)) at the default"
                    + " threshold and at %s per station-hour on the data as they are.%n%n| encoder |", inject, events.size(), rows,
                    plain(rate),
                    plain(io.github.seisclr.eval.Injection.BEFORE_P), plain(io.github.seisclr.eval.Injection.AFTER_P),
                    events.stream().filter(io.github.seisclr.eval.Injection.Event::integrated).count(),
                    passes.size(), plain(INJECTION_SPACING), java.util.Arrays.stream(perLevel).mapToObj(Integer::toString)
                            .collect(java.util.stream.Collectors.joining(" / ")),
                    plain(io.github.seisclr.eval.Injection.NOISE_SECONDS), plain(tolerance),
                    alone ? "matched rates of detections (one station: every detection is unconfirmed)"
                            : "the operating points of the table above, unconfirmed detections"));
            rows(md, arms, "found", shares, staLta);
            md.append(String.format(Locale.ROOT, "%nDetected, whatever was picked: found, or a detection that starts"
                    + " (triggers on) from %s s before the added P to %s s after it (S comes up to 10 s after P 80 km from"
                    + " the source, and a trigger on S picks S), above chance as above with a window of %s s. Where this"
                    + " share is well above the share found, the detector triggered on the event but picked its P more"
                    + " than %s s off.%n%n| encoder |", plain(tolerance), plain(DETECTED_AFTER.toMillis() / 1000.0),
                    plain(tolerance + DETECTED_AFTER.toMillis() / 1000.0), plain(tolerance)));
            return rows(md, arms, "detected", detectedShares, staLtaDetected).toString();
        }

        /** The header, a row per arm and STA/LTA's, and the arms' summary, of one measure's shares. */
        private StringBuilder rows(StringBuilder md, List<Arm> arms, String measure, java.util.Map<Arm, double[]> byName,
                                   double[] staLtaShares) {
            int per = 1 + OPERATING_POINTS.length;
            String[] names = new String[INJECTION_LEVELS.length * per];
            for (int l = 0; l < INJECTION_LEVELS.length; l++) {
                names[l * per] = "k = " + plain(INJECTION_LEVELS[l]) + ": " + measure + " (default)";
                for (int u = 0; u < OPERATING_POINTS.length; u++) {
                    names[l * per + 1 + u] = String.format(Locale.ROOT, "k = %s: %s at %.0f unconfirmed / h",
                            plain(INJECTION_LEVELS[l]), measure, OPERATING_POINTS[u]);
                }
            }
            for (String n : names) {
                md.append(' ').append(n).append(" |");
            }
            md.append("\n|---|").append("---|".repeat(names.length)).append('\n');
            List<double[]> byArm = new ArrayList<>();
            for (Arm a : arms) {
                double[] v = byName.get(a);
                byArm.add(v);
                md.append("| ").append(a.name()).append(" |");
                for (double x : v) {
                    md.append(Double.isNaN(x) ? " |" : String.format(Locale.ROOT, " %.3f |", x));
                }
                md.append('\n');
            }
            if (staLtaShares != null) {
                md.append(String.format(Locale.ROOT, "| recursive STA/LTA (on %s off %s at the default; no encoder) |",
                        plain(STALTA_ON), plain(STALTA_OFF)));
                for (double x : staLtaShares) {
                    md.append(Double.isNaN(x) ? " |" : String.format(Locale.ROOT, " %.3f |", x));
                }
                md.append('\n');
            }
            return md.append(summary(arms, byArm, names));
        }
    }

    /** What {@code --agreement} measures of each arm while its encoder is open, and the table of pairs. */
    private final class Agreement {
        private final java.util.Map<Arm, double[]> scores = new java.util.HashMap<>();
        private final java.util.Map<Arm, float[][]> vectors = new java.util.HashMap<>();

        void add(Arm a, DetectionResult r, List<StationStream> stations) {
            if (!agreement || !List.of("trained", "random", "bundled").contains(a.kind())) {
                return;
            }
            scores.put(a, EncoderAgreement.scores(r));
            vectors.put(a, EncoderAgreement.vectors(a.encoder(), stations, detector().scoreWindowSeconds(),
                    AGREEMENT_STEP));
        }

        String table(List<Arm> arms) {
            if (!agreement) {
                return "";
            }
            List<Arm> trained = arms.stream().filter(a -> a.kind().equals("trained")).toList();
            List<Arm> random = arms.stream().filter(a -> a.kind().equals("random")).toList();
            Arm bundled = arms.stream().filter(a -> a.kind().equals("bundled")).findFirst().orElseThrow();
            java.util.Map<String, List<Arm[]>> groups = new java.util.LinkedHashMap<>();
            for (Arm t : trained) {
                for (Arm r : random) {
                    if (r.seed() == t.seed()) {
                        groups.computeIfAbsent("trained vs random weights of its seed", g -> new ArrayList<>())
                                .add(new Arm[] {t, r});
                    }
                }
            }
            for (List<Arm> kind : List.of(random, trained)) {
                for (int i = 0; i < kind.size(); i++) {
                    for (int j = i + 1; j < kind.size(); j++) {
                        groups.computeIfAbsent(kind == random ? "random vs random" : "trained vs trained",
                                g -> new ArrayList<>()).add(new Arm[] {kind.get(i), kind.get(j)});
                    }
                }
            }
            for (Arm a : trained) {
                groups.computeIfAbsent("trained vs bundled", g -> new ArrayList<>()).add(new Arm[] {a, bundled});
            }
            for (Arm a : random) {
                groups.computeIfAbsent("random vs bundled", g -> new ArrayList<>()).add(new Arm[] {a, bundled});
            }
            String head = " | score, Pearson | score, Spearman | Spearman over the top 2 % in both | top 2 % in both |"
                    + " R² of the second's features from the first's | R² of the first's from the second's |\n"
                    + "|---|---|---|---|---|---|---|\n";
            StringBuilder rows = new StringBuilder("\n### How much the encoders agree\n\nEach detector's score trace"
                    + " (score window " + plain(detector().scoreWindowSeconds()) + " s), frame by frame, the frames"
                    + " before a full window left out; the top 2 %: the frames of either's highest 2 %, their rank"
                    + " correlation over those in both; the features: log(1 + x) of the trailing score-window mean of the"
                    + " frame features at every " + AGREEMENT_STEP + "th frame, and the mean over the features that vary"
                    + " of the R² of a least-squares affine map from the other encoder's (blank: no figure).\n\n| pair"
                    + head);
            StringBuilder ranges = new StringBuilder("\n| pairs: range" + head);
            for (java.util.Map.Entry<String, List<Arm[]>> g : groups.entrySet()) {
                List<double[]> values = new ArrayList<>();
                for (Arm[] p : g.getValue()) {
                    double[] v = new double[6];
                    java.util.Arrays.fill(v, Double.NaN);
                    try {
                        EncoderAgreement.Result r = EncoderAgreement.compare(scores.get(p[0]), scores.get(p[1]),
                                vectors.get(p[0]), vectors.get(p[1]));
                        v = new double[] {r.scorePearson(), r.scoreSpearman(), r.topSpearman(), r.topShared(),
                                r.r2SecondFromFirst(), r.r2FirstFromSecond()};
                    } catch (IllegalArgumentException x) {
                        // after hours of training, one pair that cannot be compared does not lose the tables
                        System.err.println("warning: --agreement: " + p[0].name() + " vs " + p[1].name() + ": "
                                + x.getMessage());
                    }
                    values.add(v);
                    rows.append("| ").append(p[0].name()).append(" vs ").append(p[1].name());
                    for (double x : v) {
                        rows.append(Double.isNaN(x) ? " |" : String.format(Locale.ROOT, " | %.3f", x));
                    }
                    rows.append(" |\n");
                }
                ranges.append("| ").append(g.getKey()).append(" (").append(values.size()).append(')');
                for (int m = 0; m < 6; m++) {
                    int mm = m;
                    double[] finite = values.stream().mapToDouble(v -> v[mm]).filter(Double::isFinite).toArray();
                    ranges.append(finite.length == 0 ? " |" : String.format(Locale.ROOT, " | %.3f to %.3f",
                            java.util.Arrays.stream(finite).min().getAsDouble(), java.util.Arrays.stream(finite).max().getAsDouble()));
                }
                ranges.append(" |\n");
            }
            return rows.append(ranges).append('\n').toString();
        }
    }

    /**
     * Mean and range of each measure over the trained and over the random encoders, after a blank
     * line; nothing when no encoder was trained ({@code --seeds 0}).
     */
    private static String summary(List<Arm> arms, List<double[]> values, String[] names) {
        if (arms.stream().noneMatch(a -> a.kind().equals("trained"))) {
            return "";
        }
        boolean tuned = arms.stream().anyMatch(a -> a.kind().equals("fine-tuned"));
        StringBuilder md = new StringBuilder("\n| measure | trained: mean (min-max) | random: mean (min-max) |"
                + (tuned ? " bundled fine-tuned: mean (min-max) |\n|---|---|---|---|\n" : "\n|---|---|---|\n"));
        for (int m = 0; m < names.length; m++) {
            md.append("| ").append(names[m]).append(" | ")
                    .append(stat(arms, values, "trained", m)).append(" | ")
                    .append(stat(arms, values, "random", m)).append(" |");
            if (tuned) {
                md.append(' ').append(stat(arms, values, "fine-tuned", m)).append(" |");
            }
            md.append('\n');
        }
        return md.append('\n').toString();
    }

    /** @return {@link #tolerance} as a duration, to the millisecond */
    private Duration onsetTolerance() {
        return Duration.ofMillis(Math.round(tolerance * 1000));
    }

    /** @return the values of one measure over the arms of one kind (NaN left out) */
    private static double[] of(List<Arm> arms, List<double[]> values, String kind, int measure) {
        return java.util.Arrays.stream(all(arms, values, kind, measure)).filter(x -> !Double.isNaN(x)).toArray();
    }

    /** @return the values of one measure over the arms of one kind, NaN (no value) included */
    private static double[] all(List<Arm> arms, List<double[]> values, String kind, int measure) {
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            if (arms.get(i).kind().equals(kind)) {
                v.add(values.get(i)[measure]);
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String windowsVerdict(List<Arm> arms, List<double[]> values) {
        return windowsVerdict(new double[][] {all(arms, values, "trained", 0), all(arms, values, "trained", 1)},
                new double[][] {all(arms, values, "random", 0), all(arms, values, "random", 1)});
    }

    /**
     * @return the line on the errors every encoder makes on the windows, at the default threshold and
     *     at each one's best, beside the F1 the rule asks of the trained encoders there (the random
     *     encoders' mean plus 0.03); nothing with fewer than two encoders
     */
    private static String sharedErrors(List<Arm> arms, List<double[]> values, EncoderAblation.SharedErrors atDefault,
                                       EncoderAblation.SharedErrors atBest) {
        if (arms.size() < 2) {
            return "";
        }
        double[] random = new double[2];
        for (int m = 0; m < 2; m++) {
            double[] r = all(arms, values, "random", m);
            random[m] = r.length == 0 ? Double.NaN : mean(r);
        }
        EncoderAblation.SharedErrors[] shared = {atDefault, atBest};
        String[] names = {"at the default threshold", "at each encoder's best threshold"};
        StringBuilder out = new StringBuilder("Errors that every encoder in the table makes (a false detection"
                + " counts where each encoder has one at the same station within the onset tolerance): ");
        for (int m = 0; m < 2; m++) {
            out.append(String.format(Locale.ROOT, "%s%s %d false and %d missed, which alone leave an F1 of %.3f",
                    m == 0 ? "" : "; ", names[m], shared[m].falseByAll(), shared[m].missedByAll(),
                    shared[m].ceilingF1()));
            if (!Double.isNaN(random[m])) {
                out.append(String.format(Locale.ROOT, " (the rule asks the trained encoders for a mean of %.3f)",
                        random[m] + 0.03));
            }
        }
        return out.append(". Every other error is made by some encoders and not by others.\n\n").toString();
    }

    private static String continuousVerdict(List<Arm> arms, List<double[]> values) {
        double[][] t = new double[OPERATING_POINTS.length][];
        double[][] r = new double[OPERATING_POINTS.length][];
        for (int i = 0; i < OPERATING_POINTS.length; i++) {
            t[i] = all(arms, values, "trained", 2 + i);
            r[i] = all(arms, values, "random", 2 + i);
        }
        return continuousVerdict(t, r);
    }

    /**
     * @return nothing ("") without both kinds of encoder at every measure; the verdict line saying
     *     the rule cannot be read when an encoder of either kind has no value at one of the measures
     *     (a matched point its sweep never reaches), since the means would rest on the other seeds
     *     alone; null when the rule can be read
     */
    private static String unreadable(double[][] trained, double[][] random, String[] measures) {
        for (int m = 0; m < measures.length; m++) {
            if (trained[m].length == 0 || random[m].length == 0) {
                return "";
            }
        }
        List<String> missing = new ArrayList<>();
        for (int m = 0; m < measures.length; m++) {
            long t = java.util.Arrays.stream(trained[m]).filter(Double::isNaN).count();
            long r = java.util.Arrays.stream(random[m]).filter(Double::isNaN).count();
            if (t + r > 0) {
                missing.add(String.format(Locale.ROOT, "%s: %d of %d trained, %d of %d random", measures[m], t,
                        trained[m].length, r, random[m].length));
            }
        }
        return missing.isEmpty() ? null : "Rule of the protocol: undecided, some encoders have no value ("
                + String.join("; ", missing) + "); the means in the table are over the others.\n\n";
    }

    /**
     * The rule on the labelled windows (docs/training.md, "The ablation protocol"): the
     * trained encoders' mean F1 above the random encoders' by at least 0.03, the seed ranges apart,
     * at the default threshold and at each encoder's best.
     *
     * @param trained the trained encoders' F1 at the default threshold, then at their best
     * @param random the same for the random encoders
     * @return the verdict line, or nothing without both kinds of encoder
     */
    static String windowsVerdict(double[][] trained, double[][] random) {
        StringBuilder out = new StringBuilder();
        boolean met = true;
        String[] names = {"at the default threshold", "at each encoder's best threshold"};
        String unreadable = unreadable(trained, random, names);
        if (unreadable != null) {
            return unreadable;
        }
        for (int m = 0; m < 2; m++) {
            double gap = mean(trained[m]) - mean(random[m]);
            boolean apart = apart(trained[m], random[m]);
            met &= gap >= 0.03 && apart;
            out.append(String.format(Locale.ROOT, "%s%s: trained minus random mean F1 %+.3f, seed ranges %s",
                    m == 0 ? "" : "; ", names[m], gap, apart ? "apart" : "overlapping"));
        }
        return "Rule of the protocol (trained above random weights by 0.03 F1 or more, seed ranges apart, at both): "
                + (met ? "met" : "not met") + "; " + out + ".\n\n";
    }

    /**
     * The rule on continuous data: the trained encoders confirm at least as many events above
     * chance as the random encoders at each matched operating point (means); the aim is 1.5 times.
     *
     * @param trained per operating point, the trained encoders' confirmations
     * @param random the same for the random encoders
     * @return the verdict line, or nothing without both kinds of encoder
     */
    static String continuousVerdict(double[][] trained, double[][] random) {
        StringBuilder out = new StringBuilder();
        boolean met = true;
        String[] names = new String[OPERATING_POINTS.length];
        for (int i = 0; i < OPERATING_POINTS.length; i++) {
            names[i] = String.format(Locale.ROOT, "at %.0f unconfirmed per station-hour", OPERATING_POINTS[i]);
        }
        String unreadable = unreadable(trained, random, names);
        if (unreadable != null) {
            return unreadable;
        }
        for (int i = 0; i < OPERATING_POINTS.length; i++) {
            double mt = mean(trained[i]);
            double mr = mean(random[i]);
            met &= mt >= mr;
            out.append(String.format(Locale.ROOT, "%s%.2f times at %.0f (ranges %s)", i == 0 ? "" : ", ", mt / mr,
                    OPERATING_POINTS[i], apart(trained[i], random[i]) ? "apart" : "overlapping"));
        }
        return "Rule of the protocol (trained confirming at least as many as random weights at each matched point;"
                + " aim 1.5 times): " + (met ? "met" : "not met") + "; " + out + ".\n\n";
    }

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElseThrow();
    }

    /** @return whether every value of {@code a} lies above every value of {@code b} */
    private static boolean apart(double[] a, double[] b) {
        return java.util.Arrays.stream(a).min().orElseThrow() > java.util.Arrays.stream(b).max().orElseThrow();
    }

    /**
     * @return the mean and range of one measure over the arms of one kind, or nothing without such an
     *     arm; "n of m seeds" after it when some arms have no value there
     */
    private static String stat(List<Arm> arms, List<double[]> values, String kind, int measure) {
        double[] v = of(arms, values, kind, measure);
        if (v.length == 0) {
            return "";
        }
        int n = all(arms, values, kind, measure).length;
        return String.format(Locale.ROOT, "%.3f (%.3f-%.3f)%s", mean(v), java.util.Arrays.stream(v).min().orElseThrow(),
                java.util.Arrays.stream(v).max().orElseThrow(), v.length < n ? ", " + v.length + " of " + n + " seeds" : "");
    }
}
