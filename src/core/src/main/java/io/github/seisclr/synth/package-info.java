/**
 * Realistic synthetic data with known truth, so that examples, tests and the bundled samples
 * need nothing external: background noise shaped between Peterson's (1993) New Low and New High
 * Noise Models, earthquakes as P and S arrivals with Brune (1970) source spectra, attenuation and
 * exponentially decaying coda, and the faults real stations have (spikes, gaps). Seeded and
 * reproducible: the same configuration gives the same samples.
 */
package io.github.seisclr.synth;
