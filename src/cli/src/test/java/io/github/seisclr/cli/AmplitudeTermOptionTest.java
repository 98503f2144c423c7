package io.github.seisclr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code detect --no-amplitude-term}: the learned distance alone, and the output says which score it is. */
class AmplitudeTermOptionTest {
    @Test
    void withoutTheTermTheScoresAreTheLearnedDistanceAloneAndTheHeaderSaysSo(@TempDir Path dir) throws IOException {
        Path with = dir.resolve("with.csv");
        Path without = dir.resolve("without.csv");
        assertEquals(0, CommandErrorsTest.run("detect", "data-samples", "--out", with.toString()).status());
        assertEquals(0, CommandErrorsTest.run("detect", "data-samples", "--no-amplitude-term", "--out",
                without.toString()).status());
        List<String> a = Files.readAllLines(with);
        List<String> b = Files.readAllLines(without);
        assertTrue(a.get(0).contains("; score: the learned distance, with the amplitude term;"), a.get(0));
        assertTrue(b.get(0).contains("; score: the learned distance, without the amplitude term;"), b.get(0));
        // the bundled samples' events are loud: the term lifts their peak scores, never lowers them
        double[] peaksWith = peaks(a);
        double[] peaksWithout = peaks(b);
        assertNotEquals(0, peaksWith.length);
        double sumWith = 0;
        double sumWithout = 0;
        for (double p : peaksWith) {
            sumWith += p;
        }
        for (double p : peaksWithout) {
            sumWithout += p;
        }
        assertTrue(sumWith > sumWithout + 1, "peak scores with the term " + sumWith + ", without " + sumWithout);
    }

    /** @return the peak score of each detection (its P row) */
    private static double[] peaks(List<String> csv) {
        return csv.stream().filter(l -> !l.startsWith("#") && !l.startsWith("detection_id"))
                .map(l -> l.split(",")).filter(f -> f[6].equals("P")).mapToDouble(f -> Double.parseDouble(f[4]))
                .toArray();
    }
}
