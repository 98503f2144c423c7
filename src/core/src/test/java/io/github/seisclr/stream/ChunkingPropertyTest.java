package io.github.seisclr.stream;

import io.github.seisclr.detect.Calibration;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.Detector;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.io.MiniSeedReader;
import io.github.seisclr.io.ReadOptions;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the data are cut must not change what is found (properties checked with jqwik over random
 * cuttings and orders, fixed seeds): the same hour and a half of two 3-component stations read as
 * one file, as 2 to 24 files cut at any record boundaries and named in any order, and fed record by
 * record with the records of different channels interleaved in any order within each second of
 * data (each channel's own records in order, as a SeedLink server sends them), gives the same
 * detections and picks.
 */
class ChunkingPropertyTest {
    private static final int RECORD = 512;
    private static Encoder encoder;
    private static List<byte[]> records;
    private static DetectionResult whole;
    private static Map<String, Calibration> calibrations;
    private static final MiniSeedReader READER = new MiniSeedReader(ReadOptions.defaults());

    @BeforeContainer
    static void setUp() throws IOException {
        var data = SyntheticGenerator.generate(SynthConfig.builder().seed(1201).duration(Duration.ofMinutes(90))
                .stations(2).eventsPerHour(10).magnitudes(1.0, 3.0).gapsPerDay(0).spikesPerHour(0).build());
        records = StreamingDetectorTest.feedOrder(data.traces());
        encoder = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        whole = Detector.of(encoder, DetectorConfig.defaults()).detect(
                Waveforms.read(new java.io.ByteArrayInputStream(join(records)), "whole"));
        calibrations = whole.calibrations();
        assertTrue(whole.detections().size() >= 4, "events in the test data: " + whole.detections().size());
    }

    private static byte[] join(List<byte[]> recs) {
        byte[] all = new byte[recs.size() * RECORD];
        for (int i = 0; i < recs.size(); i++) {
            System.arraycopy(recs.get(i), 0, all, i * RECORD, RECORD);
        }
        return all;
    }

    @Property(tries = 3, seed = "20261201")
    void filesCutAnywhereGiveTheSamePicks(@ForAll @IntRange(min = 2, max = 24) int files, @ForAll long seed)
            throws IOException {
        Random rng = new Random(seed);
        List<Integer> cuts = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            cuts.add(i);
        }
        Collections.shuffle(cuts, rng);
        List<Integer> at = new ArrayList<>(cuts.subList(0, files - 1));
        Collections.sort(at);
        at.add(0, 0);
        at.add(records.size());
        Path dir = Files.createTempDirectory("seisclr-chunks-");
        try {
            List<Path> paths = new ArrayList<>();
            for (int f = 0; f < files; f++) {
                // names in random order: reading must not depend on the order files are given in
                Path p = dir.resolve(String.format("part-%08d.mseed", rng.nextInt(100_000_000)) + f);
                Files.write(p, join(records.subList(at.get(f), at.get(f + 1))));
                paths.add(p);
            }
            Collections.shuffle(paths, rng);
            DetectionResult r = Detector.of(encoder, DetectorConfig.defaults()).detect(Waveforms.read(paths));
            assertEquals(whole.detections(), r.detections());
            assertEquals(whole.picks().picks(), r.picks().picks());
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @Property(tries = 2, seed = "20261202")
    void recordsInterleavedWithinASecondGiveTheSamePicks(@ForAll long seed) {
        Random rng = new Random(seed);
        // group by the second their data end in; within it, a random merge of the channels' records
        Map<Long, Map<String, List<byte[]>>> bins = new java.util.TreeMap<>();
        for (byte[] r : records) {
            var t = READER.records(r, r.length, "t").get(0);
            long second = Math.floorDiv(t.endExclusive().toEpochMilli(), 1000);
            bins.computeIfAbsent(second, k -> new LinkedHashMap<>())
                    .computeIfAbsent(t.id().toString(), k -> new ArrayList<>()).add(r);
        }
        List<byte[]> order = new ArrayList<>();
        int moved = 0;
        for (Map<String, List<byte[]>> bin : bins.values()) {
            List<List<byte[]>> queues = new ArrayList<>();
            bin.values().forEach(q -> queues.add(new ArrayList<>(q)));
            List<byte[]> inBin = new ArrayList<>();
            while (!queues.isEmpty()) {
                List<byte[]> q = queues.get(rng.nextInt(queues.size()));
                inBin.add(q.remove(0));
                if (q.isEmpty()) {
                    queues.remove(q);
                }
            }
            for (int i = 0; i < inBin.size(); i++) {
                if (inBin.get(i) != records.get(order.size() + i)) {
                    moved++;
                }
            }
            order.addAll(inBin);
        }
        assertEquals(records.size(), order.size());
        assertTrue(moved > 0, "the interleaving must change the order somewhere");
        StreamingDetectorTest.Collector c = new StreamingDetectorTest.Collector();
        StreamingDetector sd = StreamingDetector.builder(encoder)
                .streamConfig(StreamConfig.builder().adaptationSeconds(0).build())
                .calibrations(calibrations).listener(c).build();
        for (byte[] r : order) {
            sd.accept(r, r.length, "interleaved");
        }
        sd.flush();
        assertEquals(0, c.count(StreamNotice.Kind.LATE_OR_DUPLICATE), "moved " + moved + " records");
        assertEquals(whole.detections().size(), c.detections.size(), c.detections.toString());
        List<Pick> streamed = new ArrayList<>(c.picks);
        streamed.sort(Comparator.comparing(Pick::time));
        assertEquals(whole.picks().picks().size(), streamed.size());
        for (Pick p : whole.picks().picks()) {
            Pick q = streamed.stream().filter(x -> x.detectionId().equals(p.detectionId()) && x.phase() == p.phase())
                    .findFirst().orElseThrow(() -> new AssertionError("no streamed pick for " + p));
            // the stream picks on the same samples; its filters start at the stream's own first sample
            assertTrue(Math.abs(Duration.between(p.time(), q.time()).toNanos()) <= 20_000_000L, p + " vs " + q);
        }
    }
}
