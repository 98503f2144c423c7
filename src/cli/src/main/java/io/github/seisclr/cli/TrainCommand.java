package io.github.seisclr.cli;

import io.github.seisclr.detect.Detector;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.model.AugmentConfig;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.model.EncoderConfig;
import io.github.seisclr.model.ModelManifest;
import io.github.seisclr.model.Trainer;
import io.github.seisclr.model.TrainingListener;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code seisclr train}: fit an encoder on unlabelled miniSEED. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the self-supervised encoder (the predictive objective by default) on unlabelled"
                + " miniSEED (no picks or catalogue are read) and write a model file.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    ReadingOptions reading = new ReadingOptions();

    @Option(names = "--input", required = true, arity = "1..*", split = ",",
            description = "miniSEED files or folders: several after it, comma-separated or repeated")
    List<Path> input;

    @Option(names = "--out", required = true, description = "model file to write (zip)")
    Path out;

    @Option(names = "--epochs", defaultValue = "20", description = "most epochs (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batches", defaultValue = "50", description = "batches per epoch (default ${DEFAULT-VALUE})")
    int batches;

    @Option(names = "--batch-size", defaultValue = "64", description = "windows per batch (default ${DEFAULT-VALUE}; with the contrastive objective, pairs of views)")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.002", description = "peak learning rate (default ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--patience", defaultValue = "4", description = "epochs without validation improvement before stopping (default ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--window", defaultValue = "4", description = "window length in seconds, contrastive objective"
            + " (default ${DEFAULT-VALUE})")
    double window;

    @Option(names = "--band", defaultValue = "1,20", split = ",", description = "band-pass corners in Hz (default ${DEFAULT-VALUE})")
    double[] band;

    @Option(names = "--rate", defaultValue = "100", description = "model sample rate in Hz; data are resampled (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--stream", description = "index the files, then read one station-day at a time (for more data than fits in memory)")
    boolean stream;

    @Option(names = "--checkpoints", description = "folder for checkpoint-best.zip after each improving epoch")
    Path checkpoints;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--transient-negatives", defaultValue = "0",
            description = "strength of the extra negative per window (the window with another window's transient added);"
                    + " 0 is off; see docs/training.md (default ${DEFAULT-VALUE})")
    double transientNegatives;

    @Option(names = "--init", description = "fine-tune: start from this model's weights (a model file, or 'bundled' for"
            + " the model inside the jar, a copy of models/seisclr-default-v1.zip);"
            + " its architecture, objective, rate, window and band are kept (--objective, --rate, --window, --band"
            + ", --channels and --dilations cannot be given with it)")
    Path init;

    @Option(names = "--objective", defaultValue = "PREDICTIVE", description = "training objective: "
            + "${COMPLETION-CANDIDATES}; PREDICTIVE: 8 s of context must pick out the next second (10.24 s windows"
            + " with the default dilations, at 100 Hz: the times scale with 100 Hz / --rate, 40 s and 5.2 s at 20 Hz;"
            + " --window unused); CONTRASTIVE: two augmented views of a --window must match; see docs/training.md"
            + " (default ${DEFAULT-VALUE})")
    EncoderConfig.Objective objective;

    @Option(names = "--channels", defaultValue = "8,16,32,64,64", split = ",", description = "convolution widths,"
            + " five; the last is the number of features the detector scores (default ${DEFAULT-VALUE})")
    int[] channels;

    @Option(names = "--dilations", defaultValue = "1,1,1,1,2", split = ",", description = "dilations of the five"
            + " convolutions, each 1 to 64; 1,2,4,8,8 gives each frame a reach of 2.39 s at 100 Hz instead of 0.59 s,"
            + " which detected worse on real data (docs/training.md) (default ${DEFAULT-VALUE})")
    int[] dilations;

    @Option(names = "--description", defaultValue = "seisclr encoder", description = "text stored in the model")
    String description;

    @Spec
    CommandSpec spec;

    /** The encoder settings' names in the library, and the options that set them. */
    static final String[] ENCODER_OPTIONS = {"sampleRate", "--rate", "windowSeconds", "--window",
        "bandHighHz", "the high corner of --band", "band", "--band"};
    /** The training settings' names in the library, and the options that set them. */
    static final String[] TRAINER_OPTIONS = {"epochs", "--epochs", "batchesPerEpoch", "--batches",
        "batchSize", "--batch-size", "learningRate", "--learning-rate", "patience", "--patience",
        "transientNegatives", "--transient-negatives"};

    @Override
    public Integer call() {
        if (init != null) {
            for (String o : List.of("--objective", "--window", "--band", "--rate", "--channels", "--dilations")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw new UsageException(o + " cannot be combined with --init: fine-tuning keeps the"
                            + " model's objective, window, band, rate, widths and dilations (" + init + ")");
                }
            }
        }
        if (init == null && objective == EncoderConfig.Objective.PREDICTIVE
                && spec.commandLine().getParseResult().hasMatchedOption("--window")) {
            // the predictive objective's window is set by its context and target, not by --window (review)
            throw new UsageException("--window sets the contrastive objective's window; the predictive objective"
                    + " (the default) draws windows of its 8 s context and 1.04 s target: leave --window out, or"
                    + " give --objective contrastive");
        }
        if (band.length != 2) {
            throw new UsageException("--band takes two values: low,high");
        }
        EncoderConfig.Builder config = EncoderConfig.builder().objective(objective);
        try {
            config.channels(channels);
        } catch (IllegalArgumentException x) {
            // before any output folder is made or the native library loaded
            throw new UsageException("--channels: " + x.getMessage());
        }
        try {
            config.dilations(dilations);
        } catch (IllegalArgumentException x) {
            throw new UsageException("--dilations: " + x.getMessage());
        }
        EncoderConfig enc = UsageException.options(() -> config.sampleRate(rate).windowSeconds(window)
                .band(band[0], band[1]).build(), ENCODER_OPTIONS);
        // the training settings checked before any output folder is made or a model loaded
        UsageException.options(() -> {
            Trainer.Builder b = Trainer.builder().encoder(enc).epochs(epochs).batchesPerEpoch(batches)
                    .batchSize(batchSize).learningRate(learningRate).patience(patience)
                    .transientNegatives(transientNegatives);
            // with --init the objective is the model's, known once it is loaded
            return init == null ? b.build() : b;
        }, TRAINER_OPTIONS);
        Outputs.distinct("--out", out, "--checkpoints", checkpoints);
        // the checkpoint is another output: --out must not name it
        Outputs.file("--out", out, Outputs.inputs(input, init,
                checkpoints == null ? null : checkpoints.resolve(Trainer.CHECKPOINT_FILE)), true);
        if (checkpoints != null) {
            Outputs.folder("--checkpoints", checkpoints, input);
        }
        Main.oneThreadPerOperation();
        ProgressBar[] bar = new ProgressBar[1];
        // whether an epoch of this run improved (its checkpoint written, or being written, after it): the
        // checkpoint file may be an earlier run's (diff review); read by the stop notice's thread
        java.util.concurrent.atomic.AtomicBoolean improved = new java.util.concurrent.atomic.AtomicBoolean();
        boolean terminal = Progress.stderrIsTerminal();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void batchDone(int epoch, int total, int batch, int perEpoch, double loss, double wps) {
                if (bar[0] == null) {
                    bar[0] = Progress.bar("train", (long) total * perEpoch, "", true, terminal, System.err).build();
                }
                bar[0].step();
                bar[0].setExtraMessage(String.format(" epoch %d/%d loss %.3f %.0f windows/s", epoch, total, loss, wps));
            }

            @Override
            public void epochDone(EpochResult r) {
                if (r.improved()) {
                    improved.set(true);
                }
                if (bar[0] != null) {
                    bar[0].pause();
                }
                // on a terminal the paused bar's line is still open; in a log it ended with its line
                System.err.printf("%sepoch %d: train loss %.3f, validation loss %.3f, top-1 %.2f%s%s%n",
                        terminal ? System.lineSeparator() : "", r.epoch(),
                        r.trainLoss(), r.validationLoss(), r.validationTop1(), r.improved() ? " (best)" : "",
                        r.stoppingEarly() ? ", stopping: no improvement" : "");
                if (bar[0] != null) {
                    if (r.stoppingEarly()) {
                        bar[0].stepTo(bar[0].getMax());
                    }
                    bar[0].resume();
                }
            }
        };
        // review (a new user): outside a source checkout the bundled model had no name to fine-tune from
        Encoder start = init == null ? null : bundled(init) ? Encoder.bundled() : Encoder.load(init);
        Trainer trainer = UsageException.options(() -> Trainer.builder().encoder(enc).init(start)
                .augment(AugmentConfig.defaults()).transientNegatives(transientNegatives).epochs(epochs)
                .batchesPerEpoch(batches).batchSize(batchSize).learningRate(learningRate).patience(patience)
                .seed(seed).checkpointDir(checkpoints).listener(listener).description(description).build(),
                TRAINER_OPTIONS);
        Encoder model;
        // review (a new user): a train stopped by Ctrl-C ended without a word of what became of the model
        java.nio.file.Path checkpoint = checkpoints == null ? null : checkpoints.resolve(Trainer.CHECKPOINT_FILE);
        try (StopNotice stop = new StopNotice(() -> "train stopped before it finished: no model written to " + out
                + (checkpoint == null ? " (--checkpoints DIR keeps the best epoch's weights as training goes)"
                : improved.get() && java.nio.file.Files.isRegularFile(checkpoint) ? "; the best epoch so far is in "
                + checkpoint : "; this run had written no checkpoint to " + checkpoint + " yet"))) {
            try {
                // review (a new user): a folder's file that is not miniSEED (a .mseed.gz) was left out of
                // training unsaid, a whole station with it; said before training starts, as detect says it
                List<String> skipped = new java.util.ArrayList<>();
                if (stream) {
                    io.github.seisclr.io.Waveforms.files(input, skipped);
                    DetectCommand.skippedLines(skipped).forEach(System.err::println);
                    model = trainer.fitFiles(input, reading.options());
                } else {
                    io.github.seisclr.io.WaveformSet set = io.github.seisclr.io.Waveforms.reader(reading.options())
                            .read(input);
                    DetectCommand.skippedLines(set.skippedFiles()).forEach(System.err::println);
                    model = trainer.fit(set.stations());
                }
            } finally {
                if (bar[0] != null) {
                    bar[0].close();
                }
            }
            // the detector's reference-noise prior for the default settings goes into the file, so that
            // no run of the model has to measure it (about 2 s of CPU per process)
            model = Detector.withReferenceNoise(model, DetectorConfig.defaults());
            model.save(out);
        }
        ModelManifest.Training t = model.manifest().training();
        System.out.printf("%nwrote %s%n", out);
        System.out.printf("stations: %s; %.2f h of aligned data; %,d training windows in %d epoch(s), %.0f s%n",
                String.join(", ", t.stations()), t.hours(), t.windowsSeen(), t.epochs(), t.seconds());
        System.out.printf("loss: first batch %.3f, last epoch %.3f; kept weights: validation loss %.3f, "
                + "top-1 retrieval %.2f (chance %.3f)%n", t.firstLoss(), t.trainLoss(), t.validationLoss(),
                t.validationTop1(), 1.0 / t.batchSize());
        double widening = Detector.of(model, DetectorConfig.defaults()).scoreScaleWidening();
        double on = DetectorConfig.defaults().thresholdOn();
        if (widening > 1) {
            System.out.printf(java.util.Locale.ROOT, "score scale: widened %.3f times, since this model's scores on"
                    + " synthetic reference noise are heavier-tailed than the bundled model's; `detect --threshold %.0f`"
                    + " then acts as about %.1f would without it. If it detects too little on your station, try a lower"
                    + " --threshold there (docs/training.md)%n", widening, on, widening * on);
        } else {
            System.out.println("score scale: not widened (the model's scores on synthetic reference noise are no"
                    + " heavier-tailed than the bundled model's)");
        }
        return 0;
    }

    /** @return whether {@code --init} names the bundled model (the word {@code bundled}, no such file there) */
    static boolean bundled(Path init) {
        return init.toString().equals("bundled") && !java.nio.file.Files.exists(init);
    }
}
