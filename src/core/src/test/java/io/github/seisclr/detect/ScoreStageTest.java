package io.github.seisclr.detect;

import io.github.seisclr.model.FrameFeatures;
import io.github.seisclr.score.BackgroundModel;
import io.github.seisclr.score.ResidualModel;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch path (distances in parallel) gives exactly the numbers of the frame-by-frame path a stream uses. */
class ScoreStageTest {
    @Test
    void pushAllEqualsPushOneByOne() {
        Random r = new Random(8);
        int d = 16;
        int n = 20_000; // more than two parallel blocks, the last one partial
        float[][] frames = new float[n][d];
        for (int j = 0; j < n; j++) {
            double level = j > 9_000 && j < 9_100 ? 5 : 1; // an "event"
            for (int k = 0; k < d; k++) {
                frames[j][k] = (float) (level * Math.abs(r.nextGaussian()));
            }
        }
        double[][] fit = new double[500][d];
        for (double[] v : fit) {
            for (int k = 0; k < d; k++) {
                v[k] = Math.log1p(Math.abs(r.nextGaussian()));
            }
        }
        BackgroundModel bg = BackgroundModel.fit(fit, 0.2);
        List<Double> one = new ArrayList<>();
        ScoreStage a = new ScoreStage(13, d, 12.5, 30, bg);
        for (float[] f : frames) {
            a.push(f, (x, y) -> one.add(x));
        }
        a.finish((x, y) -> one.add(x));
        List<Double> all = new ArrayList<>();
        ScoreStage b = new ScoreStage(13, d, 12.5, 30, bg);
        b.pushAll(io.github.seisclr.model.FrameFeatures.of(java.time.Instant.EPOCH, 12.5, frames), (x, y) -> all.add(x));
        b.finish((x, y) -> all.add(x));
        assertEquals(n, one.size());
        assertEquals(one, all);
        double[] la = a.lastMean();
        double[] lb = b.lastMean();
        for (int k = 0; k < d; k++) {
            assertEquals(la[k], lb[k], 0.0);
        }
    }

    private static BackgroundModel background(Random r, int d, double scale) {
        double[][] fit = new double[500][d];
        for (double[] v : fit) {
            for (int k = 0; k < d; k++) {
                v[k] = Math.log1p(scale * Math.abs(r.nextGaussian()));
            }
        }
        return BackgroundModel.fit(fit, 0.2);
    }

    @Test
    void aNewBackgroundRestatesTheBaselineSoScoresAreThoseOfARunThatHadItFromTheStart() {
        Random r = new Random(9);
        int d = 16;
        int n = 4_000;
        float[][] frames = noise(r, n, d);
        BackgroundModel first = background(r, d, 1);
        BackgroundModel second = background(r, d, 2); // a different model: noise sits elsewhere in it
        List<Double> throughout = new ArrayList<>();
        ScoreStage b = new ScoreStage(13, d, 12.5, 30, second);
        for (float[] f : frames) {
            b.push(f, (x, y) -> throughout.add(x));
        }
        // in the first block (its frames not out yet), before the baseline is full, mid-block with it full
        for (int at : new int[] {10, 60, 390, 1_013}) {
            List<Double> switched = new ArrayList<>();
            ScoreStage a = new ScoreStage(13, d, 12.5, 30, first).keepRecent();
            for (int j = 0; j < n; j++) {
                if (j == at) {
                    a.models(second, null);
                }
                a.push(frames[j], (x, y) -> switched.add(x));
            }
            int out = at < 25 ? 0 : at; // the first block's frames come out with its median, after the change
            if (out > 0) {
                double before = Math.abs(switched.get(out - 1) - throughout.get(out - 1));
                assertTrue(before > 0.05, "the two models must score the noise differently: " + before);
            }
            for (int j = out; j < n; j++) {
                assertEquals(throughout.get(j), switched.get(j), 1e-12, "changed at " + at + ", frame " + j);
            }
        }
    }

    private static float[][] noise(Random r, int n, int d) {
        float[][] frames = new float[n][d];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < d; k++) {
                frames[j][k] = (float) Math.abs(r.nextGaussian());
            }
        }
        return frames;
    }

    /** Noise whose level wanders slowly (a random walk in its log, pulled back to 0), as a station's does. */
    private static float[][] wandering(Random r, int n, int d) {
        float[][] frames = noise(r, n, d);
        double w = 0;
        for (float[] f : frames) {
            w = 0.995 * w + 0.05 * r.nextGaussian();
            for (int q = 0; q < d; q++) {
                f[q] *= (float) Math.exp(w);
            }
        }
        return frames;
    }

    /** A residual model fitted on noise frames as the detector fits one ({@link FitSample}). */
    private static ResidualModel residual(float[][] frames, int k) {
        FitSample s = FitSample.of(List.of(FrameFeatures.of(Instant.EPOCH, 12.5, frames)), k,
                ScoreStage.contextFrames(12.5));
        return s.residual(null, 0.25);
    }

    @Test
    void withTheResidualPushAllEqualsPushOneByOne() {
        Random r = new Random(18);
        int d = 16;
        int n = 20_000;
        float[][] frames = noise(r, n, d);
        for (int j = 9_000; j < 9_400; j++) { // a long "event"
            for (int q = 0; q < d; q++) {
                frames[j][q] *= 5;
            }
        }
        ResidualModel res = residual(noise(r, 3_000, d), 13);
        BackgroundModel bg = background(r, d, 1);
        List<double[]> one = new ArrayList<>();
        ScoreStage a = new ScoreStage(13, d, 12.5, 30, bg, res);
        for (float[] f : frames) {
            a.push(f, (x, y) -> one.add(new double[] {x, y}));
        }
        a.finish((x, y) -> one.add(new double[] {x, y}));
        List<double[]> all = new ArrayList<>();
        ScoreStage b = new ScoreStage(13, d, 12.5, 30, bg, res);
        b.pushAll(FrameFeatures.of(Instant.EPOCH, 12.5, frames), (x, y) -> all.add(new double[] {x, y}));
        b.finish((x, y) -> all.add(new double[] {x, y}));
        assertEquals(n, one.size());
        assertEquals(n, all.size());
        for (int j = 0; j < n; j++) {
            assertEquals(one.get(j)[0], all.get(j)[0], 0.0, "distance, frame " + j);
            assertEquals(one.get(j)[1], all.get(j)[1], 0.0, "residual, frame " + j);
            assertTrue(Double.isFinite(one.get(j)[1]), "frame " + j);
        }
        // the distance is that of a stage without the residual
        List<Double> alone = new ArrayList<>();
        ScoreStage c = new ScoreStage(13, d, 12.5, 30, bg);
        c.pushAll(FrameFeatures.of(Instant.EPOCH, 12.5, frames), (x, y) -> {
            assertTrue(Double.isNaN(y));
            alone.add(x);
        });
        c.finish((x, y) -> alone.add(x));
        for (int j = 0; j < n; j++) {
            assertEquals(alone.get(j), all.get(j)[0], 0.0, "frame " + j);
        }
    }

    @Test
    void theContextIsTheEightSecondsBeforeTheTrailingWindow() {
        Random r = new Random(19);
        int d = 4;
        int k = 13;
        int c = ScoreStage.contextFrames(12.5);
        assertEquals(100, c);
        float[][] frames = noise(r, 300, d);
        ScoreStage stage = new ScoreStage(k, d, 12.5, 30, background(r, d, 1), residual(noise(r, 2_000, d), k));
        for (int n = 1; n <= frames.length; n++) {
            stage.push(frames[n - 1], (x, y) -> { });
            // frames n-k-c .. n-k-1 (those there are); the trailing window itself before any
            int from = Math.max(0, n - k - c);
            int to = n - k;
            double[] expected = new double[d];
            int a = to > 0 ? from : n - Math.min(n, k);
            int b = to > 0 ? to : n;
            for (int j = a; j < b; j++) {
                for (int q = 0; q < d; q++) {
                    expected[q] += frames[j][q];
                }
            }
            double[] got = stage.lastContext();
            for (int q = 0; q < d; q++) {
                assertEquals(Detector.compress(expected[q] / (b - a)), got[q], 1e-5, "after " + n + " frames, feature " + q);
            }
        }
    }

    /**
     * A step to a level that then lasts (an event longer than the baseline can hold apart): the
     * residual marks the step, and falls back once the context holds the new level, while the
     * distance stays up for as long as the level does.
     */
    @Test
    void theResidualMarksAStepAndForgetsItOnceTheContextHoldsTheNewLevel() {
        Random r = new Random(20);
        int d = 8;
        int k = 13;
        float[][] frames = wandering(r, 3_000, d);
        int step = 1_500;
        for (int j = step; j < frames.length; j++) {
            for (int q = 0; q < d; q++) {
                frames[j][q] *= 4;
            }
        }
        float[][] quiet = wandering(r, 20_000, d);
        ResidualModel res = residual(quiet, k);
        for (double slope : res.line().slope()) {
            assertTrue(slope > 0.3, "a wandering level is predictable from its past: slope " + slope);
        }
        BackgroundModel bg = FitSample.of(List.of(FrameFeatures.of(Instant.EPOCH, 12.5, quiet)), k, 0).background(0.25);
        List<double[]> out = new ArrayList<>();
        ScoreStage stage = new ScoreStage(k, d, 12.5, 300, bg, res); // a long baseline: the distance stays up
        stage.pushAll(FrameFeatures.of(Instant.EPOCH, 12.5, frames), (x, y) -> out.add(new double[] {x, y}));
        double atStep = out.get(step + k - 1)[1];
        double later = out.get(step + k + ScoreStage.contextFrames(12.5) + 40)[1];
        double distanceAtStep = out.get(step + k - 1)[0];
        double distanceLater = out.get(step + k + ScoreStage.contextFrames(12.5) + 40)[0];
        // measured: residual 2.25 at the step, 1.08 later; distance 1.88, then 2.11 (log units over the baselines)
        assertTrue(atStep > 1.5, "the residual at the step: " + atStep);
        assertTrue(later < atStep - 0.8, "the residual once the context holds the new level: " + later + ", at the step "
                + atStep);
        assertTrue(distanceLater > distanceAtStep - 0.2, "the distance stays up: " + distanceLater + ", at the step "
                + distanceAtStep);
    }

    @Test
    void newModelsRestateTheResidualsBaselineToo() {
        Random r = new Random(21);
        int d = 16;
        int n = 4_000;
        float[][] frames = noise(r, n, d);
        ResidualModel firstR = residual(noise(r, 3_000, d), 13);
        float[][] louder = noise(r, 3_000, d);
        for (float[] f : louder) {
            for (int q = 0; q < d; q++) {
                f[q] *= 2;
            }
        }
        ResidualModel secondR = residual(louder, 13);
        BackgroundModel first = background(r, d, 1);
        BackgroundModel second = background(r, d, 2);
        List<double[]> throughout = new ArrayList<>();
        ScoreStage b = new ScoreStage(13, d, 12.5, 30, second, secondR);
        for (float[] f : frames) {
            b.push(f, (x, y) -> throughout.add(new double[] {x, y}));
        }
        for (int at : new int[] {10, 60, 390, 1_013}) {
            List<double[]> switched = new ArrayList<>();
            ScoreStage a = new ScoreStage(13, d, 12.5, 30, first, firstR).keepRecent();
            for (int j = 0; j < n; j++) {
                if (j == at) {
                    a.models(second, secondR);
                }
                a.push(frames[j], (x, y) -> switched.add(new double[] {x, y}));
            }
            int out = at < 25 ? 0 : at;
            if (out > 0) {
                double before = Math.abs(switched.get(out - 1)[1] - throughout.get(out - 1)[1]);
                assertTrue(before > 0.05, "the two residual models must score the noise differently: " + before);
            }
            for (int j = out; j < n; j++) {
                assertEquals(throughout.get(j)[0], switched.get(j)[0], 1e-12, "changed at " + at + ", frame " + j);
                assertEquals(throughout.get(j)[1], switched.get(j)[1], 1e-12, "changed at " + at + ", frame " + j);
            }
        }
        ScoreStage without = new ScoreStage(13, d, 12.5, 30, first);
        assertThrows(IllegalArgumentException.class, () -> without.models(second, secondR));
    }
}
