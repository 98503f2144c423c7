package io.github.seisclr.detect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The detector's settings as a library caller builds them. */
class DetectorConfigTest {
    /**
     * Regression (black-box review): {@code thresholdOn(7)} kept the off level at 2.5 where {@code
     * detect --threshold 7} runs at 3.5 off, and {@code thresholdOn(2)} threw where {@code --threshold 2}
     * runs at 1 off. The off level is half the on level unless it is given, as on the command line.
     */
    @Test
    void theOffLevelIsHalfTheOnLevelUnlessGiven() {
        assertEquals(2.5, DetectorConfig.defaults().thresholdOff());
        assertEquals(3.5, DetectorConfig.builder().thresholdOn(7).build().thresholdOff());
        assertEquals(1.0, DetectorConfig.builder().thresholdOn(2).build().thresholdOff());
        assertEquals(4.0, DetectorConfig.builder().thresholdOff(4).thresholdOn(7).build().thresholdOff(), "given: kept");
        DetectorConfig given = DetectorConfig.builder().thresholdOn(7).thresholdOff(2).build();
        assertEquals(2.0, given.toBuilder().thresholdOn(9).build().thresholdOff(), "a given level stays given");
        assertEquals(4.5, DetectorConfig.builder().thresholdOn(7).build().toBuilder().thresholdOn(9).build()
                .thresholdOff(), "half stays half");
        assertEquals(3.0, DetectorConfig.defaults().withThresholds(6, 3).thresholdOff());
        // review: a level given as exactly half was taken for one not given
        assertEquals(3.0, DetectorConfig.builder().thresholdOn(6).thresholdOff(3).build().toBuilder().thresholdOn(8).build()
                .thresholdOff());
        assertEquals(3.0, DetectorConfig.defaults().withThresholds(6, 3).toBuilder().thresholdOn(8).build().thresholdOff());
        assertThrows(IllegalArgumentException.class, () -> DetectorConfig.builder().thresholdOn(2).thresholdOff(3).build());
    }

    /** API review: configurations could not be compared or logged (Object's equals and toString). */
    @Test
    void equalSettingsAreEqualAndSaidByName() {
        assertEquals(DetectorConfig.defaults(), DetectorConfig.builder().build());
        assertEquals(DetectorConfig.defaults().hashCode(), DetectorConfig.builder().build().hashCode());
        assertEquals(DetectorConfig.defaults(), DetectorConfig.builder().thresholdOn(5).thresholdOff(2.5).build(),
                "an off level given as half the on level is the same setting");
        org.junit.jupiter.api.Assertions.assertNotEquals(DetectorConfig.defaults(),
                DetectorConfig.builder().amplitudeTerm(false).build());
        org.junit.jupiter.api.Assertions.assertNotEquals(DetectorConfig.defaults(), DetectorConfig.defaults().withThresholds(6, 3));
        String said = DetectorConfig.defaults().toString();
        assertEquals(true, said.startsWith("DetectorConfig[scoreWindowSeconds=1.0, baselineSeconds=30.0, thresholdOn=5.0,"
                + " thresholdOff=2.5,") && said.endsWith("amplitudeTerm=true, residual=false]"), said);
    }
}
