/**
 * Stage 4, scoring: a model of what a station's background looks like in the encoder's feature
 * space, fitted robustly to continuous data that contains the events it must not absorb, and the
 * score trace it yields: how far each moment falls outside the background, in robust standard
 * deviations, aligned to sample time like an STA/LTA characteristic function.
 */
package io.github.seisclr.score;
