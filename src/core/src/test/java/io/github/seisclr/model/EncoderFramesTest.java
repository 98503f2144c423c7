package io.github.seisclr.model;

import io.github.seisclr.io.StationStream;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Alignment;
import io.github.seisclr.synth.SyntheticDataset;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forward passes run side by side give the frames of one pass after another. */
class EncoderFramesTest {

    @Test
    void passesSideBySideGiveTheFramesOfOnePassAfterAnother() {
        Encoder encoder = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        SyntheticDataset d = ModelTestData.dataset(11, 0.5, 1, 40);
        StationStream s = ModelTestData.stations(d.traces()).get(0);
        AlignedSegment segment = Alignment.align(s, 100, 10).get(0);
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
}
