package io.github.seisclr.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.seisclr.ModelException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model loader on damaged files: it loads them or refuses them with a {@link ModelException}
 * naming the file, nothing else. Jazzer fuzz test plus a seeded replay of damaged variants of the
 * bundled model (see {@code MiniSeedFuzzTest} for how the two run).
 */
class ModelFileFuzzTest {
    static void loadOrRefuse(byte[] data) {
        try {
            Encoder e = Encoder.load(new ByteArrayInputStream(data), "fuzz.zip");
            assertTrue(e.config().sampleRate() > 0);
        } catch (ModelException expected) {
            assertTrue(expected.getMessage().contains("fuzz.zip"), expected.getMessage());
        }
    }

    @FuzzTest(maxDuration = "5m")
    void loaderLoadsOrRefuses(byte[] data) {
        loadOrRefuse(data);
    }

    /** The bundled model cut at 40 places and with 150 seeded byte changes (zip headers, manifest, weights). */
    @Test
    void damagedBundledModelsAreRefused() throws IOException {
        byte[] model = Files.readAllBytes(Path.of("models", "seisclr-default-v1.zip"));
        for (int k = 0; k < 40; k++) {
            loadOrRefuse(java.util.Arrays.copyOf(model, (int) ((long) model.length * k / 40)));
        }
        java.util.Random rng = new java.util.Random(1201);
        for (int k = 0; k < 150; k++) {
            byte[] b = model.clone();
            int at = rng.nextInt(4) == 0 ? rng.nextInt(b.length) : rng.nextInt(Math.min(2048, b.length));
            b[at] ^= (byte) (1 + rng.nextInt(255));
            loadOrRefuse(b);
        }
    }
}
