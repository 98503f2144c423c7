/**
 * Stage 6, phase picks: inside each detection, a P candidate on the vertical and an S candidate on
 * the horizontals, each refined with the AIC picker (Maeda 1985) on the band-passed trace and
 * carrying its time, uncertainty, phase hint and the evidence it came from.
 */
package io.github.seisclr.pick;
