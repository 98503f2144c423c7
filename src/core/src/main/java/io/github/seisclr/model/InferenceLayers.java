package io.github.seisclr.model;

import java.nio.FloatBuffer;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The encoder's forward pass for inference: the input compression in Java, then each convolution
 * layer as one matrix product, the layer's input unfolded in Java (every output sample's
 * receptive field a column, written straight into a native buffer), multiplied by the weights as
 * an {@code [out][in x kernel]} matrix in ND4J's BLAS (OpenBLAS's sgemm), the bias and ReLU in
 * Java.
 *
 * <p>Why: ND4J 1.0.0-M2.1's conv1d runs this network's shapes (3 to 64 channels over thousands of
 * samples) far below the BLAS's speed; it unfolds and permutes the input in passes of its own
 * around the product, through an inference session whose arrays need a custom memory manager not
 * to leak. Measured on 2 cores, one thread, bundled architecture, one 32,896-sample chunk: 10 ms
 * here against 22-40 ms with the first layer in Java and the rest in a SameDiff graph, of which
 * the matrix products are 4.5 ms. Every native array but the weights is freed as soon as its layer is done. Training
 * keeps the whole network in ND4J's graph (it needs the gradients).
 *
 * <p>The arithmetic is the graph's ({@link Network#encode}): asinh, then per layer a
 * cross-correlation with ND4J's "same" padding ({@code ceil(n / stride)} outputs, the padding
 * split with its smaller half before the input), the bias, and ReLU. Only the order of the float
 * additions differs, so the frames equal the graph's to float rounding (tested). A NaN stays NaN.
 * Stateless and thread-safe: the weight matrices are only read.
 */
final class InferenceLayers {
    /** Per layer: the weights as an {@code [out][in][tap]} matrix, native. */
    private final INDArray[] weights;
    private final float[][] biases;
    private final int[] channels;
    private final int[] dilations;

    /**
     * @param config architecture
     * @param weights the model's weights by name ({@link Network#shapes})
     */
    InferenceLayers(EncoderConfig config, Map<String, float[]> weights) {
        int layers = Network.KERNELS.length;
        this.weights = new INDArray[layers];
        this.biases = new float[layers][];
        this.channels = new int[layers + 1];
        this.dilations = config.dilations();
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
            this.weights[l] = Nd4j.create(r, new long[] {out, (long) in * k}, 'c');
            this.biases[l] = weights.get("c" + (l + 1) + "_b").clone();
            channels[l + 1] = out;
        }
    }

    /** @return channels of the output: features per frame */
    int outChannels() {
        return channels[channels.length - 1];
    }

    /**
     * @param n input samples per channel
     * @return output samples per channel: frames
     */
    static int outLength(int n) {
        int len = n;
        for (int s : Network.STRIDES) {
            len = (len + s - 1) / s;
        }
        return len;
    }

    /**
     * @param x {@code [batch][3][n]} flattened, the prepared model input
     * @param batch windows
     * @param n samples per channel
     * @return {@code [batch][outChannels()][outLength(n)]} flattened: the frame features
     */
    float[] apply(float[] x, int batch, int n) {
        int outLen = outLength(n);
        int outCh = outChannels();
        float[] result = new float[batch * outCh * outLen];
        if (outLen == 0) {
            return result; // no samples, no frames (and no empty native arrays)
        }
        for (int b = 0; b < batch; b++) {
            float[] h = new float[3 * n];
            for (int i = 0, at = b * 3 * n; i < h.length; i++) {
                h[i] = asinh(x[at + i]);
            }
            int len = n;
            for (int l = 0; l < Network.KERNELS.length; l++) {
                h = layer(l, h, len);
                len = (len + Network.STRIDES[l] - 1) / Network.STRIDES[l];
            }
            System.arraycopy(h, 0, result, b * outCh * outLen, outCh * outLen);
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

    /** One layer over {@code [channels[l]][n]}: {@code [channels[l + 1]][ceil(n / stride)]}. */
    private float[] layer(int l, float[] in, int n) {
        int k = Network.KERNELS[l];
        int s = Network.STRIDES[l];
        int dil = dilations[l];
        int out = (n + s - 1) / s;
        int left = Math.max(0, (out - 1) * s + (k - 1) * dil + 1 - n) / 2;
        int inCh = channels[l];
        int outCh = channels[l + 1];
        float[] y;
        try (INDArray cols = Nd4j.createUninitialized(DataType.FLOAT, (long) inCh * k, out);
             INDArray product = Nd4j.createUninitialized(DataType.FLOAT, outCh, out)) {
            unfold(in, n, inCh, k, s, dil, left, out, cols.data().asNioFloat());
            Nd4j.gemm(weights[l], cols, product, false, false, 1.0, 0.0);
            y = new float[outCh * out];
            product.data().asNioFloat().get(y); // one bulk copy (asFloat() goes value by value)
        }
        float[] bias = biases[l];
        for (int o = 0; o < outCh; o++) {
            float b = bias[o];
            for (int i = o * out, end = i + out; i < end; i++) {
                y[i] = Math.max(y[i] + b, 0f); // branch-free (and vectorised); NaN stays NaN
            }
        }
        return y;
    }

    /**
     * Writes the unfolded input: row {@code (c, t)} holds input {@code c} at {@code s i + t dil - left}
     * for every output {@code i}, 0 outside the input. Each input row is split into its stride
     * phases (samples p, p + s, p + 2 s, ...), so that every row of the unfolded matrix is one
     * contiguous run of a phase.
     */
    private static void unfold(float[] in, int n, int inCh, int k, int s, int dil, int left, int out,
                               FloatBuffer cols) {
        float[] zeros = new float[out];
        float[] phase = s == 1 ? null : new float[(n + s - 1) / s];
        for (int c = 0; c < inCh; c++) {
            for (int p = 0; p < s; p++) {
                int plen = p < n ? (n - p + s - 1) / s : 0;
                float[] src = in;
                int base = c * n;
                if (s > 1) {
                    for (int i = 0, j = c * n + p; i < plen; i++, j += s) {
                        phase[i] = in[j];
                    }
                    src = phase;
                    base = 0;
                }
                for (int t = 0; t < k; t++) {
                    int off = t * dil - left;
                    if (Math.floorMod(off, s) != p) {
                        continue;
                    }
                    int q = Math.floorDiv(off, s); // output i reads phase sample i + q
                    int lo = Math.min(out, Math.max(0, -q));
                    int hi = Math.max(lo, Math.min(out, plen - q));
                    int row = (c * k + t) * out;
                    cols.put(row, zeros, 0, lo);
                    if (hi > lo) {
                        cols.put(row + lo, src, base + lo + q, hi - lo);
                    }
                    cols.put(row + hi, zeros, 0, out - hi);
                }
            }
        }
    }
}
