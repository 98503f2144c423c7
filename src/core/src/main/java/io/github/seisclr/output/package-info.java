/**
 * Stage 7, output: detections and picks as CSV, JSON and QuakeML 1.2 (picks with waveform id,
 * time and uncertainty, phase hint and evaluation mode automatic; each detection an event that
 * references its picks), each recording how it was produced (model checksum, threshold, library).
 */
package io.github.seisclr.output;
