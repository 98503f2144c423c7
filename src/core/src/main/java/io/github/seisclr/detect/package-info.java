/**
 * Stage 5, detection: the {@link io.github.seisclr.detect.Detector} runs the encoder over each
 * station, fits the background model, turns the score into triggers with on/off hysteresis at a
 * data-driven threshold, merges and filters them into {@link io.github.seisclr.detect.Detection}s,
 * picks P and S inside each, and joins stations into network detections by coincidence.
 */
package io.github.seisclr.detect;
