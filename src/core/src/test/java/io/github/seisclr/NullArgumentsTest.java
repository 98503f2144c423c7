package io.github.seisclr;

import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.Detector;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.WaveformSet;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.model.Trainer;
import io.github.seisclr.output.Writers;
import io.github.seisclr.stream.StreamingDetector;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * API review: the library's entry points, given null, threw the JDK's NullPointerException from deep
 * inside ("Cannot invoke ... because "<local4>" is null"), naming no argument. Each names its own.
 */
class NullArgumentsTest {
    @TestFactory
    Stream<DynamicTest> eachEntryPointNamesTheArgumentThatIsNull() {
        // keys: the argument's name, with trailing blanks to keep two entry points of one name apart
        Encoder encoder = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        Detector detector = Detector.of(encoder, DetectorConfig.defaults());
        DetectionResult empty = new DetectionResult(List.of(), null, List.of(), List.of(), 0, DetectorConfig.defaults(),
                "m", Map.of());
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("encoder", () -> Detector.of(null, DetectorConfig.defaults()));
        calls.put("config", () -> Detector.of(encoder, null));
        calls.put("data", () -> detector.detect((WaveformSet) null));
        calls.put("stations", () -> detector.detect((List<io.github.seisclr.io.StationStream>) null, s -> { }));
        calls.put("index", () -> detector.detect((io.github.seisclr.io.WaveformIndex) null, s -> { }));
        calls.put("paths", () -> Waveforms.read((Collection<Path>) null));
        calls.put("in", () -> Waveforms.read(null, "nothing"));
        calls.put("paths ", () -> Waveforms.reader(io.github.seisclr.io.ReadOptions.defaults()).read((Collection<Path>) null));
        calls.put("traces", () -> Waveforms.write(null, Path.of("x.mseed")));
        calls.put("file", () -> Waveforms.write(List.<Trace>of(), null));
        calls.put("file ", () -> Encoder.load((Path) null));
        calls.put("in ", () -> Encoder.load(null, "nothing"));
        calls.put("stations ", () -> Trainer.builder().build().fit(null));
        calls.put("result", () -> Writers.write(null, Writers.Format.CSV, "p", new ByteArrayOutputStream()));
        calls.put("format", () -> Writers.write(empty, null, "p", new ByteArrayOutputStream()));
        calls.put("out", () -> Writers.write(empty, Writers.Format.CSV, "p", null));
        calls.put("encoder ", () -> StreamingDetector.builder(null));
        return calls.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().strip(), () -> {
            NullPointerException npe = assertThrows(NullPointerException.class, e.getValue());
            assertEquals(e.getKey().strip(), npe.getMessage());
        }));
    }
}
