package io.github.seisclr.detect;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.Picker;
import io.github.seisclr.signal.AlignedSegment;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EventStageTest {
    private static final double RATE = 100;
    private static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
    private static final SourceId[] CHANNELS = {SourceId.parse("XX.ES..HHZ"), SourceId.parse("XX.ES..HHN"),
            SourceId.parse("XX.ES..HHE")};

    /** 60 s of unit noise, P at 10 s (mostly vertical, decaying in 1 s), S at 20 s (mostly horizontal). */
    private static AlignedSegment event() {
        Random r = new Random(21);
        int n = (int) (60 * RATE);
        double[][] x = new double[3][n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                double t = i / RATE;
                double v = r.nextGaussian();
                if (t >= 10) {
                    v += (c == 0 ? 20 : 4) * Math.exp(-(t - 10)) * r.nextGaussian();
                }
                if (t >= 20) {
                    v += (c == 0 ? 4 : 40) * Math.exp(-(t - 20) / 3) * r.nextGaussian();
                }
                x[c][i] = v;
            }
        }
        return new AlignedSegment("XX.ES..HH", START, RATE, x, new boolean[] {true, true, true});
    }

    /**
     * Regression (NC.JMP on the NCEDC windows): the S of an event 10 s after its P triggered a
     * second detection, whose S-like onset sent the P search back to the P already picked; it was
     * a second event with the first one's P. Now it is dropped.
     */
    @Test
    void aTriggerThatFindsThePreviousPAgainIsNotASecondEvent() {
        AlignedSegment seg = event();
        DetectorConfig config = DetectorConfig.defaults();
        Picker picker = new Picker(1, 20, config.pickPreSeconds(), config.pickPostSeconds(),
                config.maxSMinusPSeconds());
        List<Pick> picks = new ArrayList<>();
        List<Detection> detections = new ArrayList<>();
        int[] counter = {0};
        int k = 12; // a 1 s score window at 12.5 frames per second
        EventStage stage = new EventStage(config, picker, CHANNELS, seg.station(), "ES", "test", START, RATE, k,
                (from, to) -> Detector.slice(seg, from, to), EventStage.Sink.of(picks::add, detections::add),
                () -> ++counter[0]);
        double frameRate = RATE / 8;
        int frames = (int) (60 * frameRate);
        for (int j = 0; j < frames; j++) {
            double t = j / frameRate; // the score window ends at the frame
            boolean onP = t >= 10.3 && t < 12;
            boolean onS = t >= 20.3 && t < 24;
            stage.push(onP || onS ? 9 : 0);
        }
        stage.finish();
        assertEquals(1, detections.size(), "detections " + detections);
        List<Pick> p = picks.stream().filter(x -> x.phase() == Phase.P).toList();
        assertEquals(1, p.size(), "P picks " + p);
        assertEquals(10, Duration.between(START, p.get(0).time()).toNanos() / 1e9, 0.1);
    }
}
