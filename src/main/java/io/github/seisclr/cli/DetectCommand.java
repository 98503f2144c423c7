package io.github.seisclr.cli;

import io.github.seisclr.SeisclrException;
import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.CalibrationFile;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.Detector;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.WaveformSet;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.output.Writers;
import io.github.seisclr.pick.Phase;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code seisclr detect}: detections and picks in miniSEED. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Detect events and pick P and S in miniSEED files or folders with a trained model.")
final class DetectCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "miniSEED files or folders (searched recursively)")
    List<Path> paths;

    @Option(names = "--model", description = "model file (default: the bundled model, a copy of models/seisclr-default-v1.zip inside the jar)")
    Path model;

    @Option(names = "--format", defaultValue = "csv", description = "csv, json or quakeml (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--save-calibrations", paramLabel = "FILE", description = "write each station's calibration"
            + " (JSON) for `stream --calibrations FILE`: a stream started from it scores from its first minute")
    Path saveCalibrations;

    @Option(names = "--out", description = "output file (default: standard output)")
    Path out;

    @Option(names = "--threshold", defaultValue = "5", description = "trigger-on level in robust standard deviations (default ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--threshold-off", description = "trigger-off level, at most --threshold (default: half of --threshold)")
    Double thresholdOff;

    @Option(names = "--trim", defaultValue = "0.25", description = "share of windows the background fit treats as outliers; raise for event-rich data (default ${DEFAULT-VALUE})")
    double trim;

    @Option(names = "--plot", description = "folder for one PNG per detection: each component band-passed to the"
            + " model's band and raw, the score with its on and off levels, P and S with their uncertainty")
    Path plot;

    /** @return the output format named by {@code --format} */
    static Writers.Format parseFormat(String format) {
        return switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "csv" -> Writers.Format.CSV;
            case "json" -> Writers.Format.JSON;
            case "quakeml", "xml" -> Writers.Format.QUAKEML;
            default -> throw new UsageException("--format must be csv, json or quakeml, got '" + format + "'");
        };
    }

    @Override
    public Integer call() throws IOException {
        Writers.Format fmt = parseFormat(format);
        if (thresholdOff != null && thresholdOff > threshold) {
            throw new UsageException("--threshold-off (" + thresholdOff + ") must not exceed --threshold ("
                    + threshold + "): a detection ends when the score falls below it");
        }
        DetectorConfig config = DetectorConfig.builder().thresholdOn(threshold)
                .thresholdOff(thresholdOff != null ? thresholdOff : threshold / 2).trim(trim).build();
        // every output location is checked before the work: an hour's run must not fail at its end
        if (out != null) {
            Outputs.file("--out", out, Outputs.inputs(paths, model), false);
        }
        if (plot != null) {
            Outputs.folder("--plot", plot);
        }
        if (saveCalibrations != null) {
            Outputs.file("--save-calibrations", saveCalibrations, Outputs.inputs(paths, model, out), false);
        }
        Main.oneThreadPerOperation();
        long t0 = System.nanoTime();
        Encoder encoder = Main.model(model);
        // made before reading: it prepares the model's reference noise meanwhile
        Detector detector = Detector.of(encoder, config);
        WaveformSet data = Waveforms.read(paths);
        List<StationStream> stations = data.stations();
        DetectionResult result;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("detect").setInitialMax(stations.size())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .setUnit(" stations", 1).build()) {
            result = detector.detect(stations, s -> {
                bar.step();
                bar.setExtraMessage(" " + s);
            });
        }
        String producer = "seisclr detect " + String.join(" ", paths.stream().map(Path::toString).toList())
                + " (seisclr " + version() + ", model " + Main.modelName(model) + ")";
        if (out == null) {
            Writers.write(result, fmt, producer, System.out);
            System.out.println();
        } else {
            Outputs.write("--out", out, os -> Writers.write(result, fmt, producer, os));
        }
        if (saveCalibrations != null) {
            Outputs.write("--save-calibrations", saveCalibrations,
                    os -> CalibrationFile.write(result.calibrations(), Main.modelSha(encoder), os));
        }
        List<String> unplotted = plot == null ? List.of() : plots(stations, result, Plots.Band.of(encoder.config()));
        double secs = (System.nanoTime() - t0) / 1e9;
        long p = result.picks().select(Phase.P).size();
        long s = result.picks().select(Phase.S).size();
        System.err.printf("%n%d file(s), %d station(s), %.2f station-hours: %d detection(s), %d network detection(s)"
                        + " (>= %d stations), %d P and %d S pick(s)%n", data.sources().size(), stations.size(),
                result.hoursProcessed(), result.detections().size(), result.networkDetections().size(),
                config.coincidenceStations(), p, s);
        if (!data.skippedFiles().isEmpty()) {
            System.err.printf("%d file(s) not read (not miniSEED or unreadable; `seisclr info` lists them all): %s%s%n",
                    data.skippedFiles().size(), String.join("; ", data.skippedFiles().subList(0,
                            Math.min(3, data.skippedFiles().size()))), data.skippedFiles().size() > 3 ? "; ..." : "");
        }
        System.err.printf("threshold %.1f on / %.1f off (robust standard deviations), model %s (%s)%n", config.thresholdOn(),
                config.thresholdOff(), Main.modelName(model), result.modelChecksum());
        System.err.printf("%.1f s in all, %.0f station-hours per minute%s%s%n", secs, result.hoursProcessed() / secs * 60,
                out == null ? "" : "; wrote " + out, plot == null ? "" : String.format("; %d plot(s) in %s",
                        result.detections().size() - unplotted.size(), plot));
        if (!unplotted.isEmpty()) {
            // the detections are written; the missing plots still make the run fail, for scripts to see
            throw new SeisclrException(unplotted.size() + " of " + result.detections().size() + " detection plot(s)"
                    + " not written to " + plot + " (the detections were written); first: " + unplotted.get(0));
        }
        return 0;
    }

    private static String version() {
        String v = DetectCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * Writes one PNG per detection ({@link Plots#detection}). A detection whose figure cannot be
     * made or written is named on standard error and the others go on; the detections themselves
     * are written before. Returns the detections without a plot, each with its reason.
     */
    private List<String> plots(List<StationStream> stations, DetectionResult result, Plots.Band band) {
        List<String> failed = new ArrayList<>();
        for (Detection d : result.detections()) {
            Path file = plot.resolve(d.id() + ".png");
            try {
                StationStream s = Plots.station(stations, d.station());
                if (s == null) {
                    throw new IllegalStateException("station " + d.station() + " is not in the data read");
                }
                Plots.write("--plot", file, Plots.detection(s, d, Plots.picksOf(result.picks(), d.id()), result.scores(),
                        result.settings().thresholdOff(), band));
            } catch (RuntimeException e) {
                String why = d.id() + ": " + Main.message(e);
                failed.add(why);
                System.err.println("seisclr: warning: no plot for detection " + why);
            }
        }
        return failed;
    }
}
