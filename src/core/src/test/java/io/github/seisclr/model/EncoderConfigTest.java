package io.github.seisclr.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dilations setting: the reach it gives a frame and the predictive training window it needs. */
class EncoderConfigTest {

    @Test
    void defaultDilationsKeepTheEarlierNetworkAndWindow() {
        EncoderConfig c = EncoderConfig.builder().build();
        assertArrayEquals(new int[] {1, 1, 1, 1, 2}, c.dilations());
        assertEquals(59, c.receptiveFieldSamples());
        assertEquals(4, c.leadFrames());
        assertEquals(128, c.windowFrames());
        assertEquals(1024, c.windowSamples());
        assertEquals(10.24, c.windowSeconds(), 1e-12);
    }

    /**
     * Reach: 1 + sum over layers of (kernel - 1) x dilation x the strides before it; 1,2,4,8,8
     * gives 1 + 6 + 8 + 32 + 64 + 128. The predictive window grows so that the context's first
     * frame and the target's last stay half a reach from the window's edges.
     */
    @Test
    void longerDilationsReachFurtherAndWidenThePredictiveWindow() {
        EncoderConfig c = EncoderConfig.builder().dilations(1, 2, 4, 8, 8).build();
        assertEquals(239, c.receptiveFieldSamples());
        assertEquals(15, c.leadFrames()); // ceil(119 / 8)
        assertEquals(15 + EncoderConfig.CONTEXT_FRAMES + EncoderConfig.TARGET_FRAMES + 15, c.windowFrames());
        assertEquals(143 * 8 / 100.0, c.windowSeconds(), 1e-12);
        assertNotEquals(EncoderConfig.builder().build(), c);
        assertEquals(EncoderConfig.builder().dilations(1, 2, 4, 8, 8).build(), c);
        // the contrastive objective keeps its window whatever the dilations
        EncoderConfig contrastive = EncoderConfig.builder().objective(EncoderConfig.Objective.CONTRASTIVE)
                .dilations(1, 2, 4, 8, 8).build();
        assertEquals(400, contrastive.windowSamples());
    }

    @Test
    void invalidDilationsAreRefusedWithTheValues() {
        for (int[] bad : new int[][] {{1, 1, 1, 2}, {1, 1, 1, 1, 1, 1}, {0, 1, 1, 1, 2}, {1, 1, 1, 1, 65}}) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                    () -> EncoderConfig.builder().dilations(bad));
            assertTrue(x.getMessage().startsWith("dilations must be five values of 1 to 64"), x.getMessage());
        }
        int[] given = {1, 2, 4, 8, 8};
        EncoderConfig c = EncoderConfig.builder().dilations(given).build();
        given[4] = 1;
        assertEquals(8, c.dilations()[4], "the builder keeps its own copy");
    }
}
