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
 */
public record DetectionResult(List<Detection> detections, PickList picks, List<NetworkDetection> networkDetections,
                              List<ScoreTrace> scores, double hoursProcessed, DetectorConfig settings,
                              String modelChecksum, Map<String, Calibration> calibrations) {
}
