package io.github.seisclr.model;

import java.util.Map;

/**
 * The encoder's input compression and first convolution layers in plain Java, for inference.
 *
 * <p>Why: these layers have few channels (3 in, 8, 16 and 32 out) over many samples, a shape that
 * ND4J 1.0.0-M2.1's conv1d (unfolded into a matrix product with 8 to 32 rows) runs far below the
 * machine's speed: with the bundled architecture they took two thirds of a forward pass for a
 * twentieth of its multiply-adds. Written as one shifted multiply-add over a whole row per weight,
 * which the JIT turns into vector instructions, they take a fraction of that; the later, wider
 * layers stay in ND4J ({@link Network#inference(EncoderConfig, Map, int)}). Training keeps the
 * whole network in ND4J (it needs the gradients).
 *
 * <p>The arithmetic is the graph's ({@link Network#encode}): asinh, then per layer a
 * cross-correlation with ND4J's "same" padding ({@code ceil(n / stride)} outputs, the padding
 * split with its smaller half before the input), the bias, and ReLU. Only the order of the float
 * additions differs, so the frames equal the graph's to float rounding (tested). Stateless and
 * thread-safe.
 */
final class InputLayers {
    private final int layers;
    /** Per layer: weights as {@code [out][in][tap]}, flattened. */
    private final float[][] weights;
    private final float[][] biases;
    private final int[] channels;

    /**
     * @param config architecture
     * @param weights the model's weights by name ({@link Network#shapes})
     * @param layers how many of the first layers to run here (0 to 4: the graph runs at least the last)
     */
    InputLayers(EncoderConfig config, Map<String, float[]> weights, int layers) {
        if (layers < 0 || layers >= Network.KERNELS.length) {
            throw new IllegalArgumentException("layers " + layers);
        }
        this.layers = layers;
        this.weights = new float[layers][];
        this.biases = new float[layers][];
        this.channels = new int[layers + 1];
        channels[0] = 3;
        for (int l = 0; l < layers; l++) {
            int in = channels[l];
            int out = config.channels()[l];
            int k = Network.KERNELS[l];
            float[] w = weights.get("c" + (l + 1) + "_w"); // [k][in][out], as ND4J's conv1d takes it
            float[] r = new float[out * in * k];
            for (int t = 0; t < k; t++) {
                for (int c = 0; c < in; c++) {
                    for (int o = 0; o < out; o++) {
                        r[(o * in + c) * k + t] = w[(t * in + c) * out + o];
                    }
                }
            }
            this.weights[l] = r;
            this.biases[l] = weights.get("c" + (l + 1) + "_b").clone();
            channels[l + 1] = out;
        }
    }

    /** @return how many layers run here */
    int layers() {
        return layers;
    }

    /** @return channels of the output */
    int outChannels() {
        return channels[layers];
    }

    /**
     * @param n input samples per channel
     * @return output samples per channel
     */
    int outLength(int n) {
        int len = n;
        for (int l = 0; l < layers; l++) {
            len = (len + Network.STRIDES[l] - 1) / Network.STRIDES[l];
        }
        return len;
    }

    /**
     * @param x {@code [batch][3][n]} flattened, the prepared model input
     * @param batch windows
     * @param n samples per channel
     * @return {@code [batch][outChannels()][outLength(n)]} flattened: the input to the next layer
     */
    float[] apply(float[] x, int batch, int n) {
        int outLen = outLength(n);
        float[] result = new float[batch * outChannels() * outLen];
        for (int b = 0; b < batch; b++) {
            float[][] h = new float[3][];
            for (int c = 0; c < 3; c++) {
                float[] row = new float[n];
                int at = (b * 3 + c) * n;
                for (int i = 0; i < n; i++) {
                    row[i] = asinh(x[at + i]);
                }
                h[c] = row;
            }
            for (int l = 0; l < layers; l++) {
                h = layer(l, h);
            }
            for (int c = 0; c < h.length; c++) {
                System.arraycopy(h[c], 0, result, (b * h.length + c) * outLen, outLen);
            }
        }
        return result;
    }

    /** asinh as the graph computes it: {@code sign(x) log(|x| + sqrt(x^2 + 1))}, in float. */
    static float asinh(float x) {
        float a = Math.abs(x);
        float s = (float) Math.sqrt(x * x + 1f);
        float v = (float) Math.log(a + s);
        return x > 0 ? v : x < 0 ? -v : x; // 0 stays 0, NaN stays NaN, as in the graph
    }

    private float[][] layer(int l, float[][] in) {
        int n = in[0].length;
        int k = Network.KERNELS[l];
        int s = Network.STRIDES[l];
        int dil = Network.DILATIONS[l];
        int out = (n + s - 1) / s;
        int left = Math.max(0, (out - 1) * s + (k - 1) * dil + 1 - n) / 2;
        int inCh = in.length;
        int outCh = channels[l + 1];
        // each input row split into its stride phases: phase p holds samples p, p + s, p + 2s, ...,
        // so that every tap reads one phase row at a shift, a contiguous run the JIT vectorises
        float[][][] phases = new float[inCh][s][];
        for (int c = 0; c < inCh; c++) {
            if (s == 1) {
                phases[c][0] = in[c]; // one phase: the row itself, read only
                continue;
            }
            for (int p = 0; p < s; p++) {
                int len = p < n ? (n - p + s - 1) / s : 0;
                float[] r = new float[len];
                for (int i = 0; i < len; i++) {
                    r[i] = in[c][p + i * s];
                }
                phases[c][p] = r;
            }
        }
        float[] w = weights[l];
        float[] bias = biases[l];
        float[][] result = new float[outCh][];
        for (int o = 0; o < outCh; o++) {
            float[] acc = new float[out];
            for (int c = 0; c < inCh; c++) {
                for (int t = 0; t < k; t++) {
                    float wt = w[(o * inCh + c) * k + t];
                    // output i reads input s i + t dil - left = s (i + q) + p
                    int off = t * dil - left;
                    int p = Math.floorMod(off, s);
                    int q = Math.floorDiv(off, s);
                    float[] src = phases[c][p];
                    int lo = Math.max(0, -q);
                    int hi = Math.min(out, src.length - q);
                    for (int i = lo; i < hi; i++) {
                        acc[i] += wt * src[i + q];
                    }
                }
            }
            float b = bias[o];
            for (int i = 0; i < out; i++) {
                float v = acc[i] + b;
                acc[i] = v > 0 ? v : 0f;
            }
            result[o] = acc;
        }
        return result;
    }
}
