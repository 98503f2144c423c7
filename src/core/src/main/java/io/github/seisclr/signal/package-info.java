/**
 * Stage 2, signal processing on primitive arrays: detrending, tapering, Butterworth filters as
 * cascaded second-order sections (causal for streaming, zero-phase for batch), resampling with an
 * anti-alias filter, aligning a station's components on one grid, replacing isolated spikes of one
 * or two samples for the detector ({@link io.github.seisclr.signal.Despiker}), and sliding windows
 * with per-window normalisation. Parameters are in hertz
 * and seconds at the surface; arrays are samples.
 */
package io.github.seisclr.signal;
