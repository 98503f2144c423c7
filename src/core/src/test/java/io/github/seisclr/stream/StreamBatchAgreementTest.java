package io.github.seisclr.stream;

import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.Detector;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files and streams take a station's channels the same way: the same component slots whatever
 * the codes (Z/N/E, Z/1/2, Z/2/3, Z/E, Z only, N/E without a vertical) and the same resampling of rates other than the
 * model's (40, 50, 200 Hz), so a record-by-record stream gives the batch run's detections and picks.
 */
class StreamBatchAgreementTest {
    private static Encoder encoder;

    @BeforeAll
    static void load() {
        encoder = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
    }

    /**
     * @param codes the component codes the generator's Z, N and E become, in that order ({@code -}: left out)
     * @param rate the recording's sample rate (the model runs at 100 Hz)
     */
    @ParameterizedTest(name = "{0} at {1} Hz")
    @CsvSource({"ZNE, 100", "Z12, 100", "Z23, 100", "Z-E, 100", "Z--, 100", "-NE, 100", "ZNE, 40", "ZNE, 50",
            "ZNE, 200", "312, 50"})
    void aStreamGivesWhatBatchGives(String codes, double rate) throws IOException {
        List<Trace> traces = new ArrayList<>();
        for (Trace t : SyntheticGenerator.generate(SynthConfig.builder().seed(31).duration(Duration.ofMinutes(30))
                .sampleRate(rate).stations(1).eventsPerHour(14).magnitudes(1.5, 3.0).gapsPerDay(0).spikesPerHour(0)
                .build()).traces()) {
            char to = codes.charAt("ZNE".indexOf(t.id().component()));
            if (to != '-') {
                SourceId id = t.id();
                traces.add(Trace.of(new SourceId(id.network(), id.station(), id.location(),
                        id.bandAndInstrument() + to), t.start(), t.sampleRate(), t.samples(), t.sampleType()));
            }
        }
        StreamingDetectorTest.Collector c = new StreamingDetectorTest.Collector();
        Compared run = streamAsBatch(traces, codes + " at " + rate + " Hz", c);
        DetectionResult batch = run.batch();
        StreamingDetector sd = run.stream();
        // the stream's result, as a writer takes it: batch's detections in batch's order, its hours
        DetectionResult streamed = sd.result(c.detections, c.picks);
        assertEquals(batch.detections().stream().map(d -> d.id() + " " + d.start()).toList(),
                streamed.detections().stream().map(d -> d.id() + " " + d.start()).toList());
        assertEquals(batch.hoursProcessed(), streamed.hoursProcessed(), 1e-9);
        assertEquals(batch.networkDetections().size(), streamed.networkDetections().size());
        assertEquals(batch.modelChecksum(), streamed.modelChecksum());
        // the channels named in the picks are the ones batch uses, and so are those left out
        assertEquals(batch.picks().picks().stream().map(p -> p.channel().toString()).collect(Collectors.toSet()),
                c.picks.stream().map(p -> p.channel().toString()).collect(Collectors.toSet()));
        List<String> ignored = c.notices.stream().filter(n -> n.kind() == StreamNotice.Kind.CHANNEL_IGNORED)
                .map(n -> String.valueOf(n.channel().component())).toList();
        assertEquals(codes.equals("Z23") ? List.of("3") : List.of(), ignored, c.notices.toString());
        assertEquals(0, c.count(StreamNotice.Kind.RATE_UNSUPPORTED), c.notices.toString());
    }

    /**
     * Review (2026-12-06): with the first records of a channel held for the reorder tolerance, a
     * component that began 31-61 s after the others was still held when the station stopped waiting
     * for its missing components (60 s): the station started with two, calibrated provisionally on
     * them and restarted when the third came, and found two detections batch does not. A station
     * does not start while a component's first records wait. (A component later than the silence
     * limit, 60 s, is left out at first and the station restarts with it, in the stream only: not
     * tested here.)
     */
    @ParameterizedTest(name = "E {0} s late")
    @CsvSource({"10", "45", "55"})
    void aComponentThatBeginsLateStreamsAsBatch(int late) throws IOException {
        List<Trace> traces = new ArrayList<>();
        for (Trace t : SyntheticGenerator.generate(SynthConfig.builder().seed(32).duration(Duration.ofMinutes(30))
                .stations(1).eventsPerHour(14).magnitudes(1.5, 3.0).gapsPerDay(0).spikesPerHour(0).build()).traces()) {
            traces.add(t.id().component() != 'E' ? t : t.slice(t.start().plusSeconds(late), t.endExclusive()));
        }
        streamAsBatch(traces, "E " + late + " s late", new StreamingDetectorTest.Collector());
    }

    /**
     * The stream's result says the holes in the data it scored as batch's does (review of
     * 2026-12-07: `stream --replay data-samples` left out detect's "2 hole(s) in the data scored"):
     * the same line, with the same count, total, first and longest.
     */
    @Test
    void theHolesInTheDataScoredAreSaidAsBatchSaysThem() throws IOException {
        List<Trace> traces = SyntheticGenerator.generate(SynthConfig.builder().seed(36).duration(Duration.ofMinutes(40))
                .stations(1).eventsPerHour(10).magnitudes(1.5, 3.0).gapsPerDay(100).spikesPerHour(0).build()).traces();
        StreamingDetectorTest.Collector c = new StreamingDetectorTest.Collector();
        Compared run = streamAsBatch(traces, "gaps", c);
        List<String> batch = run.batch().warnings().stream().filter(w -> w.contains("hole(s) in the data scored")).toList();
        assertEquals(1, batch.size(), run.batch().warnings().toString());
        assertEquals(batch, run.stream().result(c.detections, c.picks).warnings().stream()
                .filter(w -> w.contains("hole(s) in the data scored")).toList());
    }

    /** A batch run and the stream that gave its detections and picks (checked). */
    private record Compared(DetectionResult batch, StreamingDetector stream) {
    }

    /**
     * Writes the traces as 512-byte records in a feed's order, detects in them in batch, streams the
     * records with batch's calibrations and adaptation off into {@code c}, and checks that the stream
     * gave batch's detections and picks.
     */
    private static Compared streamAsBatch(List<Trace> traces, String name, StreamingDetectorTest.Collector c)
            throws IOException {
        List<byte[]> recs = StreamingDetectorTest.feedOrder(traces);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] r : recs) {
            all.write(r);
        }
        DetectionResult batch = Detector.of(encoder, DetectorConfig.defaults())
                .detect(Waveforms.read(new ByteArrayInputStream(all.toByteArray()), name));
        StreamingDetector sd = StreamingDetector.builder(encoder).listener(c)
                .streamConfig(StreamConfig.builder().adaptationSeconds(0).build())
                .calibrations(batch.calibrations()).build();
        for (byte[] r : recs) {
            sd.accept(r, r.length, "replay");
        }
        sd.flush();
        StreamingDetectorTest.assertSameAsBatch(batch, c);
        return new Compared(batch, sd);
    }

    /**
     * The preferred code of a slot takes it even when the other code's records come first, as in
     * batch: the station then runs on the Z channel's data (it calibrates on it) and the 3 is left
     * out. A channel at a rate the model cannot use neither takes a slot from a usable one nor
     * keeps one from it, as batch leaves such channels out before choosing.
     */
    @Test
    void theSlotGoesToThePreferredUsableCodeWhateverArrivesFirst() {
        // 3 at 100 Hz first, then Z at 1 Hz (not usable: 3 stays), then Z at 100 Hz (takes the slot)
        StreamingDetectorTest.Collector c = verticals(new String[] {"XX.ODD..HH3"}, "XX.ODD..HHZ",
                new String[] {"XX.ODD..HH3", "XX.ODD..HHZ"});
        List<StreamNotice> ignored = c.notices.stream().filter(n -> n.kind() == StreamNotice.Kind.CHANNEL_IGNORED)
                .toList();
        assertEquals(2, ignored.size(), c.notices.toString());
        assertEquals("XX.ODD..HHZ", ignored.get(0).channel().toString(), "the 1 Hz Z does not take the slot");
        assertTrue(ignored.get(0).message().contains("cannot use"), ignored.get(0).message());
        assertEquals("XX.ODD..HH3", ignored.get(1).channel().toString(), "the 100 Hz Z does");
        assertEquals(1, c.count(StreamNotice.Kind.CALIBRATED), "calibrated on the Z's data: " + c.notices);
        // Z at 1 Hz first (and again later), 3 at 100 Hz: the 3 takes the slot and keeps it
        StreamingDetectorTest.Collector d = verticals(new String[] {}, "XX.ODD..HHZ", new String[] {"XX.ODD..HH3"});
        assertEquals(List.of("XX.ODD..HHZ"), d.notices.stream().filter(n -> n.kind() == StreamNotice.Kind.CHANNEL_IGNORED)
                .map(n -> n.channel().toString()).toList(), d.notices.toString());
        assertEquals(1, d.count(StreamNotice.Kind.CALIBRATED), "calibrated on the 3's data (the only one sent): "
                + d.notices);
        // a Z in use sends one record with a damaged rate: it keeps the slot (no flip-flop with the 3)
        StreamingDetectorTest.Collector e = verticals(new String[] {"XX.ODD..HHZ"}, "XX.ODD..HHZ",
                new String[] {"XX.ODD..HH3", "XX.ODD..HHZ"});
        assertEquals(List.of("XX.ODD..HH3"), e.notices.stream().filter(n -> n.kind() == StreamNotice.Kind.CHANNEL_IGNORED)
                .map(n -> n.channel().toString()).toList(), e.notices.toString());
    }

    /**
     * One 4 s block of {@code first}, then 156 s of {@code rest} at 100 Hz, with a 4 s block of
     * {@code slow} at 1 Hz (a rate the model cannot use) after the first and the 20th block; flushed.
     */
    private static StreamingDetectorTest.Collector verticals(String[] first, String slow, String[] rest) {
        StreamingDetectorTest.Collector c = new StreamingDetectorTest.Collector();
        StreamingDetector sd = StreamingDetector.builder(encoder).listener(c)
                .streamConfig(StreamConfig.builder().calibrationSeconds(60).build()).build();
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        java.util.Random rng = new java.util.Random(5);
        for (int b = 0; b < 40; b++) {
            if (b == 1 || b == 20) {
                sd.accept(Trace.of(SourceId.parse(slow), t0.plusSeconds(4L * b), 1, new double[] {1, 2, 3, 4}));
            }
            for (String ch : b == 0 ? first : rest) {
                double[] x = new double[400];
                for (int i = 0; i < x.length; i++) {
                    x[i] = Math.round(100 * rng.nextGaussian());
                }
                sd.accept(Trace.of(SourceId.parse(ch), t0.plusSeconds(4L * b), 100, x));
            }
        }
        sd.flush();
        return c;
    }

    /** A rate the model cannot use (Nyquist frequency below its band) is refused per channel, as in batch. */
    @Test
    void aRateBelowTheBandIsLeftOutWithItsReason() {
        StreamingDetectorTest.Collector c = new StreamingDetectorTest.Collector();
        StreamingDetector sd = StreamingDetector.builder(encoder).listener(c).build();
        double[] x = new double[100];
        Arrays.fill(x, 1);
        sd.accept(Trace.of(SourceId.parse("XX.SLOW..LHZ"), java.time.Instant.parse("2026-01-01T00:00:00Z"), 1, x));
        List<StreamNotice> n = c.notices.stream().filter(q -> q.kind() == StreamNotice.Kind.RATE_UNSUPPORTED).toList();
        assertEquals(1, n.size(), c.notices.toString());
        assertTrue(n.get(0).message().contains("1 Hz") && n.get(0).message().contains("Nyquist frequency 0.5 Hz"),
                n.get(0).message());
    }
}
