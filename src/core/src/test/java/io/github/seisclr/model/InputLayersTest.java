package io.github.seisclr.model;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first layers in Java ({@link InputLayers}) followed by the graph of the rest give the frames
 * of the whole graph ({@link Network#encode}), to float rounding: for every split point, long and
 * short inputs, even and odd lengths (the "same" padding of the strided layers), and inputs beyond
 * the range where a naive asinh cancels.
 */
class InputLayersTest {

    private static float[] input(int batch, int n, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[batch * 3 * n];
        for (int i = 0; i < x.length; i++) {
            // heavy tails: noise-scale units reach thousands in a strong event
            x[i] = (float) (rng.nextGaussian() * Math.exp(rng.nextGaussian() * 2.5));
        }
        x[5] = -50_000f;
        x[7] = 40_000f;
        x[9] = 0f;
        return x;
    }

    private static float[] graph(SameDiff sd, float[] x, long[] shape) {
        return sd.output(Map.of(Network.INPUT, Nd4j.create(x, shape, 'c')), Network.FRAMES).get(Network.FRAMES)
                .dup('c').data().asFloat();
    }

    @Test
    void javaLayersThenGraphEqualTheWholeGraph() {
        EncoderConfig c = Encoder.bundled().config();
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
        for (int n : new int[] {184, 1001, 4099, 40_000}) {
            int batch = n < 5000 ? 3 : 1;
            float[] x = input(batch, n, n);
            float[] expected = graph(whole, x, new long[] {batch, 3, n});
            double scale = 0;
            for (float v : expected) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertTrue(scale > 1, "the test input drives the network: largest feature " + scale);
            for (int layers = 0; layers <= 4; layers++) {
                InputLayers first = new InputLayers(c, w, layers);
                float[] h = first.apply(x, batch, n);
                float[] got = graph(Network.inference(c, w, layers), h,
                        new long[] {batch, first.outChannels(), first.outLength(n)});
                assertEquals(expected.length, got.length, "n " + n + ", " + layers + " layer(s) in Java");
                double worst = 0;
                for (int i = 0; i < got.length; i++) {
                    worst = Math.max(worst, Math.abs(got[i] - expected[i]) / (1 + Math.abs(expected[i])));
                }
                assertTrue(worst < 1e-5, "n " + n + ", " + layers + " layer(s) in Java: largest relative difference "
                        + worst);
            }
        }
    }

    @Test
    void asinhIsTheGraphsStableForm() {
        for (float x : new float[] {0f, 1e-8f, -1e-8f, 0.5f, -0.5f, 3f, -3000f, 3000f, -1e7f, 1e7f}) {
            double exact = Math.log(Math.abs(x) + Math.sqrt((double) x * x + 1)) * Math.signum(x);
            assertEquals(exact, InputLayers.asinh(x), 1e-6 * (1 + Math.abs(exact)), "asinh(" + x + ")");
        }
    }
}
