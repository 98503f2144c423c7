package io.github.seisclr;

import io.github.seisclr.detect.ArchiveDetector;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.Detector;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.io.SdsArchive;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.stream.StreamListener;
import io.github.seisclr.stream.StreamingDetector;

import java.nio.file.Path;

/**
 * Where to start: the three ways to run seisclr, each with the bundled model and the default
 * settings unless given others.
 *
 * <pre>{@code
 * // files or folders of miniSEED
 * DetectionResult r = Seisclr.detect(Path.of("data-samples"));
 * Writers.write(r, Writers.Format.QUAKEML, "my-app", out);
 *
 * // a live feed: records in as they arrive, picks out as they are decided
 * StreamingDetector live = Seisclr.stream(new StreamListener() {
 *     public void onPick(Pick p) { System.out.println(p); }
 * });
 * live.accept(record, record.length, "seedlink");
 *
 * // an SDS archive, station-day by station-day
 * DetectionResult year = Seisclr.archive(Path.of("/data/sds")).detect(SdsArchive.Stations.parse("CX.*"), from, to,
 *         Map.of(), s -> { });
 * }</pre>
 *
 * Everything else (a model of your own, thresholds, calibrations, training) is on the classes
 * these return: {@link Detector}, {@link StreamingDetector}, {@link ArchiveDetector},
 * {@link Encoder}, {@link io.github.seisclr.model.Trainer}.
 */
public final class Seisclr {
    private Seisclr() {
    }

    /**
     * @return a detector with the bundled model and the default settings
     */
    public static Detector detector() {
        return Detector.of(Encoder.bundled(), DetectorConfig.defaults());
    }

    /**
     * @param model a model file ({@code train}'s output), or null for the bundled model
     * @param config detection settings
     * @return the detector
     * @throws ModelException when the model file cannot be read or is damaged
     */
    public static Detector detector(Path model, DetectorConfig config) {
        return Detector.of(model == null ? Encoder.bundled() : Encoder.load(model), config);
    }

    /**
     * Reads miniSEED files or folders and detects in them with the bundled model and the default
     * settings, each station 2 h at a time, as {@code seisclr detect} does
     * ({@link Detector#detect(io.github.seisclr.io.WaveformIndex, java.util.function.Consumer)}):
     * the frames and samples of one station stream at a time go to a temporary file in
     * {@code java.io.tmpdir}, and the files must not change during the call.
     *
     * @param paths files or folders (searched recursively)
     * @return detections, picks, network detections, score traces and calibrations
     * @throws BadInputException for input that cannot be read or used, naming the file and channel
     */
    public static DetectionResult detect(Path... paths) {
        Detector d = detector();
        return d.detect(io.github.seisclr.io.WaveformIndex.of(java.util.List.of(paths),
                io.github.seisclr.io.ReadOptions.defaults()).requireSamples(), s -> { });
    }

    /**
     * @param listener receives picks, detections and notices as they are decided
     * @return a streaming detector with the bundled model and the default settings, to be fed records
     */
    public static StreamingDetector stream(StreamListener listener) {
        return StreamingDetector.builder(Encoder.bundled()).listener(listener).build();
    }

    /**
     * @param sdsRoot an SDS archive's top folder
     * @return station-day by station-day detection over it with the bundled model and the default settings
     * @throws BadInputException when the folder cannot be read
     */
    public static ArchiveDetector archive(Path sdsRoot) {
        return new ArchiveDetector(detector(), SdsArchive.open(sdsRoot));
    }
}
