package io.github.seisclr.eval;

import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.PickList;
import io.github.seisclr.signal.Butterworth;
import io.github.seisclr.signal.Signals;
import io.github.seisclr.signal.SosFilter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InjectionTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");
    private static final double RATE = 100;
    private static final SosFilter BAND = Butterworth.bandpass(4, 1, 20, RATE);

    private static double[] noise(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 100 + 10 * r.nextGaussian();
        }
        return x;
    }

    /** A station of three components, each one trace per {@code [from, to)} piece (seconds from T). */
    private static StationStream station(String sta, double rate, long seed, double[]... pieces) {
        Map<Character, List<Trace>> parts = new LinkedHashMap<>();
        long s = seed;
        for (char c : new char[] {'Z', 'N', 'E'}) {
            List<Trace> traces = new ArrayList<>();
            for (double[] piece : pieces) {
                traces.add(Trace.of(new SourceId("XX", sta, "", "HH" + c), T.plusMillis(Math.round(piece[0] * 1000)), rate,
                        noise((int) Math.round((piece[1] - piece[0]) * rate), s++)));
            }
            parts.put(c, traces);
        }
        return new StationStream("XX", sta, "", "HH", parts);
    }

    /** An event record: noise, then from P on a decaying 5 Hz wave louder on the vertical. */
    private static StationStream eventStation(double pSeconds, double seconds) {
        Map<Character, List<Trace>> parts = new LinkedHashMap<>();
        int n = (int) Math.round(seconds * RATE);
        int p = (int) Math.round(pSeconds * RATE);
        double[] gain = {3, 1, 2};
        char[] codes = {'Z', 'N', 'E'};
        for (int c = 0; c < 3; c++) {
            double[] x = noise(n, 40 + c);
            for (int i = p; i < n; i++) {
                double t = (i - p) / RATE;
                x[i] += gain[c] * 500 * Math.exp(-t / 4) * Math.sin(2 * Math.PI * 5 * t);
            }
            parts.put(codes[c], List.of(Trace.of(new SourceId("NC", "EVT", "", "EH" + codes[c]), T, RATE, x)));
        }
        return new StationStream("NC", "EVT", "", "EH", parts);
    }

    /**
     * A detector that fires at random finds added events by chance alone (a natural detection within
     * the tolerance of an added P): its share above chance is about 0, and a detector that finds
     * every event still reads 1.
     */
    @Test
    void sharesFoundAreCountedAboveWhatChanceFinds() {
        java.util.Random rng = new java.util.Random(4);
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        double hours = 100;
        double rate = 30; // detections per station-hour
        List<Instant> onsets = new ArrayList<>();
        double t = 0;
        while (true) {
            t += -Math.log(1 - rng.nextDouble()) / rate;
            if (t >= hours) {
                break;
            }
            onsets.add(t0.plusNanos(Math.round(t * 3600e9)));
        }
        List<Injection.Planned> plan = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            plan.add(new Injection.Planned("XX.RND", t0.plusNanos(Math.round(rng.nextDouble() * hours * 3600e9)), 0, 0));
        }
        Duration tol = Duration.ofMillis(1500);
        boolean[] hit = Injection.found(java.util.Map.of("XX.RND", onsets), plan, tol);
        int n = 0;
        for (boolean h : hit) {
            n += h ? 1 : 0;
        }
        double share = n / (double) plan.size();
        // 2.5 % by chance alone, measured on 5,000 added times (one standard error 0.002)
        assertEquals(1 - Math.exp(-rate * 3.0 / 3600), share, 0.007, "found by chance");
        assertTrue(share > 0.015, "chance alone finds some: " + share);
        assertEquals(0, Injection.aboveChance(share, rate, tol), 0.007);
        assertEquals(1, Injection.aboveChance(1, rate, tol), 1e-12);
        assertEquals(0.55, Injection.aboveChance(0.55, 0, tol), 1e-12);
        assertTrue(Double.isNaN(Injection.aboveChance(0.5, Double.NaN, tol)));
    }

    @Test
    void anEventIsTheStretchAroundItsPWithItsMeanRemovedAndTapered() {
        StationStream s = eventStation(20, 60);
        Injection.Event e = Injection.event(s, T.plusSeconds(20), "evt", RATE, BAND).orElseThrow();
        assertEquals(200, e.pIndex());
        assertEquals(2700, e.components().get(0).length);
        for (int slot = 0; slot < 3; slot++) {
            double[] x = e.components().get(slot);
            assertEquals(0, x[0], 1e-9, "tapered to zero at the start");
            assertEquals(0, x[x.length - 1], 1e-6, "and at the end");
        }
        // the vertical's samples in the middle are the record's, less its mean over the stretch
        double[] raw = new double[2700];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = s.components().get('Z').get(0).sample(1800 + i);
        }
        double mean = java.util.Arrays.stream(raw).average().orElseThrow();
        assertEquals(raw[1000] - mean, e.components().get(0)[1000], 1e-9);
        // its band-passed peak: the 5 Hz wave's on the vertical, about 3 x 500
        assertEquals(1500, e.verticalPeak(), 150);
    }

    /**
     * An accelerometer's record of an event is integrated to the velocity a seismometer would have
     * recorded: the same event recorded as velocity (EH) and as its derivative (HN) gives the same
     * record to add, to the accuracy of the discrete derivative; unconverted, the derivative's shape
     * is another (a 5 Hz wave's derivative leads it by a quarter period).
     */
    @Test
    void anAccelerometersEventIsIntegratedToVelocity() {
        StationStream v = eventStation(20, 60);
        Map<Character, List<Trace>> parts = new LinkedHashMap<>();
        v.components().forEach((c, ts) -> {
            double[] x = ts.get(0).samples();
            double[] a = new double[x.length];
            for (int i = 1; i < x.length - 1; i++) {
                a[i] = (x[i + 1] - x[i - 1]) / 2 * RATE; // counts per second: the velocity's derivative
            }
            a[0] = a[1];
            a[x.length - 1] = a[x.length - 2];
            parts.put(c, List.of(Trace.of(new SourceId("NC", "EVT", "", "HN" + c), T, RATE, a)));
        });
        StationStream acc = new StationStream("NC", "EVT", "", "HN", parts);
        Injection.Event ev = Injection.event(v, T.plusSeconds(20), "velocity", RATE, BAND).orElseThrow();
        Injection.Event ea = Injection.event(acc, T.plusSeconds(20), "acceleration", RATE, BAND).orElseThrow();
        for (int slot = 0; slot < 3; slot++) {
            double[] x = BAND.filterZeroPhase(ev.components().get(slot));
            double[] y = BAND.filterZeroPhase(ea.components().get(slot));
            double diff = 0;
            double norm = 0;
            for (int i = 300; i < 2400; i++) {
                diff += (x[i] - y[i]) * (x[i] - y[i]);
                norm += x[i] * x[i];
            }
            assertTrue(Math.sqrt(diff / norm) < 0.05, "slot " + slot + ": relative difference " + Math.sqrt(diff / norm));
        }
        assertEquals(ev.verticalPeak(), ea.verticalPeak(), 0.03 * ev.verticalPeak());
        assertTrue(ea.integrated() && !ev.integrated());
        // the derivative taken as it is: another wave (90 degrees ahead), not a rescaled copy
        double[] raw = acc.components().get('Z').get(0).samples();
        double[] stretch = java.util.Arrays.copyOfRange(raw, 1800, 4500);
        double[] x = BAND.filterZeroPhase(ev.components().get(0));
        double[] y = BAND.filterZeroPhase(Signals.demean(stretch));
        double xy = 0;
        double xx = 0;
        double yy = 0;
        for (int i = 300; i < 2400; i++) {
            xy += x[i] * y[i];
            xx += x[i] * x[i];
            yy += y[i] * y[i];
        }
        assertTrue(Math.abs(xy / Math.sqrt(xx * yy)) < 0.3, "unconverted, the shapes differ: correlation " + xy / Math.sqrt(xx * yy));
        assertTrue(Injection.recordsAcceleration("HN") && Injection.recordsAcceleration("EN")
                && Injection.recordsAcceleration("LG"));
        assertFalse(Injection.recordsAcceleration("HH") || Injection.recordsAcceleration("EL")
                || Injection.recordsAcceleration("DP") || Injection.recordsAcceleration("H")
                || Injection.recordsAcceleration(null));
    }

    @Test
    void anEventNeedsThreeComponentsTheRateAndTheWholeStretch() {
        StationStream s = eventStation(20, 60);
        assertTrue(Injection.event(s, T.plusSeconds(1), "early", RATE, BAND).isEmpty(), "less than 2 s before P");
        assertTrue(Injection.event(s, T.plusSeconds(40), "late", RATE, BAND).isEmpty(), "less than 25 s after P");
        assertTrue(Injection.event(s, T.plusSeconds(20), "rate", 50, Butterworth.bandpass(4, 1, 20, 50)).isEmpty());
        Map<Character, List<Trace>> two = new LinkedHashMap<>(s.components());
        two.remove('E');
        assertTrue(Injection.event(new StationStream("NC", "EVT", "", "EH", two), T.plusSeconds(20), "two", RATE, BAND)
                .isEmpty());
    }

    @Test
    void eventsComeFromTheStationEachRowNamesInItsFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        // one file with two stations: the quiet one first, the one with the event second
        List<Trace> traces = new ArrayList<>();
        for (char c : new char[] {'Z', 'N', 'E'}) {
            traces.add(Trace.of(new SourceId("AA", "QT", "", "EH" + c), T, RATE, noise(6000, c)));
        }
        eventStation(20, 60).components().values().forEach(traces::addAll);
        new io.github.seisclr.io.MiniSeedWriter(io.github.seisclr.io.WriteOptions.defaults()).write(traces,
                dir.resolve("two.mseed"));
        List<ReferencePicks.Row> rows = List.of(
                new ReferencePicks.Row("two.mseed", T, new ReferenceEvent("EVT", T.plusSeconds(20), null)),
                new ReferencePicks.Row("two.mseed", T, new ReferenceEvent("NONE", T.plusSeconds(20), null)));
        List<Injection.Event> events = Injection.events(dir, rows, RATE, 1, 20);
        assertEquals(1, events.size(), "a row whose station is not in its file gives no event");
        assertEquals(1500, events.get(0).verticalPeak(), 150, "the event's station, not the quiet one read first");
        assertThrows(IllegalArgumentException.class, () -> Injection.events(dir, List.of(
                new ReferencePicks.Row(null, null, new ReferenceEvent("EVT", T.plusSeconds(20), null))), RATE, 1, 20));
    }

    /** Regression (review): {@code ablate --inject} read its windows without the read settings, so a damaged Steim record stopped it. */
    @Test
    void theWindowsAreReadAsTheReadSettingsSay(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        List<Trace> traces = new ArrayList<>();
        eventStation(20, 60).components().values().forEach(c -> c.forEach(t -> traces.add(Trace.of(t.id(), t.start(),
                t.sampleRate(), java.util.Arrays.stream(t.samples()).map(Math::rint).toArray(),
                io.github.seisclr.io.SampleType.INTEGER)))); // integers: Steim-compressed
        java.nio.file.Path f = dir.resolve("one.mseed");
        new io.github.seisclr.io.MiniSeedWriter(io.github.seisclr.io.WriteOptions.defaults()).write(traces, f);
        byte[] b = java.nio.file.Files.readAllBytes(f);
        b[64 + 11] ^= 1; // the first record's reverse integration constant: its Steim check fails
        java.nio.file.Files.write(f, b);
        List<ReferencePicks.Row> rows = List.of(
                new ReferencePicks.Row("one.mseed", T, new ReferenceEvent("EVT", T.plusSeconds(20), null)));
        io.github.seisclr.BadInputException e = assertThrows(io.github.seisclr.BadInputException.class,
                () -> Injection.events(dir, rows, RATE, 1, 20));
        assertTrue(e.getMessage().contains("one.mseed"), e.getMessage());
        List<Injection.Event> events = Injection.events(dir, rows, RATE, 1, 20,
                io.github.seisclr.io.ReadOptions.builder().verifySteimIntegrity(false).build());
        assertEquals(1, events.size());
    }

    @Test
    void aStationsSeismometerIsTakenBeforeItsAccelerometer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        // an accelerometer coded AN sorts before the seismometer (EH): read first, and still the
        // seismometer's record is the event
        List<Trace> traces = new ArrayList<>();
        for (char c : new char[] {'Z', 'N', 'E'}) {
            traces.add(Trace.of(new SourceId("NC", "EVT", "", "AN" + c), T, RATE, noise(6000, 7 + c)));
        }
        eventStation(20, 60).components().values().forEach(traces::addAll);
        new io.github.seisclr.io.MiniSeedWriter(io.github.seisclr.io.WriteOptions.defaults()).write(traces,
                dir.resolve("both.mseed"));
        List<ReferencePicks.Row> rows = List.of(
                new ReferencePicks.Row("both.mseed", T, new ReferenceEvent("EVT", T.plusSeconds(20), null)));
        List<Injection.Event> events = Injection.events(dir, rows, RATE, 1, 20);
        assertEquals(1, events.size());
        assertFalse(events.get(0).integrated(), "the seismometer's record");
        assertEquals(1500, events.get(0).verticalPeak(), 150);
        // without the seismometer, the accelerometer's, integrated
        new io.github.seisclr.io.MiniSeedWriter(io.github.seisclr.io.WriteOptions.defaults()).write(traces.subList(0, 3),
                dir.resolve("acc.mseed"));
        List<Injection.Event> acc = Injection.events(dir, List.of(
                new ReferencePicks.Row("acc.mseed", T, new ReferenceEvent("EVT", T.plusSeconds(20), null))), RATE, 1, 20);
        assertEquals(1, acc.size());
        assertTrue(acc.get(0).integrated());
    }

    @Test
    void plansDealEventsAndLevelsInTurnWhereEveryComponentHoldsTheStretch() {
        // 1000 s without a gap: P at 45, 135, ..., 945 (945 + 25 <= 1000): 11
        StationStream a = station("A", RATE, 1, new double[] {0, 1000});
        List<Injection.Planned> plan = Injection.plan(List.of(a), RATE, 5, 3, 45, 90, 0, 0);
        assertEquals(11, plan.size());
        for (int j = 0; j < plan.size(); j++) {
            assertEquals(T.plusSeconds(45 + 90L * j), plan.get(j).p());
            assertEquals(j % 3, plan.get(j).level());
            assertEquals((j / 3) % 5, plan.get(j).event());
            assertEquals("XX.A..HH", plan.get(j).station());
        }
        // a second pass continues the dealing where the first stopped
        List<Injection.Planned> next = Injection.plan(List.of(a), RATE, 5, 3, 45, 90, 22.5, plan.size());
        assertEquals(T.plusMillis(67_500), next.get(0).p());
        assertEquals(11 % 3, next.get(0).level());
        // a gap in the horizontals (300-400 s) leaves out the injections whose stretch reaches it
        Map<Character, List<Trace>> parts = new LinkedHashMap<>(a.components());
        StationStream gappy = station("A", RATE, 1, new double[] {0, 300}, new double[] {400, 1000});
        parts.put('N', gappy.components().get('N'));
        List<Injection.Planned> around = Injection.plan(List.of(new StationStream("XX", "A", "", "HH", parts)), RATE, 5, 3,
                45, 90, 0, 0);
        assertEquals(List.of(45L, 135L, 225L, 405L, 495L, 585L, 675L, 765L, 855L, 945L),
                around.stream().map(x -> Duration.between(T, x.p()).toSeconds()).toList(),
                "315 would reach the gap (313-340 s)");
        // another rate: nothing planned
        assertTrue(Injection.plan(List.of(station("B", 50, 1, new double[] {0, 1000})), RATE, 5, 3, 45, 90, 0, 0).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Injection.plan(List.of(a), RATE, 0, 3, 45, 90, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Injection.plan(List.of(a), RATE, 5, 3, 1, 90, 0, 0));
    }

    @Test
    void anInjectionAddsTheScaledEventThereAndNothingElsewhere() {
        StationStream host = station("A", RATE, 1, new double[] {0, 1000});
        StationStream other = station("B", RATE, 9, new double[] {0, 1000});
        Injection.Event e = Injection.event(eventStation(20, 60), T.plusSeconds(20), "evt", RATE, BAND).orElseThrow();
        Injection.Planned x = new Injection.Planned("XX.A..HH", T.plusSeconds(300), 0, 1);
        double[] levels = {2, 4, 8};
        List<StationStream> out = Injection.apply(List.of(host, other), List.of(x), List.of(e), levels, 1, 20);
        assertSame(other.components().get('Z').get(0), out.get(1).components().get('Z').get(0),
                "a station without an injection keeps its traces");
        double[] before = host.components().get('Z').get(0).samples();
        double[] after = out.get(0).components().get('Z').get(0).samples();
        assertArrayEquals(before, noise(100_000, 1), "the host's own trace is not changed");
        double[] diff = new double[after.length];
        for (int i = 0; i < after.length; i++) {
            diff[i] = after[i] - before[i];
        }
        for (int i = 0; i < diff.length; i++) {
            if (i < 29_800 || i >= 32_500) {
                assertEquals(0, diff[i], 0, "nothing added outside the stretch, sample " + i);
            }
        }
        // the size: the added vertical's band-passed peak over the host's band-passed RMS around P is k = 4
        double[] bandHost = BAND.filterZeroPhase(Signals.demean(before));
        double rms = Signals.rms(bandHost, 30_000 - 3000, 30_000 + 3000);
        double peak = 0;
        for (double v : BAND.filterZeroPhase(diff)) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertEquals(4, peak / rms, 0.04);
        // the horizontals take the same factor: their added samples are the event's times the vertical's scale
        double scale = diff[29_800 + 525] / e.components().get(0)[525]; // a crest of the 5 Hz wave
        double[] n0 = host.components().get('N').get(0).samples();
        double[] n1 = out.get(0).components().get('N').get(0).samples();
        assertEquals(scale * e.components().get(1)[525], n1[30_325] - n0[30_325], 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Injection.apply(List.of(other), List.of(x), List.of(e),
                levels, 1, 20), "a station that is not among the hosts");
        assertThrows(IllegalArgumentException.class, () -> Injection.apply(List.of(host),
                List.of(new Injection.Planned("XX.A..HH", T.plusSeconds(990), 0, 1)), List.of(e), levels, 1, 20),
                "a stretch past the data's end");
    }

    @Test
    void aStationWithoutHorizontalsGetsTheEventsVerticalsAlone() {
        StationStream full = station("A", RATE, 1, new double[] {0, 1000});
        Map<Character, List<Trace>> z = new LinkedHashMap<>();
        z.put('Z', full.components().get('Z'));
        StationStream vertical = new StationStream("XX", "A", "", "HH", z);
        List<Injection.Planned> plan = Injection.plan(List.of(vertical), RATE, 1, 3, 45, 90, 0, 0);
        assertEquals(11, plan.size());
        Injection.Event e = Injection.event(eventStation(20, 60), T.plusSeconds(20), "evt", RATE, BAND).orElseThrow();
        List<StationStream> out = Injection.apply(List.of(vertical), plan.subList(0, 1), List.of(e), new double[] {2, 4, 8},
                1, 20);
        assertEquals(java.util.Set.of('Z'), out.get(0).components().keySet());
        double[] before = vertical.components().get('Z').get(0).samples();
        double[] after = out.get(0).components().get('Z').get(0).samples();
        assertTrue(after[4500 + 300] != before[4500 + 300], "the vertical gets the event");
        // a station with Z and E: both get theirs, and a gap in E is respected
        Map<Character, List<Trace>> ze = new LinkedHashMap<>(z);
        ze.put('E', station("A", RATE, 3, new double[] {0, 300}, new double[] {400, 1000}).components().get('E'));
        List<Injection.Planned> around = Injection.plan(List.of(new StationStream("XX", "A", "", "HH", ze)), RATE, 1, 3,
                45, 90, 0, 0);
        assertEquals(10, around.size(), "315 s reaches E's gap");
        List<StationStream> both = Injection.apply(List.of(new StationStream("XX", "A", "", "HH", ze)),
                around.subList(0, 1), List.of(e), new double[] {2, 4, 8}, 1, 20);
        double[] e0 = ze.get('E').get(0).samples();
        double[] e1 = both.get(0).components().get('E').get(0).samples();
        assertTrue(e1[4500 + 300] != e0[4500 + 300], "E gets the event's E");
    }

    @Test
    void anInjectionIsFoundByADetectionWhosePOrStartLiesWithinTheTolerance() {
        List<Injection.Planned> plan = List.of(new Injection.Planned("XX.A..HH", T.plusSeconds(100), 0, 0),
                new Injection.Planned("XX.A..HH", T.plusSeconds(200), 0, 1),
                new Injection.Planned("XX.A..HH", T.plusSeconds(300), 0, 2),
                new Injection.Planned("XX.B..HH", T.plusSeconds(400), 0, 0));
        List<Detection> d = List.of(
                det("A-1", "XX.A..HH", 95), // its P pick at 101.4 s finds the first
                det("A-2", "XX.A..HH", 201.6), // no P: its start, 1.6 s late, does not find the second
                det("A-3", "XX.A..HH", 298.6), // no P: its start, 1.4 s early, finds the third
                det("A-4", "XX.A..HH", 400)); // another station's time: does not find B's
        List<Pick> picks = List.of(new Pick(SourceId.parse("XX.A..HHZ"), Phase.P, T.plusMillis(101_400), 0.1, 9, "A-1",
                "test"), new Pick(SourceId.parse("XX.A..HHZ"), Phase.S, T.plusSeconds(200), 0.1, 9, "A-2", "test"));
        DetectionResult r = new DetectionResult(d, new PickList(picks), List.of(), List.of(), 1,
                DetectorConfig.defaults(), "m", Map.of());
        boolean[] found = Injection.found(r, plan, Duration.ofMillis(1500));
        assertArrayEquals(new boolean[] {true, false, true, false}, found);
        assertFalse(Injection.found(r, plan, Duration.ofMillis(1000))[0], "1.4 s is outside 1 s");
    }

    @Test
    void anInjectionIsDetectedByATriggerFromTheToleranceBeforeItsPToTheWindowAfterWhateverItPicked() {
        List<Injection.Planned> plan = List.of(new Injection.Planned("XX.A..HH", T.plusSeconds(100), 0, 0),
                new Injection.Planned("XX.A..HH", T.plusSeconds(200), 0, 1),
                new Injection.Planned("XX.A..HH", T.plusSeconds(300), 0, 2),
                new Injection.Planned("XX.A..HH", T.plusSeconds(400), 0, 0),
                new Injection.Planned("XX.B..HH", T.plusSeconds(500), 0, 0));
        List<Detection> d = List.of(
                det("A-1", "XX.A..HH", 108), // triggers on S, 8 s after P, and picks it: detected, not found
                det("A-2", "XX.A..HH", 210.5), // 10.5 s after P: neither
                det("A-3", "XX.A..HH", 298.4), // 1.6 s before P: neither
                det("A-4", "XX.A..HH", 398.5), // 1.5 s before P, the window's edge: both
                det("A-5", "XX.A..HH", 500)); // another station's time: does not detect B's
        List<Pick> picks = List.of(new Pick(SourceId.parse("XX.A..HHZ"), Phase.P, T.plusMillis(108_100), 0.1, 9, "A-1",
                "test"));
        DetectionResult r = new DetectionResult(d, new PickList(picks), List.of(), List.of(), 1,
                DetectorConfig.defaults(), "m", Map.of());
        Duration tol = Duration.ofMillis(1500);
        assertArrayEquals(new boolean[] {true, false, false, true, false},
                Injection.detected(r, plan, tol, Duration.ofSeconds(10)));
        assertArrayEquals(new boolean[] {false, false, false, true, false}, Injection.found(r, plan, tol));
        assertTrue(Injection.detected(r, plan, tol, Duration.ofMillis(10_500))[1], "10.5 s is inside 10.5 s");
        assertThrows(IllegalArgumentException.class, () -> Injection.detected(r, plan, tol.negated(), tol));
        assertThrows(IllegalArgumentException.class, () -> Injection.detected(r, plan, tol, tol.negated()));
        // chance within a window of w seconds
        double c = 1 - Math.exp(-12 * 11.5 / 3600);
        assertEquals((0.4 - c) / (1 - c), Injection.aboveChanceWithin(0.4, 12, Duration.ofMillis(11_500)), 1e-12);
    }

    private static Detection det(String id, String station, double at) {
        Instant t = T.plusMillis(Math.round(at * 1000));
        return new Detection(id, station, t, t.plusSeconds(5), t.plusSeconds(1), 9, 10, 5, "m");
    }
}
