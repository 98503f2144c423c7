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
        assertEquals(0, c.gapFrames());
        assertEquals(104, c.targetStartFrame());
        assertEquals(128, c.windowFrames());
        assertEquals(1024, c.windowSamples());
        assertEquals(10.24, c.windowSeconds(), 1e-12);
    }

    /**
     * Reach: 1 + sum over layers of (kernel - 1) x dilation x the strides before it; 1,2,4,8,8
     * gives 1 + 6 + 8 + 32 + 64 + 128. The predictive window grows so that the context's first
     * frame and the target's last stay half a reach from the window's edges, and the target moves
     * 11 frames after the context, so that the context's last frame sees as little of it as with
     * the default network (119 - 88 = 31 samples forward, against 29).
     */
    @Test
    void longerDilationsReachFurtherAndWidenThePredictiveWindow() {
        EncoderConfig c = EncoderConfig.builder().dilations(1, 2, 4, 8, 8).build();
        assertEquals(239, c.receptiveFieldSamples());
        assertEquals(15, c.leadFrames()); // ceil(119 / 8)
        assertEquals(11, c.gapFrames());
        assertEquals(15 + EncoderConfig.CONTEXT_FRAMES + 11, c.targetStartFrame());
        assertEquals(15 + EncoderConfig.CONTEXT_FRAMES + 11 + EncoderConfig.TARGET_FRAMES + 15, c.windowFrames());
        assertEquals(154 * 8 / 100.0, c.windowSeconds(), 1e-12);
        assertNotEquals(EncoderConfig.builder().build(), c);
        assertEquals(EncoderConfig.builder().dilations(1, 2, 4, 8, 8).build(), c);
        // the contrastive objective keeps its window whatever the dilations
        EncoderConfig contrastive = EncoderConfig.builder().objective(EncoderConfig.Objective.CONTRASTIVE)
                .dilations(1, 2, 4, 8, 8).build();
        assertEquals(400, contrastive.windowSamples());
    }

    /**
     * The context and target frames of a predictive training window do not reach its zero-padded
     * edges: embedded in a longer stretch of signal, the window's frames from the lead to the
     * target's end come out the same. Dilations whose lead and tail differ (1,1,1,1,4: 6 and 11
     * frames), the long reach, and the largest allowed.
     */
    @Test
    void contextAndTargetFramesDoNotReachTheWindowsEdges() {
        for (int[] d : new int[][] {{1, 1, 1, 1, 2}, {1, 1, 1, 1, 4}, {1, 2, 4, 8, 8}, {64, 64, 64, 64, 64}}) {
            EncoderConfig c = EncoderConfig.builder().channels(4, 4, 4, 4, 4).dilations(d).build();
            InferenceLayers layers = new InferenceLayers(c, Network.init(c, 2));
            int t = c.windowSamples();
            int margin = 8 * (c.leadFrames() + 8);
            int n = t + 2 * margin;
            java.util.Random rng = new java.util.Random(4);
            float[] longer = new float[3 * n];
            for (int i = 0; i < longer.length; i++) {
                longer[i] = (float) rng.nextGaussian() * 3;
            }
            float[] window = new float[3 * t];
            for (int ch = 0; ch < 3; ch++) {
                System.arraycopy(longer, ch * n + margin, window, ch * t, t);
            }
            float[] inWindow = layers.apply(window, 1, t);
            float[] inLonger = layers.apply(longer, 1, n);
            int ft = t / 8;
            int fn = n / 8;
            int first = c.leadFrames();
            int end = c.targetStartFrame() + EncoderConfig.TARGET_FRAMES;
            double worst = 0;
            double outside = 0; // the frame just before the lead, when the lead is tight
            for (int q = 0; q < 4; q++) {
                for (int j = first; j < end; j++) {
                    float a = inWindow[q * ft + j];
                    float b = inLonger[q * fn + margin / 8 + j];
                    worst = Math.max(worst, Math.abs(a - b) / (1 + Math.abs(b)));
                }
                outside = Math.max(outside, Math.abs(inWindow[q * ft] - inLonger[q * fn + margin / 8]));
            }
            assertTrue(worst < 1e-5, java.util.Arrays.toString(d) + ": largest relative difference " + worst);
            assertTrue(outside > 1e-3, java.util.Arrays.toString(d) + ": the window's first frame does see its edge");
            assertEquals(end + Math.max(EncoderConfig.TAIL_FRAMES, first), ft, java.util.Arrays.toString(d));
        }
    }

    /**
     * The predictive graph takes its context from the frames after the lead and its target from the
     * {@value EncoderConfig#TARGET_FRAMES} after the gap: the raw output is the mean of
     * {@code log(1 + x)} over exactly those frames of the inference pass (1,1,1,1,4: lead 6, gap 2;
     * 1,2,4,8,8: lead 15, gap 11).
     */
    @Test
    void thePredictiveGraphSlicesContextAndTargetAfterTheLead() {
        for (int[] d : new int[][] {{1, 1, 1, 1, 4}, {1, 2, 4, 8, 8}}) {
            EncoderConfig c = EncoderConfig.builder().channels(4, 4, 4, 4, 6).dilations(d).build();
            java.util.Map<String, float[]> w = Network.init(c, 3);
            int t = c.windowSamples();
            java.util.Random rng = new java.util.Random(5);
            float[] x = new float[2 * 3 * t];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian() * (i % 997 < 60 ? 40 : 2);
            }
            org.nd4j.autodiff.samediff.SameDiff g = Network.predictive(c, w, Network.PredictiveOutput.RAW);
            float[] z = g.output(java.util.Map.of(Network.INPUT, org.nd4j.linalg.factory.Nd4j.create(x, new long[] {2, 3, t}, 'c'),
                            Network.UPSTREAM, org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 12)),
                    Network.PROJECTION).get(Network.PROJECTION).dup('c').data().asFloat();
            float[] f = new InferenceLayers(c, w).apply(x, 2, t);
            int ft = t / 8;
            int a = c.leadFrames();
            int b = a + EncoderConfig.CONTEXT_FRAMES;
            int t0 = c.targetStartFrame();
            int e = t0 + EncoderConfig.TARGET_FRAMES;
            for (int s = 0; s < 2; s++) {
                for (int q = 0; q < 6; q++) {
                    double ctx = 0;
                    double tgt = 0;
                    for (int j = a; j < b; j++) {
                        ctx += Math.log(1 + f[(s * 6 + q) * ft + j]) / (b - a);
                    }
                    for (int j = t0; j < e; j++) {
                        tgt += Math.log(1 + f[(s * 6 + q) * ft + j]) / (e - t0);
                    }
                    assertEquals(ctx, z[s * 12 + q], 1e-4 * (1 + Math.abs(ctx)), java.util.Arrays.toString(d) + " context");
                    assertEquals(tgt, z[s * 12 + 6 + q], 1e-4 * (1 + Math.abs(tgt)), java.util.Arrays.toString(d) + " target");
                }
            }
        }
    }

    /**
     * The rate, band and window are tagged only where not the defaults, numbers without trailing
     * zeros; a predictive model's window follows from its rate and dilations and adds nothing; and
     * taking the tag out of an id leaves the dilations and components tags as they were.
     */
    @Test
    void theSettingsTagNamesOnlyOtherThanTheDefaults() {
        EncoderConfig.Objective contrastive = EncoderConfig.Objective.CONTRASTIVE;
        assertEquals("", EncoderConfig.builder().build().settingsTag());
        assertEquals("", EncoderConfig.builder().objective(contrastive).windowSeconds(4).band(1, 20).sampleRate(100)
                .build().settingsTag());
        assertEquals("+r50", EncoderConfig.builder().sampleRate(50).objective(contrastive).build().settingsTag());
        assertEquals("+r45", EncoderConfig.builder().sampleRate(45).build().settingsTag(), "predictive: no window tag");
        assertEquals("+b1-45", EncoderConfig.builder().band(1, 45).build().settingsTag());
        assertEquals("+b0.5-20", EncoderConfig.builder().band(0.5, 20).build().settingsTag());
        assertEquals("+w8", EncoderConfig.builder().objective(contrastive).windowSeconds(8).build().settingsTag());
        assertEquals("+r200+b2-45.5+w2.5", EncoderConfig.builder().objective(contrastive).sampleRate(200).band(2, 45.5)
                .windowSeconds(2.5).build().settingsTag());
        String sha = "0123456789abcdef".repeat(4);
        assertEquals(sha + "+d1.2.4.8.8+inZ", EncoderConfig.withoutSettingsTag(sha + "+d1.2.4.8.8+r50+b1-45+w8+inZ"));
        assertEquals(sha, EncoderConfig.withoutSettingsTag(sha));
    }

    /** What a weight checksum gets appended where it stands for the features: nothing for the default network. */
    @Test
    void theDilationsTagNamesOnlyOtherThanTheDefault() {
        assertEquals("", EncoderConfig.builder().build().dilationsTag());
        assertEquals("", EncoderConfig.builder().dilations(1, 1, 1, 1, 2).objective(EncoderConfig.Objective.CONTRASTIVE)
                .build().dilationsTag());
        assertEquals("+d1.2.4.8.8", EncoderConfig.builder().dilations(1, 2, 4, 8, 8).build().dilationsTag());
        assertEquals("+d64.1.1.1.2", EncoderConfig.builder().dilations(64, 1, 1, 1, 2).build().dilationsTag());
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
