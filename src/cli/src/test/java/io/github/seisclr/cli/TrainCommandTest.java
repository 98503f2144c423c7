package io.github.seisclr.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainCommandTest {
    /** Fine-tuning keeps the model's settings: asking for others with it is an error, not silently ignored. */
    @Test
    void initRefusesSettingsItWouldOverride() {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run("train", "--input", "data-samples", "--out", "never.zip", "--init",
                    "models/seisclr-default-v1.zip", "--objective", "predictive"));
        } finally {
            System.setErr(err);
        }
        String said = buf.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("--objective cannot be combined with --init"), said);
        assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("never.zip")));
    }
}
