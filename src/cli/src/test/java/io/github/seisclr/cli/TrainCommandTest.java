package io.github.seisclr.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainCommandTest {
    /** {@code --channels} and {@code --dilations} set the architecture the model is trained and saved with, not only checked. */
    @Test
    void channelsAndDilationsSetTheSavedModel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path out = dir.resolve("narrow.zip");
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream warned = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(warned, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run("train", "--input", "data-samples", "--out", out.toString(), "--epochs", "1",
                    "--batches", "2", "--batch-size", "16", "--channels", "8,16,32,64,16", "--dilations", "1,2,4,8,8"));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        // review (a new user, 2026-12-08): the folder's files left out of training were said with --verbose alone
        assertTrue(warned.toString(StandardCharsets.UTF_8).contains("2 file(s) in the input folder(s) are not miniSEED,"
                + " left aside: data-samples/README.md, data-samples/truth.csv"), warned.toString(StandardCharsets.UTF_8));
        // the command's own lines, without the line per differentiated op that SameDiff prints
        String said = printed.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("wrote " + out), said);
        assertTrue(!said.contains("Added differentiated op"), said);
        // what the detector makes of the model's scale is said, whichever way it comes out
        assertTrue(said.contains("score scale: widened ") || said.contains("score scale: not widened"), said);
        try (io.github.seisclr.model.Encoder e = io.github.seisclr.model.Encoder.load(out)) {
            assertEquals(java.util.List.of(8, 16, 32, 64, 16),
                    java.util.Arrays.stream(e.config().channels()).boxed().toList());
            assertEquals(16, e.config().embeddingDim());
            assertEquals(java.util.List.of(1, 2, 4, 8, 8), java.util.Arrays.stream(e.config().dilations()).boxed().toList());
            assertEquals(3, e.manifest().formatVersion());
        }
        // info describes it, its hours by component in words (review: a Java map, {Z=2.0000055555555556, ...})
        printed.reset();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run("info", out.toString()));
        } finally {
            System.setOut(stdout);
        }
        String info = printed.toString(StandardCharsets.UTF_8);
        assertTrue(info.matches("(?s).*trained on    [0-9.]+ h of XX\\.SYN01\\.00\\.HH, XX\\.SYN02\\.00\\.HH \\(by component:"
                + " Z [0-9.]+ h, N [0-9.]+ h, E [0-9.]+ h\\).*"), info);
    }

    /**
     * Review (a new user, 2026-12-08): outside a source checkout {@code --init
     * models/seisclr-default-v1.zip} names no file, and the bundled model had no other name.
     * {@code --init bundled} starts from it; the new model records its weights as its start.
     */
    @Test
    void initBundledFineTunesTheModelInsideTheJar(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path out = dir.resolve("tuned.zip");
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run("train", "--input", "data-samples", "--out", out.toString(), "--init", "bundled",
                    "--epochs", "1", "--batches", "2", "--batch-size", "16"));
        } finally {
            System.setOut(stdout);
        }
        try (io.github.seisclr.model.Encoder bundled = io.github.seisclr.model.Encoder.bundled();
             io.github.seisclr.model.Encoder tuned = io.github.seisclr.model.Encoder.load(out)) {
            assertEquals(bundled.manifest().weightsSha256(), tuned.manifest().training().initialWeights());
        }
    }

    /** Fine-tuning keeps the model's settings: asking for others with it is an error, not silently ignored. */
    @Test
    void initRefusesSettingsItWouldOverride() {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run("train", "--input", "data-samples", "--out", "never.zip", "--init",
                    "models/seisclr-default-v1.zip", "--objective", "predictive"));
            assertEquals(2, Main.run("train", "--input", "data-samples", "--out", "never.zip", "--init",
                    "models/seisclr-default-v1.zip", "--channels", "8,16,32,64,16"));
            assertEquals(2, Main.run("train", "--input", "data-samples", "--out", "never.zip", "--channels", "8,16"));
            assertEquals(2, Main.run("train", "--input", "data-samples", "--out", "never.zip", "--init",
                    "models/seisclr-default-v1.zip", "--dilations", "1,2,4,8,8"));
            assertEquals(2, Main.run("train", "--input", "data-samples", "--out", "never.zip", "--dilations", "1,2,4,8"));
        } finally {
            System.setErr(err);
        }
        String said = buf.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("--objective cannot be combined with --init"), said);
        assertTrue(said.contains("--channels cannot be combined with --init"), said);
        assertTrue(said.contains("channels must be five widths of 1 to 512, got [8, 16]"), said);
        assertTrue(said.contains("--dilations cannot be combined with --init"), said);
        assertTrue(said.contains("--dilations: dilations must be five values of 1 to 64, got [1, 2, 4, 8]"), said);
        assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("never.zip")));
    }
}
