package io.github.seisclr.cli;

import io.github.seisclr.baseline.StaLtaDetector;
import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.Detector;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.eval.MethodScores;
import io.github.seisclr.eval.PickScores;
import io.github.seisclr.eval.ReferenceEvent;
import io.github.seisclr.eval.ReferencePicks;
import io.github.seisclr.eval.Residuals;
import io.github.seisclr.eval.SyntheticPicks;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.WaveformSet;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.model.Trainer;
import io.github.seisclr.pick.Picker;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code seisclr evaluate}: seisclr and STA/LTA side by side against reference picks. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure seisclr and recursive STA/LTA against reference picks and write a report "
                + "(Markdown + PNG). The encoder is trained on unlabelled waveforms (by default the evaluated "
                + "folder itself); the picks are read only to score.")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ReadingOptions reading = new ReadingOptions();

    @Option(names = "--data", required = true, description = "folder with picks.csv and the miniSEED it refers to")
    Path data;

    @Option(names = "--picks", description = "reference picks: a CSV table or QuakeML (default: DATA/picks.csv);"
            + " with QuakeML there are no window starts, so false detections per hour of noise are not counted")
    Path picks;

    @Option(names = "--train-on", description = "unlabelled miniSEED to train on (default: the evaluated waveforms)")
    Path trainOn;

    @Option(names = "--model", description = "use this model instead of training one")
    Path model;

    @Option(names = "--out", defaultValue = "evaluation", description = "report folder (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--epochs", defaultValue = "8", description = "training epochs (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batches", defaultValue = "40", description = "batches per epoch (default ${DEFAULT-VALUE})")
    int batches;

    /** The furthest a P pick can lie from a reference P (s) and still count as its gross error. */
    static final double GROSS_REACH = 5;

    /** seisclr's precision-recall curve: on thresholds run, each with the default off/on ratio. */
    private static final double[] CURVE_THRESHOLDS = {2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8, 10, 12, 15, 20};
    /** Random initialisations the trained model is compared with. */
    private static final int UNTRAINED_SEEDS = 3;

    @Option(names = "--no-amplitude-term", description = DetectCommand.NO_AMPLITUDE_TERM)
    boolean noAmplitudeTerm;

    @Option(names = "--residual", description = DetectCommand.RESIDUAL)
    boolean residual;

    @Option(names = "--trim", description = "background model's trimmed share (default: the detector's, as `detect` uses)")
    Double trim;

    /** Widest onset tolerance taken (s): wider ones match detections to other events' P. */
    static final double MAX_TOLERANCE = 10;

    /**
     * Refuses an onset tolerance outside (0, {@link #MAX_TOLERANCE}] s: {@code evaluate}'s and
     * {@code ablate}'s check.
     */
    static void checkTolerance(double tolerance) {
        if (!(tolerance > 0 && tolerance <= MAX_TOLERANCE)) {
            throw new UsageException("--tolerance must be above 0 s and at most " + MAX_TOLERANCE
                    + " s (a wider one matches detections to other events' P), got " + tolerance);
        }
    }

    @Option(names = "--tolerance", defaultValue = "1.5", description = "onset tolerance around the reference P, s, above 0"
            + " and at most 10 (default ${DEFAULT-VALUE})")
    double tolerance;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", defaultValue = "42", description = "training seed (default ${DEFAULT-VALUE})")
    long seed;

    /** Seeds of the synthetic events whose picks the report shows beside the real ones. */
    private static final long[] SYNTHETIC_SEEDS = {7, 8};

    @Override
    public Integer call() throws IOException {
        if (trim == null) {
            trim = DetectorConfig.defaults().trim();
        }
        // the settings checked before any output folder is made, data read or model trained
        checkTolerance(tolerance);
        if (!java.nio.file.Files.exists(data)) {
            // said as the folder's absence, not as a pick table missing from it (review)
            throw new io.github.seisclr.BadInputException(io.github.seisclr.BadInputException.Problem.IO, data.toString(),
                    null, null, -1, "--data: no such folder");
        }
        DetectorConfig defaults = UsageException.options(() -> DetectorConfig.builder().trim(trim)
                        .amplitudeTerm(!noAmplitudeTerm).residual(residual).build(),
                "trim", "--trim");
        if (model != null) {
            // nothing is trained with --model: training options given with it would be ignored silently
            for (String o : new String[] {"--train-on", "--epochs", "--batches"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw new UsageException(o + " sets the training done when no --model is given; with --model "
                            + model + " nothing is trained here");
                }
            }
        }
        // --epochs and --batches only matter when a model is trained here
        Trainer.Builder training = model != null ? null : UsageException.options(() -> Trainer.builder()
                .epochs(epochs).batchesPerEpoch(batches).seed(seed), TrainCommand.TRAINER_OPTIONS);
        boolean made = !java.nio.file.Files.exists(out);
        Outputs.folder("--out", out, Outputs.inputs(List.of(), data, trainOn));
        try {
            return evaluate(defaults, training);
        } catch (RuntimeException | IOException | Error e) {
            // review (a new user): a run that failed (bad picks, damaged data) left the empty folder it made
            if (made) {
                try {
                    java.nio.file.Files.deleteIfExists(out); // only where it is still empty
                } catch (IOException notEmpty) {
                    // something was written: kept
                }
            }
            throw e;
        }
    }

    private Integer evaluate(DetectorConfig defaults, Trainer.Builder training) throws IOException {
        Main.oneThreadPerOperation();
        Path pickFile = picks != null ? picks : data.resolve("picks.csv");
        WaveformSet read = Waveforms.reader(reading.options()).read(data);
        WaveformSet set = withoutFilesReadInPart(read, reading.options());
        List<ReferencePicks.Row> allRows = ReferencePicks.read(pickFile);
        List<ReferencePicks.Row> rows = withoutLeftOut(allRows, data, read, pickFile);
        int rowsLeftOut = allRows.size() - rows.size();
        List<ReferenceEvent> refs = rows.stream().map(ReferencePicks.Row::event).toList();
        List<StationStream> stations = stationsOfReferencedNetworks(rows, set.stations());
        java.util.Map<String, Integer> absent = stationsWithoutWaveforms(refs, stations);
        if (!refs.isEmpty() && absent.values().stream().mapToInt(Integer::intValue).sum() == refs.size()) {
            // every reference would be missed by every method: a mismatch of codes, not a result
            List<String> named = List.copyOf(absent.keySet());
            List<String> held = stations.stream().map(StationStream::station).distinct().sorted().toList();
            throw new io.github.seisclr.SeisclrException(pickFile + ": none of the " + named.size() + " station(s) the"
                    + " reference picks name (" + Listing.first(named, 5, ", ") + ") is held in the waveforms of " + data
                    + " (held: " + Listing.first(held, 5, ", ") + "): check the station codes");
        }
        warnAboutStationsWithoutWaveforms(refs, stations);
        warnAboutFilesNotHeld(rows, data, pickFile);
        double noiseHours = MethodScores.noiseHours(rows, data, stations);
        Encoder encoder;
        String modelNote;
        if (model != null) {
            encoder = Encoder.load(model);
            modelNote = "model " + model + " (given)";
        } else {
            Path src = trainOn != null ? trainOn : data;
            System.err.println("training on the unlabelled waveforms of " + src + " (no picks are read) ...");
            Trainer trainer = training.build();
            encoder = trainer.fit(Waveforms.reader(reading.options()).read(src).stations());
            encoder.save(out.resolve("model.zip"));
            boolean noHoldOut = trainer.validatedOnTrainingWindows();
            modelNote = String.format(Locale.ROOT, "model trained here on the unlabelled waveforms of %s (%d epochs x %d"
                    + " batches, seed %d; %s)%s", src, epochs, batches, seed, out.resolve("model.zip"), noHoldOut
                    ? "; its windows are too short to hold some back, so the epoch kept was chosen on training windows"
                    : "");
        }
        Duration tol = Duration.ofMillis(Math.round(tolerance * 1000));
        DetectionResult atDefault = Detector.of(encoder, defaults).detect(stations, s -> { });
        List<MethodScores.Candidate> seisDefault = MethodScores.candidates(atDefault);
        StaLtaDetector sl = StaLtaDetector.defaults();
        List<StaLtaDetector.Cft> cfts = new ArrayList<>();
        stations.forEach(s -> cfts.addAll(sl.characteristic(s)));
        List<MethodScores.Candidate> slDefault = staLtaCandidates(sl, cfts, 3.5);

        // the same pipeline with random starting weights (the training seed's and two more): what training adds
        List<MethodScores.Point> untrainedPoints = new ArrayList<>();
        List<Double> untrainedFp = new ArrayList<>();
        for (long s = seed; s < seed + UNTRAINED_SEEDS; s++) {
            List<MethodScores.Candidate> u = MethodScores.candidates(Detector.of(encoder.untrained(s), defaults).detect(stations, x -> { }));
            MethodScores.Point p = MethodScores.at(u, refs, tol, noiseHours, defaults.thresholdOn());
            untrainedPoints.add(p);
            untrainedFp.add(MethodScores.preEventFalse(u, p.result(), p.threshold(), rows, tol) / noiseHours);
        }
        MethodScores.Point sd = MethodScores.at(seisDefault, refs, tol, noiseHours, defaults.thresholdOn());
        MethodScores.Point ld = MethodScores.at(slDefault, refs, tol, noiseHours, 3.5);
        // seisclr's trigger onsets (and so its P picks) depend on the threshold: one run per point
        List<MethodScores.Point> sCurve = new ArrayList<>();
        for (DetectionResult r : Detector.of(encoder, defaults).sweep(stations, CURVE_THRESHOLDS)) {
            sCurve.add(MethodScores.at(MethodScores.candidates(r), refs, tol, noiseHours, r.settings().thresholdOn()));
        }
        // review (2026-12-07): the one setting above is blind for each window's first 10 s and triggers again on
        // each event's S; the best of the common settings, chosen with the labels, is STA/LTA's upper figure here
        StaLtaGrid grid = staLtaGrid(stations, refs, rows, tol, noiseHours);
        // one run per trigger level, as seisclr's (review: the peaks of one run at 2.0 gave STA/LTA a best, and
        // points of the figure, that no single run of it reaches): the grid's run of this setting, its first
        List<MethodScores.Point> lCurve = grid.tutorialCurve();
        MethodScores.Point sBest = MethodScores.best(sCurve);
        MethodScores.Point lBest = MethodScores.best(lCurve);
        PickScores seisRes = PickScores.of(atDefault, refs, tol);
        MethodScores.PickResiduals slRes = MethodScores.residuals(ld, slDefault, refs);
        SyntheticPicks.Result synthetic = SyntheticPicks.run(new Picker(encoder.config().bandLowHz(),
                encoder.config().bandHighHz(), defaults.pickPreSeconds(), defaults.pickPostSeconds(),
                defaults.maxSMinusPSeconds()), SYNTHETIC_SEEDS);
        long falseSeis = MethodScores.preEventFalse(seisDefault, sd.result(), sd.threshold(), rows, tol);
        long falseSl = MethodScores.preEventFalse(slDefault, ld.result(), ld.threshold(), rows, tol);
        double fpSeis = falseSeis / noiseHours;
        double fpSl = falseSl / noiseHours;

        prCurve(sCurve, lCurve, grid, sd, ld);
        boolean residualFigure = seisRes.residualsP().length + slRes.pValues().length > 0;
        if (residualFigure) {
            histogram(out.resolve("residuals-p.png"), "P residuals at default thresholds (s)", seisRes.residualsP(),
                    slRes.pValues());
        }
        StringBuilder md = new StringBuilder();
        md.append("# Evaluation: seisclr and recursive STA/LTA\n\n");
        md.append(String.format(Locale.ROOT, "Data: %s, %d reference event%s at %d station%s, %.2f station-hours, %.3f h of"
                + " pre-event noise. Matching: a detection is true when its onset (its P pick; STA/LTA's AIC-refined"
                + " trigger) lies within %.1f s of a reference P, one per reference.%n%n", data, refs.size(),
                refs.size() == 1 ? "" : "s", stations.size(), stations.size() == 1 ? "" : "s", atDefault.hoursProcessed(), noiseHours, tolerance));
        md.append(noiseNote(noiseHours));
        if (rowsLeftOut > 0) {
            md.append(String.format(Locale.ROOT, "%d reference row(s) not scored: their waveform files were left out as"
                    + " damaged, whole or in part (--skip-damaged), and evaluated without.%n%n", rowsLeftOut));
        }
        md.append("seisclr: ").append(modelNote).append("; default threshold ").append(defaults.thresholdOn())
                .append(" / ").append(defaults.thresholdOff()).append(", trim ").append(trim)
                .append(defaults.residual() ? ", scored by the distance and the residual (--residual)" : "")
                .append(defaults.amplitudeTerm() ? ", with the amplitude term (STA/LTA's log ratio on the vertical"
                        + " beyond three prior spreads)" : ", without the amplitude term (--no-amplitude-term)")
                .append(".\n");
        md.append("STA/LTA: vertical band-passed 1-20 Hz (4 corners, causal), recursive STA/LTA 0.5 s / 10 s,"
                + " trigger_onset 3.5 / 1.5 by default, onset refined by AIC.\n\n");
        md.append("## Detection\n\n| method | threshold | precision | recall | F1 | false detections per hour of pre-event noise |\n");
        md.append("|---|---|---|---|---|---|\n");
        md.append(row("seisclr (default)", sd, fpSeis));
        md.append(row("seisclr (best)", sBest, Double.NaN));
        for (int i = 0; i < untrainedPoints.size(); i++) {
            md.append(row("seisclr, untrained encoder, seed " + (seed + i) + " (default)", untrainedPoints.get(i),
                    untrainedFp.get(i)));
        }
        md.append(row("STA/LTA (default)", ld, fpSl));
        md.append(row("STA/LTA (best)", lBest, Double.NaN));
        md.append(row("STA/LTA, best of " + grid.settings() + " settings at 3.5 / 1.5 (" + grid.atDefault().describe()
                + ")", grid.defaultPoint(), grid.defaultFalsePerHour()));
        md.append(row("STA/LTA, best of " + grid.settings() + " settings and trigger levels (" + grid.best().describe()
                + ")", grid.bestPoint(), Double.NaN));
        if (noiseHours > 0) {
            // review: 7.3 per hour was 3 detections; the interval says what such a count can tell apart
            double[] a = MethodScores.poissonInterval(falseSeis, noiseHours);
            double[] b = MethodScores.poissonInterval(falseSl, noiseHours);
            md.append(String.format(Locale.ROOT, "%nFalse detections at the default thresholds: seisclr %d in %.3f h"
                    + " (95 %% interval %.1f-%.1f per hour), STA/LTA %d (%.1f-%.1f per hour): counts this small tell"
                    + " apart only rates several times apart.%n", falseSeis, noiseHours, a[0], a[1], falseSl, b[0], b[1]));
        }
        md.append(warmUpNote(rows, sl.ltaSeconds(), sd, ld, untrainedPoints));
        md.append(String.format(Locale.ROOT, "%nThe last two STA/LTA rows try %d common settings, fixed before these data"
                + " were run through them: " + StaLtaDetector.describeCommonSettings() + " (a dead time so that an"
                + " event's S does not trigger again, as SeisComP's scautopick holds back picks after one). Chosen with the labels, the best of them is an"
                + " upper figure for STA/LTA on these data: a user setting it up without labels would not know which"
                + " one it is. F1 at 3.5 / 1.5 over the %d settings: %.3f to %.3f, median %.3f.%n", grid.settings(),
                grid.settings(), grid.lowestF1AtDefault(), grid.defaultPoint().result().f1(), grid.medianF1AtDefault()));
        md.append("\nBest thresholds are chosen with the labels (an upper bound); defaults are not. The untrained rows run"
                + " the same pipeline with random starting weights" + (model == null ? " (the first seed is the trained"
                + " model's own start)" : "") + ":"
                + " the difference is what training adds, and their spread what the choice of random weights alone"
                + " moves.\n\n![PR curves](pr-curve.png)\n\n");
        md.append("## Picks (matched events, default thresholds)\n\n| method | phase | n | missing | mean | std | MAE |"
                + " within 0.1 s | within 0.2 s | within 0.5 s |\n|---|---|---|---|---|---|---|---|---|---|\n");
        md.append(res("seisclr", "P", seisRes.p())).append(res("seisclr", "S", seisRes.s()))
                .append(res("STA/LTA + AIC", "P", slRes.p()));
        md.append(String.format(Locale.ROOT, "%nS picked for %d of the %d detected events with a reference S (%.0f %%)."
                + " Missing: P for undetected events, S for detected events without an S pick.%n",
                seisRes.sPicked(), seisRes.withReferenceS(), 100.0 * seisRes.sPicked() / Math.max(1, seisRes.withReferenceS())));
        // review: a P pick more than the tolerance off is a missed event and a false detection, never a
        // residual, so the table above cannot show gross errors (an S taken for P among them)
        List<MethodScores.Candidate> seisP = atDefault.picks().select(io.github.seisclr.pick.Phase.P).stream()
                .map(p -> new MethodScores.Candidate(p.channel().station(), p.time(), Double.NaN, null)).toList();
        md.append(String.format(Locale.ROOT, "Gross P errors, which the table leaves out (a P pick more than %.1f s off is"
                + " counted as a missed event and a false detection): reference P whose nearest P pick at the station lies"
                + " more than %.1f s and at most %.0f s away: seisclr %d, STA/LTA + AIC %d, of %d.%n", tolerance, tolerance,
                GROSS_REACH, MethodScores.grossErrors(refs, seisP, tolerance, GROSS_REACH),
                MethodScores.grossErrors(refs, slDefault, tolerance, GROSS_REACH), refs.size()));
        md.append(residualFigure ? "\n![P residuals](residuals-p.png)\n"
                : "\n(No P pick of either method was matched to a reference, so there is no residual figure.)\n");
        md.append("\n## Uncertainties\n\nShare of residuals within one and two of the reported standard deviations (a late"
                + " pick against its lower uncertainty, an early one against its upper): about 68 % and 95 % if they mean"
                + " what they say. Real: the matched events above, against the reference picks (whose own errors add to"
                + " the residuals). Synthetic: " + synthetic.events() + " events generated here with known arrivals (seeds "
                + java.util.Arrays.toString(SYNTHETIC_SEEDS) + ", `SyntheticPicks`), picked from onsets up to 0.5 s off.\n\n"
                + "| data | phase | n | MAE (s) | median sigma (s) | within 1 sigma | within 2 sigma |\n|---|---|---|---|---|---|---|\n");
        md.append(coverage("real", "P", seisRes.p(), seisRes.pCoverage())).append(coverage("real", "S", seisRes.s(), seisRes.sCoverage()))
                .append(coverage("synthetic", "P", synthetic.p(), synthetic.pCoverage()))
                .append(coverage("synthetic", "S", synthetic.s(), synthetic.sCoverage()));
        PickScores.Polarities pol = seisRes.polarity();
        md.append(String.format(Locale.ROOT, "%n## First-motion polarity (P)%n%nReal: decided (positive or negative) for %d of"
                        + " %d matched P picks (%.0f %%); the reference has no polarities to check them against."
                        + " Synthetic: decided for %d of %d, the source's own sign in %d.%n", pol.decided(), pol.picks(),
                100.0 * pol.decided() / Math.max(1, pol.picks()), synthetic.polarityDecided(),
                synthetic.p().count(), synthetic.polarityRight()));
        md.append(examples(set, atDefault, rows, tol, Plots.Band.of(encoder.config())));
        Outputs.writeString("--out", out.resolve("report.md"), md.toString());
        System.out.print(md);
        System.err.println("\nwrote " + out.resolve("report.md"));
        return 0;
    }

    /** Seconds before the reference P where an example window starts when the references give no start. */
    static final double EXAMPLE_LEAD_SECONDS = 20;

    /**
     * Writes up to six example windows (the first two detected, missed and with a false detection before P) with
     * waveforms, score, threshold, reference picks (black) and seisclr's picks (red P, blue S).
     */
    private String examples(WaveformSet set, DetectionResult r, List<ReferencePicks.Row> rows, Duration tol,
                            Plots.Band band) throws IOException {
        Path dir = out.resolve("examples");
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder("\n## Example windows\n\nThe first two windows (in picks-file order) of"
                + " each kind: detected, missed, and with a false detection before P. Black: reference P and S; red and"
                + " blue: seisclr's P and S, shaded: their uncertainty; dashed grey: trigger on and off. Each component"
                + " is shown band-passed to the model's band (top), then the score with its on and off levels, then"
                + " each component raw (bottom); time in seconds after the reference P. A window is the reference's"
                + " own (its `start`) and 60 s long; where the references give no start (continuous data, QuakeML),"
                + " the 60 s from " + (long) EXAMPLE_LEAD_SECONDS + " s before the reference P.\n\n");
        List<MethodScores.Candidate> all = MethodScores.candidates(r);
        java.util.Map<String, Integer> perKind = new java.util.HashMap<>();
        int shown = 0;
        List<StationStream> stations = set.stations();
        for (ReferencePicks.Row row : rows) {
            Instant p0 = row.event().pTime();
            // review (a new user, 2026-12-08): references without a window start (continuous data, QuakeML)
            // gave a report that promised example windows and showed none
            Instant start = row.windowStart() != null ? row.windowStart() : p0.minusSeconds((long) EXAMPLE_LEAD_SECONDS);
            List<MethodScores.Candidate> here = all.stream().filter(c -> c.station().equals(row.event().station())
                    && !c.onset().isBefore(start) && !c.onset().isAfter(start.plusSeconds(60)))
                    .toList();
            String kind = here.stream().anyMatch(c -> c.onset().isBefore(p0.minus(tol))) ? "false-alarm"
                    : here.stream().anyMatch(c -> !c.onset().isBefore(p0.minus(tol)) && !c.onset().isAfter(p0.plus(tol)))
                    ? "detected" : "missed";
            if (perKind.getOrDefault(kind, 0) >= 2) {
                continue;
            }
            StationStream s = stations.stream().filter(x -> x.station().equals(row.event().station())
                    && x.components().values().stream().flatMap(List::stream)
                    .anyMatch(t -> !t.start().isAfter(row.event().pTime()) && !t.end().isBefore(row.event().pTime())))
                    .findFirst().orElse(null);
            if (s == null) {
                continue;
            }
            Instant from = start.isBefore(s.start()) ? s.start() : start;
            Instant to = start.plusSeconds(60).isAfter(s.end()) ? s.end() : start.plusSeconds(60);
            List<Plots.Mark> marks = new ArrayList<>();
            marks.add(Plots.Mark.line(row.event().pTime(), "ref P", java.awt.Color.BLACK));
            if (row.event().sTime() != null) {
                marks.add(Plots.Mark.line(row.event().sTime(), "ref S", java.awt.Color.BLACK));
            }
            for (Detection d : r.detections()) {
                if (d.station().equals(s.code()) && !d.start().isBefore(from) && !d.start().isAfter(to)) {
                    marks.add(Plots.Mark.dashed(d.start(), "on", java.awt.Color.GRAY));
                    marks.add(Plots.Mark.dashed(d.end(), "off", java.awt.Color.GRAY));
                    Plots.picksOf(r.picks(), d.id()).forEach(p -> marks.add(Plots.Mark.pick(p)));
                }
            }
            String name = String.format(Locale.ROOT, "%02d-%s-%s.png", shown + 1, s.station(), kind);
            List<String> header = List.of(s.code() + "   reference P " + row.event().pTime() + "   (" + kind + ")",
                    "time: seconds after the reference P; black: reference P and S; red and blue: seisclr's P and S,"
                            + " shaded: their uncertainty; dashed grey: trigger on and off",
                    "top: " + band.label() + " (the model's band, zero-phase); middle: score; bottom: raw counts");
            Plots.write("--out", dir.resolve(name), Plots.figure(header, s, new Plots.Window(from, to,
                    row.event().pTime()), band, r.scores(), r.settings().thresholdOn(), r.settings().thresholdOff(), marks));
            md.append("![").append(name).append("](examples/").append(name).append(")\n\n");
            perKind.merge(kind, 1, Integer::sum);
            shown++;
        }
        return md.toString();
    }

    /**
     * References name a station by its code, and by its network where they say it (QuakeML's
     * {@code networkCode}, a CSV's {@code network} column). Where a code they name is held in
     * several networks, the waveforms of the networks the references name for it are evaluated and
     * the others left out, each named; where they name no network for it (or several), the
     * detections of all of them are matched against its references, with a warning.
     *
     * @return the stations to evaluate
     */
    static List<StationStream> stationsOfReferencedNetworks(List<ReferencePicks.Row> rows, List<StationStream> stations) {
        java.util.Map<String, java.util.Set<String>> held = new java.util.TreeMap<>();
        stations.forEach(s -> held.computeIfAbsent(s.station(), k -> new java.util.TreeSet<>()).add(s.network()));
        java.util.Map<String, java.util.Set<String>> named = new java.util.HashMap<>();
        java.util.Set<String> unnamed = new java.util.HashSet<>();
        for (ReferencePicks.Row r : rows) {
            if (r.network() == null) {
                unnamed.add(r.event().station());
            } else {
                named.computeIfAbsent(r.event().station(), k -> new java.util.TreeSet<>()).add(r.network());
            }
        }
        java.util.Set<String> leftOut = new java.util.TreeSet<>();
        held.forEach((sta, nets) -> {
            if (nets.size() < 2 || !(named.containsKey(sta) || unnamed.contains(sta))) {
                return;
            }
            java.util.Set<String> want = named.getOrDefault(sta, java.util.Set.of());
            if (unnamed.contains(sta) || want.size() != 1 || !nets.containsAll(want)) {
                System.err.printf(Locale.ROOT, "warning: station code '%s' is held in networks %s; the references"
                        + " do not tell which one they mean, so the detections of all of them are matched against its"
                        + " references (give the waveforms of one network, or name it: QuakeML's networkCode, a"
                        + " network column)%n", sta, String.join(", ", nets));
                return;
            }
            for (String n : nets) {
                if (!want.contains(n)) {
                    leftOut.add(n + "." + sta);
                }
            }
        });
        if (!leftOut.isEmpty()) {
            System.err.printf(Locale.ROOT, "note: left out of the evaluation, as the references name the other"
                    + " network of the same station code: %s%n", String.join(", ", leftOut));
        }
        return stations.stream().filter(s -> !leftOut.contains(s.network() + "." + s.station())).toList();
    }

    /** @return the stations of references that the waveforms do not hold, sorted, each with its count of references */
    static java.util.Map<String, Integer> stationsWithoutWaveforms(List<ReferenceEvent> refs, List<StationStream> stations) {
        java.util.Set<String> held = new java.util.HashSet<>();
        stations.forEach(s -> held.add(s.station()));
        java.util.Map<String, Integer> missing = new java.util.TreeMap<>();
        for (ReferenceEvent r : refs) {
            if (!held.contains(r.station())) {
                missing.merge(r.station(), 1, Integer::sum);
            }
        }
        return missing;
    }

    /**
     * A reference at a station the waveforms do not hold can only be missed: says so once per station
     * (a station written NET.STA in the pick table, a typo, a station not downloaded), so that a low
     * recall is not read as the detector's.
     */
    static List<String> warnAboutStationsWithoutWaveforms(List<ReferenceEvent> refs, List<StationStream> stations) {
        java.util.Map<String, Integer> missing = stationsWithoutWaveforms(refs, stations);
        missing.forEach((sta, n) -> System.err.printf(Locale.ROOT, "warning: %d reference pick(s) at station '%s', which"
                + " the waveforms do not hold: counted as missed by every method, and their windows not as noise"
                + " time%n", n, sta));
        return List.copyOf(missing.keySet());
    }

    /**
     * Leaves out whole the files {@code --skip-damaged} read in part (their damaged records left out):
     * their reference rows are not scored ({@link #withoutLeftOut}), so the detections in the part
     * read would count as false (review: a window cut after its P turned its true detection into a
     * false one). Said in one line.
     *
     * @param read the data as read
     * @param options how they were read
     * @return {@code read}, or the data read again without those files
     * @throws io.github.seisclr.SeisclrException where no other file is left
     */
    static WaveformSet withoutFilesReadInPart(WaveformSet read, io.github.seisclr.io.ReadOptions options) {
        List<String> inPart = read.damagedFiles().stream().filter(read.sources()::contains).toList();
        if (inPart.isEmpty()) {
            return read;
        }
        List<Path> rest = read.sources().stream().filter(s -> !inPart.contains(s)).map(Path::of).toList();
        if (rest.isEmpty()) {
            throw new io.github.seisclr.SeisclrException("nothing to evaluate: every waveform file was left out as"
                    + " damaged, whole or in part (--skip-damaged; the warnings above give each one's damage)");
        }
        System.err.printf(Locale.ROOT, "warning: %d file(s) read in part (--skip-damaged) left out whole (%s): a"
                + " window's events are scored with all of it or not at all%n", inPart.size(),
                Listing.first(inPart, 5, ", "));
        return Waveforms.reader(options).read(rest);
    }

    /**
     * Leaves out the rows whose waveform file is in the folder but was not read whole (left out as
     * damaged, whole or in part, {@code --skip-damaged}): their events cannot be found, and counting
     * them as missed would lower every method's recall alike. Said in one line.
     */
    static List<ReferencePicks.Row> withoutLeftOut(List<ReferencePicks.Row> rows, Path data, WaveformSet set,
                                                   Path pickFile) {
        java.util.Set<Path> damaged = new java.util.HashSet<>();
        set.damagedFiles().forEach(x -> damaged.add(Path.of(x).toAbsolutePath().normalize()));
        List<ReferencePicks.Row> kept = new java.util.ArrayList<>();
        java.util.Set<String> leftOut = new java.util.TreeSet<>();
        for (ReferencePicks.Row r : rows) {
            boolean named = r.file() != null && !r.file().isBlank() && r.fileHeldIn(data);
            if (!damaged.isEmpty() && named && damaged.contains(data.resolve(r.file()).toAbsolutePath().normalize())) {
                leftOut.add(r.file());
            } else {
                kept.add(r);
            }
        }
        if (!leftOut.isEmpty()) {
            List<String> named = List.copyOf(leftOut);
            System.err.printf(Locale.ROOT, "warning: %d row(s) of %s name %d file(s) left out as damaged (%s):"
                    + " those reference events are not scored%n", rows.size() - kept.size(), pickFile, named.size(),
                    Listing.first(named, 5, ", "));
        }
        return kept;
    }

    /**
     * Says which files the pick table names that the data folder does not hold (a file not
     * downloaded, a path written otherwise): such a row is still matched by its station and time,
     * against whatever waveforms of that station the folder holds.
     */
    static List<String> warnAboutFilesNotHeld(List<ReferencePicks.Row> rows, Path data, Path pickFile) {
        java.util.Map<String, Integer> missing = new java.util.TreeMap<>();
        for (ReferencePicks.Row r : rows) {
            if (!r.fileHeldIn(data)) {
                missing.merge(r.file(), 1, Integer::sum);
            }
        }
        if (!missing.isEmpty()) {
            List<String> named = List.copyOf(missing.keySet());
            System.err.printf(Locale.ROOT, "warning: %s names %d file(s) that %s does not hold (%s), in %d row(s):"
                    + " those rows are matched by station and time against the station's other waveforms, and their"
                    + " windows are no noise time%n", pickFile,
                    named.size(), data, Listing.first(named, 5, ", "), missing.values().stream().mapToInt(Integer::intValue).sum());
        }
        return List.copyOf(missing.keySet());
    }

    private static String coverage(String data, String phase, Residuals r, PickScores.Coverage c) {
        if (c.n() == 0) {
            // no pick of that phase to judge: empty cells, not NaN
            return String.format(Locale.ROOT, "| %s | %s | 0 |  |  |  |  |%n", data, phase);
        }
        return String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %.2f | %.2f |%n", data, phase, c.n(), r.mae(),
                c.medianSigma(), c.within1(), c.within2());
    }

    /**
     * The best of {@link StaLtaDetector#commonSettings()} on the windows, at the default levels and over all;
     * {@code tutorialCurve}: the run per trigger level of the first setting, {@link StaLtaDetector#defaults()}.
     */
    private record StaLtaGrid(int settings, StaLtaDetector atDefault, MethodScores.Point defaultPoint,
                              double defaultFalsePerHour, StaLtaDetector best, MethodScores.Point bestPoint,
                              List<MethodScores.Point> bestCurve, List<MethodScores.Point> tutorialCurve,
                              double medianF1AtDefault, double lowestF1AtDefault) {
    }

    private static StaLtaGrid staLtaGrid(List<StationStream> stations, List<ReferenceEvent> refs,
                                         List<ReferencePicks.Row> rows, Duration tol, double noiseHours) {
        List<StaLtaDetector> settings = StaLtaDetector.commonSettings();
        StaLtaDetector atDefault = null;
        MethodScores.Point defaultPoint = null;
        double defaultFalse = Double.NaN;
        StaLtaDetector best = null;
        MethodScores.Point bestPoint = null;
        List<MethodScores.Point> bestCurve = List.of();
        List<MethodScores.Point> tutorialCurve = List.of();
        double[] f1 = new double[settings.size()];
        int k = 0;
        for (StaLtaDetector d : settings) {
            List<StaLtaDetector.Cft> cfts = new ArrayList<>();
            stations.forEach(s -> cfts.addAll(d.characteristic(s)));
            List<MethodScores.Candidate> c = staLtaCandidates(d, cfts, 3.5);
            MethodScores.Point p = MethodScores.at(c, refs, tol, noiseHours, 3.5);
            f1[k++] = p.result().f1();
            if (defaultPoint == null || p.result().f1() > defaultPoint.result().f1()) {
                atDefault = d;
                defaultPoint = p;
                defaultFalse = MethodScores.preEventFalse(c, p.result(), p.threshold(), rows, tol) / noiseHours;
            }
            List<MethodScores.Point> curve = runs(d, cfts, refs, tol, noiseHours);
            if (d == settings.get(0)) { // defaults(), commonSettings() first
                tutorialCurve = curve;
            }
            MethodScores.Point b = MethodScores.best(curve);
            if (bestPoint == null || b.result().f1() > bestPoint.result().f1()) {
                best = d;
                bestPoint = b;
                bestCurve = curve;
            }
        }
        return new StaLtaGrid(settings.size(), atDefault, defaultPoint, defaultFalse, best, bestPoint, bestCurve,
                tutorialCurve, new org.apache.commons.math3.stat.descriptive.rank.Median().evaluate(f1),
                java.util.Arrays.stream(f1).min().orElse(Double.NaN));
    }

    /** STA/LTA's triggers at an on level (off at 1.5, or the on level where that is lower), AIC onsets. */
    private static List<MethodScores.Candidate> staLtaCandidates(StaLtaDetector d, List<StaLtaDetector.Cft> cfts,
                                                                 double on) {
        return d.triggers(cfts, on, Math.min(AblateCommand.STALTA_OFF, on)).stream()
                .map(o -> new MethodScores.Candidate(o.station(), o.aicPick(), o.peak(), null)).toList();
    }

    /** One STA/LTA run per trigger level of {@link AblateCommand#STALTA_THRESHOLDS}, levels ascending. */
    private static List<MethodScores.Point> runs(StaLtaDetector d, List<StaLtaDetector.Cft> cfts,
                                                 List<ReferenceEvent> refs, Duration tol, double noiseHours) {
        List<MethodScores.Point> out = new ArrayList<>();
        for (double on : AblateCommand.STALTA_THRESHOLDS) {
            out.add(MethodScores.at(staLtaCandidates(d, cfts, on), refs, tol, noiseHours, on));
        }
        return out;
    }

    private static String row(String name, MethodScores.Point p, double fpPerHour) {
        return String.format(Locale.ROOT, "| %s | %.2f | %.3f | %.3f | %.3f | %s |%n", name, p.threshold(),
                p.result().precision(), p.result().recall(), p.result().f1(),
                Double.isNaN(fpPerHour) ? "" : String.format(Locale.ROOT, "%.1f", fpPerHour));
    }

    private static String res(String method, String phase, Residuals r) {
        if (r.count() == 0) {
            return String.format(Locale.ROOT, "| %s | %s | 0 | %d | | | | | | |%n", method, phase, r.missing());
        }
        return String.format(Locale.ROOT, "| %s | %s | %d | %d | %.3f | %.3f | %.3f | %.2f | %.2f | %.2f |%n", method, phase,
                r.count(), r.missing(), r.mean(), r.std(), r.mae(), r.within01(), r.within02(), r.within05());
    }

    private void prCurve(List<MethodScores.Point> s, List<MethodScores.Point> l, StaLtaGrid grid, MethodScores.Point sd,
                         MethodScores.Point ld) throws IOException {
        XYChart c = new XYChartBuilder().width(800).height(600).title("Precision-recall over the threshold")
                .xAxisTitle("recall").yAxisTitle("precision").build();
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
        addCurve(c, "seisclr", s);
        addCurve(c, "STA/LTA", l);
        addCurve(c, "STA/LTA, best of " + grid.settings() + " settings (" + grid.best().describe() + ")",
                grid.bestCurve());
        c.addSeries("seisclr default", new double[] {sd.result().recall()}, new double[] {sd.result().precision()})
                .setMarker(SeriesMarkers.DIAMOND);
        c.addSeries("STA/LTA default", new double[] {ld.result().recall()}, new double[] {ld.result().precision()})
                .setMarker(SeriesMarkers.SQUARE);
        Outputs.write("--out", out.resolve("pr-curve.png"), os -> BitmapEncoder.saveBitmap(c, os, BitmapEncoder.BitmapFormat.PNG));
    }

    /** A curve of the points with at least one detection (where none is, precision has no value). */
    private static void addCurve(XYChart c, String name, List<MethodScores.Point> points) {
        List<MethodScores.Point> p = points.stream()
                .filter(x -> x.result().truePositives() + x.result().falsePositives() > 0).toList();
        if (!p.isEmpty()) {
            c.addSeries(name, p.stream().mapToDouble(x -> x.result().recall()).toArray(),
                    p.stream().mapToDouble(x -> x.result().precision()).toArray()).setMarker(SeriesMarkers.NONE);
        }
    }

    private static void histogram(Path file, String title, double[] seis, double[] sl) throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(800).height(500).title(title).xAxisTitle("pick - reference (s)")
                .yAxisTitle("count").build();
        c.getStyler().setOverlapped(true);
        addHist(c, "seisclr", seis);
        addHist(c, "STA/LTA + AIC", sl);
        Outputs.write("--out", file, os -> BitmapEncoder.saveBitmap(c, os, BitmapEncoder.BitmapFormat.PNG));
    }

    private static void addHist(CategoryChart c, String name, double[] v) {
        if (v.length == 0) {
            return;
        }
        List<Double> clipped = java.util.Arrays.stream(v).map(x -> Math.max(-1.5, Math.min(1.5, x))).boxed().toList();
        Histogram h = new Histogram(clipped, 20, -1.5, 1.5);
        c.addSeries(name, h.getxAxisData(), h.getyAxisData());
    }

    /**
     * @return the report's note where no pre-event noise is known (review: "0.000 h of pre-event noise"
     *     and an empty column went unexplained for a picks CSV without window starts), else nothing
     */
    static String noiseNote(double noiseHours) {
        return noiseHours > 0 ? "" : "No false detections per hour: the reference picks give no window start, so no"
                + " stretch before an event is known to hold none (a picks CSV with a `start` column, each window's"
                + " first sample, gives it).\n\n";
    }


    /**
     * The report's note on STA/LTA's warm-up (review: on one-minute windows ObsPy's recursive STA/LTA
     * is zero for its first LTA length, so it cannot see a P there; the windows' comparison favoured
     * seisclr by that): how many reference P lie in it, and each method's recall over the others.
     */
    static String warmUpNote(List<ReferencePicks.Row> rows, double ltaSeconds, MethodScores.Point seis,
                             MethodScores.Point staLta, List<MethodScores.Point> untrained) {
        // only rows whose window start is known: without it nothing is known of the warm-up (review)
        long started = rows.stream().filter(r -> r.windowStart() != null).count();
        List<ReferenceEvent> seen = MethodScores.atLeastInto(rows, ltaSeconds);
        if (started == 0 || seen.size() == started) {
            return "";
        }
        StringBuilder random = new StringBuilder();
        for (MethodScores.Point u : untrained) {
            random.append(random.length() == 0 ? "" : ", ").append(MethodScores.found(u.result(), seen));
        }
        return String.format(Locale.ROOT, "%nSTA/LTA (ObsPy's recursive form, as here) is zero for the first %.0f s (its"
                + " LTA) of each stretch of data, so it cannot trigger on a P there: %d of the %d reference P lie that close"
                + " to the start of their window. Found of the %d whose P lies at least %.0f s in, at the default"
                + " thresholds: seisclr %d (%.3f), untrained encoders %s, STA/LTA %d (%.3f). On continuous data (hours"
                + " without such starts) this does not arise.%n", ltaSeconds, started - seen.size(), started,
                seen.size(), ltaSeconds, MethodScores.found(seis.result(), seen),
                MethodScores.found(seis.result(), seen) / (double) Math.max(1, seen.size()), random,
                MethodScores.found(staLta.result(), seen), MethodScores.found(staLta.result(), seen)
                        / (double) Math.max(1, seen.size()));
    }

}
