package io.github.seisclr.detect;

import java.time.Instant;
import java.util.List;

/**
 * Detections at several stations whose onsets fall within the coincidence window.
 *
 * @param start earliest onset
 * @param stations how many distinct stations
 * @param detections the station detections
 */
public record NetworkDetection(Instant start, int stations, List<Detection> detections) {
}
