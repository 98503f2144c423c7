package io.github.seisclr.detect;

import java.time.Instant;

/**
 * An event detected at one station.
 *
 * @param id unique within a run, {@code STATION-n}
 * @param station station code NET.STA.LOC.BI
 * @param start trigger on (score reaches the on threshold)
 * @param end trigger off
 * @param peakTime time of the peak score
 * @param peakScore peak score: robust standard deviations of the learned distance above the background,
 *     plus the amplitude term where it is on ({@link DetectorConfig#amplitudeTerm})
 * @param snr RMS of the band-passed vertical (the component P was picked on, where the vertical
 *     showed no arrival) in the 2 s after the first arrival picked over that from 5 s to 0.5 s
 *     before it: the P, or the arrival given as S where an S-like arrival with nothing before it
 *     and no S after it was taken for S ({@code Picker.noSFollows}); NaN without either
 * @param thresholdOn the on threshold that produced it
 * @param model the model's weight checksum (first 12 hex digits), for provenance
 */
public record Detection(String id, String station, Instant start, Instant end, Instant peakTime, double peakScore,
                        double snr, double thresholdOn, String model) implements java.io.Serializable {
}
