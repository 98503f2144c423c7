package io.github.seisclr.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inference pass ({@link InferenceLayers}: unfolded input times weights in the BLAS) gives the
 * frames of the whole graph ({@link Network#encode}), to float rounding: long and short inputs,
 * even and odd lengths (the "same" padding of the strided layers), batches, and inputs beyond the
 * range where a naive asinh cancels.
 */
class InferenceLayersTest {

    private static float[] input(int batch, int n, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[batch * 3 * n];
        for (int i = 0; i < x.length; i++) {
            // heavy tails: noise-scale units reach thousands in a strong event
            x[i] = (float) (rng.nextGaussian() * Math.exp(rng.nextGaussian() * 2.5));
        }
        x[5 % x.length] = -50_000f;
        x[7 % x.length] = 40_000f;
        x[9 % x.length] = 0f;
        return x;
    }

    private static float[] graph(SameDiff sd, float[] x, long[] shape) {
        return sd.output(Map.of(Network.INPUT, Nd4j.create(x, shape, 'c')), Network.FRAMES).get(Network.FRAMES)
                .dup('c').data().asFloat();
    }

    /** The bundled model's network, a longer reach, and uneven dilations (each layer its own). */
    @ParameterizedTest
    @ValueSource(strings = {"1,1,1,1,2", "1,2,4,8,8", "3,1,2,5,7"})
    void matrixProductsEqualTheWholeGraph(String dilations) {
        EncoderConfig c = EncoderConfig.builder().objective(EncoderConfig.Objective.CONTRASTIVE)
                .dilations(java.util.Arrays.stream(dilations.split(",")).mapToInt(Integer::parseInt).toArray()).build();
        Map<String, float[]> w = Network.init(c, 7);
        // random biases too, so that the bias and ReLU of each layer are checked
        Random rng = new Random(3);
        w.replaceAll((k, v) -> {
            if (k.endsWith("_b")) {
                float[] b = v.clone();
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) (rng.nextGaussian() * 0.3);
                }
                return b;
            }
            return v;
        });
        SameDiff whole = Network.inference(c, w);
        InferenceLayers layers = new InferenceLayers(c, w);
        for (int n : new int[] {1, 2, 3, 5, 6, 8, 13, 184, 1001, 4099, 40_000}) {
            int batch = n < 5000 ? 3 : 1;
            float[] x = input(batch, n, n);
            float[] expected = graph(whole, x, new long[] {batch, 3, n});
            double scale = 0;
            for (float v : expected) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertTrue(scale > 1, "the test input drives the network: largest feature " + scale);
            float[] got = layers.apply(x, batch, n);
            assertEquals(expected.length, got.length, "n " + n);
            assertEquals(batch * layers.outChannels() * InferenceLayers.outLength(n), got.length, "n " + n);
            double worst = 0;
            for (int i = 0; i < got.length; i++) {
                worst = Math.max(worst, Math.abs(got[i] - expected[i]) / (1 + Math.abs(expected[i])));
            }
            assertTrue(worst < 1e-5, "dilations " + dilations + ", n " + n + ": largest relative difference " + worst);
        }
    }

    @Test
    void noSamplesGiveNoFrames() {
        EncoderConfig c = Encoder.bundled().config();
        InferenceLayers layers = new InferenceLayers(c, Network.init(c, 7));
        assertEquals(0, layers.apply(new float[0], 2, 0).length);
    }

    @Test
    void aNanSampleGivesNanFramesNotZeros() {
        EncoderConfig c = Encoder.bundled().config();
        InferenceLayers layers = new InferenceLayers(c, Network.init(c, 7));
        int n = 800;
        float[] x = input(1, n, 1);
        x[400] = Float.NaN; // component Z, sample 400: frame 50
        float[] f = layers.apply(x, 1, n);
        int frames = InferenceLayers.outLength(n);
        int nan = 0;
        for (int q = 0; q < layers.outChannels(); q++) {
            assertTrue(Float.isNaN(f[q * frames + 50]), "feature " + q + " of the frame over the NaN");
            assertTrue(!Float.isNaN(f[q * frames]) && !Float.isNaN(f[q * frames + frames - 1]),
                    "frames far from the NaN stay numbers");
            for (int j = 0; j < frames; j++) {
                nan += Float.isNaN(f[q * frames + j]) ? 1 : 0;
            }
        }
        assertTrue(nan < layers.outChannels() * 12, nan + " NaN features: only the frames that see the sample");
    }

    @Test
    void asinhIsTheGraphsStableForm() {
        for (float x : new float[] {0f, 1e-8f, -1e-8f, 0.5f, -0.5f, 3f, -3000f, 3000f, -1e7f, 1e7f}) {
            double exact = Math.log(Math.abs(x) + Math.sqrt((double) x * x + 1)) * Math.signum(x);
            assertEquals(exact, InferenceLayers.asinh(x), 1e-6 * (1 + Math.abs(exact)), "asinh(" + x + ")");
        }
    }
}
