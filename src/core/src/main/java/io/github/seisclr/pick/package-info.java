/**
 * Stage 6, phase picks: inside each detection, P on the vertical (AIC, then the agreement of causal
 * AIC and kurtosis onsets, with its first-motion polarity) and S on the motion normal to P's
 * polarisation, each carrying its time, an asymmetric one-sigma uncertainty, its phase hint and the
 * evidence it came from.
 */
package io.github.seisclr.pick;
