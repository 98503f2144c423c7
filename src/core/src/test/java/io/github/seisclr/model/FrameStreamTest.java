package io.github.seisclr.model;

import io.github.seisclr.io.StationStream;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Alignment;
import io.github.seisclr.synth.SyntheticDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The incremental encoder against the batch one, and how soon its frames come out. */
class FrameStreamTest {
    private static Encoder encoder;
    private static AlignedSegment segment;

    @BeforeAll
    static void setUp() {
        encoder = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        SyntheticDataset d = ModelTestData.dataset(5, 0.1, 1, 30);
        StationStream s = ModelTestData.stations(d.traces()).get(0);
        segment = Alignment.align(s, 100, 10).get(0);
    }

    /**
     * The bundled model, and a network that reaches 2.39 s (its context wider than the bundled
     * model's); and a DC offset, from which the stream's band-pass starts as the batch one does.
     */
    @ParameterizedTest
    @CsvSource({"false, 0", "true, 0", "false, 100000"})
    void framesFedInRandomBlocksEqualTheBatchFrames(boolean longReach, double offset) {
        Encoder encoder = longReach ? EncoderFramesTest.longReach() : FrameStreamTest.encoder;
        AlignedSegment segment = FrameStreamTest.segment;
        if (offset != 0) {
            double[][] x = new double[3][];
            for (int c = 0; c < 3; c++) {
                x[c] = segment.data()[c].clone();
                for (int i = 0; i < x[c].length; i++) {
                    x[c][i] += offset;
                }
            }
            segment = new AlignedSegment(segment.station(), segment.start(), segment.sampleRate(), x, segment.present());
        }
        FrameFeatures batch = encoder.frames(segment);
        FrameStream fs = encoder.stream(segment.present());
        List<float[]> got = new ArrayList<>();
        Random r = new Random(3);
        int i = 0;
        while (i < segment.length()) {
            int n = Math.min(segment.length() - i, 1 + r.nextInt(900));
            for (float[] f : fs.push(segment.data(), i, i + n)) {
                got.add(f);
            }
            i += n;
        }
        for (float[] f : fs.finish()) {
            got.add(f);
        }
        assertEquals(batch.count(), got.size());
        double worst = 0;
        for (int j = 0; j < got.size(); j++) {
            float[] a = batch.frame(j);
            for (int q = 0; q < a.length; q++) {
                worst = Math.max(worst, Math.abs(a[q] - got.get(j)[q]) / (1 + Math.abs(a[q])));
            }
        }
        assertTrue(worst < 1e-4, "largest relative difference " + worst);
    }

    /**
     * After the warm-up, a frame is out once the encoder's context after it has arrived (plus at
     * most a few frames gathered for one forward pass): it does not wait for the 5 s scale block.
     */
    @Test
    void afterTheWarmUpFramesDoNotWaitForTheScaleBlock() {
        FrameStream fs = encoder.stream(segment.present());
        int block = 37; // samples per push, as small records would bring them
        long worstLag = 0;
        int warmup = (int) Math.round(Preprocessor.WARMUP_SECONDS * 100);
        for (int i = 0; i + block <= segment.length(); i += block) {
            fs.push(segment.data(), i, i + block);
            long fed = i + block;
            if (fed > warmup + 1000) {
                long covered = fs.framesOut() * EncoderConfig.FRAME_STRIDE;
                worstLag = Math.max(worstLag, fed - covered);
            }
        }
        long bound = encoder.contextSamples() + 4L * EncoderConfig.FRAME_STRIDE + block;
        assertTrue(worstLag <= bound, "samples fed but not yet in frames: up to " + worstLag + ", bound " + bound);
    }
}
