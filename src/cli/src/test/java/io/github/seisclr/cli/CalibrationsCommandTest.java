package io.github.seisclr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code detect --save-calibrations} and {@code stream --calibrations}: a warm restart from the command line. */
class CalibrationsCommandTest {
    @Test
    void detectSavesAndStreamStartsWarmAndSavesAgain(@TempDir Path dir) throws IOException {
        Path mseed = dir.resolve("XX.SYN01.mseed");
        Files.copy(Path.of("data-samples", "XX.SYN01.mseed"), mseed);
        Path cal = dir.resolve("out").resolve("cal.json");
        CommandErrorsTest.Run d = CommandErrorsTest.run("detect", mseed.toString(), "--out", dir.resolve("d.csv").toString(),
                "--save-calibrations", cal.toString());
        assertEquals(0, d.status(), d.err());
        String saved = Files.readString(cal);
        assertTrue(saved.contains("\"format\" : \"seisclr-calibrations\"") && saved.contains("XX.SYN01"), saved);
        CommandErrorsTest.Run s = CommandErrorsTest.run("stream", "--replay", mseed.toString(), "--calibrations",
                cal.toString(), "--adaptation-hours", "0");
        assertEquals(0, s.status(), s.err());
        assertTrue(s.err().contains("calibrations of 1 station(s) read from"), s.err());
        assertFalse(s.err().contains("notice: CALIBRATED"), "no calibration period: " + s.err());
        assertTrue(s.err().contains("calibrations of 1 station(s) written to"), s.err());
        assertTrue(Files.readString(cal).contains("XX.SYN01"));
    }

    @Test
    void aDamagedCalibrationFileIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
        Path mseed = dir.resolve("XX.SYN01.mseed");
        Files.copy(Path.of("data-samples", "XX.SYN01.mseed"), mseed);
        Path cal = dir.resolve("cal.json");
        Files.writeString(cal, "{\"format\": \"seisclr-calibrations\", \"version\": 2, \"model\": \"0123456789abcdef\"}");
        CommandErrorsTest.Run s = CommandErrorsTest.run("stream", "--replay", mseed.toString(), "--calibrations", cal.toString());
        assertEquals(1, s.status(), s.err());
        assertTrue(s.err().contains("seisclr: error: ") && s.err().contains(cal.toString())
                && s.err().contains("made with model 0123456789ab"), s.err());
        assertFalse(s.err().contains("\tat "), s.err());
    }
}
