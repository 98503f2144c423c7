package io.github.seisclr.model;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** The SameDiff graphs: the encoder, and the encoder with its projection head for training. */
final class Network {
    static final String INPUT = "x";
    static final String FRAMES = "frames";
    static final String PROJECTION = "z";
    static final String UPSTREAM = "upstream";
    static final String SURROGATE = "surrogate";

    /** Predictive heads: context and target weights and biases. */
    static final String CONTEXT_W = "q_w";
    static final String CONTEXT_B = "q_b";
    static final String TARGET_W = "k_w";
    static final String TARGET_B = "k_b";

    /** The projection head sees the window as this many consecutive sub-window means. */
    static final int POOL_SEGMENTS = 5;
    static final int[] KERNELS = EncoderConfig.KERNELS;
    static final int[] STRIDES = EncoderConfig.STRIDES;

    private Network() {
    }

    /** What SameDiff 1.0.0-M2.1 prints for every op it differentiates (see {@link #buildGradients}). */
    static final String GRADIENT_TRACE = "Added differentiated op ";

    /**
     * Builds the gradient graph of a training graph now (SameDiff would on the first gradient
     * computation), without the line SameDiff 1.0.0-M2.1 prints to {@code System.out} for every op
     * it differentiates ({@value #GRADIENT_TRACE}...: a debugging print left in that release, about
     * 30 lines per graph in the middle of {@code train}'s and {@code ablate}'s output). Only those
     * lines are held back: whatever else is printed meanwhile, by any thread, passes through, and
     * {@code System.out} is restored afterwards unless someone else replaced it in between.
     *
     * @param g a graph with its loss variables set
     */
    static void buildGradients(SameDiff g) {
        synchronized (Network.class) {
            PrintStream out = System.out;
            PrintStream filter = new WithoutGradientTrace(out);
            System.setOut(filter);
            try {
                g.createGradFunction();
            } finally {
                filter.flush();
                if (System.out == filter) {
                    System.setOut(out);
                }
            }
        }
    }

    /**
     * Passes everything on to another stream except the lines that start with
     * {@link #GRADIENT_TRACE}; text goes to that stream's own print methods, so it is written in
     * that stream's encoding.
     */
    static final class WithoutGradientTrace extends PrintStream {
        private final PrintStream out;

        WithoutGradientTrace(PrintStream out) {
            super(out, true);
            this.out = out;
        }

        @Override
        public void println(String x) {
            if (x == null || !x.startsWith(GRADIENT_TRACE)) {
                out.println(x);
            }
        }

        @Override
        public void print(String s) {
            out.print(s);
        }

        @Override
        public void print(Object o) {
            out.print(o);
        }

        @Override
        public void print(char c) {
            out.print(c);
        }

        @Override
        public void print(char[] s) {
            out.print(s);
        }

        @Override
        public void println() {
            out.println();
        }

        @Override
        public void println(Object x) {
            out.println(x);
        }

        @Override
        public void println(char x) {
            out.println(x);
        }

        @Override
        public void println(char[] x) {
            out.println(x);
        }

        @Override
        public PrintStream format(String format, Object... args) {
            out.format(format, args);
            return this;
        }

        @Override
        public PrintStream format(java.util.Locale l, String format, Object... args) {
            out.format(l, format, args);
            return this;
        }

        @Override
        public PrintStream append(CharSequence csq) {
            out.append(csq);
            return this;
        }

        @Override
        public PrintStream append(CharSequence csq, int start, int end) {
            out.append(csq, start, end);
            return this;
        }

        @Override
        public void flush() {
            super.flush();
            out.flush();
        }
    }

    /** Variable names and shapes, in file order. */
    static Map<String, long[]> shapes(EncoderConfig c) {
        Map<String, long[]> s = new LinkedHashMap<>();
        int[] ch = c.channels();
        int in = 3;
        for (int l = 0; l < 5; l++) {
            s.put("c" + (l + 1) + "_w", new long[] {KERNELS[l], in, ch[l]});
            s.put("c" + (l + 1) + "_b", new long[] {ch[l]});
            in = ch[l];
        }
        int d = c.embeddingDim();
        if (c.objective() == EncoderConfig.Objective.PREDICTIVE) {
            s.put(CONTEXT_W, new long[] {d, c.projectionDim()});
            s.put(CONTEXT_B, new long[] {c.projectionDim()});
            s.put(TARGET_W, new long[] {d, c.projectionDim()});
            s.put(TARGET_B, new long[] {c.projectionDim()});
            return s;
        }
        s.put("p1_w", new long[] {(long) POOL_SEGMENTS * d, d});
        s.put("p1_b", new long[] {d});
        s.put("p2_w", new long[] {d, c.projectionDim()});
        s.put("p2_b", new long[] {c.projectionDim()});
        return s;
    }

    /** He-normal weights, zero biases, from a seeded {@link Random}. */
    static Map<String, float[]> init(EncoderConfig c, long seed) {
        Random rng = new Random(seed);
        Map<String, float[]> w = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes(c).entrySet()) {
            long[] shape = e.getValue();
            int size = (int) size(shape);
            float[] v = new float[size];
            if (e.getKey().endsWith("_w")) {
                long fanIn = shape.length == 3 ? shape[0] * shape[1] : shape[0];
                double sd = Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < size; i++) {
                    v[i] = (float) (rng.nextGaussian() * sd);
                }
            }
            w.put(e.getKey(), v);
        }
        return w;
    }

    static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    static Map<String, SDVariable> variables(SameDiff sd, EncoderConfig c, Map<String, float[]> weights,
                                                     boolean withHead) {
        Map<String, SDVariable> v = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes(c).entrySet()) {
            if (!withHead && !e.getKey().startsWith("c")) {
                continue;
            }
            INDArray arr = Nd4j.create(weights.get(e.getKey()), e.getValue(), 'c');
            v.put(e.getKey(), sd.var(e.getKey(), arr));
        }
        return v;
    }

    static SDVariable encode(SameDiff sd, EncoderConfig c, Map<String, SDVariable> v, SDVariable x) {
        int[] dilations = c.dilations();
        // asinh as sign(x) log(|x| + sqrt(x^2 + 1)): in float32 the textbook form cancels to log(0)
        // for x below about -2900 (a strong event in noise-scale units) and poisons the features
        SDVariable h = sd.math().sign(x).mul(sd.math().log(sd.math().abs(x).add(sd.math().sqrt(x.mul(x).add(1.0)))));
        for (int l = 0; l < KERNELS.length; l++) {
            Conv1DConfig conf = Conv1DConfig.builder().k(KERNELS[l]).s(STRIDES[l]).d(dilations[l])
                    .paddingMode(PaddingMode.SAME).dataFormat("NCW").build();
            h = sd.nn().relu(sd.cnn().conv1d(h, v.get("c" + (l + 1) + "_w"), v.get("c" + (l + 1) + "_b"), conf), 0);
        }
        return h;
    }

    /**
     * Projection of a window's frames {@code [B, D, F]}: the means of {@link #POOL_SEGMENTS}
     * consecutive sub-windows, concatenated, through two dense layers, L2-normalised. Keeping
     * this coarse time structure lets the contrastive task tell stationary noise windows apart;
     * the embedding used downstream is the plain mean of the frames.
     *
     * @param batch windows in the batch, or -1 for any number
     */
    static SDVariable project(SameDiff sd, Map<String, SDVariable> v, SDVariable frames, int batch,
                                      EncoderConfig c) {
        int d = c.embeddingDim();
        int f = c.windowFrames();
        SDVariable pooled = frames.reshape(batch, d, POOL_SEGMENTS, f / POOL_SEGMENTS).mean(3)
                .reshape(batch, (long) d * POOL_SEGMENTS);
        SDVariable h = sd.nn().relu(pooled.mmul(v.get("p1_w")).add(v.get("p1_b")), 0);
        SDVariable z = h.mmul(v.get("p2_w")).add(v.get("p2_b"));
        // sqrt(sum z^2 + eps) rather than norm2: its gradient stays finite when z is all zeros
        return z.div(sd.math().sqrt(z.mul(z).sum(true, 1).add(1e-6)));
    }

    /**
     * Graph for training in chunks ({@link ContrastiveStep}): windows {@code [N, 3, T]} in, their
     * L2-normalised projections {@code [N, P]} out ({@link #PROJECTION}); fed the loss's gradient
     * with respect to those projections as {@link #UPSTREAM}, the weight gradients of the loss
     * variable {@code sum(z * upstream)} are the loss's weight gradients through these windows.
     * The one-graph formulation it replaced is kept in the tests (OneGraphLoss) as the reference.
     */
    static SameDiff projection(EncoderConfig c, Map<String, float[]> weights) {
        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> v = variables(sd, c, weights, true);
        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, 3, c.windowSamples());
        SDVariable g = sd.placeHolder(UPSTREAM, DataType.FLOAT, -1, c.projectionDim());
        SDVariable z = project(sd, v, encode(sd, c, v, x), -1, c).rename(PROJECTION);
        SDVariable surrogate = z.mul(g).sum().rename(SURROGATE);
        sd.setLossVariables(surrogate);
        return sd;
    }

    /**
     * Graph for training the predictive objective in chunks, as {@link #projection} is for the
     * contrastive one: windows {@code [N, 3, T]} of {@link EncoderConfig#windowFrames()} frames in
     * (the context starts after {@link EncoderConfig#leadFrames()}, the target at
     * {@link EncoderConfig#targetStartFrame()}); out ({@link #PROJECTION}), {@code [N, 2P]}: the L2-normalised context embedding
     * {@code u} (the linear context head on the mean of {@code log(1 + frame)} over the
     * {@link EncoderConfig#CONTEXT_FRAMES} frames after the lead) and, beside it, the target
     * embedding {@code v} (the target head on the same mean over the next
     * {@link EncoderConfig#TARGET_FRAMES} frames). Fed the loss's gradient with respect to both
     * as {@link #UPSTREAM}, the weight gradients of {@code sum(out * upstream)} are the loss's.
     */
    static SameDiff predictive(EncoderConfig c, Map<String, float[]> weights) {
        return predictive(c, weights, PredictiveOutput.HEADS);
    }

    /** What the predictive training graph puts out, per window. */
    enum PredictiveOutput {
        /** {@code [u, v]}: the context and target heads' unit vectors, {@code 2P} values. */
        HEADS,
        /**
         * {@code [ctx, tgt]}: the context and target means of {@code log(1 + frame)} themselves,
         * {@code 2D} values, the detector's own vectors, for a critic that compares them by
         * distance (the heads stay in the graph with a zero gradient, so that a model keeps its
         * variables).
         */
        RAW,
        /**
         * {@code [u, v, m]}: the heads' unit vectors and the mean of {@code log(1 + frame)} over the
         * context and target frames together, {@code 2P + D} values, for the arrow of time's head.
         */
        HEADS_AND_MEAN
    }

    /** @return values per window that {@link #predictive(EncoderConfig, Map, PredictiveOutput)} puts out */
    static int predictiveWidth(EncoderConfig c, PredictiveOutput out) {
        return switch (out) {
            case HEADS -> 2 * c.projectionDim();
            case RAW -> 2 * c.embeddingDim();
            case HEADS_AND_MEAN -> 2 * c.projectionDim() + c.embeddingDim();
        };
    }

    /** As {@link #predictive(EncoderConfig, Map)}, with the output {@code out} ({@link PredictiveOutput}). */
    static SameDiff predictive(EncoderConfig c, Map<String, float[]> weights, PredictiveOutput out) {
        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> v = variables(sd, c, weights, true);
        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, 3, c.windowSamples());
        SDVariable g = sd.placeHolder(UPSTREAM, DataType.FLOAT, -1, predictiveWidth(c, out));
        SDVariable f = sd.math().log(encode(sd, c, v, x).add(1.0));
        int a = c.leadFrames();
        int b = a + EncoderConfig.CONTEXT_FRAMES;
        int t = c.targetStartFrame(); // b, or later by the gap a longer reach needs
        int e = t + EncoderConfig.TARGET_FRAMES;
        SDVariable ctx = f.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(a, b)).mean(2);
        SDVariable tgt = f.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(t, e)).mean(2);
        SDVariable z;
        if (out == PredictiveOutput.RAW) {
            SDVariable heads = v.get(CONTEXT_W).sum().add(v.get(CONTEXT_B).sum()).add(v.get(TARGET_W).sum())
                    .add(v.get(TARGET_B).sum()).mul(0.0);
            z = sd.concat(1, ctx, tgt).add(heads).rename(PROJECTION);
        } else {
            SDVariable u = unit(sd, ctx.mmul(v.get(CONTEXT_W)).add(v.get(CONTEXT_B)));
            SDVariable w = unit(sd, tgt.mmul(v.get(TARGET_W)).add(v.get(TARGET_B)));
            z = out == PredictiveOutput.HEADS ? sd.concat(1, u, w).rename(PROJECTION)
                    : sd.concat(1, u, w, f.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(a, e)).mean(2))
                            .rename(PROJECTION);
        }
        SDVariable surrogate = z.mul(g).sum().rename(SURROGATE);
        sd.setLossVariables(surrogate);
        return sd;
    }

    /** Rows scaled to unit length (with a small floor that keeps the gradient finite at zero). */
    private static SDVariable unit(SameDiff sd, SDVariable z) {
        return z.div(sd.math().sqrt(z.mul(z).sum(true, 1).add(1e-6)));
    }

    /** Inference graph: model input {@code [B, 3, L]} in, frame features {@code [B, D, L/8]} out. */
    static SameDiff inference(EncoderConfig c, Map<String, float[]> weights) {
        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> v = variables(sd, c, weights, false);
        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, 3, -1);
        encode(sd, c, v, x).rename(FRAMES);
        return sd;
    }
}
