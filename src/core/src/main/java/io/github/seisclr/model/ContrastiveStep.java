package io.github.seisclr.model;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * One contrastive training step in chunks that run side by side (gradient caching, Gao et al.
 * 2021): a forward pass gives every view's projection; {@link InfoNce} gives the loss and its
 * gradient with respect to the projections; each view's windows are then back-propagated on
 * their own, with that gradient fed in, on as many graphs as there are workers; their weight
 * gradients are summed in view order and Adam updates the weights. The result equals the one-graph
 * SameDiff formulation it replaced (kept in the tests as the reference) up to rounding, and does
 * not depend on the number of workers.
 *
 * <p>Why: in ND4J 1.0.0-M2.1 a one-dimensional convolution's backward pass takes about seven times
 * its forward pass and spreads badly over cores (80 % of a step on 2 cores); independent chunks,
 * one per core, use both.
 */
final class ContrastiveStep implements AutoCloseable {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    /**
     * Largest global gradient norm: one odd batch (a glitch, a huge event) cannot blow up training.
     * The one-graph formulation clipped SameDiff's gradient at 5, and that gradient is twice the
     * loss's (its softmax cross-entropy backward with mean-by-nonzero-weight reduction; see
     * ContrastiveStepTest): 2.5 on the true gradient is the same clip, so training behaves as before.
     */
    private static final double CLIP = 2.5;

    private final EncoderConfig config;
    private final boolean distanceCritic;
    /** Weight of the arrow of time's loss beside the predictive one (0: none). */
    private final double arrowWeight;
    /**
     * The arrow of time's logistic head on the window's mean features, {@code D} weights then the
     * bias, and its Adam moments (training only: not in the model); null without it.
     */
    private final float[] arrowHead;
    private final double[] arrowM;
    private final double[] arrowV;
    private final List<String> names;
    /** Weights and Adam's moment estimates by name, in Java: per-element work on 44,000 values is cheaper here than as ND4J operations. */
    private final Map<String, float[]> weights = new LinkedHashMap<>();
    private final Map<String, double[]> m = new LinkedHashMap<>();
    private final Map<String, double[]> v = new LinkedHashMap<>();
    private final List<SameDiff> all = new ArrayList<>();
    private final Queue<SameDiff> idle = new ConcurrentLinkedQueue<>();
    private final ExecutorService pool;

    /**
     * @param config architecture
     * @param init starting weights by name
     * @param workers chunks run at once (each on a graph of its own)
     */
    ContrastiveStep(EncoderConfig config, Map<String, float[]> init, int workers) {
        this(config, init, workers, false);
    }

    /**
     * @param distanceCritic predictive objective only: compare context and target by their
     *     whitened squared distance ({@link InfoNce#distance}) instead of the heads' cosine
     */
    ContrastiveStep(EncoderConfig config, Map<String, float[]> init, int workers, boolean distanceCritic) {
        this(config, init, workers, distanceCritic, 0);
    }

    /**
     * @param arrowWeight above 0, predictive objective only, without the distance critic: the views
     *     are the batch's chunks as drawn followed by the same chunks reversed in time, and the loss
     *     adds to the InfoNCE of the forward chunks this weight times the mean logistic loss of a
     *     head that tells from each window's mean {@code log(1 + frame)} features which way it runs
     *     (its weights start at zero and are trained here, not kept in the model); 0: none
     */
    ContrastiveStep(EncoderConfig config, Map<String, float[]> init, int workers, boolean distanceCritic,
                    double arrowWeight) {
        if (!(arrowWeight >= 0 && arrowWeight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the arrow of time's weight must be 0 or above, got " + arrowWeight);
        }
        boolean arrow = arrowWeight > 0;
        if (distanceCritic && config.objective() != EncoderConfig.Objective.PREDICTIVE) {
            throw new IllegalArgumentException("the distance critic is for the predictive objective");
        }
        if (arrow && (config.objective() != EncoderConfig.Objective.PREDICTIVE || distanceCritic)) {
            throw new IllegalArgumentException("the arrow of time is for the predictive objective with its heads");
        }
        this.distanceCritic = distanceCritic;
        this.arrowWeight = arrowWeight;
        int d = config.embeddingDim();
        arrowHead = arrow ? new float[d + 1] : null;
        arrowM = arrow ? new double[d + 1] : null;
        arrowV = arrow ? new double[d + 1] : null;
        this.config = config;
        this.names = List.copyOf(init.keySet());
        int graphs = Math.max(1, workers);
        for (String n : names) {
            weights.put(n, init.get(n).clone());
            m.put(n, new double[init.get(n).length]);
            v.put(n, new double[init.get(n).length]);
        }
        for (int k = 0; k < graphs; k++) {
            SameDiff g = predictive() ? Network.predictive(config, init, output()) : Network.projection(config, init);
            Network.buildGradients(g);
            all.add(g);
            idle.add(g);
        }
        pool = graphs > 1 ? Encoder.workerPool(graphs, "seisclr-training") : null;
    }

    private boolean predictive() {
        return config.objective() == EncoderConfig.Objective.PREDICTIVE;
    }

    private boolean arrow() {
        return arrowWeight > 0;
    }

    private Network.PredictiveOutput output() {
        return distanceCritic ? Network.PredictiveOutput.RAW
                : arrow() ? Network.PredictiveOutput.HEADS_AND_MEAN : Network.PredictiveOutput.HEADS;
    }

    /** Sets the arrow of time's head (tests: a head at zero passes no gradient to the encoder). */
    void arrowHead(float[] w, float b) {
        System.arraycopy(w, 0, arrowHead, 0, w.length);
        arrowHead[w.length] = b;
    }

    /**
     * @param views two or three views {@code [B, 3, T]} (the third: transient negatives); for the
     *     predictive objective, chunks of one batch of windows, each {@code [B_i, 3, T]}
     * @return {loss, top-1 retrieval, the arrow of time's accuracy (the share of windows, forward
     *     and reversed, whose direction its head gets right; NaN without it)}, nothing updated
     */
    double[] evaluate(INDArray[] views) {
        Loss r = loss(project(views));
        return new double[] {r.loss(), r.top1(), r.arrowAccuracy()};
    }

    /**
     * One Adam step.
     *
     * @param views two or three views {@code [B, 3, T]}
     * @param lr learning rate
     * @param t step number, from 1
     * @return the loss before the step, or NaN when it or the gradient was not finite (nothing applied)
     */
    double train(INDArray[] views, double lr, int t) {
        Gradients r = gradients(views);
        if (r == null) {
            return Double.NaN;
        }
        Map<String, float[]> grad = r.weights();
        double norm2 = 0;
        for (float[] g : grad.values()) {
            for (float x : g) {
                norm2 += (double) x * x;
            }
        }
        if (!Double.isFinite(norm2)) {
            return Double.NaN;
        }
        double clip = Math.min(1, CLIP / Math.max(1e-12, Math.sqrt(norm2)));
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        if (arrow()) {
            // the head's own update, unclipped: its gradient is bounded by the features' size
            adam(arrowHead, r.arrowHead(), 1, arrowM, arrowV, lr, c1, c2);
        }
        for (String n : names) {
            adam(weights.get(n), grad.get(n), clip, m.get(n), v.get(n), lr, c1, c2);
        }
        for (SameDiff g : all) {
            for (String n : names) {
                g.getVariable(n).getArr().data().setData(weights.get(n));
            }
        }
        return r.loss();
    }

    /**
     * One Adam update of {@code w} with the gradient {@code g} times {@code clip}, its moments
     * {@code m} and {@code v} updated in place.
     *
     * @param c1 {@code 1 - beta1^t}
     * @param c2 {@code 1 - beta2^t}
     */
    private static void adam(float[] w, float[] g, double clip, double[] m, double[] v, double lr, double c1,
                             double c2) {
        for (int i = 0; i < w.length; i++) {
            double gi = g[i] * clip;
            m[i] = BETA1 * m[i] + (1 - BETA1) * gi;
            v[i] = BETA2 * v[i] + (1 - BETA2) * gi * gi;
            w[i] -= (float) (lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
        }
    }

    /**
     * The loss and its gradients with respect to the weights, by name, and with the arrow of time
     * with respect to its head ({@code D} weights, then the bias; else null).
     */
    record Gradients(double loss, Map<String, float[]> weights, float[] arrowHead) {
    }

    /**
     * A batch's loss, top-1 retrieval, each chunk's upstream gradient, and the arrow head's gradient
     * (or null) and accuracy (or NaN).
     */
    private record Loss(double loss, double top1, float[][][] upstream, float[] arrowHead, double arrowAccuracy) {
    }

    /**
     * @param views two or three views {@code [B, 3, T]}
     * @return the loss and its weight gradients (summed over the views' chunks in view order), or
     *     null when the loss is not finite
     */
    Gradients gradients(INDArray[] views) {
        Loss r = loss(project(views));
        if (!Double.isFinite(r.loss())) {
            return null;
        }
        float[][][] upstream = r.upstream();
        List<Map<String, float[]>> parts = run(views.length, i -> borrow(g -> {
            INDArray up = Nd4j.create(upstream[i]);
            Map<String, INDArray> grads = g.calculateGradients(Map.of(Network.INPUT, views[i], Network.UPSTREAM, up),
                    names);
            Map<String, float[]> copy = new LinkedHashMap<>();
            grads.forEach((k, a) -> copy.put(k, a.dup('c').data().asFloat()));
            return copy;
        }));
        Map<String, float[]> grad = new LinkedHashMap<>();
        for (String n : names) {
            float[] sum = parts.get(0).get(n);
            for (int i = 1; i < parts.size(); i++) {
                float[] part = parts.get(i).get(n);
                for (int q = 0; q < sum.length; q++) {
                    sum[q] += part[q]; // in view order: the same sum whatever the number of workers
                }
            }
            grad.put(n, sum);
        }
        return new Gradients(r.loss(), grad, r.arrowHead());
    }

    /** @return a copy of the current weights by name */
    Map<String, float[]> weights() {
        Map<String, float[]> w = new LinkedHashMap<>();
        weights.forEach((n, a) -> w.put(n, a.clone()));
        return w;
    }

    /** Projections of every view, one chunk per view, side by side. */
    private float[][][] project(INDArray[] views) {
        List<float[][]> z = run(views.length, i -> borrow(g -> g.output(Map.of(Network.INPUT, views[i]),
                List.of(Network.PROJECTION)).get(Network.PROJECTION).toFloatMatrix()));
        return z.toArray(new float[0][][]);
    }

    private Loss loss(float[][][] z) {
        if (!predictive()) {
            InfoNce.Result r = InfoNce.of(z[0], z[1], z.length > 2 ? z[2] : null, config.temperature());
            return new Loss(r.loss(), r.top1(), r.gradients(), null, Double.NaN);
        }
        // rows of the chunks, in order: u (context) in the first P columns, v (target) in the next P
        // (the raw means with the distance critic); with the arrow of time, the window's mean
        // features after them, and the second half of the chunks the first half reversed
        int width = z[0][0].length;
        int p = arrow() ? (width - config.embeddingDim()) / 2 : width / 2;
        int forward = arrow() ? z.length / 2 : z.length;
        if (arrow()) {
            boolean paired = z.length % 2 == 0 && z.length > 0;
            for (int k = 0; k < forward; k++) {
                paired &= z[k].length == z[forward + k].length;
            }
            if (!paired) {
                throw new IllegalArgumentException("the arrow of time needs its chunks followed by the same"
                        + " chunks reversed, got " + z.length + " chunks");
            }
        }
        int n = 0;
        for (int k = 0; k < forward; k++) {
            n += z[k].length;
        }
        float[][] u = new float[n][];
        float[][] v = new float[n][];
        int i = 0;
        for (int k = 0; k < forward; k++) {
            for (float[] row : z[k]) {
                u[i] = java.util.Arrays.copyOfRange(row, 0, p);
                v[i++] = java.util.Arrays.copyOfRange(row, p, 2 * p);
            }
        }
        InfoNce.Result r = distanceCritic ? InfoNce.distance(u, v, InfoNce.whitening(v), config.temperature())
                : InfoNce.of(u, v, null, config.temperature());
        float[][][] upstream = new float[z.length][][];
        i = 0;
        for (int k = 0; k < z.length; k++) {
            upstream[k] = new float[z[k].length][width];
            if (k < forward) {
                for (int row = 0; row < z[k].length; row++, i++) {
                    System.arraycopy(r.gradients()[0][i], 0, upstream[k][row], 0, p);
                    System.arraycopy(r.gradients()[1][i], 0, upstream[k][row], p, p);
                }
            }
        }
        if (!arrow()) {
            return new Loss(r.loss(), r.top1(), upstream, null, Double.NaN);
        }
        // the arrow of time: logistic loss of w.m + b, label 1 for a forward window, 0 reversed,
        // averaged over all of them and weighted; its gradient goes to the mean features' columns
        int d = config.embeddingDim();
        int all = 0;
        for (float[][] c : z) {
            all += c.length;
        }
        double bce = 0;
        int right = 0;
        float[] head = new float[d + 1];
        for (int k = 0; k < z.length; k++) {
            double y = k < forward ? 1 : 0;
            for (int row = 0; row < z[k].length; row++) {
                float[] m = z[k][row];
                double logit = arrowHead[d];
                for (int q = 0; q < d; q++) {
                    logit += arrowHead[q] * m[2 * p + q];
                }
                // log(1 + exp(-logit)) for y = 1, log(1 + exp(logit)) for y = 0, without overflow
                double signed = y == 1 ? -logit : logit;
                bce += Math.max(signed, 0) + Math.log1p(Math.exp(-Math.abs(signed)));
                right += (logit > 0) == (y == 1) ? 1 : 0;
                double dl = arrowWeight * (1 / (1 + Math.exp(-logit)) - y) / all;
                for (int q = 0; q < d; q++) {
                    upstream[k][row][2 * p + q] = (float) (dl * arrowHead[q]);
                    head[q] += (float) (dl * m[2 * p + q]);
                }
                head[d] += (float) dl;
            }
        }
        return new Loss(r.loss() + arrowWeight * bce / all, r.top1(), upstream, head, (double) right / all);
    }

    /** Runs {@code task} on an idle graph and gives the graph back. */
    private <T> T borrow(Function<SameDiff, T> task) {
        SameDiff g = idle.poll();
        if (g == null) {
            throw new IllegalStateException("more chunks at once than graphs");
        }
        try {
            ReleasingMemoryMgr.install(g);
            return task.apply(g);
        } finally {
            idle.offer(g);
        }
    }

    /** Runs tasks 0..n-1 on the workers (in order on this thread with one) and returns their results in order. */
    private <T> List<T> run(int n, java.util.function.IntFunction<T> task) {
        List<T> out = new ArrayList<>();
        if (pool == null) {
            for (int i = 0; i < n; i++) {
                out.add(task.apply(i));
            }
            return out;
        }
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            Callable<T> c = () -> task.apply(k);
            futures.add(pool.submit(c));
        }
        for (Future<T> f : futures) {
            out.add(Futures.result(f, "running a training step"));
        }
        return out;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
