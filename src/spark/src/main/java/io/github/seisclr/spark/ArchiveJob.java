package io.github.seisclr.spark;

import io.github.seisclr.detect.ArchiveDetector;
import io.github.seisclr.detect.Calibration;
import io.github.seisclr.detect.CalibrationFile;
import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.Detector;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.io.ReadOptions;
import io.github.seisclr.io.SdsArchive;
import io.github.seisclr.io.Times;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.model.EncoderConfig;
import io.github.seisclr.output.Writers;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.PickList;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Detection over an SDS archive as a Spark job: one task per station-day, each running
 * {@link ArchiveDetector#detectDay} (the single-machine code, so the picks are the same), the model
 * loaded once per executor JVM.
 *
 * <p>Steps: (1) list the station-days of the range from the archive's folders; optionally train each
 * station's own model, one task per station ({@link Settings#trainDays()},
 * {@code _seisclr/models/NET.STA.zip}); (2) calibrate each station not yet calibrated in this
 * output, one task per station, on its first day with data ({@code _seisclr/calibrations/NET.STA.json});
 * (3) detect, a batch of whole days at a time: each batch
 * is written, then recorded as done ({@code _seisclr/done/}). Re-running the same job skips the
 * station-days recorded as done and those that already have rows in the Parquet output (a batch
 * written but not recorded when a job died), so a failed job resumes where it stopped and never
 * writes a pick twice.
 *
 * <p>Output under {@link Settings#out()}: {@code picks/}, Parquet partitioned by
 * {@code network/station/year}, one row per pick with its detection's columns (the columns of
 * {@code detect}'s CSV; a detection without picks has one row without pick columns); optionally
 * {@code csv/YEAR/YYYY-MM-DD.csv}, {@code quakeml/YEAR/YYYY-MM-DD.xml} and {@code sc3ml/YEAR/YYYY-MM-DD.scml}, one file per day for all
 * stations, as {@code detect} writes them. The archive and the output must be on a file system that
 * the driver and every executor see under the same path (NFS, Lustre, a laptop's disk).
 */
public final class ArchiveJob {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveJob.class);
    /** Folder of the job's own records inside the output. */
    public static final String STATE = "_seisclr";

    private ArchiveJob() {
    }

    /** Outputs besides Parquet. */
    public enum Format {
        /** {@code picks/}: Parquet, partitioned by network, station and year (always written). */
        PARQUET(null, null, null, "Parquet"),
        /** {@code csv/YEAR/YYYY-MM-DD.csv}: the columns of {@code detect --format csv}. */
        CSV(Writers.Format.CSV, "csv", ".csv", "CSV"),
        /** {@code quakeml/YEAR/YYYY-MM-DD.xml}: QuakeML 1.2, as {@code detect --format quakeml}. */
        QUAKEML(Writers.Format.QUAKEML, "quakeml", ".xml", "QuakeML"),
        /** {@code sc3ml/YEAR/YYYY-MM-DD.scml}: SeisComP XML 0.13, as {@code detect --format sc3ml}. */
        SC3ML(Writers.Format.SC3ML, "sc3ml", ".scml", "SeisComP XML");

        /** The day files' formats, in the order they are written. */
        public static final List<Format> DAY_FILES = List.of(CSV, QUAKEML, SC3ML);

        private final Writers.Format written;
        private final String folder;
        private final String extension;
        private final String label;

        Format(Writers.Format written, String folder, String extension, String label) {
            this.written = written;
            this.folder = folder;
            this.extension = extension;
            this.label = label;
        }

        /** @return the format's name for people: CSV, QuakeML, SeisComP XML */
        public String label() {
            return label;
        }

        /**
         * @param name a {@code --format} value: parquet, csv, quakeml (or xml or qml, as {@code detect}
         *     takes them), sc3ml (or scml); any case
         * @return the format
         * @throws IllegalArgumentException naming the formats, for another name
         */
        public static Format parse(String name) {
            if (name.trim().equalsIgnoreCase("parquet")) {
                return PARQUET;
            }
            Writers.Format named = Writers.Format.named(name.trim()); // the names detect's --format takes
            return DAY_FILES.stream().filter(f -> named != null && f.written == named).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("--format must be parquet, csv, quakeml (or xml or qml, the same) or"
                            + " sc3ml (or scml, the same), got '" + name + "'"));
        }
    }

    /**
     * What to run.
     *
     * @param sdsRoot the archive's top folder
     * @param outDir the output folder (created; a re-run with the same folder resumes)
     * @param stations {@code NET.STA} codes with {@code *} and {@code ?}
     * @param from first time wanted
     * @param to end of the range (excluded)
     * @param modelFile a model file, or null for the bundled model; must be null when each station's
     *     model is trained from random weights ({@code trainDays > 0} without {@code trainFromModel})
     * @param thresholdOn trigger-on level
     * @param thresholdOff trigger-off level
     * @param formats outputs besides Parquet
     * @param stationDaysPerBatch station-days written per batch (whole days are kept together): a
     *     failed job loses at most one batch
     * @param trainDays 0, or train each station's own model on
     *     {@value StationTraining#HOURS_PER_DAY} h from each of this many of its days, spread over
     *     the range, before calibrating and detecting with it
     * @param trainEpochs training epochs per station
     * @param trainBatches training batches per epoch
     * @param trainFromModel whether a station's model is the job's model fine-tuned (with that
     *     model's objective) rather than a new encoder trained from random weights with the default
     *     (predictive) objective, which confirmed more events at three of six operating points, and
     *     as many at two, on one real two-station data set ({@code docs/training.md})
     * @param trim share of windows the background fit treats as outliers ({@link DetectorConfig#trim()})
     * @param amplitudeTerm whether the score adds the amplitude term ({@link DetectorConfig#amplitudeTerm()})
     * @param residual whether the learned score also takes the residual ({@link DetectorConfig#residual()})
     * @param steimCheck whether a Steim record that fails its integrity check stops the job ({@link
     *     ReadOptions#verifySteimIntegrity()}; false: read anyway, with a warning)
     * @param skipDamaged whether a damaged record of a day file is left out, the file's sound records
     *     read (the file left out whole where it has none), with a warning, instead of stopping the job ({@link ReadOptions#skipDamagedFiles()})
     * @param redoChanged whether station-days done by an earlier run whose day files have changed
     *     since (late or mended data) are done again: their rows are taken out of the output first
     *     ({@link Summary#changed()})
     */
    public record Settings(String sdsRoot, String outDir, List<String> stations, Instant from, Instant to,
                           String modelFile, double thresholdOn, double thresholdOff, Set<Format> formats,
                           int stationDaysPerBatch, int trainDays, int trainEpochs, int trainBatches,
                           boolean trainFromModel, double trim, boolean amplitudeTerm, boolean residual,
                           boolean steimCheck, boolean skipDamaged, boolean redoChanged)
            implements Serializable {
        /**
         * The per-station training settings' check, for callers that check them before building
         * settings (a command line, before it scans the archive).
         *
         * @param days train each station's own model on this many of its days (0: off)
         * @param epochs training epochs per station
         * @param batches training batches per epoch
         * @throws IllegalArgumentException naming the setting ({@code trainDays}, {@code trainEpochs},
         *     {@code trainBatches}) that is out of range
         */
        public static void checkTraining(int days, int epochs, int batches) {
            if (days < 0) {
                throw new IllegalArgumentException("trainDays must be 0 (off) or more, got " + days);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("trainEpochs must be at least 1, got " + epochs);
            }
            if (batches < 1) {
                throw new IllegalArgumentException("trainBatches must be at least 1, got " + batches);
            }
        }

        /** Checks the settings. */
        public Settings {
            Objects.requireNonNull(sdsRoot, "sdsRoot");
            Objects.requireNonNull(outDir, "outDir");
            stations = List.copyOf(stations);
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("from (" + from + ") must come before to (" + to + ")");
            }
            if (!isMidnight(from) || !isMidnight(to)) {
                // a station-day is recorded as done whole: part of a day now and the rest later would
                // leave the rest undone
                throw new IllegalArgumentException("the archive job runs whole UTC days: from and to must be"
                        + " midnights (days), got " + from + " and " + to);
            }
            formats = formats.isEmpty() ? EnumSet.of(Format.PARQUET) : EnumSet.copyOf(formats);
            formats.add(Format.PARQUET);
            if (stationDaysPerBatch < 1) {
                throw new IllegalArgumentException("stationDaysPerBatch must be at least 1, got " + stationDaysPerBatch);
            }
            detectorConfig(thresholdOn, thresholdOff, trim, amplitudeTerm, residual);
            checkTraining(trainDays, trainEpochs, trainBatches);
            if (trainDays > 0 && !trainFromModel && modelFile != null) {
                throw new IllegalArgumentException("each station's model is trained from random weights, so the"
                        + " model file " + modelFile + " would not be used: fine-tune it instead (trainFromModel,"
                        + " --train-from model) or leave it out");
            }
        }

        /**
         * The settings with damaged day files stopping the job (as before {@code skipDamaged} was a
         * setting): see {@link #withReading(boolean, boolean)}.
         */
        public Settings(String sdsRoot, String outDir, List<String> stations, Instant from, Instant to,
                        String modelFile, double thresholdOn, double thresholdOff, Set<Format> formats,
                        int stationDaysPerBatch, int trainDays, int trainEpochs, int trainBatches,
                        boolean trainFromModel, double trim, boolean amplitudeTerm, boolean residual,
                        boolean steimCheck) {
            this(sdsRoot, outDir, stations, from, to, modelFile, thresholdOn, thresholdOff, formats, stationDaysPerBatch,
                    trainDays, trainEpochs, trainBatches, trainFromModel, trim, amplitudeTerm, residual, steimCheck,
                    false, false);
        }

        /**
         * The settings with the detector's default score (as before the score's options were
         * settings): see {@link #withScore}.
         */
        public Settings(String sdsRoot, String outDir, List<String> stations, Instant from, Instant to,
                        String modelFile, double thresholdOn, double thresholdOff, Set<Format> formats,
                        int stationDaysPerBatch, int trainDays, int trainEpochs, int trainBatches,
                        boolean trainFromModel) {
            this(sdsRoot, outDir, stations, from, to, modelFile, thresholdOn, thresholdOff, formats, stationDaysPerBatch,
                    trainDays, trainEpochs, trainBatches, trainFromModel, DetectorConfig.defaults().trim(),
                    DetectorConfig.defaults().amplitudeTerm(), DetectorConfig.defaults().residual(),
                    ReadOptions.defaults().verifySteimIntegrity());
        }

        /**
         * Per-station training of a new encoder from random weights (the default objective). Up to
         * 2026-12-02 this fine-tuned the job's model; that is now
         * {@link #withTraining(int, int, int, boolean) withTraining(days, epochs, batches, true)}.
         *
         * @param days train each station's own model on this many of its days (0: off)
         * @param epochs training epochs per station
         * @param batches training batches per epoch
         * @return these settings with per-station training
         */
        public Settings withTraining(int days, int epochs, int batches) {
            return withTraining(days, epochs, batches, false);
        }

        /**
         * @param days train each station's own model on this many of its days (0: off)
         * @param epochs training epochs per station
         * @param batches training batches per epoch
         * @param fromModel fine-tune the job's model instead of training from random weights
         * @return these settings with per-station training
         */
        public Settings withTraining(int days, int epochs, int batches, boolean fromModel) {
            return new Settings(sdsRoot, outDir, stations, from, to, modelFile, thresholdOn, thresholdOff, formats,
                    stationDaysPerBatch, days, epochs, batches, fromModel, trim, amplitudeTerm, residual, steimCheck,
                    skipDamaged, redoChanged);
        }

        /**
         * The score's settings, as {@code detect} takes them ({@code --trim}, {@code
         * --no-amplitude-term}, {@code --residual}); {@link #of} gives the detector's defaults.
         *
         * @param trimmed share of windows the background fit treats as outliers, 0 to 0.5
         * @param withAmplitudeTerm whether the score adds the amplitude term
         * @param withResidual whether the learned score also takes the residual
         * @return these settings with that score
         */
        public Settings withScore(double trimmed, boolean withAmplitudeTerm, boolean withResidual) {
            return new Settings(sdsRoot, outDir, stations, from, to, modelFile, thresholdOn, thresholdOff, formats,
                    stationDaysPerBatch, trainDays, trainEpochs, trainBatches, trainFromModel, trimmed,
                    withAmplitudeTerm, withResidual, steimCheck, skipDamaged, redoChanged);
        }

        /**
         * How damaged data are read, as {@code detect} takes it ({@code --no-steim-check}); {@link
         * #of} gives the reader's default (a Steim record that fails its integrity check stops the job
         * with an error naming the file).
         *
         * @param checkSteim whether a Steim record that fails its integrity check stops the job
         * @return these settings reading so
         */
        public Settings withReading(boolean checkSteim) {
            return withReading(checkSteim, skipDamaged);
        }

        /**
         * How damaged data are read, as {@code detect} takes it ({@code --no-steim-check},
         * {@code --skip-damaged}).
         *
         * @param checkSteim whether a Steim record that fails its integrity check stops the job
         * @param leaveOutDamaged whether a day file's damaged records are left out, its sound records read (warned of
         *     in its station-day's warnings and counted in {@link Summary#damagedFiles()}) instead of
         *     stopping the job
         * @return these settings reading so
         */
        public Settings withReading(boolean checkSteim, boolean leaveOutDamaged) {
            return new Settings(sdsRoot, outDir, stations, from, to, modelFile, thresholdOn, thresholdOff, formats,
                    stationDaysPerBatch, trainDays, trainEpochs, trainBatches, trainFromModel, trim, amplitudeTerm,
                    residual, checkSteim, leaveOutDamaged, redoChanged);
        }

        /**
         * Whether the station-days done by an earlier run whose day files have changed since (late or
         * mended data) are done again ({@code --redo-changed}).
         *
         * @param redo whether they are done again, their rows taken out of the output first (by default
         *     they are named and kept)
         * @return these settings
         */
        public Settings withRedoChanged(boolean redo) {
            return new Settings(sdsRoot, outDir, stations, from, to, modelFile, thresholdOn, thresholdOff, formats,
                    stationDaysPerBatch, trainDays, trainEpochs, trainBatches, trainFromModel, trim, amplitudeTerm,
                    residual, steimCheck, skipDamaged, redo);
        }

        /** @return the reader's settings */
        public ReadOptions readOptions() {
            return ReadOptions.builder().verifySteimIntegrity(steimCheck).skipDamagedFiles(skipDamaged).build();
        }

        /** @return the archive, read with {@link #readOptions()} */
        SdsArchive archive() {
            return SdsArchive.open(sds(), readOptions());
        }

        /**
         * @param sds the archive's top folder
         * @param out the output folder
         * @param stations {@code NET.STA} codes
         * @param from first time wanted
         * @param to end of the range (excluded)
         * @param model a model file, or null for the bundled model
         * @param thresholdOn trigger-on level
         * @param thresholdOff trigger-off level
         * @param formats outputs besides Parquet
         * @param stationDaysPerBatch station-days written per batch
         * @return the settings
         */
        public static Settings of(Path sds, Path out, List<String> stations, Instant from, Instant to, Path model,
                                  double thresholdOn, double thresholdOff, Set<Format> formats, int stationDaysPerBatch) {
            return new Settings(sds.toAbsolutePath().toString(), out.toAbsolutePath().toString(), stations, from, to,
                    model == null ? null : model.toAbsolutePath().toString(), thresholdOn, thresholdOff, formats,
                    stationDaysPerBatch, 0, StationTraining.EPOCHS, StationTraining.BATCHES, false);
        }

        /** @return the archive's top folder */
        public Path sds() {
            return Path.of(sdsRoot);
        }

        /** @return the output folder */
        public Path out() {
            return Path.of(outDir);
        }

        /** @return the model file, or null for the bundled model */
        public Path model() {
            return modelFile == null ? null : Path.of(modelFile);
        }

        private static boolean isMidnight(Instant t) {
            return t.getEpochSecond() % 86_400 == 0 && t.getNano() == 0;
        }

        DetectorConfig detectorConfig() {
            return detectorConfig(thresholdOn, thresholdOff, trim, amplitudeTerm, residual);
        }

        static DetectorConfig detectorConfig(double on, double off, double trim, boolean amplitudeTerm,
                                                     boolean residual) {
            return DetectorConfig.builder().thresholdOn(on).thresholdOff(off).trim(trim).amplitudeTerm(amplitudeTerm)
                    .residual(residual).build();
        }

        /** @return what the score is, as the output's run record names it */
        String score() {
            // the default's words are those of every output since the amplitude term, so that they resume
            return (residual ? "learned distance and residual" : "learned distance")
                    + (amplitudeTerm ? " + amplitude term" : "");
        }
    }

    /**
     * What a run did.
     *
     * @param stationDays station-days in the range
     * @param skipped of those, done by an earlier run
     * @param detected of those, detected now
     * @param trained stations whose own model was trained now
     * @param calibrated station streams calibrated now
     * @param detections detections written now
     * @param picks picks written now
     * @param warned of the station-days detected now, those whose run warned of their data (a spike
     *     replaced, a component missing, a damaged record): the warnings are in the log, in the
     *     output's records and in the day files
     * @param seconds wall-clock time
     * @param changed of the station-days done by an earlier run, those whose day files have changed
     *     since (a file added, removed, or of another size or modification time: late or mended
     *     data), which are not done again: each is named in the log
     * @param damagedFiles day files left out as damaged, whole or in part ({@link Settings#skipDamaged()}), in the
     *     order met; each is warned of with its damage in its station-day's warnings
     * @param unscored of the station-days detected now, those that scored nothing ({@code NET.STA
     *     DAY}: no channel the model can use, or no data of the day in its files)
     * @param missing station-days between a station's first and last day in the range without a day
     *     file with data ({@link SdsArchive#missingDays})
     * @param redone station-days done by an earlier run whose day files had changed, taken out of the
     *     output and done again ({@link Settings#redoChanged()}); they count among those detected now
     * @param withoutFiles station-days of the range done by an earlier run that have no day file with
     *     data now (removed, or on storage not mounted): named, their rows kept, {@link
     *     Settings#redoChanged()} or not (review: a cron job would have lost them for good)
     */
    public record Summary(int stationDays, int skipped, int detected, int trained, int calibrated, long detections,
                          long picks, int warned, double seconds, List<String> changed, List<String> damagedFiles,
                          List<String> unscored, List<String> missing, List<String> redone, List<String> withoutFiles) {
        /**
         * The summary without the lists that came later (changed, damaged, unscored, missing and
         * redone station-days and files), as before they were recorded.
         */
        public Summary(int stationDays, int skipped, int detected, int trained, int calibrated, long detections,
                       long picks, int warned, double seconds) {
            this(stationDays, skipped, detected, trained, calibrated, detections, picks, warned, seconds, List.of(),
                    List.of(), List.of(), List.of(), List.of());
        }

        /** The summary without {@link #withoutFiles}, as before it was recorded. */
        public Summary(int stationDays, int skipped, int detected, int trained, int calibrated, long detections,
                       long picks, int warned, double seconds, List<String> changed, List<String> damagedFiles,
                       List<String> unscored, List<String> missing, List<String> redone) {
            this(stationDays, skipped, detected, trained, calibrated, detections, picks, warned, seconds, changed,
                    damagedFiles, unscored, missing, redone, List.of());
        }

        /** Copies the lists. */
        public Summary {
            withoutFiles = List.copyOf(withoutFiles);
            redone = List.copyOf(redone);
            changed = List.copyOf(changed);
            damagedFiles = List.copyOf(damagedFiles);
            unscored = List.copyOf(unscored);
            missing = List.copyOf(missing);
        }
    }

    /**
     * @param r a run's summary
     * @return the lines a summary adds where a run left day files out as damaged, scored nothing of a
     *     station-day, found days without files or met station-days done before whose files changed
     *     (empty where none of these), for the command lines to print
     */
    public static String notes(Summary r) {
        StringBuilder b = new StringBuilder();
        if (!r.damagedFiles().isEmpty()) {
            b.append(String.format(java.util.Locale.ROOT, "%d day file(s) left out as damaged, whole or in part (--skip-damaged; each"
                    + " warned of with its damage, in its station-day's warnings too): %s%n", r.damagedFiles().size(),
                    firstOf(r.damagedFiles())));
        }
        b.append(ArchiveDetector.stationDayNotes(r.unscored(), r.missing()));
        if (!r.changed().isEmpty()) {
            b.append(String.format(java.util.Locale.ROOT, "%d station-day(s) done before whose day files changed since"
                    + " were not done again: their rows are what they gave then (--redo-changed does them again): %s%n",
                    r.changed().size(), firstOf(r.changed())));
        }
        if (!r.withoutFiles().isEmpty()) {
            b.append(String.format(java.util.Locale.ROOT, "%d station-day(s) done before have no day file with data now"
                    + " (removed, or on storage not mounted): their rows stay as they were: %s%n", r.withoutFiles().size(),
                    firstOf(r.withoutFiles())));
        }
        if (!r.redone().isEmpty()) {
            b.append(String.format(java.util.Locale.ROOT, "%d station-day(s) done before whose day files changed since"
                    + " were done again, their earlier rows taken out: %s%n", r.redone().size(), firstOf(r.redone())));
        }
        return b.toString();
    }

    /**
     * Entry point for {@code spark-submit} (the cluster jar, {@code mvn -P cluster-jar package}):
     * {@code --sds ROOT --out DIR [--stations NET.STA,...] [--from DAY|TIME] [--to DAY|TIME]
     * [--model FILE] [--threshold ON] [--threshold-off OFF] [--format csv,quakeml,sc3ml] [--batch N]
     * [--train-days N [--train-epochs E] [--train-batches B] [--train-from scratch|model]] [--trim T]
     * [--no-amplitude-term] [--residual] [--no-steim-check] [--skip-damaged] [--redo-changed]} (the score's and
     * the reader's options as {@code detect} takes them).
     * Without {@code --from}/{@code --to} the archive's first and last days; a day given as
     * {@code --to} is included. The master is the one {@code spark-submit} gives.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        Settings s;
        try {
            s = parse(args);
        } catch (io.github.seisclr.BadInputException e) {
            System.err.println("seisclr-spark: error: " + e.getMessage());
            System.exit(1);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("seisclr-spark: error: " + e.getMessage());
            System.err.println("usage: spark-submit --class " + ArchiveJob.class.getName() + " seisclr-spark-cluster.jar"
                    + " --sds ROOT --out DIR [--stations NET.STA,...] [--from DAY|TIME] [--to DAY|TIME] [--model FILE]"
                    + " [--threshold ON] [--threshold-off OFF] [--format csv,quakeml,sc3ml] [--batch N] [--train-days N"
                    + " [--train-epochs E] [--train-batches B] [--train-from scratch|model]] [--trim T]"
                    + " [--no-amplitude-term] [--residual] [--no-steim-check] [--skip-damaged] [--redo-changed]");
            System.exit(2);
            return;
        }
        String problem = outputProblem(s.sds(), s.out());
        if (problem != null) { // said in one line before Spark starts (the diff's review: run's refusal was a stack trace)
            System.err.println("seisclr-spark: error: the output folder " + s.out() + " " + problem);
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("seisclr archive " + s.sdsRoot())
                .config("spark.sql.session.timeZone", "UTC").getOrCreate();
        try {
            Summary r = run(spark, s, line -> System.err.println("archive: " + line));
            System.err.printf(java.util.Locale.ROOT, "%d station-day(s): %d done before, %d detected now, %d detection(s), %d pick(s),"
                            + " %d station-day(s) with warnings about their data, %.1f s%n",
                    r.stationDays(), r.skipped(), r.detected(), r.detections(), r.picks(), r.warned(), r.seconds());
            System.err.print(notes(r));
        } finally {
            spark.stop();
        }
    }

    /** The options of {@link #main}, checked. */
    static Settings parse(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        Set<String> flags = new java.util.TreeSet<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (FLAGS.contains(k)) {
                flags.add(k);
                continue;
            }
            if (!k.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got '" + k + "'");
            }
            o.put(k, args[++i]);
        }
        for (String k : o.keySet()) {
            if (!Set.of("--sds", "--out", "--stations", "--from", "--to", "--model", "--threshold", "--threshold-off",
                    "--format", "--batch", "--train-days", "--train-epochs", "--train-batches", "--train-from",
                    "--trim").contains(k)) {
                throw new IllegalArgumentException("unknown option " + k);
            }
        }
        if (!o.containsKey("--sds") || !o.containsKey("--out")) {
            throw new IllegalArgumentException("--sds and --out are required");
        }
        double on = number(o, "--threshold", 5);
        double off = number(o, "--threshold-off", on / 2);
        double trim = number(o, "--trim", DetectorConfig.defaults().trim());
        boolean amplitudeTerm = !flags.contains("--no-amplitude-term");
        boolean residual = flags.contains("--residual");
        // the score's settings checked before the archive is scanned (which takes a while on a large one)
        Settings.detectorConfig(on, off, trim, amplitudeTerm, residual);
        int trainDays = Integer.parseInt(o.getOrDefault("--train-days", "0"));
        boolean trainFromModel = trainFromModel(o.get("--train-from"), trainDays);
        Path sds = Path.of(o.get("--sds"));
        List<String> stations = o.containsKey("--stations") ? List.of(o.get("--stations").split(",")) : List.of();
        SdsArchive.Stations chosen = SdsArchive.Stations.parse(stations.isEmpty() ? List.of("*.*") : stations);
        Instant from = o.containsKey("--from") ? Times.dayOrTime(o.get("--from"), false) : null;
        Instant to = o.containsKey("--to") ? Times.dayOrTime(o.get("--to"), true) : null;
        Range range = Range.of(SdsArchive.open(sds), chosen, from, to);
        from = range.from();
        to = range.to();
        EnumSet<Format> formats = EnumSet.of(Format.PARQUET);
        if (o.containsKey("--format")) {
            for (String f : o.get("--format").split(",")) {
                formats.add(Format.parse(f));
            }
        }
        return Settings.of(sds, Path.of(o.get("--out")), stations, from, to,
                o.containsKey("--model") ? Path.of(o.get("--model")) : null, on, off, formats,
                Integer.parseInt(o.getOrDefault("--batch", "64")))
                .withTraining(trainDays,
                        Integer.parseInt(o.getOrDefault("--train-epochs", String.valueOf(StationTraining.EPOCHS))),
                        Integer.parseInt(o.getOrDefault("--train-batches", String.valueOf(StationTraining.BATCHES))),
                        trainFromModel)
                .withScore(trim, amplitudeTerm, residual)
                .withReading(!flags.contains("--no-steim-check"), flags.contains("--skip-damaged"))
                .withRedoChanged(flags.contains("--redo-changed"));
    }

    /** @return the number given for {@code option}, or {@code otherwise}; a refusal naming the option */
    private static double number(Map<String, String> o, String option, double otherwise) {
        if (!o.containsKey(option)) {
            return otherwise;
        }
        try {
            return Double.parseDouble(o.get(option));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, got '" + o.get(option) + "'");
        }
    }

    /** The options of {@link #main} that take no value. */
    private static final Set<String> FLAGS = Set.of("--no-amplitude-term", "--residual", "--no-steim-check",
            "--skip-damaged", "--redo-changed");

    /**
     * The {@code --train-from} option, checked (for {@link #parse} and the command line alike).
     *
     * @param value {@code scratch} or {@code model} in any case, or null when not given (scratch)
     * @param trainDays the {@code --train-days} given: the option needs per-station training
     * @return whether each station's model is the job's model fine-tuned
     * @throws IllegalArgumentException for another value, or the option without training
     */
    public static boolean trainFromModel(String value, int trainDays) {
        String v = value == null ? "scratch" : value.toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("scratch") && !v.equals("model")) {
            throw new IllegalArgumentException("--train-from must be scratch or model, got '" + value + "'");
        }
        if (value != null && trainDays == 0) {
            throw new IllegalArgumentException("--train-from applies to per-station training: add --train-days N");
        }
        return v.equals("model");
    }

    /**
     * The days a run covers, where not given: from the archive's first day of the chosen stations to
     * its last before today (UTC). Today's day files are still growing in a live archive, and a
     * station-day is recorded as done whole, so today is left out unless asked for.
     *
     * @param from first day
     * @param to end (excluded)
     * @param todayLeftOut whether the archive holds today and {@code to} stops before it
     */
    public record Range(Instant from, Instant to, boolean todayLeftOut) {
        /**
         * @param archive the archive
         * @param stations the chosen stations
         * @param from the first time asked for, or null for the first day held
         * @param to the end asked for, or null for the end of the last day held before today
         * @return the range
         * @throws io.github.seisclr.BadInputException when the archive holds nothing of those stations
         */
        public static Range of(SdsArchive archive, SdsArchive.Stations stations, Instant from, Instant to) {
            if (from != null && to != null) {
                return new Range(from, to, false);
            }
            Instant[] held = archive.extent(stations);
            Instant today = LocalDate.now(java.time.ZoneOffset.UTC).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            boolean cut = to == null && held[1].isAfter(today);
            return new Range(from != null ? from : held[0], to != null ? to : cut ? today : held[1], cut);
        }
    }

    /** One task's result: a station-day's detections and picks. */
    record DayResult(String station, LocalDate day, List<Detection> detections, List<Pick> picks, double hours,
                     List<String> warnings, List<String> damagedFiles) implements Serializable {
        DayResult(String station, LocalDate day, List<Detection> detections, List<Pick> picks, double hours,
                  List<String> warnings) {
            this(station, day, detections, picks, hours, warnings, List.of());
        }
    }

    /**
     * Runs the job on a Spark session (local or on a cluster).
     *
     * @param spark the session
     * @param s what to run
     * @return what was done
     * @throws io.github.seisclr.BadInputException when the archive holds nothing in the range, a
     *     file is damaged, or the output holds a run made with another model, thresholds, score or
     *     training settings
     * @throws IllegalArgumentException when the output cannot go where it is asked for ({@link #outputProblem})
     */
    public static Summary run(SparkSession spark, Settings s) {
        return run(spark, s, line -> { });
    }

    /**
     * As {@link #run(SparkSession, Settings)}, saying after each batch how far the run has got.
     *
     * @param spark the session
     * @param s what to run
     * @param progress takes a line after each batch written: station-days written of those to do, and
     *     through which day (review: a run of months said nothing until its end)
     * @return what was done
     */
    public static Summary run(SparkSession spark, Settings s, java.util.function.Consumer<String> progress) {
        long t0 = System.nanoTime();
        String problem = outputProblem(s.sds(), s.out());
        if (problem != null) {
            throw new IllegalArgumentException("the output folder " + s.out() + " " + problem);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Encoder encoder = s.model() == null ? Encoder.bundled() : Encoder.load(s.model());
        String sha = encoder.featuresId();
        SdsArchive archive = s.archive();
        SdsArchive.Stations chosen = SdsArchive.Stations.parse(s.stations().isEmpty() ? List.of("*.*") : s.stations());
        Map<String, String> prints = fingerprints(archive, chosen, s.from(), s.to());
        String stray = archive.strayFilesWarning(chosen, s.from(), s.to(), 5);
        if (stray != null) {
            LOG.warn("{}: {}", s.sds(), stray);
        }
        Map<String, SortedSet<LocalDate>> days = new TreeMap<>();
        prints.keySet().forEach(k -> days.computeIfAbsent(k.substring(0, k.indexOf('|')), x -> new TreeSet<>())
                .add(LocalDate.parse(k.substring(k.indexOf('|') + 1))));
        if (days.isEmpty()) {
            throw new io.github.seisclr.BadInputException(io.github.seisclr.BadInputException.Problem.EMPTY,
                    s.sds().toString(), null, null, -1, "the archive holds no day file of " + chosen
                    + " from " + s.from() + " to " + s.to());
        }
        Path state = s.out().resolve(STATE);
        mkdirs(state.resolve("done"));
        mkdirs(state.resolve("hours"));
        try (OutputLock lock = OutputLock.take(state)) {
            return run(spark, jsc, s, t0, sha, days, prints, chosen, state, progress);
        } catch (org.apache.spark.SparkException e) {
            throw cause(e);
        }
    }

    /**
     * Where an output may not go: the archive's root or one of its year folders (its files would be
     * mixed with the day files), inside another seisclr output (its files would be read as that
     * output's rows), or a folder holding one (the reverse).
     *
     * @param sds the archive's root
     * @param out the output folder
     * @return why {@code out} cannot be the output, or null when it can
     */
    public static String outputProblem(Path sds, Path out) {
        // not where the archive's day files are looked for (a year folder); beside them is fine
        Path root = io.github.seisclr.io.AtomicFiles.real(sds);
        Path realOut = io.github.seisclr.io.AtomicFiles.real(out);
        Path inside = realOut.startsWith(root) ? root.relativize(realOut) : null;
        if (inside != null && (inside.toString().isEmpty() || inside.getName(0).toString().matches("[0-9]{4}"))) {
            return "is " + (inside.toString().isEmpty() ? "the archive's root"
                    : "in the archive's year folder " + sds.resolve(inside.getName(0))) + "; its files would be mixed"
                    + " with the day files. Give a folder outside the year folders";
        }
        // review (an operator): an output inside another output's folder was taken, and its Parquet files
        // read back as the other table's rows (duplicates, then a Spark error about the folders' layout)
        for (Path up = realOut.getParent(); up != null; up = up.getParent()) {
            if (Files.isDirectory(up.resolve(STATE))) {
                return "is inside the seisclr output " + up + " (it holds " + STATE + "/); its files would be read as"
                        + " that output's. Give a folder outside it";
            }
        }
        // and the reverse, an output one level down (diff review: --out /a after --out /a/picks)
        if (Files.isDirectory(realOut) && !Files.isDirectory(realOut.resolve(STATE))) {
            try (var children = Files.list(realOut)) {
                Path nested = children.filter(c -> Files.isDirectory(c.resolve(STATE))).findFirst().orElse(null);
                if (nested != null) {
                    return "holds the seisclr output " + nested + "; this output's table would read its files as its"
                            + " own. Give another folder";
                }
            } catch (IOException e) {
                // not listable here: writing into it says why
            }
        }
        return null;
    }

    /** The first seisclr error behind a failed Spark job (raised in a task), else the job's own. */
    static RuntimeException cause(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof io.github.seisclr.SeisclrException se) {
                return se;
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }

    private static Summary run(SparkSession spark, JavaSparkContext jsc, Settings s, long t0, String sha,
                               Map<String, SortedSet<LocalDate>> days, Map<String, String> prints,
                               SdsArchive.Stations chosen, Path state, java.util.function.Consumer<String> progress)
            throws org.apache.spark.SparkException {
        checkSameRun(state.resolve("run.properties"), sha, s);
        if (s.model() != null) {
            jsc.addFile(s.model().toAbsolutePath().toString());
        }
        String baseModel = s.model() == null ? null : s.model().getFileName().toString();

        // (1b) per-station training: one task per station without a model in this output yet
        Path models = state.resolve("models");
        Map<String, String> modelOf = new TreeMap<>(); // station -> model file for the executors (null: the base model)
        int trained = 0;
        if (s.trainDays() > 0) {
            mkdirs(models);
            List<String> toTrain = new ArrayList<>();
            Map<String, List<LocalDate>> sample = new HashMap<>();
            for (Map.Entry<String, SortedSet<LocalDate>> e : days.entrySet()) {
                Path m = models.resolve(e.getKey() + ".zip");
                modelOf.put(e.getKey(), m.toString());
                if (!Files.exists(m)) {
                    toTrain.add(e.getKey());
                    sample.put(e.getKey(), spread(List.copyOf(e.getValue()), s.trainDays()));
                    if (e.getValue().size() < s.trainDays()) {
                        // black-box review: it trained on fewer days than asked without a word
                        LOG.warn("{}: --train-days {} asks for more days than the {} with data in the range; its model is"
                                + " trained on those {}", e.getKey(), s.trainDays(), e.getValue().size(), e.getValue().size());
                    }
                }
            }
            if (!toTrain.isEmpty()) {
                Settings fs = s;
                String modelDir = models.toString();
                jsc.parallelize(toTrain, toTrain.size()).foreach(sta -> StationTraining.train(fs, baseModel, sta,
                        sample.get(sta), Path.of(modelDir, sta + ".zip")));
                trained = toTrain.size();
            }
        } else {
            days.keySet().forEach(sta -> modelOf.put(sta, null));
        }

        // (2) calibrations: one task per station not calibrated in this output yet (each with its model)
        Path calDir = state.resolve("calibrations");
        mkdirs(calDir);
        Map<String, String> shaOf = new TreeMap<>();
        for (String sta : days.keySet()) {
            if (modelOf.get(sta) == null) {
                shaOf.put(sta, sha);
            } else {
                try (Encoder own = Encoder.load(Path.of(modelOf.get(sta)))) {
                    shaOf.put(sta, own.featuresId());
                }
            }
        }
        List<String> toCalibrate = new ArrayList<>();
        Map<String, List<LocalDate>> daysOf = new HashMap<>();
        days.forEach((sta, d) -> {
            Path written = calDir.resolve(sta + ".json");
            // an empty file (written by earlier versions for a station no day could calibrate) is no calibration
            if (!Files.exists(written) || CalibrationFile.read(written, shaOf.get(sta)).isEmpty()) {
                toCalibrate.add(sta);
                daysOf.put(sta, List.copyOf(d));
            }
        });
        int calibrated = 0;
        // a station none of whose days gave a calibration is not written down as calibrated: its
        // days are fitted on themselves this time, and a later run (over more days) tries again
        Map<String, byte[]> notCalibrated = new HashMap<>();
        if (!toCalibrate.isEmpty()) {
            Settings fs = s;
            List<String[]> fitted = jsc.parallelize(toCalibrate, toCalibrate.size()).map(sta -> {
                Detector d = Executors.detector(fs, baseModel, modelOf.get(sta));
                Map<String, Calibration> c = new ArchiveDetector(d, fs.archive())
                        .calibrateOnFirst(sta, daysOf.get(sta), fs.from(), fs.to());
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                CalibrationFile.write(c, shaOf.get(sta), b);
                return new String[] {sta, b.toString(StandardCharsets.UTF_8)};
            }).collect();
            for (String[] f : fitted) {
                byte[] json = f[1].getBytes(StandardCharsets.UTF_8);
                int n = CalibrationFile.read(json, "calibrations of " + f[0], shaOf.get(f[0])).size();
                calibrated += n;
                if (n == 0) {
                    LOG.warn("{}: no day in the range gives a calibration (too short or too gappy); each day is"
                            + " fitted on itself, and a later run tries again", f[0]);
                    notCalibrated.put(f[0], json);
                    continue;
                }
                Path file = calDir.resolve(f[0] + ".json");
                try {
                    io.github.seisclr.io.AtomicFiles.write(file, os -> os.write(json));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write calibrations (" + file + "): " + e.getMessage(), e);
                }
            }
        }
        Map<String, byte[]> calBytes = new TreeMap<>();
        for (String sta : days.keySet()) {
            if (notCalibrated.containsKey(sta)) {
                calBytes.put(sta, notCalibrated.get(sta));
                continue;
            }
            Path file = calDir.resolve(sta + ".json");
            // checked here, once: a calibration of another model (a station model deleted and made
            // anew) is an error naming the file, not a failure in every task
            CalibrationFile.read(file, shaOf.get(sta));
            try {
                calBytes.put(sta, Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read calibrations of " + sta + ": " + e.getMessage(), e);
            }
        }
        Broadcast<Map<String, byte[]>> calibrations = jsc.broadcast(calBytes);
        Broadcast<Map<String, String>> stationModels = jsc.broadcast(modelOf);
        Broadcast<Map<String, String>> stationShas = jsc.broadcast(shaOf);

        // (3) what is left: not recorded as done, no rows written yet
        DayRecords hours = new DayRecords(state.resolve("hours"));
        finishUndo(spark, s, state); // a run that stopped while it took station-days out goes on with it first
        Map<String, String> doneWith = done(spark, s, sha, s.out(), state, hours);
        Set<String> done = doneWith.keySet();
        List<String> changed = changed(days, doneWith, prints, !s.redoChanged());
        List<String> redone = new ArrayList<>();
        if (s.redoChanged() && !changed.isEmpty()) {
            List<String> keys = changed.stream().map(c -> c.replace(' ', '|')).toList();
            undo(spark, s, state, keys);
            keys.forEach(doneWith::remove);
            redone.addAll(changed);
            changed = List.of();
        }
        // named, never taken out: a day file absent may be one moved to other storage or an unmounted
        // disk, and --redo-changed (run from cron) would then delete what it gave for good (review)
        List<String> withoutFiles = withoutFiles(doneWith, prints, chosen, s);
        if (!withoutFiles.isEmpty()) {
            LOG.warn("{} station-day(s) done by an earlier run have no day file with data now: {}; their rows stay as they"
                    + " were (restore the files, or keep the output as it is)", withoutFiles.size(), firstOf(withoutFiles));
        }
        missingDayFiles(spark, s, sha, days, done, hours);
        TreeMap<LocalDate, List<String>> todo = new TreeMap<>();
        int total = 0;
        int skipped = 0;
        for (Map.Entry<String, SortedSet<LocalDate>> e : days.entrySet()) {
            for (LocalDate d : e.getValue()) {
                total++;
                if (done.contains(key(e.getKey(), d))) {
                    skipped++;
                } else {
                    todo.computeIfAbsent(d, x -> new ArrayList<>()).add(e.getKey());
                }
            }
        }
        LOG.info("{} station-day(s) in the range, {} done before, {} to do", total, skipped, total - skipped);
        long detections = 0;
        long picks = 0;
        int detected = 0;
        int warned = 0;
        List<String> damaged = new ArrayList<>();
        List<String> unscored = new ArrayList<>();
        List<LocalDate> batchDays = new ArrayList<>();
        int inBatch = 0;
        for (Map.Entry<LocalDate, List<String>> e : todo.entrySet()) {
            batchDays.add(e.getKey());
            inBatch += e.getValue().size();
            if (inBatch >= s.stationDaysPerBatch() || e.getKey().equals(todo.lastKey())) {
                List<String> tasks = new ArrayList<>();
                for (LocalDate d : batchDays) {
                    todo.get(d).forEach(sta -> tasks.add(key(sta, d)));
                }
                List<DayResult> results = batch(jsc, s, baseModel, stationModels, stationShas, calibrations, tasks);
                write(spark, s, sha, results, hours, prints);
                results.forEach(r -> r.damagedFiles().stream().filter(f -> !damaged.contains(f)).forEach(damaged::add));
                results.stream().filter(r -> r.hours() == 0).forEach(r -> unscored.add(r.station() + " " + r.day()));
                progress.accept(String.format(java.util.Locale.ROOT, "%d of %d station-day(s) to do written (through %s),"
                        + " %.1f min", detected + results.size(), total - skipped, batchDays.get(batchDays.size() - 1),
                        (System.nanoTime() - t0) / 6e10));
                detected += results.size();
                for (DayResult r : results) {
                    detections += r.detections().size();
                    picks += r.picks().size();
                    warned += r.warnings().isEmpty() ? 0 : 1;
                }
                batchDays.clear();
                inBatch = 0;
            }
        }
        return new Summary(total, skipped, detected, trained, calibrated, detections, picks, warned,
                (System.nanoTime() - t0) / 1e9, changed, damaged, unscored, SdsArchive.missingDays(days), redone,
                withoutFiles);
    }

    /** One batch: a task per station-day, results collected (a day's picks are few). */
    private static List<DayResult> batch(JavaSparkContext jsc, Settings s, String baseModel,
                                         Broadcast<Map<String, String>> models, Broadcast<Map<String, String>> shas,
                                         Broadcast<Map<String, byte[]>> calibrations, List<String> tasks) {
        return jsc.parallelize(tasks, tasks.size()).map(task -> {
            String station = task.substring(0, task.indexOf('|'));
            LocalDate day = LocalDate.parse(task.substring(task.indexOf('|') + 1));
            Detector d = Executors.detector(s, baseModel, models.value().get(station));
            Map<String, Calibration> cal = Executors.calibrations(station, calibrations.value().get(station),
                    shas.value().get(station));
            ArchiveDetector detector = new ArchiveDetector(d, s.archive());
            DetectionResult r = detector.detectDay(station, day, cal, s.from(), s.to());
            return new DayResult(station, day, r.detections(), r.picks().picks(), r.hoursProcessed(),
                    new ArrayList<>(r.warnings()), new ArrayList<>(detector.damagedFiles()));
        }).collect();
    }

    /** Up to {@code n} of {@code days}, spread evenly from the first to the last. */
    static List<LocalDate> spread(List<LocalDate> days, int n) {
        if (days.size() <= n) {
            return days;
        }
        List<LocalDate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(days.get(n == 1 ? days.size() / 2 : (int) Math.round(i * (days.size() - 1.0) / (n - 1))));
        }
        return out;
    }

    /**
     * Writes a batch: its rows into Parquet, then each of its days' CSV / QuakeML file anew from all
     * of that day's rows in Parquet (stations done by earlier runs included), then the record that
     * the batch is done.
     */
    private static void write(SparkSession spark, Settings s, String sha, List<DayResult> results, DayRecords hours,
                              Map<String, String> prints) {
        TreeSet<LocalDate> batchDays = new TreeSet<>();
        results.forEach(r -> batchDays.add(r.day()));
        List<Row> rows = PickRows.rows(results);
        if (!rows.isEmpty()) {
            // files of earlier runs in INT96 read back alike
            writeParquet(spark, spark.createDataFrame(rows, PickRows.SCHEMA), s.out().resolve("picks"), SaveMode.Append);
        }
        String batch = "batch-" + batchDays.first() + "-" + UUID.randomUUID() + ".txt";
        // the hours and warnings of every station-day, those without a detection too: the day files'
        // station-hours and warnings
        List<String> lines = new ArrayList<>();
        for (DayResult r : results) {
            lines.add(key(r.station(), r.day()) + "\t" + r.hours());
            r.warnings().forEach(w -> lines.add(key(r.station(), r.day()) + "\t" + DayRecords.WARNING
                    + DayRecords.escape(w)));
        }
        record(s.out().resolve(STATE).resolve("hours").resolve(batch), lines);
        dayFiles(spark, s, sha, batchDays, hours);
        // each with what its day files were when the job listed them, for a later run to tell a changed day
        record(s.out().resolve(STATE).resolve("done").resolve(batch), results.stream().map(r -> key(r.station(), r.day()))
                .map(k -> prints.containsKey(k) ? k + "\t" + prints.get(k) : k).toList());
        LOG.info("batch {} to {}: {} station-day(s) written", batchDays.first(), batchDays.last(), results.size());
    }

    /**
     * Writes rows into a Parquet table partitioned by network, station and year, timestamps as INT64
     * microseconds marked UTC (as the docs say; not Spark's default INT96, which pyarrow and DuckDB
     * read as naive nanoseconds, review), set for this write only: the session may be a caller's.
     */
    private static void writeParquet(SparkSession spark, org.apache.spark.sql.Dataset<Row> rows, Path table, SaveMode mode) {
        String key = "spark.sql.parquet.outputTimestampType";
        String before = spark.conf().get(key, null);
        spark.conf().set(key, "TIMESTAMP_MICROS");
        try {
            rows.repartition(new org.apache.spark.sql.Column[] {org.apache.spark.sql.functions.col("network"),
                            org.apache.spark.sql.functions.col("station"), org.apache.spark.sql.functions.col("year")})
                    .write().mode(mode).partitionBy("network", "station", "year").parquet(table.toString());
        } finally {
            if (before == null) {
                spark.conf().unset(key);
            } else {
                spark.conf().set(key, before);
            }
        }
    }

    /**
     * Each day's CSV, QuakeML and SeisComP XML from all its rows in the Parquet table: the formats asked for, and
     * any other whose day file is there (review, an operator: a day done again by a run asked for
     * QuakeML alone kept a CSV of the rows taken out, for good).
     */
    private static void dayFiles(SparkSession spark, Settings s, String sha, Set<LocalDate> asked, DayRecords records) {
        Map<LocalDate, List<Format>> formats = new TreeMap<>();
        for (LocalDate d : asked) {
            List<Format> fs = Format.DAY_FILES.stream()
                    .filter(f -> s.formats().contains(f) || Files.exists(dayFilePath(s, f, d))).toList();
            if (!fs.isEmpty()) {
                formats.put(d, fs);
            }
        }
        Set<LocalDate> days = formats.keySet();
        if (days.isEmpty()) {
            return;
        }
        Map<LocalDate, List<Row>> byDay = new TreeMap<>();
        days.forEach(d -> byDay.put(d, new ArrayList<>()));
        Path picks = s.out().resolve("picks");
        if (Files.isDirectory(picks)) {
            Set<Integer> years = new TreeSet<>();
            days.forEach(d -> years.add(d.getYear()));
            org.apache.spark.sql.Column inYears = org.apache.spark.sql.functions.col("year").isin(years.toArray());
            org.apache.spark.sql.Column onDays = org.apache.spark.sql.functions.col("day")
                    .isin(days.stream().map(LocalDate::toString).toArray());
            for (Row r : table(spark, picks).where(inYears.and(onDays)).collectAsList()) {
                byDay.get(LocalDate.parse(r.<String>getAs("day"))).add(r);
            }
        }
        Map<LocalDate, Map<String, DayRecords.Day>> recorded = records.of(days);
        for (Map.Entry<LocalDate, List<Row>> e : byDay.entrySet()) {
            Map<String, DayRecords.Day> stations = recorded.getOrDefault(e.getKey(), Map.of());
            Map<String, Double> hours = new TreeMap<>();
            List<String> warnings = new ArrayList<>();
            stations.forEach((sta, d) -> {
                hours.put(sta, d.hours());
                warnings.addAll(d.warnings());
            });
            DetectionResult day = PickRows.result(e.getValue(), hours, s.detectorConfig(), Detector.modelId(sha))
                    .withWarnings(warnings);
            String producer = "seisclr archive " + s.sds() + " " + e.getKey();
            for (Format f : formats.get(e.getKey())) {
                dayFile(dayFilePath(s, f, e.getKey()), day, f.written, producer);
            }
        }
    }

    /**
     * What is recorded of each station-day done, read from the output's records ({@code
     * _seisclr/hours/}): its station-hours (a line {@code NET.STA|DAY<tab>HOURS}) and the warnings
     * its run gave about its data (a line {@code NET.STA|DAY<tab>warning<tab>TEXT} each, the text
     * escaped to one line). A record file is written once and never changed, so each is read the
     * first time it is listed; a job of many batches had read every one of them again at each batch.
     */
    static final class DayRecords {
        /** What a warning's line holds after its station-day and tab, before the text. */
        static final String WARNING = "warning\t";

        /** A station-day's record: its hours and its warnings, in the order said. */
        record Day(double hours, List<String> warnings) {
        }

        /** One record file: when it was written, and its station-days. */
        private record Recorded(long changed, Map<String, Map<LocalDate, Day>> days) {
        }

        private final Path dir;
        private final Map<Path, Recorded> read = new HashMap<>();

        DayRecords(Path dir) {
            this.dir = dir;
        }

        /**
         * The records of some days, by day and station (outputs of versions before the record have
         * none: their day files count the station-days with rows, and list no warnings). A
         * station-day done again (a job that died before recording a batch as done) takes its latest
         * record, warnings and all: the files are taken in order of their last change.
         */
        Map<LocalDate, Map<String, Day>> of(Set<LocalDate> days) {
            Map<LocalDate, Map<String, Day>> out = new TreeMap<>();
            if (!Files.isDirectory(dir)) {
                return out;
            }
            try (var files = Files.list(dir)) {
                List<Path> inOrder = new ArrayList<>(files.filter(p -> p.getFileName().toString().endsWith(".txt")).toList());
                for (Path f : inOrder) {
                    if (!read.containsKey(f)) {
                        read.put(f, new Recorded(Files.getLastModifiedTime(f).toMillis(), parse(f)));
                    }
                }
                inOrder.sort(java.util.Comparator.comparing((Path f) -> read.get(f).changed()).thenComparing(Path::toString));
                for (Path f : inOrder) {
                    read.get(f).days().forEach((station, byDay) -> byDay.forEach((day, d) -> {
                        if (days.contains(day)) {
                            out.computeIfAbsent(day, x -> new TreeMap<>()).put(station, d);
                        }
                    }));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the job's records (" + dir + "): " + e.getMessage(), e);
            }
            return out;
        }

        /** @return a record file's station-days (lines of other forms left out) */
        private static Map<String, Map<LocalDate, Day>> parse(Path f) throws IOException {
            Map<String, Map<LocalDate, Double>> hours = new HashMap<>();
            Map<String, Map<LocalDate, List<String>>> warnings = new HashMap<>();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                int bar = line.indexOf('|');
                int tab = line.indexOf('\t');
                if (bar < 0 || tab < bar) {
                    continue;
                }
                String station = line.substring(0, bar);
                LocalDate day = LocalDate.parse(line.substring(bar + 1, tab));
                String rest = line.substring(tab + 1);
                if (rest.startsWith(WARNING)) {
                    warnings.computeIfAbsent(station, x -> new HashMap<>()).computeIfAbsent(day, x -> new ArrayList<>())
                            .add(unescape(rest.substring(WARNING.length())));
                } else {
                    hours.computeIfAbsent(station, x -> new HashMap<>()).put(day, Double.parseDouble(rest));
                }
            }
            Map<String, Map<LocalDate, Day>> out = new HashMap<>();
            hours.forEach((station, byDay) -> byDay.forEach((day, h) -> out.computeIfAbsent(station, x -> new HashMap<>())
                    .put(day, new Day(h, List.copyOf(warnings.getOrDefault(station, Map.of()).getOrDefault(day, List.of()))))));
            return out;
        }

        /** @return the text on one line: backslash, tab, line feed and carriage return escaped */
        static String escape(String text) {
            StringBuilder b = new StringBuilder(text.length());
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '\\' -> b.append("\\\\");
                    case '\t' -> b.append("\\t");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    default -> b.append(c);
                }
            }
            return b.toString();
        }

        /** @return the text {@link #escape} was given */
        static String unescape(String line) {
            StringBuilder b = new StringBuilder(line.length());
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c != '\\' || i + 1 == line.length()) {
                    b.append(c);
                    continue;
                }
                char n = line.charAt(++i);
                b.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            }
            return b.toString();
        }
    }

    /**
     * Day files asked for now (a run resumed with {@code --format csv}) that are missing, of days
     * with a station-day done before: made from the rows already written (a day that a batch of
     * this run touches is made again then, with all its rows).
     */
    private static void missingDayFiles(SparkSession spark, Settings s, String sha,
                                        Map<String, SortedSet<LocalDate>> days, Set<String> done, DayRecords hours) {
        Set<LocalDate> doneDays = new TreeSet<>();
        days.forEach((sta, ds) -> ds.stream().filter(d -> done.contains(key(sta, d))).forEach(doneDays::add));
        Set<LocalDate> missing = new TreeSet<>();
        for (LocalDate d : doneDays) {
            for (Format f : Format.DAY_FILES) {
                if (s.formats().contains(f) && !Files.exists(dayFilePath(s, f, d))) {
                    missing.add(d);
                }
            }
        }
        if (!missing.isEmpty()) {
            LOG.info("{} day file(s) asked for now of days done before: made from the rows written", missing.size());
            dayFiles(spark, s, sha, missing, hours);
        }
    }

    /** The Parquet table with its own schema (not inferred: station codes of digits stay text). */
    static org.apache.spark.sql.Dataset<Row> table(SparkSession spark, Path picks) {
        return spark.read().schema(PickRows.SCHEMA).parquet(picks.toString());
    }

    /** Records station-days as done, whole or not at all. */
    private static void record(Path file, List<String> stationDays) {
        String text = String.join("\n", stationDays) + "\n";
        try {
            io.github.seisclr.io.AtomicFiles.write(file, os -> os.write(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record finished station-days (" + file + "): " + e.getMessage(), e);
        }
    }

    /**
     * @return where a day's CSV ({@code csv/YEAR/DAY.csv}), QuakeML ({@code quakeml/YEAR/DAY.xml}) or
     *     SeisComP XML ({@code sc3ml/YEAR/DAY.scml}) file goes
     */
    private static Path dayFilePath(Settings s, Format format, LocalDate day) {
        if (format.folder == null) {
            throw new IllegalArgumentException(format + " is no day file");
        }
        return s.out().resolve(format.folder).resolve(String.valueOf(day.getYear())).resolve(day + format.extension);
    }

    private static void dayFile(Path f, DetectionResult r, Writers.Format fmt, String producer) {
        try {
            Files.createDirectories(f.getParent());
            io.github.seisclr.io.AtomicFiles.write(f, os -> Writers.write(r, fmt, producer, os));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write day file (" + f + "): " + e.getMessage(), e);
        }
    }

    /**
     * Station-days recorded as done, and those with rows in the Parquet output: each with the
     * fingerprint of its day files when it was done ({@link #fingerprints}), or null where none is
     * recorded (outputs of versions before fingerprints, a batch recovered from its rows).
     */
    private static Map<String, String> done(SparkSession spark, Settings s, String sha, Path out, Path state,
                                            DayRecords hours) {
        Map<String, String> done = new HashMap<>();
        try (var files = Files.list(state.resolve("done"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    String k = doneKey(line);
                    String print = k.length() == line.length() ? null : line.substring(k.length() + 1);
                    if (!k.isEmpty() && (print != null || !done.containsKey(k))) {
                        done.put(k, print);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the job's records (" + state + "): " + e.getMessage(), e);
        }
        Path picks = out.resolve("picks");
        List<String> unrecorded = new ArrayList<>();
        if (Files.isDirectory(picks)) {
            for (Row r : table(spark, picks).select("network", "station", "day").distinct().collectAsList()) {
                String k = key(r.getString(0) + "." + r.getString(1), LocalDate.parse(r.getString(2)));
                if (!done.containsKey(k)) {
                    done.put(k, null);
                    unrecorded.add(k);
                }
            }
        }
        if (!unrecorded.isEmpty()) {
            // a batch written but not recorded (the job died in between): its rows stand, recorded now
            LOG.info("{} station-day(s) written by an earlier run but not recorded: kept as done", unrecorded.size());
            TreeSet<LocalDate> recoveredDays = new TreeSet<>();
            unrecorded.forEach(k -> recoveredDays.add(LocalDate.parse(k.substring(k.indexOf('|') + 1))));
            dayFiles(spark, s, sha, recoveredDays, hours);
            record(state.resolve("done").resolve("recovered-" + UUID.randomUUID() + ".txt"), unrecorded);
        }
        return done;
    }

    /**
     * The run record's training entry; a fine-tuning run keeps the wording of the versions before
     * training from random weights, so that their outputs can be resumed.
     */
    private static String trainRecord(Settings s, boolean fromModel) {
        return s.trainDays() == 0 ? "no" : s.trainDays() + " days, " + s.trainEpochs() + " epochs x "
                + s.trainBatches() + " batches" + (fromModel ? "" : ", from random weights");
    }

    /** The trim of every output written before the trim was recorded (the detector's default then). */
    static final double LEGACY_TRIM = 0.25;

    /** The model, thresholds, training and score of a run are those of every earlier run into the same output. */
    private static void checkSameRun(Path file, String sha, Settings s) {
        java.util.Properties now = new java.util.Properties();
        now.setProperty("model", sha);
        now.setProperty("threshold_on", String.valueOf(s.thresholdOn()));
        now.setProperty("threshold_off", String.valueOf(s.thresholdOff()));
        now.setProperty("train", trainRecord(s, s.trainFromModel()));
        // the score: an output of a version before the amplitude term has no such entry
        now.setProperty("score", s.score());
        if (s.trim() != LEGACY_TRIM) {
            // recorded only where it is not the trim every earlier output used unrecorded
            now.setProperty("trim", String.valueOf(s.trim()));
        }
        if (Files.exists(file)) {
            java.util.Properties before = new java.util.Properties();
            try (var in = Files.newInputStream(file)) {
                before.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            if (!before.equals(now)) {
                // an output of a version whose per-station training fine-tuned the job's model
                java.util.Properties fineTuned = new java.util.Properties();
                fineTuned.putAll(now);
                fineTuned.setProperty("train", trainRecord(s, true));
                String earlier = before.getProperty("model");
                String hint = !s.trainFromModel() && before.equals(fineTuned)
                        ? " (its stations' models were fine-tuned from the job's model: to resume it, add --train-from model)"
                        : !sha.equals(earlier) && EncoderConfig.withoutSettingsTag(sha).equals(earlier)
                        // the same weights at the defaults; or, in an output of a version before the
                        // settings entered the id, at any settings: nothing in it tells which
                        ? " (it was run with these weights at the default sample rate, band and window, or, if"
                        + " written by a seisclr before the model id recorded them, at settings it does not tell;"
                        + " this model runs them at other settings, which score differently)"
                        : before.getProperty("score") == null
                        ? " (it was written by a version that scored without the amplitude term, which this version"
                        + " cannot resume with any settings)"
                        : "";
                throw new io.github.seisclr.BadInputException(io.github.seisclr.BadInputException.Problem.INCONSISTENT,
                        file.toString(), null, null, -1, "this output holds a run with " + before + ", not " + now
                        + ": picks of two settings would mix; choose another output folder" + hint);
            }
            return;
        }
        try {
            io.github.seisclr.io.AtomicFiles.write(file, os -> now.store(os, "seisclr archive run"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output folder (" + dir + "): " + e.getMessage(), e);
        }
    }

    static String key(String station, LocalDate day) {
        return station + "|" + day;
    }

    /** The journal of station-days being taken out of an output ({@link #undo}). */
    private static final String REDO_JOURNAL = "redo.txt";

    /**
     * Takes station-days out of the output, so that they are done again: their rows out of the
     * Parquet table (each station-year partition that holds them written anew without them, then put
     * in the old one's place), then their records as done. A journal ({@code _seisclr/redo.txt})
     * lists them first, so that a run stopped in between goes on with it ({@link #finishUndo}).
     *
     * @param keys station-days ({@link #key})
     */
    private static void undo(SparkSession spark, Settings s, Path state, List<String> keys) {
        record(state.resolve(REDO_JOURNAL), keys);
        finishUndo(spark, s, state);
    }

    /** Completes the undo the journal lists, if any: each step can be done again without harm. */
    private static void finishUndo(SparkSession spark, Settings s, Path state) {
        Path journal = state.resolve(REDO_JOURNAL);
        if (!Files.exists(journal)) {
            return;
        }
        List<String> keys;
        try {
            keys = Files.readAllLines(journal, StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + journal + ": " + e.getMessage(), e);
        }
        Path picks = s.out().resolve("picks");
        Map<String, Set<String>> byPartition = new TreeMap<>(); // network=N/station=S/year=Y -> days
        for (String k : keys) {
            String station = k.substring(0, k.indexOf('|'));
            String day = k.substring(k.indexOf('|') + 1);
            String partition = "network=" + station.substring(0, station.indexOf('.')) + "/station="
                    + station.substring(station.indexOf('.') + 1) + "/year=" + day.substring(0, 4);
            byPartition.computeIfAbsent(partition, x -> new TreeSet<>()).add(day);
        }
        Path work = state.resolve("redo");
        for (Map.Entry<String, Set<String>> e : byPartition.entrySet()) {
            Path partition = picks.resolve(e.getKey());
            Path dir = work.resolve(e.getKey().replace('/', '_'));
            Path newRoot = dir.resolve("new");
            Path fresh = newRoot.resolve(e.getKey());
            Path old = dir.resolve("old");
            try {
                if (Files.exists(old)) {
                    // the partition was moved away: put the new one in its place if it is not there yet
                    if (!Files.exists(partition) && Files.exists(fresh)) {
                        Files.move(fresh, partition, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    }
                } else if (Files.exists(partition)) {
                    deleteTree(newRoot);
                    org.apache.spark.sql.Column redone = org.apache.spark.sql.functions.col("day").isin(e.getValue().toArray());
                    org.apache.spark.sql.Dataset<Row> kept = spark.read().schema(PickRows.SCHEMA)
                            .option("basePath", picks.toString()).parquet(partition.toString()).where(redone.unary_$bang());
                    writeParquet(spark, kept, newRoot, SaveMode.ErrorIfExists);
                    Files.createDirectories(dir);
                    Files.move(partition, old, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    if (Files.exists(fresh)) {
                        Files.move(fresh, partition, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    }
                }
                deleteTree(dir);
            } catch (IOException x) {
                throw new UncheckedIOException("cannot take station-days out of " + partition + " (the run goes on"
                        + " with it when started again): " + x.getMessage(), x);
            }
        }
        // then their records as done, each file written anew without them
        Set<String> gone = new HashSet<>(keys);
        try (var files = Files.list(state.resolve("done"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".txt")).toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                List<String> kept = lines.stream().filter(l -> !gone.contains(doneKey(l))).toList();
                if (kept.size() < lines.size()) {
                    if (kept.stream().allMatch(String::isEmpty)) {
                        Files.delete(f);
                    } else {
                        record(f, kept);
                    }
                }
            }
            deleteTree(work);
            Files.delete(journal);
        } catch (IOException x) {
            throw new UncheckedIOException("cannot update the job's records (" + state + "): " + x.getMessage(), x);
        }
        LOG.info("{} station-day(s) taken out of the output, to be done again", keys.size());
    }

    /** @return the first ten items, and how many more there are */
    private static String firstOf(List<String> items) {
        return String.join(", ", items.subList(0, Math.min(10, items.size())))
                + (items.size() > 10 ? " and " + (items.size() - 10) + " more" : "");
    }

    /** @return the station-day ({@link #key}) a line of the done records names: the text before its tab, if any */
    private static String doneKey(String line) {
        int tab = line.indexOf('\t');
        return tab < 0 ? line : line.substring(0, tab);
    }

    /** Deletes a folder and what it holds, if it is there. */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * What the job finds of each station-day's own day files in the range: a checksum of their
     * names, sizes and modification times, recorded with the day when it is done, so that a later
     * run can tell a day whose files have changed since (late data, a mended or replaced file).
     *
     * @return by station-day ({@link #key}), the station-days that have a day file with data
     */
    static Map<String, String> fingerprints(SdsArchive archive, SdsArchive.Stations chosen, Instant from, Instant to) {
        Map<String, List<SdsArchive.DayFile>> byDay = new TreeMap<>();
        for (SdsArchive.DayFile f : archive.files(chosen, LocalDate.ofInstant(from, java.time.ZoneOffset.UTC),
                LocalDate.ofInstant(to.minusNanos(1), java.time.ZoneOffset.UTC))) {
            byDay.computeIfAbsent(key(f.channel().network() + "." + f.channel().station(), f.day()),
                    k -> new ArrayList<>()).add(f);
        }
        Map<String, String> out = new TreeMap<>();
        byDay.forEach((k, files) -> {
            StringBuilder b = new StringBuilder();
            files.stream().sorted(java.util.Comparator.comparing(f -> f.file().getFileName().toString())).forEach(f -> {
                long modified;
                try {
                    modified = Files.getLastModifiedTime(f.file()).toMillis();
                } catch (IOException e) {
                    modified = -1; // read as it can be when its turn comes; an error then names it
                }
                b.append(f.file().getFileName()).append('\t').append(f.bytes()).append('\t').append(modified).append('\n');
            });
            try {
                byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(b.toString()
                        .getBytes(StandardCharsets.UTF_8));
                out.put(k, java.util.HexFormat.of().formatHex(h, 0, 8));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e); // every Java platform has SHA-256
            }
        });
        return out;
    }

    /**
     * Review (an operator, 2026-12-08): a station-day whose day files were all removed after it was
     * done was not said at all (removing one component's file was a change, removing them all was
     * not). It is named; its rows are kept (the files may be on a disk not mounted).
     *
     * @return the station-days ({@code NET.STA DAY}) done with a record of their day files, of the
     *     stations chosen and days of the run, that have no day file with data now
     */
    private static List<String> withoutFiles(Map<String, String> done, Map<String, String> prints,
                                             SdsArchive.Stations chosen, Settings s) {
        LocalDate first = LocalDate.ofInstant(s.from(), java.time.ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(s.to().minusNanos(1), java.time.ZoneOffset.UTC);
        List<String> out = new ArrayList<>();
        done.forEach((k, print) -> {
            if (print == null || prints.containsKey(k)) {
                return;
            }
            String station = k.substring(0, k.indexOf('|'));
            LocalDate day = LocalDate.parse(k.substring(k.indexOf('|') + 1));
            int dot = station.indexOf('.');
            if (!day.isBefore(first) && !day.isAfter(last) && chosen.matches(station.substring(0, dot),
                    station.substring(dot + 1))) {
                out.add(station + " " + day);
            }
        });
        java.util.Collections.sort(out);
        return out;
    }

    /**
     * @return the station-days of the range done by an earlier run whose day files have changed
     *     since, each logged (they are not done again: this output keeps what they gave then)
     */
    private static List<String> changed(Map<String, SortedSet<LocalDate>> days, Map<String, String> done,
                                        Map<String, String> prints, boolean warn) {
        List<String> changed = new ArrayList<>();
        days.forEach((sta, ds) -> ds.forEach(d -> {
            String k = key(sta, d);
            String then = done.get(k);
            if (then != null && !then.equals(prints.get(k))) {
                changed.add(sta + " " + d);
            }
        }));
        if (!changed.isEmpty() && !warn) {
            LOG.info("{} station-day(s) done by an earlier run have day files that changed since: done again ({})",
                    changed.size(), firstOf(changed));
        } else if (!changed.isEmpty()) {
            LOG.warn("{} station-day(s) done by an earlier run have day files that changed since (a file"
                    + " added or removed, or another size or modification time: late or mended data): {}; they are"
                    + " not done again, so this output holds what they gave then: --redo-changed takes their rows out"
                    + " and does them again", changed.size(), firstOf(changed));
        }
        return changed;
    }

    /**
     * What each executor JVM keeps between tasks: the detector (each model loaded once, the most
     * recently used few kept) and the stations' calibrations.
     */
    static final class Executors {
        /** At most this many models, and stations' calibrations, per executor JVM (stations come and go). */
        private static final int KEEP = 64;
        private static boolean threadsSet;
        private static final Map<String, Detector> DETECTORS = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Detector> eldest) {
                return size() > KEEP;
            }
        };
        private static final Map<String, Map<String, Calibration>> CALIBRATIONS = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<String, Calibration>> eldest) {
                return size() > KEEP;
            }
        };

        private Executors() {
        }

        /**
         * @param s the job
         * @param baseModel the file name of the job's model as shipped with the job, or null for the bundled one
         * @param stationModel a station's own model on the shared file system, or null for the base model
         */
        static synchronized Detector detector(Settings s, String baseModel, String stationModel) {
            if (!threadsSet && System.getenv("OMP_NUM_THREADS") == null) {
                // the executor's cores run tasks side by side: one ND4J thread per operation in each
                Encoder.useOneThreadPerOperation();
                threadsSet = true;
            }
            String key = (stationModel != null ? stationModel : "base:" + s.modelFile()) + "|" + s.thresholdOn() + "|"
                    + s.thresholdOff() + "|" + s.trim() + "|" + s.score();
            return DETECTORS.computeIfAbsent(key, k -> {
                Encoder e = stationModel != null ? Encoder.load(Path.of(stationModel)) : base(baseModel);
                return Detector.of(e, s.detectorConfig());
            });
        }

        /** The base model (for training a station's own from it). */
        static Encoder base(String baseModel) {
            return baseModel == null ? Encoder.bundled() : Encoder.load(Path.of(SparkFiles.get(baseModel)));
        }

        static synchronized Map<String, Calibration> calibrations(String station, byte[] json, String sha) {
            return CALIBRATIONS.computeIfAbsent(station + "|" + sha + "|" + json.length + "|" + java.util.Arrays.hashCode(json),
                    k -> CalibrationFile.read(json, "calibrations of " + station, sha));
        }
    }

    /** For tests and tools: the station-days an output records as done. */
    static SortedSet<String> recorded(Path out) throws IOException {
        SortedSet<String> all = new TreeSet<>();
        try (var files = Files.list(out.resolve(STATE).resolve("done"))) {
            for (Path f : files.toList()) {
                Files.readAllLines(f).forEach(l -> all.add(doneKey(l)));
            }
        }
        return all;
    }
}
