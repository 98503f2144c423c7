package io.github.seisclr.cli;

import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code detect --plot}: one decodable PNG per detection, on a three-component station with gaps
 * at 100 Hz and a vertical-only station at 200 Hz (resampled by the detector); a plot that cannot
 * be written is reported and fails the run without losing the detections or the other plots.
 */
class DetectPlotTest {

    /** @return the station of each detection id in a CSV written by detect (one row per pick) */
    private static Map<String, String> stations(Path csv) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String l : Files.readAllLines(csv)) {
            if (!l.startsWith("#") && !l.startsWith("detection_id") && !l.isBlank()) {
                String[] f = l.split(",", -1);
                out.put(f[0], f[1]);
            }
        }
        return out;
    }

    private static Set<String> detections(Path csv) throws IOException {
        return stations(csv).keySet();
    }

    private static Set<String> pngs(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void onePlotPerDetectionAndAFailedPlotLosesNothingElse(@TempDir Path dir) throws IOException {
        SyntheticGenerator.generate(SynthConfig.builder().seed(11).network("XA").duration(Duration.ofMinutes(20))
                .stations(1).eventsPerHour(15).magnitudes(2.0, 3.0).gapsPerDay(100).spikesPerHour(0).build())
                .write(dir.resolve("three"));
        SyntheticGenerator.generate(SynthConfig.builder().seed(12).network("XB").duration(Duration.ofMinutes(20))
                .stations(1).threeComponent(false).sampleRate(200).eventsPerHour(15).magnitudes(2.0, 3.0)
                .gapsPerDay(0).spikesPerHour(0).build()).write(dir.resolve("vertical"));
        Path plots = dir.resolve("plots");
        Path csv = dir.resolve("out.csv");
        CommandErrorsTest.Run r = CommandErrorsTest.run("detect", dir.resolve("three").toString(),
                dir.resolve("vertical").toString(), "--out", csv.toString(), "--plot", plots.toString());
        assertEquals(0, r.status(), r.err());
        Set<String> ids = detections(csv);
        assertTrue(ids.stream().anyMatch(i -> i.startsWith("SYN01")) && ids.size() >= 2, "detections: " + ids);
        String csvText = Files.readString(csv);
        assertTrue(csvText.contains("XA.SYN01") && csvText.contains("XB.SYN01"), "both stations detected:\n" + csvText);
        assertEquals(ids.stream().map(i -> i + ".png").collect(Collectors.toCollection(TreeSet::new)), pngs(plots),
                "one PNG per detection, nothing else");
        for (String name : pngs(plots)) {
            Path png = plots.resolve(name);
            assertTrue(Files.size(png) > 20_000, name + ": " + Files.size(png) + " bytes");
            BufferedImage img = ImageIO.read(png.toFile());
            assertNotNull(img, name + " is a PNG");
            assertEquals(Plots.WIDTH, img.getWidth(), name);
            // three-component: 3 band-passed + score + 3 raw; vertical-only: 1 + 1 + 1
            String station = stations(csv).get(name.substring(0, name.length() - 4));
            int panels = station.startsWith("XA.") ? 7 : 3;
            assertEquals(Plots.HEADER_HEIGHT + panels * Plots.PANEL_HEIGHT, img.getHeight(), name);
        }
        assertTrue(r.err().contains(ids.size() + " plot(s) in " + plots), r.err());

        // a folder where one PNG should go: that plot fails, the detections and the other plots are written
        String first = ids.iterator().next();
        Path plots2 = Files.createDirectories(dir.resolve("plots2").resolve(first + ".png"));
        Path csv2 = dir.resolve("out2.csv");
        CommandErrorsTest.Run r2 = CommandErrorsTest.run("detect", dir.resolve("three").toString(),
                dir.resolve("vertical").toString(), "--out", csv2.toString(), "--plot", plots2.getParent().toString());
        assertEquals(1, r2.status(), r2.err());
        assertTrue(r2.err().contains("seisclr: warning: no plot for detection " + first), r2.err());
        assertTrue(r2.err().contains("seisclr: error: 1 of " + ids.size() + " detection plot(s) not written"), r2.err());
        assertFalse(r2.err().contains("\tat "), "no stack trace: " + r2.err());
        assertEquals(ids, detections(csv2), "the detections are all written");
        assertEquals(pngs(plots), pngs(plots2.getParent()), "the other plots are written");
        assertTrue(Files.isDirectory(plots2), "the folder in the way is left as it was");
    }
}
