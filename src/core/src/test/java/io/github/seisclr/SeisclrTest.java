package io.github.seisclr;

import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.Detector;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.stream.StreamListener;
import io.github.seisclr.stream.StreamingDetector;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The entry points give what the classes behind them give with the bundled model and the defaults. */
class SeisclrTest {
    @Test
    void detectIsTheBundledModelWithTheDefaults() {
        DetectionResult easy = Seisclr.detect(Path.of("data-samples"));
        DetectionResult explicit = Detector.of(Encoder.bundled(), DetectorConfig.defaults())
                .detect(Waveforms.read(Path.of("data-samples")));
        assertTrue(easy.detections().size() >= 15, easy.detections().toString());
        assertEquals(explicit.detections().stream().map(Detection::start).toList(),
                easy.detections().stream().map(Detection::start).toList());
        assertEquals(explicit.picks(), easy.picks());
    }

    @Test
    void streamIsFedRecordsAndCallsBack() {
        List<Pick> picks = new ArrayList<>();
        StreamingDetector live = Seisclr.stream(new StreamListener() {
            @Override
            public void onPick(Pick p) {
                picks.add(p);
            }
        });
        for (var t : Waveforms.reader(io.github.seisclr.io.ReadOptions.defaults())
                .records(List.of(Path.of("data-samples", "XX.SYN01.mseed")))) {
            live.accept(t);
        }
        live.flush();
        assertTrue(picks.size() >= 10, picks.toString());
    }

    @Test
    void archiveOfAMissingFolderIsAClearError() {
        BadInputException e = assertThrows(BadInputException.class, () -> Seisclr.archive(Path.of("no-such-sds")));
        assertTrue(e.getMessage().contains("no such folder"), e.getMessage());
    }
}
