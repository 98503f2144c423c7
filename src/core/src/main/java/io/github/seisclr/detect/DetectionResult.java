package io.github.seisclr.detect;

import io.github.seisclr.pick.PickList;
import io.github.seisclr.score.ScoreTrace;

import java.util.List;
import java.util.Map;

/**
 * Everything a detection run yields.
 *
 * @param detections station detections, in time order
 * @param picks P and S picks
 * @param networkDetections coincident detections
 * @param scores the score traces (one per station segment), the detector's characteristic function
 * @param hoursProcessed hours of station data scored
 * @param settings the configuration used
 * @param modelChecksum the model's id as detections carry it ({@link Detector#modelId()}: the first 12
 *     hex digits of its weights' SHA-256, with the features' tag where it has one); a calibration
 *     file is tied to the longer {@link io.github.seisclr.model.Encoder#featuresId()}
 * @param calibrations each station's calibration (background model and score scale), by station
 *     code; give one to {@link IncrementalDetector} to stream on with the same scores
 * @param warnings what the run found wrong with the data or its settings, in the order first said,
 *     each once: flat lines and spikes, components missing, stretches too short to score, channels
 *     left out or holding part of the model's band, calibrations refitted, and, where the run reads
 *     the files (an archive, or a {@link io.github.seisclr.io.WaveformIndex}, whose own warnings
 *     come first), damaged records and files left out. The same texts go to the log (SLF4J, WARN),
 *     once per process (or per archive object); here they are listed in every run's result of
 *     {@link Detector}, {@link ArchiveDetector} and the stream's {@code StreamingDetector#result}.
 *     What reading a {@link io.github.seisclr.io.WaveformSet} found (gaps, skipped records and
 *     files) it holds itself. At most {@link io.github.seisclr.io.Warnings#MAX_PER_RUN}, and then a
 *     line that counts the rest.
 */
public record DetectionResult(List<Detection> detections, PickList picks, List<NetworkDetection> networkDetections,
                              List<ScoreTrace> scores, double hoursProcessed, DetectorConfig settings,
                              String modelChecksum, Map<String, Calibration> calibrations, List<String> warnings) {
    /** Copies the warnings; null is none. */
    public DetectionResult {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * A result without warnings (as results were made before they were listed).
     *
     * @param detections station detections, in time order
     * @param picks P and S picks
     * @param networkDetections coincident detections
     * @param scores the score traces
     * @param hoursProcessed hours of station data scored
     * @param settings the configuration used
     * @param modelChecksum the model's id as detections carry it
     * @param calibrations each station's calibration, by station code
     */
    public DetectionResult(List<Detection> detections, PickList picks, List<NetworkDetection> networkDetections,
                           List<ScoreTrace> scores, double hoursProcessed, DetectorConfig settings,
                           String modelChecksum, Map<String, Calibration> calibrations) {
        this(detections, picks, networkDetections, scores, hoursProcessed, settings, modelChecksum, calibrations,
                List.of());
    }

    /**
     * @param listed the warnings to list in place of this result's own (a run's, which include those
     *     of the runs inside it); null: none
     * @return this result with them
     */
    public DetectionResult withWarnings(List<String> listed) {
        return new DetectionResult(detections, picks, networkDetections, scores, hoursProcessed, settings,
                modelChecksum, calibrations, listed);
    }
}
