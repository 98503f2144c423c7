package io.github.seisclr.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.seisclr.BadInputException;
import io.github.seisclr.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The miniSEED 2/3 reader on damaged bytes: it reads them or refuses them with a
 * {@link BadInputException}, and nothing else (no other exception, no hang, no runaway
 * allocation). {@link #readerReadsOrRefuses} is a Jazzer fuzz test: in the default suite it replays
 * the inputs kept under {@code src/test/resources/.../MiniSeedFuzzTestInputs} (four small files this
 * project writes, and any finding of later runs); with {@code mvn -P fuzz} it fuzzes, starting from
 * those and libmseed's test corpus (see docs/reading-data.md). {@link #mutatedCorpusIsReadOrRefused}
 * replays a seeded set of damaged variants of libmseed's test corpus (../shared/data) and of this
 * project's own records in every run.
 */
class MiniSeedFuzzTest {
    private static final MiniSeedReader READER = new MiniSeedReader(ReadOptions.defaults());

    /** The property: read, or refuse with BadInputException; whatever is read is well formed. */
    static void readOrRefuse(byte[] data) {
        try {
            WaveformSet set = READER.read(new ByteArrayInputStream(data), "fuzz");
            for (Trace t : set.traces()) {
                assertTrue(t.sampleRate() > 0 && Double.isFinite(t.sampleRate()), "rate " + t.sampleRate());
                assertTrue(t.length() > 0, "an empty trace");
            }
        } catch (BadInputException expected) {
            assertTrue(expected.getMessage() != null && expected.getMessage().contains("fuzz"), expected.getMessage());
        }
        try {
            READER.records(data, data.length, "fuzz");
        } catch (BadInputException expected) {
            // refused: fine
        }
    }

    /**
     * When fuzzing ({@code mvn -P fuzz}, which sets {@code JAZZER_FUZZ}), libmseed's test corpus is
     * added to Jazzer's working corpus, so that the fuzzer starts from every encoding and record
     * layout the reference library is tested with, beside the few files kept with this test.
     * Those files are not copied into this repository; without ../shared the run starts from the
     * kept files alone.
     */
    @BeforeAll
    static void seedWorkingCorpus() throws IOException {
        Path shared = SharedData.dir("mseed-conformance").orElse(null);
        String fuzzing = System.getenv("JAZZER_FUZZ");
        if (fuzzing == null || fuzzing.isEmpty() || shared == null) {
            return;
        }
        Path corpus = Path.of(".cifuzz-corpus", MiniSeedFuzzTest.class.getName(), "readerReadsOrRefuses");
        Files.createDirectories(corpus);
        try (Stream<Path> s = Files.list(shared)) {
            for (Path p : s.filter(MiniSeedFuzzTest::isMiniSeed).toList()) {
                Path to = corpus.resolve("libmseed-" + p.getFileName());
                if (!Files.exists(to)) {
                    Files.copy(p, to);
                }
            }
        }
    }

    private static boolean isMiniSeed(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".mseed2") || name.endsWith(".mseed3") || name.endsWith(".mseed");
    }

    @FuzzTest(maxDuration = "10m")
    void readerReadsOrRefuses(byte[] data) {
        readOrRefuse(data);
    }

    /** Seeds: the shared corpus when present, and records this project writes (miniSEED 2, 512 and 4096 bytes). */
    static List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        Path dir = SharedData.dir("mseed-conformance").orElse(null);
        if (dir != null) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(MiniSeedFuzzTest::isMiniSeed).sorted().toList()) {
                    seeds.add(Files.readAllBytes(p));
                }
            }
        }
        double[] x = new double[900];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.round(1000 * Math.sin(i / 7.0) + (i % 13) * 17);
        }
        Trace t = Trace.of(new SourceId("XX", "FUZ", "00", "HHZ"), Instant.parse("2024-01-01T00:00:00Z"), 100, x);
        for (int len : new int[] {512, 4096}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new MiniSeedWriter(WriteOptions.builder().recordLength(len).build()).write(List.of(t), out);
            seeds.add(out.toByteArray());
        }
        return seeds;
    }

    /**
     * Every seed cut at 40 places and with 200 seeded byte changes each (a flipped bit, a byte set
     * to 0 or 0xFF, a header field's byte changed): about 10,000 damaged files per run.
     */
    @Test
    void mutatedCorpusIsReadOrRefused() throws IOException {
        java.util.Random rng = new java.util.Random(20261201);
        int trials = 0;
        for (byte[] seed : seeds()) {
            for (int k = 1; k <= 40; k++) {
                readOrRefuse(java.util.Arrays.copyOf(seed, (int) ((long) seed.length * k / 41)));
                trials++;
            }
            for (int k = 0; k < 200; k++) {
                byte[] b = seed.clone();
                int changes = 1 + rng.nextInt(3);
                for (int c = 0; c < changes; c++) {
                    // mostly the headers: the first 128 bytes of a record hold what parsers trust
                    int at = rng.nextBoolean() ? rng.nextInt(Math.min(128, b.length)) : rng.nextInt(b.length);
                    switch (rng.nextInt(3)) {
                        case 0 -> b[at] ^= (byte) (1 << rng.nextInt(8));
                        case 1 -> b[at] = 0;
                        default -> b[at] = (byte) 0xFF;
                    }
                }
                readOrRefuse(b);
                trials++;
            }
        }
        assertTrue(trials >= 2 * 240, "trials " + trials);
    }
}
