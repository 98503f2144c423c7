/**
 * Stage 2, signal processing on primitive arrays: detrending, tapering, Butterworth filters as
 * cascaded second-order sections (causal for streaming, zero-phase for batch), resampling with an
 * anti-alias filter, and sliding windows with per-window normalisation. Parameters are in hertz
 * and seconds at the surface; arrays are samples.
 */
package io.github.seisclr.signal;
