package io.github.seisclr.model;

import io.github.seisclr.io.StationStream;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Alignment;
import io.github.seisclr.synth.SyntheticDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forward passes run side by side give the frames of one pass after another, and the chunked run
 * over a long segment gives the frames of the whole graph over all of it.
 */
class EncoderFramesTest {
    private static final Encoder ENCODER = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));

    /** @return the first aligned segment of a generated station of that many hours */
    private static AlignedSegment segment(long seed, double hours) {
        SyntheticDataset data = ModelTestData.dataset(seed, hours, 1, 40);
        StationStream s = ModelTestData.stations(data.traces()).get(0);
        return Alignment.align(s, 100, 10).get(0);
    }

    /** A network that reaches 2.39 s (dilations 1,2,4,8,8), random weights: wider context at chunk borders. */
    static Encoder longReach() {
        EncoderConfig c = EncoderConfig.builder().dilations(1, 2, 4, 8, 8).build();
        return new Encoder(c, Network.init(c, 9), null);
    }

    /** Chunk borders (context, offsets, the frame-major copy) do not move or change a frame. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void chunkedFramesEqualTheWholeGraphOverTheSegment(boolean longReach) {
        Encoder encoder = longReach ? longReach() : ENCODER;
        AlignedSegment segment = segment(12, 0.25);
        float[][] input = Preprocessor.prepare(segment, encoder.config());
        int n = input[0].length;
        assertTrue(n > 2 * 32_768, "three chunks or more");
        FrameFeatures chunked = encoder.frames(input, segment, 2);
        float[] flat = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(input[c], 0, flat, c * n, n);
        }
        float[] whole = Network.inference(encoder.config(), encoder.weights())
                .output(java.util.Map.of(Network.INPUT, org.nd4j.linalg.factory.Nd4j.create(flat, new long[] {1, 3, n}, 'c')),
                        Network.FRAMES).get(Network.FRAMES).dup('c').data().asFloat(); // [1, d, frames]
        int d = encoder.config().embeddingDim();
        int frames = whole.length / d;
        assertEquals(n / EncoderConfig.FRAME_STRIDE, chunked.count());
        double worst = 0;
        double shifted = 0; // the same comparison one frame off: what a misplaced frame would give
        double scale = 0;
        // the first and last frames differ by construction: a chunk sees zeros before the segment,
        // the whole graph pads each layer with zeros
        int edge = encoder.contextSamples() / EncoderConfig.FRAME_STRIDE;
        for (int j = edge; j < chunked.count() - edge; j++) {
            for (int q = 0; q < d; q++) {
                float e = whole[q * frames + j];
                scale = Math.max(scale, Math.abs(e));
                worst = Math.max(worst, Math.abs(chunked.frame(j)[q] - e) / (1 + Math.abs(e)));
                shifted = Math.max(shifted, Math.abs(chunked.frame(j + 1)[q] - e) / (1 + Math.abs(e)));
            }
        }
        assertTrue(scale > 0.1, "the data drive the network: largest feature " + scale);
        assertTrue(shifted > 1e-2, "a frame off would show: largest relative difference one frame off " + shifted);
        assertTrue(worst < 1e-4, "largest relative difference " + worst + " (float rounding; one frame off: " + shifted + ")");
    }

    /**
     * A range of a segment, cut at samples that are not on the frame grid at its end, gives the
     * frames of the whole segment there: the context around the range covers a frame's reach on
     * both sides (frame j reaches 7 samples further after sample 8 j than before it).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aRangeGivesTheFramesOfTheWholeSegment(boolean longReach) {
        Encoder encoder = longReach ? longReach() : ENCODER;
        AlignedSegment segment = segment(13, 0.05);
        FrameFeatures whole = encoder.frames(segment);
        for (int[] r : new int[][] {{8_000, 9_001}, {4_096, 12_007}, {16, 2_003}, {17_000, segment.length() - 5}}) {
            FrameFeatures part = encoder.frames(segment, r[0], r[1]);
            assertEquals((r[1] - r[0] + 7) / 8, part.count(), "frames of [" + r[0] + ", " + r[1] + ")");
            double worst = 0;
            for (int j = 0; j < part.count(); j++) {
                float[] a = whole.frame(r[0] / 8 + j);
                float[] b = part.frame(j);
                for (int q = 0; q < a.length; q++) {
                    worst = Math.max(worst, Math.abs(a[q] - b[q]) / (1 + Math.abs(a[q])));
                }
            }
            assertTrue(worst < 1e-4, "range [" + r[0] + ", " + r[1] + "): largest relative difference " + worst);
        }
    }

    @Test
    void passesSideBySideGiveTheFramesOfOnePassAfterAnother() {
        Encoder encoder = ENCODER;
        AlignedSegment segment = segment(11, 0.5);
        float[][] input = Preprocessor.prepare(segment, encoder.config());
        assertTrue(segment.length() > 5 * 32_768, "half an hour: six 32,768-sample chunks, the last one short");
        FrameFeatures serial = encoder.frames(input, segment, 1);
        FrameFeatures parallel = encoder.frames(input, segment, 3);
        assertEquals(segment.length() / EncoderConfig.FRAME_STRIDE, serial.count());
        assertEquals(serial.count(), parallel.count());
        assertEquals(serial.start(), parallel.start());
        double worst = 0;
        int zero = 0;
        for (int j = 0; j < serial.count(); j++) {
            float[] a = serial.frame(j);
            float[] b = parallel.frame(j);
            boolean allZero = true;
            for (int q = 0; q < a.length; q++) {
                worst = Math.max(worst, Math.abs(a[q] - b[q]) / (1 + Math.abs(a[q])));
                allZero &= b[q] == 0;
            }
            zero += allZero ? 1 : 0;
        }
        assertTrue(worst < 1e-5, "largest relative difference " + worst);
        assertEquals(0, zero, "frames left unwritten");
    }

    /**
     * Regression (review of 2026-12-04): a segment that library code built with a NaN gave NaN
     * frames from that sample on, with no error; components of unequal length threw a bare
     * ArrayIndexOutOfBoundsException. Both are now refused by name.
     */
    @Test
    void segmentsBuiltWrongAreRefusedByName() {
        AlignedSegment good = segment(12, 0.1);
        double[][] data = {good.data()[0].clone(), good.data()[1].clone(), good.data()[2].clone()};
        data[1][4000] = Double.NaN;
        AlignedSegment withNaN = new AlignedSegment(good.station(), good.start(), 100, data, good.present());
        io.github.seisclr.BadInputException ex = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.seisclr.BadInputException.class, () -> ENCODER.frames(withNaN));
        assertEquals(io.github.seisclr.BadInputException.Problem.NON_FINITE_SAMPLE, ex.problem());
        assertTrue(ex.getMessage().contains(good.station()) && ex.getMessage().contains("first horizontal")
                && ex.getMessage().contains(good.timeOf(4000).toString()), ex.getMessage());
        double[][] ragged = {good.data()[0], java.util.Arrays.copyOf(good.data()[1], 100), good.data()[2]};
        AlignedSegment short1 = new AlignedSegment(good.station(), good.start(), 100, ragged, good.present());
        ex = org.junit.jupiter.api.Assertions.assertThrows(io.github.seisclr.BadInputException.class,
                () -> ENCODER.frames(short1));
        assertEquals(io.github.seisclr.BadInputException.Problem.INCONSISTENT, ex.problem());
        assertTrue(ex.getMessage().contains("100 samples"), ex.getMessage());
        assertTrue(ENCODER.frames(good).count() > 0);
    }
}
