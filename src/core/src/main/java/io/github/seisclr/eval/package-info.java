/**
 * Evaluation apart from training: matching detections and picks to reference picks, detection
 * precision/recall/F1, pick residual statistics, and the same for the STA/LTA baseline, so that
 * seisclr and its yardstick are measured identically.
 */
package io.github.seisclr.eval;
