package io.github.seisclr.eval;

import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.Detector;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.model.FrameFeatures;
import io.github.seisclr.score.ScoreTrace;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Alignment;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

import java.util.ArrayList;
import java.util.List;

/**
 * How much two encoders agree on the same data (docs/training.md, "How far training moves the
 * features and the score"): their detectors' score traces, frame by frame, and their feature
 * spaces, by how much of one's features a linear map of the other's explains. The question behind
 * it: does training change what the detector sees, or give one more bank of features that the
 * distance score reduces to the same thing?
 */
public final class EncoderAgreement {
    /** Share of the frames with the highest scores whose agreement is measured on its own. */
    static final double TOP = 0.02;

    private EncoderAgreement() {
    }

    /**
     * @param scorePearson Pearson correlation of the two score traces, frame by frame
     * @param scoreSpearman rank correlation of the two score traces
     * @param topSpearman rank correlation over the frames in both one's and the other's top
     *     {@value #TOP} share (where detections are made): whether they order those alike
     * @param topShared of the frames in either's top share, those in both
     * @param r2SecondFromFirst R² of the second encoder's features from a linear map of the first's,
     *     the mean over the features that vary
     * @param r2FirstFromSecond the reverse
     */
    public record Result(double scorePearson, double scoreSpearman, double topSpearman, double topShared,
                         double r2SecondFromFirst, double r2FirstFromSecond) {
    }

    /**
     * @param r a detector's result (with its score traces)
     * @return its score traces, one after another in the result's order
     */
    public static double[] scores(DetectionResult r) {
        int n = 0;
        for (ScoreTrace t : r.scores()) {
            n += Math.max(0, t.length() - lead(t));
        }
        double[] all = new double[n];
        int at = 0;
        for (ScoreTrace t : r.scores()) {
            float[] v = t.values();
            for (int j = lead(t); j < v.length; j++) {
                all[at++] = v[j];
            }
        }
        return all;
    }

    /** @return the frames at a trace's start that lack a full score window (the detector sets them to 0, whatever the encoder) */
    private static int lead(ScoreTrace t) {
        return Math.max(0, (int) Math.round(t.windowSeconds() * t.rate()) - 1);
    }

    /**
     * The detector's vectors: {@link Detector#compress} of the trailing mean of {@code k} frame
     * features, at every {@code step}-th frame of every aligned segment of the stations (the same
     * segments for every encoder, so that vectors of two encoders correspond row by row).
     *
     * @param encoder the encoder
     * @param stations the data
     * @param windowSeconds the score window (frames averaged)
     * @param step every how many frames a vector is taken
     * @return {@code [n][embeddingDim]}
     */
    public static float[][] vectors(Encoder encoder, List<StationStream> stations, double windowSeconds, int step) {
        if (step < 1) {
            throw new IllegalArgumentException("step must be at least 1, got " + step);
        }
        double rate = encoder.config().sampleRate();
        List<float[]> out = new ArrayList<>();
        double[] m = new double[encoder.config().embeddingDim()];
        for (StationStream s : stations) {
            for (AlignedSegment seg : Alignment.align(s, rate, 10)) {
                FrameFeatures f = encoder.frames(seg);
                int k = Math.max(1, (int) Math.round(windowSeconds * f.frameRate()));
                for (int j = k - 1; j < f.count(); j += step) {
                    f.windowMean(j - k + 1, k, m);
                    float[] v = new float[m.length];
                    for (int q = 0; q < m.length; q++) {
                        v[q] = (float) Detector.compress(m[q]);
                    }
                    out.add(v);
                }
            }
        }
        return out.toArray(new float[0][]);
    }

    /**
     * @param scoresA first encoder's score traces ({@link #scores})
     * @param scoresB second encoder's, frame for frame
     * @param vectorsA first encoder's vectors ({@link #vectors})
     * @param vectorsB second encoder's, row for row
     * @return how much they agree
     */
    public static Result compare(double[] scoresA, double[] scoresB, float[][] vectorsA, float[][] vectorsB) {
        if (scoresA.length != scoresB.length || scoresA.length < 3) {
            throw new IllegalArgumentException("score traces of " + scoresA.length + " and " + scoresB.length
                    + " frames: give two of the same length, at least 3");
        }
        for (double[] sc : new double[][] {scoresA, scoresB}) {
            for (double x : sc) {
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("a score trace holds " + x);
                }
            }
        }
        if (vectorsA.length != vectorsB.length || vectorsA.length == 0 || vectorsA.length <= vectorsA[0].length + 1
                || vectorsB.length <= vectorsB[0].length + 1) {
            throw new IllegalArgumentException(vectorsA.length + " and " + vectorsB.length
                    + " vectors: give as many of each, more than their dimension");
        }
        PearsonsCorrelation pc = new PearsonsCorrelation();
        NaturalRanking ranking = new NaturalRanking(TiesStrategy.AVERAGE);
        double[] ra = ranking.rank(scoresA);
        double[] rb = ranking.rank(scoresB);
        double cut = scoresA.length * (1 - TOP);
        List<double[]> inBoth = new ArrayList<>();
        int either = 0;
        for (int i = 0; i < ra.length; i++) {
            boolean ta = ra[i] > cut;
            boolean tb = rb[i] > cut;
            if (ta || tb) {
                either++;
            }
            if (ta && tb) {
                inBoth.add(new double[] {scoresA[i], scoresB[i]});
            }
        }
        double topSpearman = Double.NaN;
        if (inBoth.size() >= 3) {
            topSpearman = pc.correlation(ranking.rank(inBoth.stream().mapToDouble(t -> t[0]).toArray()),
                    ranking.rank(inBoth.stream().mapToDouble(t -> t[1]).toArray()));
        }
        return new Result(pc.correlation(scoresA, scoresB), pc.correlation(ra, rb), topSpearman,
                either == 0 ? Double.NaN : (double) inBoth.size() / either, r2(vectorsA, vectorsB), r2(vectorsB, vectorsA));
    }

    /** R² of each column of {@code y} from an affine map of {@code x} (least squares), the mean over y's columns that vary. */
    static double r2(float[][] x, float[][] y) {
        int n = x.length;
        int p = x[0].length + 1;
        int d = y[0].length;
        double[] mx = new double[p - 1];
        double[] my = new double[d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < p - 1; a++) {
                mx[a] += (double) x[i][a] / n;
            }
            for (int c = 0; c < d; c++) {
                my[c] += (double) y[i][c] / n;
            }
        }
        // centred: the intercept is the means, the normal equations the covariances
        double[][] xtx = new double[p - 1][p - 1];
        double[][] xty = new double[p - 1][d];
        double[] sst = new double[d];
        double[] xc = new double[p - 1];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < p - 1; a++) {
                xc[a] = x[i][a] - mx[a];
            }
            for (int a = 0; a < p - 1; a++) {
                double v = xc[a];
                if (v == 0) {
                    continue;
                }
                for (int b = a; b < p - 1; b++) {
                    xtx[a][b] += v * xc[b];
                }
                for (int c = 0; c < d; c++) {
                    xty[a][c] += v * (y[i][c] - my[c]);
                }
            }
            for (int c = 0; c < d; c++) {
                sst[c] += (y[i][c] - my[c]) * (y[i][c] - my[c]);
            }
        }
        double trace = 0;
        for (int a = 0; a < p - 1; a++) {
            for (int b = 0; b < a; b++) {
                xtx[a][b] = xtx[b][a];
            }
            trace += xtx[a][a];
        }
        if (!(trace > 0) || !Double.isFinite(trace)) {
            return Double.NaN; // nothing in x varies: it explains nothing
        }
        // a small ridge: features that never fire (ReLU) or move together make the system singular
        double ridge = 1e-9 * trace / (p - 1);
        for (int a = 0; a < p - 1; a++) {
            xtx[a][a] += ridge + 1e-12 * Math.max(xtx[a][a], 0);
        }
        RealMatrix beta;
        try {
            beta = new CholeskyDecomposition(new Array2DRowRealMatrix(xtx, false), 1e-9, 0).getSolver()
                    .solve(new Array2DRowRealMatrix(xty, false));
        } catch (org.apache.commons.math3.exception.MathIllegalArgumentException
                 | org.apache.commons.math3.exception.MathArithmeticException e) {
            return Double.NaN; // round-off beat the ridge: no figure rather than a wrong one
        }
        double sum = 0;
        int used = 0;
        for (int c = 0; c < d; c++) {
            if (!(sst[c] > 1e-12 * n)) {
                continue; // a feature that does not vary (never fires)
            }
            // explained sum of squares of the least-squares fit: beta_c' X'y_c
            double explained = 0;
            for (int a = 0; a < p - 1; a++) {
                explained += beta.getEntry(a, c) * xty[a][c];
            }
            sum += Math.min(1, Math.max(0, explained / sst[c]));
            used++;
        }
        return used == 0 ? Double.NaN : sum / used;
    }
}
