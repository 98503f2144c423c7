package io.github.seisclr.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.seisclr.BadInputException;
import io.github.seisclr.SharedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reads every file of libmseed's test corpus ({@code ../shared/data/mseed-conformance}) and
 * compares it with what libmseed itself reads, segment for segment (source id, start, rate,
 * count, end) and sample for sample. Skips when the shared folder is absent.
 *
 * <p>End times are compared to within 2 µs or 1 % of a sample period, whichever is larger: libmseed
 * takes a segment's end from its last record's header time (which jitters by the header's
 * precision), seisclr from the segment start, the count and the rate.
 *
 * <p>Files that seisclr refuses on purpose, where libmseed reads something, are listed in
 * {@link #REFUSED} with the problem they must be refused for, and in the README.
 */
class ConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * testdata-invalid-blockette-offsets: the first blockette offset (40) points inside the fixed
     * header, so libmseed finds no blockette 1000, assumes Steim1 for what is Steim2 data and
     * returns samples that differ from the true ones (compare testdata-oneseries-mixedlengths,
     * the same recording). seisclr refuses the damaged header instead of returning wrong samples.
     */
    private static final Map<String, BadInputException.Problem> REFUSED = Map.of(
            "testdata-invalid-blockette-offsets.mseed2", BadInputException.Problem.CORRUPT);

    @TestFactory
    Stream<DynamicTest> everyCorpusFileReadsAsLibmseedReadsIt() throws IOException {
        Path dir = SharedData.dir("mseed-conformance").orElse(null);
        assumeTrue(dir != null, "shared mseed-conformance folder absent; skipping");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> !p.toString().endsWith(".json") && !p.toString().endsWith(".md"))
                    .sorted().toList();
        }
        assertTrue(files.size() >= 40, "expected the full corpus, found " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
                () -> check(f, JSON.readTree(Path.of(f + ".expected.json").toFile()))));
    }

    private static void check(Path file, JsonNode expected) {
        BadInputException.Problem refusal = REFUSED.get(file.getFileName().toString());
        if (refusal != null) {
            BadInputException e = assertThrows(BadInputException.class, () -> Waveforms.read(file));
            assertEquals(refusal, e.problem(), e.getMessage());
            assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
            // the record's time too, as libmseed reads it (API review: a damaged header's error had none)
            assertTrue(e.channel().isPresent() && e.byteOffset() >= 0 && e.time().isPresent(), e.getMessage());
            assertEquals(expected.get("segments").get(0).get("start").asText(), e.time().get().toString(), e.getMessage());
            return;
        }
        if (expected.has("error")) {
            assertThrows(BadInputException.class, () -> Waveforms.read(file),
                    "libmseed refuses this file: " + expected.get("error"));
            return;
        }
        WaveformSet set = Waveforms.read(file);
        List<Trace> unmatched = new ArrayList<>(set.traces());
        List<SkippedRecord> unmatchedSkipped = new ArrayList<>(set.skippedRecords());
        for (JsonNode seg : expected.get("segments")) {
            SourceId id = SourceId.fromFdsn(seg.get("sid").asText());
            Instant start = Instant.parse(seg.get("start").asText());
            String type = seg.get("type").asText();
            int count = seg.get("count").asInt();
            if (type.equals("t") || type.equals("-")) {
                SkippedRecord s = unmatchedSkipped.stream()
                        .filter(r -> r.id().equals(id) && r.start().equals(start)).findFirst()
                        .orElseThrow(() -> new AssertionError(file + ": no skipped record for " + id
                                + " at " + start + " in " + set.skippedRecords()));
                assertEquals(count, s.sampleCount(), "text/empty record length");
                unmatchedSkipped.remove(s);
                continue;
            }
            Trace t = unmatched.stream().filter(x -> x.id().equals(id)
                            && Math.abs(Duration.between(start, x.start()).toNanos()) < 1_000)
                    .findFirst().orElseThrow(() -> new AssertionError(file + ": no trace of " + id
                            + " starting at " + start + "; read " + set.traces()));
            unmatched.remove(t);
            assertEquals(start, t.start(), id + " start");
            assertEquals(seg.get("rate").asDouble(), t.sampleRate(), 1e-9 * t.sampleRate(), id + " rate");
            assertEquals(count, t.length(), id + " sample count");
            Instant end = Instant.parse(seg.get("end").asText());
            long endDiff = Math.abs(Duration.between(end, t.end()).toNanos());
            long endTolerance = Math.max(2_000, (long) (0.01e9 / t.sampleRate()));
            assertTrue(endDiff <= endTolerance, id + " end " + t.end() + " vs libmseed " + end);
            JsonNode samples = seg.get("samples");
            for (int i = 0; i < count; i++) {
                double want = samples.get(i).asDouble();
                double got = t.sample(i);
                boolean same = switch (type) {
                    case "f" -> Float.compare((float) want, (float) got) == 0 && got == (float) got;
                    default -> Double.compare(want, got) == 0;
                };
                if (!same) {
                    fail(file.getFileName() + " " + id + " sample " + i + ": libmseed " + want + ", seisclr " + got);
                }
            }
            SampleType wantType = switch (type) {
                case "i" -> SampleType.INTEGER;
                case "f" -> SampleType.FLOAT;
                default -> SampleType.DOUBLE;
            };
            assertEquals(wantType, t.sampleType(), id + " sample type");
        }
        assertTrue(unmatched.isEmpty(), file + ": segments libmseed does not have: " + unmatched);
        assertTrue(unmatchedSkipped.isEmpty(), file + ": skipped records libmseed does not list: " + unmatchedSkipped);
    }
}
