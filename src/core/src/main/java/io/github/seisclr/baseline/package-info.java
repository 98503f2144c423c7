/**
 * The classic yardsticks every later result is measured against: classic and recursive STA/LTA
 * (Allen 1978; Withers et al. 1998) and trigger on/off with the semantics of ObsPy's
 * {@code obspy.signal.trigger} ({@code classic_sta_lta}, {@code recursive_sta_lta},
 * {@code trigger_onset}), and an AIC onset picker (Maeda 1985).
 */
package io.github.seisclr.baseline;
