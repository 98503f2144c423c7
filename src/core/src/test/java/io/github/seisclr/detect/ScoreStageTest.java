package io.github.seisclr.detect;

import io.github.seisclr.score.BackgroundModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
