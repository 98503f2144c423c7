package io.github.seisclr.cli;

import io.github.seisclr.detect.Detection;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.score.ScoreTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data a detection figure hands to its charts: band-passed panels without the microseism the
 * raw ones are full of, no edge transient where the window cuts the data, gaps left open, a
 * vertical-only station, channels at other rates, a window cut by the start of the data.
 */
class PlotsTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    private static final Plots.Band BAND = new Plots.Band(1, 20, 100);
    /** Microseism amplitude (counts) and frequency (Hz): far above the event in the raw trace. */
    private static final double MICROSEISM = 5000;
    private static final double MICROSEISM_HZ = 0.2;
    /** The event: 5 Hz, amplitude 50 counts, from 150 s to 155 s. */
    private static final double EVENT = 50;
    private static final double EVENT_AT = 150;

    /** Microseism, white noise of 2 counts and the event, {@code seconds} long from {@code offset} s after T0. */
    private static double[] samples(double rate, double offset, double seconds, long seed) {
        Random rng = new Random(seed);
        double[] x = new double[(int) Math.round(seconds * rate)];
        for (int i = 0; i < x.length; i++) {
            double t = offset + i / rate;
            x[i] = 20_000 + MICROSEISM * Math.sin(2 * Math.PI * MICROSEISM_HZ * t + 0.7) + 2 * rng.nextGaussian();
            if (t >= EVENT_AT && t < EVENT_AT + 5) {
                x[i] += EVENT * Math.sin(2 * Math.PI * 5 * (t - EVENT_AT));
            }
        }
        return x;
    }

    private static Trace trace(char component, double rate, double offset, double seconds, long seed) {
        return Trace.of(new SourceId("XX", "PLT", "", "HH" + component), T0.plusMillis(Math.round(offset * 1000)), rate,
                samples(rate, offset, seconds, seed));
    }

    private static StationStream station(List<Trace> traces) {
        List<StationStream> s = StationStream.of(traces);
        assertEquals(1, s.size());
        return s.get(0);
    }

    private static StationStream threeComponents() {
        return station(List.of(trace('Z', 100, 0, 300, 1), trace('N', 100, 0, 300, 2),
                trace('E', 100, 0, 300, 3)));
    }

    private static Plots.Window window(double from, double to, double zero) {
        return new Plots.Window(T0.plusMillis(Math.round(from * 1000)), T0.plusMillis(Math.round(to * 1000)),
                T0.plusMillis(Math.round(zero * 1000)));
    }

    /** Amplitude of the fit a sin + b cos at {@code hz} to the curve's points with x in [from, to). */
    private static double amplitudeAt(Plots.Curve c, double hz, double from, double to) {
        double ss = 0;
        double cc = 0;
        double sc = 0;
        double ys = 0;
        double yc = 0;
        for (int i = 0; i < c.x().length; i++) {
            if (c.x()[i] >= from && c.x()[i] < to) {
                double s = Math.sin(2 * Math.PI * hz * c.x()[i]);
                double k = Math.cos(2 * Math.PI * hz * c.x()[i]);
                ss += s * s;
                cc += k * k;
                sc += s * k;
                ys += c.y()[i] * s;
                yc += c.y()[i] * k;
            }
        }
        double det = ss * cc - sc * sc;
        double a = (ys * cc - yc * sc) / det;
        double b = (yc * ss - ys * sc) / det;
        return Math.hypot(a, b);
    }

    private static double rms(Plots.Curve c, double from, double to) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < c.x().length; i++) {
            if (c.x()[i] >= from && c.x()[i] < to) {
                sum += c.y()[i] * c.y()[i];
                n++;
            }
        }
        return Math.sqrt(sum / n);
    }

    private static double maxAbs(Plots.Curve c, double from, double to) {
        double m = 0;
        for (int i = 0; i < c.x().length; i++) {
            if (c.x()[i] >= from && c.x()[i] < to) {
                m = Math.max(m, Math.abs(c.y()[i]));
            }
        }
        return m;
    }

    @Test
    void theMicroseismIsInTheRawPanelAndNotInTheBandPassedOne() {
        Plots.Window w = window(120, 180, EVENT_AT);
        List<Plots.Panel> bp = Plots.bandPassed(threeComponents(), w, BAND);
        List<Plots.Panel> raw = Plots.raw(threeComponents(), w, BAND);
        assertEquals(3, bp.size());
        assertEquals(3, raw.size());
        assertTrue(bp.get(0).title().startsWith("band-passed 1.0-20.0 Hz") && bp.get(0).title().contains("XX.PLT..HHZ"),
                bp.get(0).title());
        assertTrue(raw.get(0).title().startsWith("raw") && raw.get(0).title().contains("XX.PLT..HHZ"), raw.get(0).title());
        for (int c = 0; c < 3; c++) {
            assertEquals(1, bp.get(c).curves().size());
            Plots.Curve f = bp.get(c).curves().get(0);
            Plots.Curve r = raw.get(c).curves().get(0);
            // the time axis: seconds from the zero, the whole window
            assertEquals(-30, f.x()[0], 0.011);
            assertEquals(30, f.x()[f.x().length - 1], 0.011);
            assertEquals(f.x().length, r.x().length);
            double rawMicro = amplitudeAt(r, MICROSEISM_HZ, -30, -1);
            double bpMicro = amplitudeAt(f, MICROSEISM_HZ, -30, -1);
            assertEquals(MICROSEISM, rawMicro, 0.05 * MICROSEISM, "the raw panel keeps the microseism");
            // 2 corners zero-phase at 1 Hz: 0.2 Hz down about (0.2)^4, 1/625
            assertTrue(bpMicro < rawMicro / 400, "band-passed: microseism " + bpMicro + " counts of " + rawMicro);
            // before the event the band-passed trace is a few counts, where the raw swings by thousands
            assertTrue(maxAbs(f, -30, -1) < 25, "band-passed before the event: " + maxAbs(f, -30, -1));
            assertTrue(maxAbs(r, -30, -1) > 10_000, "raw before the event: " + maxAbs(r, -30, -1));
            // the event is kept: its 5 Hz at about its amplitude, far above the noise before it
            double event = amplitudeAt(f, 5, 0.5, 4.5);
            assertEquals(EVENT, event, 0.15 * EVENT, "the event's 5 Hz in the band-passed panel");
            assertTrue(rms(f, 0.5, 4.5) > 5 * rms(f, -30, -1));
        }
    }

    /** The window is filtered with a margin: no start-up transient where the window cuts continuous data. */
    @Test
    void noFilterTransientAtTheWindowEdgesInsideTheData() {
        Plots.Window w = window(60.37, 100.37, 80);
        List<Plots.Curve> curves = Plots.bandPassed(threeComponents(), w, BAND).get(0).curves();
        assertEquals(1, curves.size());
        Plots.Curve f = curves.get(0);
        assertFalse(f.settling(), "the window's edges are not data edges");
        double noise = rms(f, -15, 15);
        assertTrue(maxAbs(f, -20.5, -19) < 5 * noise, "first 1.5 s " + maxAbs(f, -20.5, -19) + ", noise RMS " + noise);
        assertTrue(maxAbs(f, 18.5, 21) < 5 * noise, "last 1.5 s " + maxAbs(f, 18.5, 21) + ", noise RMS " + noise);
    }

    @Test
    void aGapIsNotBridgedAndIsNamed() {
        // Z stops at 160 s and starts again at 170 s
        StationStream s = station(List.of(trace('Z', 100, 0, 160, 1), trace('Z', 100, 170, 130, 4),
                trace('N', 100, 0, 300, 2), trace('E', 100, 0, 300, 3)));
        Plots.Window w = window(130, 200, EVENT_AT);
        for (List<Plots.Panel> panels : List.of(Plots.bandPassed(s, w, BAND), Plots.raw(s, w, BAND))) {
            Plots.Panel z = panels.get(0);
            assertTrue(z.title().contains("no data 10.0 to 20.0 s"), z.title());
            // no curve reaches into the gap: the line is not drawn across it
            for (Plots.Curve c : z.curves()) {
                double first = c.x()[0];
                double last = c.x()[c.x().length - 1];
                assertTrue(last < 10.001 || first > 19.999, "a curve from " + first + " to " + last + " s");
            }
            assertEquals(1, panels.get(1).curves().size(), "N has no gap");
            assertFalse(panels.get(1).title().contains("no data"), panels.get(1).title());
        }
        assertEquals(2, Plots.raw(s, w, BAND).get(0).curves().size(), "raw: one curve per gap-free segment");
        // band-passed: the 2 s either side of the gap (where the filter starts up on the microseism cut
        // off) are curves of their own, drawn pale and named in the title; the rest is the noise
        Plots.Panel z = Plots.bandPassed(s, w, BAND).get(0);
        assertTrue(z.title().contains("pale: within 2 s of a data edge"), z.title());
        List<Plots.Curve> settled = z.curves().stream().filter(c -> !c.settling()).toList();
        List<Plots.Curve> settling = z.curves().stream().filter(Plots.Curve::settling).toList();
        assertEquals(2, settled.size());
        assertEquals(2, settling.size());
        assertEquals(8, settling.get(0).x()[0], 0.011);
        assertEquals(10, settling.get(0).x()[settling.get(0).x().length - 1], 0.011);
        assertEquals(20, settling.get(1).x()[0], 0.011);
        assertEquals(22, settling.get(1).x()[settling.get(1).x().length - 1], 0.011);
        double noise = rms(settled.get(0), -20, -1);
        for (Plots.Curve c : settled) {
            assertTrue(maxAbs(c, -20, -1) < 5 * noise && maxAbs(c, 5.5, 8) < 5 * noise && maxAbs(c, 22, 30) < 5 * noise,
                    "no filter start-up outside the pale stretches; noise RMS " + noise);
        }
        assertTrue(Plots.bandPassed(s, w, BAND).get(1).curves().stream().noneMatch(Plots.Curve::settling),
                "N: no data edge in the window");
        // a window wholly inside the gap: empty panels, still drawn
        Plots.Window inGap = window(161, 169, 165);
        Plots.Panel empty = Plots.bandPassed(s, inGap, BAND).get(0);
        assertTrue(empty.curves().isEmpty());
        assertTrue(empty.title().contains("no data in this window"), empty.title());
        BufferedImage img = Plots.render(Plots.figure(List.of("gap"), s, inGap, BAND, List.of(), 5, 2.5, List.of()));
        assertEquals(Plots.HEADER_HEIGHT + 7 * Plots.PANEL_HEIGHT, img.getHeight());
    }

    @Test
    void aVerticalOnlyStationHasOnePanelOfEachKind() {
        StationStream s = station(List.of(trace('Z', 100, 0, 300, 1)));
        Plots.Figure f = Plots.figure(List.of("vertical only"), s, window(120, 180, 150), BAND, List.of(), 5, 2.5,
                List.of());
        assertEquals(3, f.panels().size());
        assertTrue(f.panels().get(0).title().startsWith("band-passed"));
        assertTrue(f.panels().get(1).title().startsWith("score"));
        assertTrue(f.panels().get(2).title().startsWith("raw"));
        assertEquals(Plots.HEADER_HEIGHT + 3 * Plots.PANEL_HEIGHT, Plots.render(f).getHeight());
    }

    @Test
    void channelsAtOtherRatesAreShownAtTheirOwnRateAndSaySo() {
        // horizontals at 40 Hz (resampled to 100 Hz by the detector; band-passed up to 18 Hz), a 2 Hz
        // channel the detector leaves out (Nyquist 1 Hz, at the band's lower corner)
        StationStream s = station(List.of(trace('Z', 100, 0, 300, 1), trace('N', 40, 0, 300, 2),
                trace('E', 40, 0, 300, 3), Trace.of(new SourceId("XX", "PLT", "", "HH2"), T0, 2, new double[600])));
        Plots.Window w = window(120, 180, EVENT_AT);
        List<Plots.Panel> bp = Plots.bandPassed(s, w, BAND);
        assertEquals(4, bp.size());
        assertFalse(bp.get(0).title().contains("resampled"), bp.get(0).title());
        Plots.Panel n = bp.get(1);
        assertTrue(n.title().contains("40 Hz (resampled to 100 Hz for the detector)"), n.title());
        Plots.Curve c = n.curves().get(0);
        assertEquals(1 / 40.0, c.x()[1] - c.x()[0], 1e-9);
        assertTrue(amplitudeAt(c, MICROSEISM_HZ, -30, -1) < MICROSEISM / 400);
        assertEquals(EVENT, amplitudeAt(c, 5, 0.5, 4.5), 0.15 * EVENT);
        Plots.Panel low = bp.stream().filter(p -> p.title().contains("HH2")).findFirst().orElseThrow();
        assertTrue(low.curves().isEmpty());
        assertTrue(low.title().contains("not band-passed at 2 Hz"), low.title());
        assertEquals(1, Plots.raw(s, w, BAND).stream().filter(p -> p.title().contains("HH2")).findFirst().orElseThrow()
                .curves().size(), "its raw trace is shown");
    }

    @Test
    void theScorePanelIsCutToTheWindowWithItsLevels() {
        float[] values = new float[3000]; // 10 values per second, 300 s
        for (int i = 0; i < values.length; i++) {
            values[i] = i / 10f;
        }
        List<ScoreTrace> scores = List.of(new ScoreTrace("XX.PLT..HH", T0, 10, values, 1.0),
                new ScoreTrace("XX.OTHER..HH", T0, 10, values, 1.0));
        Plots.Panel p = Plots.score(scores, "XX.PLT..HH", window(120, 180, 150), 6, 3);
        assertEquals(1, p.curves().size(), "the other station's score is left out");
        Plots.Curve c = p.curves().get(0);
        assertEquals(601, c.x().length);
        assertEquals(-30, c.x()[0], 1e-9);
        assertEquals(120, c.y()[0], 1e-4);
        assertEquals(List.of(new Plots.Level(6, false), new Plots.Level(3, true)), p.levels());
        assertTrue(p.title().contains("on 6.0") && p.title().contains("off 3.0"), p.title());
    }

    /**
     * Regression: the same station's score in a window years later (evaluate's NCEDC windows: one
     * station, several events) wrapped its end index past int's range into a huge positive one, and
     * the panel asked for gigabytes (OutOfMemoryError in `evaluate`).
     */
    @Test
    void aScoreYearsAfterTheWindowIsLeftOut() {
        float[] values = new float[750];
        Instant later = T0.plus(java.time.Duration.ofDays(365L * 20));
        for (double rate : new double[] {12.5, 10, 100}) {
            List<ScoreTrace> scores = List.of(new ScoreTrace("XX.PLT..HH", later, rate, values, 1.0),
                    new ScoreTrace("XX.PLT..HH", T0.minus(java.time.Duration.ofDays(365L * 20)), rate, values, 1.0));
            Plots.Panel p = Plots.score(scores, "XX.PLT..HH", window(120, 180, 150), 6, 3);
            assertTrue(p.curves().isEmpty(), "rate " + rate);
            assertTrue(p.title().contains("no score in this window"), p.title());
        }
    }

    @Test
    void aPicksSpanIsItsUncertaintyEitherSide() {
        Instant t = T0.plusSeconds(100);
        Pick p = new Pick(new SourceId("XX", "PLT", "", "HHZ"), Phase.P, t, 0.25, 9, "PLT-1", "test");
        Plots.Span s = Plots.span(p);
        assertEquals(t.minusMillis(250), s.lower());
        assertEquals(t.plusMillis(250), s.upper());
        Plots.Mark m = Plots.Mark.pick(p);
        assertEquals(Plots.P_COLOR, m.color());
        assertEquals(s.lower(), m.lower());
        assertEquals(s.upper(), m.upper());
        Pick asym = new Pick(new SourceId("XX", "PLT", "", "HHZ"), Phase.P, t, 0.3, 0.3, 0.1,
                io.github.seisclr.pick.Polarity.POSITIVE, 9, "PLT-1", "test");
        assertEquals(new Plots.Span(t.minusMillis(300), t.plusMillis(100)), Plots.span(asym), "lower and upper apart");
    }

    /** A detection 3 s after the data start: the window is cut there and says so; time from P. */
    @Test
    void aDetectionAtTheStartOfTheDataIsCutThereAndDrawn(@TempDir Path dir) throws IOException {
        StationStream s = threeComponents();
        Instant on = T0.plusSeconds(3);
        Detection d = new Detection("PLT-1", s.code(), on, on.plusSeconds(8), on.plusSeconds(2), 9, 4, 5, "abc");
        SourceId z = new SourceId("XX", "PLT", "", "HHZ");
        List<Pick> picks = List.of(new Pick(z, Phase.P, on.minusMillis(400), 1.5, 9, "PLT-1", "test"),
                new Pick(new SourceId("XX", "PLT", "", "HHN"), Phase.S, on.plusSeconds(4), 0.5, 9, "PLT-1", "test"));
        Plots.Figure f = Plots.detection(s, d, picks, List.of(), 2.5, BAND);
        assertEquals(s.start(), f.window().from());
        assertEquals(on.plusSeconds(18), f.window().to(), "10 s after the detection's end");
        assertEquals(on.minusMillis(400), f.window().zero(), "time from the P pick");
        assertTrue(f.header().get(1).contains("window cut at the start of the data"), f.header().get(1));
        assertTrue(f.header().get(1).contains("P +0.00 s \u00b1 1.50 s on HHZ"), f.header().get(1));
        assertEquals(7, f.panels().size());
        assertEquals(4, f.marks().size(), "trigger on and off, P and S");
        Plots.Curve c = f.panels().get(0).curves().get(0);
        assertEquals(-2.6, c.x()[0], 1e-9, "from the first sample");
        assertTrue(c.settling(), "the first 2 s of the data are drawn pale");
        assertEquals(-0.6, c.x()[c.x().length - 1], 0.011);
        assertFalse(f.panels().get(0).curves().get(1).settling());
        assertFalse(f.panels().get(4).curves().get(0).settling(), "raw curves never");
        Path png = dir.resolve("PLT-1.png");
        Plots.write("--plot", png, f);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertEquals(Plots.WIDTH, img.getWidth());
        assertEquals(Plots.HEADER_HEIGHT + 7 * Plots.PANEL_HEIGHT, img.getHeight());
        // the picks' uncertainty is shaded: light red and light blue pixels (without it: only the
        // anti-aliased edges of the lines)
        assertTrue(shaded(img, true) > 20_000, "light red pixels: " + shaded(img, true));
        assertTrue(shaded(img, false) > 5_000, "light blue pixels: " + shaded(img, false));
        List<Pick> sharp = new ArrayList<>();
        picks.forEach(p -> sharp.add(new Pick(p.channel(), p.phase(), p.time(), 0, 9, "PLT-1", "test")));
        BufferedImage plain = Plots.render(Plots.detection(s, d, sharp, List.of(), 2.5, BAND));
        assertTrue(shaded(plain, true) < 4_000, "no shading without uncertainty: " + shaded(plain, true));
    }

    /** Pixels of the pale red (or blue) a shaded span leaves on white. */
    private static int shaded(BufferedImage img, boolean red) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                boolean pale = red ? r > 240 && g > 190 && g < 225 && b > 190 && b < 225
                        : b > 240 && r > 190 && r < 225 && g > 190 && g < 235;
                if (pale) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void longCurvesAreDrawnFromTheirEnvelope() {
        double[] x = new double[100_000];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            y[i] = i == 54_321 ? 1000 : Math.sin(i);
        }
        double[][] d = Plots.decimate(new Plots.Curve(x, y), 1000);
        assertEquals(1000, d[0].length);
        assertEquals(1000, Arrays.stream(d[1]).max().orElseThrow(), "the one-sample peak is kept");
        for (int i = 1; i < d[0].length; i++) {
            assertTrue(d[0][i] > d[0][i - 1], "in time order");
        }
        assertEquals(5, Plots.decimate(new Plots.Curve(new double[5], new double[5]), 1000)[0].length);
    }

    @Test
    void tickLabelsFitTheFixedAxisWidth() {
        for (double v : new double[] {0, 1, -2.5, 123.456, -99999, 123456, -1.5e9, 0.001, -0.00042}) {
            assertTrue(Plots.tick(v).length() <= 8, v + " -> " + Plots.tick(v));
            assertFalse(Plots.tick(v).isBlank());
        }
    }
}
