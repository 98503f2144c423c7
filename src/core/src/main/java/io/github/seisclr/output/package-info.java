/**
 * Stage 7, output: detections and picks as CSV, JSON, QuakeML 1.2 (picks with waveform id,
 * time and uncertainty, phase hint and evaluation mode automatic; each network detection an event
 * that holds its picks) and SeisComP XML 0.13 (picks with their signal-to-noise amplitudes, for
 * SeisComP's locator), each recording how it was produced (model checksum, threshold, library).
 */
package io.github.seisclr.output;
