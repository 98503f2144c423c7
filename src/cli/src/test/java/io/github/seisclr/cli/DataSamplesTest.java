package io.github.seisclr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bundled data-samples are exactly what the documented {@code synth} command makes. If the
 * generator changes on purpose, regenerate them with the command in data-samples/README.md.
 */
class DataSamplesTest {
    static final String[] COMMAND = {"synth", "--out", "OUT", "--hours", "1", "--stations", "2",
        "--events-per-hour", "6", "--magnitudes", "1.0,3.5", "--gaps-per-day", "24", "--seed", "2"};

    @Test
    void bundledSamplesAreWhatTheDocumentedCommandMakes(@TempDir Path dir) throws IOException {
        String[] args = COMMAND.clone();
        args[2] = dir.toString();
        assertEquals(0, Main.run(args));
        for (String name : new String[] {"XX.SYN01.mseed", "XX.SYN02.mseed", "truth.csv"}) {
            assertArrayEquals(Files.readAllBytes(Path.of("data-samples", name)), Files.readAllBytes(dir.resolve(name)),
                    name + " differs from what the generator makes; regenerate data-samples (see its README)");
        }
    }
}
