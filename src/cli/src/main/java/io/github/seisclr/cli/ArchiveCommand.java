package io.github.seisclr.cli;

import io.github.seisclr.spark.ArchiveJob;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code seisclr archive}: an SDS archive on Apache Spark, in local mode here or on a cluster. */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = "Detect and pick over an SDS archive with Apache Spark: one task per station-day, picks as"
                + " Parquet (partitioned by network/station/year) and optionally one CSV, QuakeML or SeisComP XML file"
                + " per day."
                + " Runs Spark in local mode on this machine unless --master (or spark-submit) names a cluster;"
                + " re-running into the same --out resumes. See docs/archives.md.")
final class ArchiveCommand implements Callable<Integer> {
    @Mixin
    ReadingOptions reading = new ReadingOptions();

    @Option(names = "--sds", required = true, paramLabel = "ROOT", description = "the archive's top folder"
            + " (YEAR/NET/STA/CHA.D/NET.STA.LOC.CHA.D.YEAR.DOY), seen under this path by every executor")
    Path sds;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created; the same"
            + " folder again resumes a run)")
    Path out;

    @Option(names = "--stations", split = ",", paramLabel = "NET.STA", description = "stations, * and ? as wildcards,"
            + " NET_STA taken too (default: all)")
    List<String> stations = new ArrayList<>();

    @Option(names = "--from", paramLabel = "DAY", description = "first day, e.g. 2024-01-31 (default: the first"
            + " day held)")
    String from;

    @Option(names = "--to", paramLabel = "DAY", description = "last day, included (default: the last day held"
            + " before today, UTC)")
    String to;

    @Option(names = "--format", split = ",", paramLabel = "FORMAT", description = "parquet (always), csv, quakeml (or"
            + " xml or qml), sc3ml (or scml; SeisComP XML): also one file per day (default parquet)")
    List<String> formats = new ArrayList<>();

    @Option(names = "--model", description = "model file (default: the bundled model); with --train-days only"
            + " together with --train-from model")
    Path model;

    @Option(names = "--threshold", defaultValue = "5", description = "trigger-on level (default ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--threshold-off", description = "trigger-off level (default: half of --threshold)")
    Double thresholdOff;

    @Option(names = "--trim", defaultValue = DetectCommand.TRIM_DEFAULT, description = DetectCommand.TRIM)
    double trim;

    @Option(names = "--no-amplitude-term", description = DetectCommand.NO_AMPLITUDE_TERM)
    boolean noAmplitudeTerm;

    @Option(names = "--residual", description = DetectCommand.RESIDUAL)
    boolean residual;

    @Option(names = "--master", description = "Spark master (default: local[N] with N = --cores, or the one"
            + " spark-submit gives)")
    String master;

    @Option(names = "--cores", description = "cores for local mode (default: all of this machine's)")
    Integer cores;

    @Option(names = "--redo-changed", description = "do again the station-days done by an earlier run into --out whose"
            + " day files have changed since (late or mended data), their earlier rows taken out first; without it"
            + " they are named and kept as they were")
    boolean redoChanged;

    @Option(names = "--batch", defaultValue = "64", description = "station-days written and recorded together; a"
            + " failed job redoes at most one batch (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--train-days", defaultValue = "0", description = "train each station's own model on 2 h of"
            + " each of this many of its days before detecting with it (see --train-from); 0: off (default"
            + " ${DEFAULT-VALUE})")
    int trainDays;

    @Option(names = "--train-from", paramLabel = "scratch|model", description = "with --train-days: scratch, a new"
            + " encoder trained from random weights with train's default (predictive) objective, which confirmed more"
            + " events than fine-tuning at 3 of 6 operating points, as many at 2, on one real two-station data set"
            + " (docs/training.md); or model, fine-tune"
            + " --model (default: the bundled one) (default scratch)")
    String trainFrom;

    @Option(names = "--train-epochs", defaultValue = "8", description = "epochs of that training (default ${DEFAULT-VALUE})")
    int trainEpochs;

    @Option(names = "--train-batches", defaultValue = "40", description = "batches per epoch of that training"
            + " (default ${DEFAULT-VALUE})")
    int trainBatches;

    @Override
    public Integer call() {
        EnumSet<ArchiveJob.Format> fmt = EnumSet.of(ArchiveJob.Format.PARQUET);
        for (String f : formats) {
            try {
                fmt.add(ArchiveJob.Format.parse(f)); // as detect's --format names them, xml, qml and scml too
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        double off = thresholdOff != null ? thresholdOff : threshold / 2;
        if (off > threshold) {
            throw new UsageException("--threshold-off (" + off + ") must not exceed --threshold (" + threshold + ")");
        }
        if (batch < 1) {
            throw new UsageException("--batch must be at least 1, got " + batch);
        }
        boolean fromModel;
        try {
            fromModel = ArchiveJob.trainFromModel(trainFrom, trainDays);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (trainDays > 0 && !fromModel && model != null) {
            throw new UsageException("--model (" + model + ") is not used when each station's model is trained"
                    + " from random weights (--train-days with --train-from scratch): add --train-from model to"
                    + " fine-tune it, or leave --model out");
        }
        if (cores != null && cores < 1) {
            throw new UsageException("--cores must be at least 1, got " + cores);
        }
        // the job's own check, before the archive is scanned
        UsageException.options(() -> {
            ArchiveJob.Settings.checkTraining(trainDays, trainEpochs, trainBatches);
            return null;
        }, "trainDays", "--train-days", "trainEpochs", "--train-epochs", "trainBatches", "--train-batches");
        if (master != null && !master.matches("local(\\[\\s*([1-9][0-9]*|\\*)\\s*(,\\s*[0-9]+\\s*)?\\])?"
                + "|local-cluster\\[\\s*[0-9]+\\s*,\\s*[0-9]+\\s*,\\s*[0-9]+\\s*\\]|(spark|k8s|mesos)://.+|yarn")) {
            throw new UsageException("--master must be local, local[N], local[*], spark://HOST:PORT, yarn or"
                    + " k8s://URL, got '" + master + "'");
        }
        if (master == null && cores != null && cores > Runtime.getRuntime().availableProcessors()) {
            System.err.printf(Locale.ROOT, "seisclr: note: --cores %d is more than this machine's %d cores: the tasks"
                    + " share them%n", cores, Runtime.getRuntime().availableProcessors());
        }
        if (java.nio.file.Files.isRegularFile(out)) {
            throw new UsageException("--out (" + out + "): is a file; give a folder");
        }
        String problem = ArchiveJob.outputProblem(sds, out);
        if (problem != null) {
            throw new UsageException("--out (" + out + "): " + problem);
        }
        // the score's settings checked before the archive is scanned (which takes a while on a large one)
        UsageException.options(() -> io.github.seisclr.detect.DetectorConfig.builder().thresholdOn(threshold)
                .thresholdOff(off).trim(trim).build(), "thresholdOn", "--threshold", "thresholdOff", "--threshold-off",
                "trim", "--trim");
        Instant a = from == null ? null : DetectCommand.time("--from", from, false);
        Instant b = to == null ? null : DetectCommand.time("--to", to, true);
        io.github.seisclr.io.SdsArchive.Stations chosen = stations.isEmpty()
                ? io.github.seisclr.io.SdsArchive.Stations.ALL : parse(stations);
        ArchiveJob.Range range = ArchiveJob.Range.of(io.github.seisclr.io.SdsArchive.open(sds), chosen, a, b);
        a = range.from();
        b = range.to();
        if (range.todayLeftOut()) {
            System.err.println("seisclr: today (UTC) is left out: its day files are still growing; --to today"
                    + " takes it as it is now");
        }
        DetectCommand.range(from, to, a, b);
        Main.oneThreadPerOperation();
        // Spark's and Hadoop's start-up notes (host name, native Hadoop) are not the user's business
        // unless asked for (--verbose, --debug or a level of one's own)
        // A task's failure (a damaged day file) is the one-line error the job ends with: the executor's
        // stack trace and the scheduler's "aborting job" come with --verbose or --debug only
        if ("warn".equals(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel"))) {
            Map<String, String> levels = Map.of("org.apache.spark", "error", "org.apache.hadoop", "error",
                    "org.sparkproject", "error", "org.apache.spark.executor.Executor", "off",
                    "org.apache.spark.scheduler.TaskSetManager", "off");
            levels.forEach((lib, level) -> {
                if (System.getProperty("org.slf4j.simpleLogger.log." + lib) == null) {
                    System.setProperty("org.slf4j.simpleLogger.log." + lib, level);
                }
            });
        }
        ArchiveJob.Settings settings;
        try {
            // the job's own checks (whole days, training settings) are the command line's
            settings = ArchiveJob.Settings.of(sds, out, stations, a, b, model, threshold, off, fmt, batch)
                    .withTraining(trainDays, trainEpochs, trainBatches, fromModel)
                    .withScore(trim, !noAmplitudeTerm, residual)
                    .withReading(!reading.noSteimCheck, reading.skipDamaged)
                    .withRedoChanged(redoChanged);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        SparkSession.Builder builder = SparkSession.builder().appName("seisclr archive " + sds)
                .config("spark.sql.session.timeZone", "UTC");
        if (master != null || System.getProperty("spark.master") == null) {
            String m = master != null ? master : "local[" + (cores != null ? cores : Runtime.getRuntime().availableProcessors()) + "]";
            builder.master(m);
            if (m.startsWith("local")) {
                builder.config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                        .config("spark.driver.bindAddress", "127.0.0.1");
            }
        }
        SparkSession spark = builder.getOrCreate();
        // a stop (Ctrl-C, SIGTERM) waits, up to a limit, for this thread to say so and for the job to
        // give its lock back: the JVM halts once its shutdown hooks are done (review: a race)
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        Thread waitForTheEnd = new Thread(() -> {
            try {
                ended.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "seisclr-archive-stop");
        Runtime.getRuntime().addShutdownHook(waitForTheEnd);
        try {
            spark.sparkContext().setLogLevel("WARN");
            ArchiveJob.Summary s;
            try {
                s = ArchiveJob.run(spark, settings, line -> System.err.println("archive: " + line));
            } catch (RuntimeException e) {
                if (!spark.sparkContext().isStopped() || e instanceof io.github.seisclr.SeisclrException) {
                    throw e;
                }
                // Spark's own shutdown hook stopped the context under the job (Ctrl-C, SIGTERM): a stop,
                // not a failure (black-box review: it was "an unexpected failure ... please report it")
                System.err.println("seisclr: archive stopped before it finished (Spark was shut down: Ctrl-C or"
                        + " SIGTERM); the station-days written so far are recorded in " + out.resolve(ArchiveJob.STATE)
                        + ": run the same command again to go on from there");
                return STOPPED;
            }
            System.err.printf("%d station-day(s) from %s to %s: %d done before, %d detected now (%d station model(s)"
                            + " trained, %d station stream(s) calibrated), %d detection(s), %d pick(s) written to %s%n",
                    s.stationDays(), a, b, s.skipped(), s.detected(), s.trained(), s.calibrated(), s.detections(),
                    s.picks(), out);
            System.err.print(ArchiveJob.notes(s));
            if (s.warned() > 0) {
                // review (an operator): said "and in the CSV and QuakeML day files" where none was asked for
                List<String> asked = ArchiveJob.Format.DAY_FILES.stream().filter(fmt::contains)
                        .map(ArchiveJob.Format::label).toList();
                String dayFiles = asked.isEmpty() ? "" : ", and in the " + Listing.and(asked) + " day files";
                System.err.printf("%d of the station-days detected now warned of their data (above); their warnings are in"
                        + " %s too%s%n", s.warned(), out.resolve("_seisclr").resolve("hours"), dayFiles);
            }
            System.err.printf("%.1f s in all, %.1f station-days per minute on %s%n", s.seconds(),
                    s.detected() / s.seconds() * 60, spark.sparkContext().master());
        } finally {
            spark.stop();
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(waitForTheEnd);
            } catch (IllegalStateException stopping) {
                // the JVM is shutting down: the hook ends now that the latch is down
            }
        }
        return 0;
    }

    /**
     * Exit status of a run stopped by SIGTERM (128 + its number, as a shell gives it); stopped by
     * Ctrl-C (SIGINT) the JVM exits with 130 whatever this says.
     */
    static final int STOPPED = 143;

    private static io.github.seisclr.io.SdsArchive.Stations parse(List<String> codes) {
        try {
            return io.github.seisclr.io.SdsArchive.Stations.parse(codes);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--stations: " + e.getMessage());
        }
    }
}
