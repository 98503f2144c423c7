package io.github.seisclr.detect;

import io.github.seisclr.score.BackgroundModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            a.push(f, one::add);
        }
        a.finish(one::add);
        List<Double> all = new ArrayList<>();
        ScoreStage b = new ScoreStage(13, d, 12.5, 30, bg);
        b.pushAll(io.github.seisclr.model.FrameFeatures.of(java.time.Instant.EPOCH, 12.5, frames), all::add);
        b.finish(all::add);
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
        float[][] frames = new float[n][d];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < d; k++) {
                frames[j][k] = (float) Math.abs(r.nextGaussian());
            }
        }
        BackgroundModel first = background(r, d, 1);
        BackgroundModel second = background(r, d, 2); // a different model: noise sits elsewhere in it
        List<Double> throughout = new ArrayList<>();
        ScoreStage b = new ScoreStage(13, d, 12.5, 30, second);
        for (float[] f : frames) {
            b.push(f, throughout::add);
        }
        // in the first block (its frames not out yet), before the baseline is full, mid-block with it full
        for (int at : new int[] {10, 60, 390, 1_013}) {
            List<Double> switched = new ArrayList<>();
            ScoreStage a = new ScoreStage(13, d, 12.5, 30, first).keepRecent();
            for (int j = 0; j < n; j++) {
                if (j == at) {
                    a.background(second);
                }
                a.push(frames[j], switched::add);
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
}
