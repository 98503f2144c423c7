package io.github.seisclr.synth;

import io.github.seisclr.baseline.AicPicker;
import io.github.seisclr.io.Trace;
import io.github.seisclr.signal.Butterworth;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticGeneratorTest {

    /** Welch estimate of the one-sided PSD, Hann-windowed segments of {@code nfft}, half overlap. */
    private static double[] welch(double[] x, int nfft) {
        FastFourierTransformer fft = new FastFourierTransformer(DftNormalization.STANDARD);
        double[] w = new double[nfft];
        double wss = 0;
        for (int i = 0; i < nfft; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / nfft);
            wss += w[i] * w[i];
        }
        double[] psd = new double[nfft / 2 + 1];
        int segments = 0;
        for (int s = 0; s + nfft <= x.length; s += nfft / 2) {
            double[] seg = new double[nfft];
            double mean = 0;
            for (int i = 0; i < nfft; i++) {
                mean += x[s + i];
            }
            mean /= nfft;
            for (int i = 0; i < nfft; i++) {
                seg[i] = (x[s + i] - mean) * w[i];
            }
            Complex[] c = fft.transform(seg, TransformType.FORWARD);
            for (int k = 0; k < psd.length; k++) {
                psd[k] += c[k].abs() * c[k].abs();
            }
            segments++;
        }
        for (int k = 0; k < psd.length; k++) {
            psd[k] = psd[k] / segments / wss * 2; // per sample; times 1/fs below
        }
        return psd;
    }

    @Test
    void noisePsdLiesBetweenNlnmAndNhnm() {
        double level = 0.5;
        SynthConfig c = SynthConfig.builder().seed(3).duration(Duration.ofMinutes(40)).stations(1)
                .eventsPerHour(0).spikesPerHour(0).gapsPerDay(0).noiseLevels(level, level).build();
        SyntheticDataset d = SyntheticGenerator.generate(c);
        Trace z = d.traces().stream().filter(t -> t.id().channel().equals("HHZ")).findFirst().orElseThrow();
        double fs = z.sampleRate();
        double[] v = z.samples();
        for (int i = 0; i < v.length; i++) {
            v[i] /= c.countsPerMeterPerSecond();
        }
        int nfft = 1 << 14;
        double[] psd = welch(v, nfft);
        for (double period : new double[] {0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20}) {
            double f = 1 / period;
            int k0 = (int) Math.floor(f * 0.97 / fs * nfft);
            int k1 = (int) Math.ceil(f * 1.03 / fs * nfft);
            double mean = 0;
            for (int k = k0; k <= k1; k++) {
                double fk = k * fs / nfft;
                mean += psd[k] / fs * Math.pow(2 * Math.PI * fk, 2); // velocity -> acceleration
            }
            mean /= (k1 - k0 + 1);
            double db = 10 * Math.log10(mean);
            double lo = NoiseModels.nlnm(period);
            double hi = NoiseModels.nhnm(period);
            assertTrue(db > lo && db < hi, "PSD at " + period + " s: " + db + " dB, NLNM " + lo + ", NHNM " + hi);
            // and near the requested level; looser where quantisation lifts the quiet high frequencies
            // and where the steep NLNM slope and the 655 s synthesis blocks blur long periods
            assertEquals(NoiseModels.between(period, level), db, period < 0.1 || period > 10 ? 6 : 3, "level at " + period + " s");
        }
    }

    @Test
    void noiseModelTablesGiveThePublishedEndPoints() {
        assertEquals(-162.36 - 5.64, NoiseModels.nlnm(0.1), 1e-9);
        assertEquals(-108.73 + 17.23, NoiseModels.nhnm(0.1), 1e-9);
        assertEquals(-166.40, NoiseModels.nlnm(1.0), 1e-9); // segment 0.8-1.24 s, B log10(1) = 0
        assertTrue(NoiseModels.nhnm(5) - NoiseModels.nlnm(5) > 20);
    }

    private static double energy(double[] x, int from, int to) {
        double e = 0;
        for (int i = Math.max(0, from); i < Math.min(x.length, to); i++) {
            e += x[i] * x[i];
        }
        return e;
    }

    @Test
    void truePicksAreWhereEnergyArrives() {
        SynthConfig c = SynthConfig.builder().seed(11).duration(Duration.ofHours(1)).stations(3)
                .eventsPerHour(12).magnitudes(1.5, 3.5).gapsPerDay(0).spikesPerHour(0).build();
        SyntheticDataset d = SyntheticGenerator.generate(c);
        assertTrue(d.events().size() >= 15, "enough arrivals: " + d.events().size());
        double fs = c.sampleRate();
        int checked = 0;
        int aicChecked = 0;
        for (TruthEntry e : d.events()) {
            // only events clear of the previous event's coda at this station
            boolean clear = d.events().stream().noneMatch(o -> o.station().equals(e.station()) && o != e
                    && o.start().isBefore(e.start()) && o.end().isAfter(e.start().minusSeconds(2)));
            if (!clear) {
                continue;
            }
            Trace sz = signal(d, e.station(), "HHZ");
            Trace sn = signal(d, e.station(), "HHN");
            Trace se = signal(d, e.station(), "HHE");
            int p = (int) Math.ceil(Duration.between(sz.start(), e.pTime()).toNanos() / 1e9 * fs);
            int s = (int) Math.ceil(Duration.between(sz.start(), e.sTime()).toNanos() / 1e9 * fs);
            double[] z = sz.samples();
            assertEquals(0.0, energy(z, p - 100, p), "no energy of this event before its P");
            assertTrue(energy(z, p, p + 100) > 0, "energy right after P");
            double[] h = sn.samples();
            double[] h2 = se.samples();
            double before = energy(h, s - 100, s) + energy(h2, s - 100, s);
            double after = energy(h, s, s + 100) + energy(h2, s, s + 100);
            assertTrue(after > 3 * before, "S stronger than P coda on the horizontals at " + e);
            double pz = energy(z, p, p + 100);
            double ph = energy(h, p, p + 100) + energy(h2, p, p + 100);
            assertTrue(pz > ph, "P stronger on the vertical");
            checked++;
            if (e.snr() > 10) {
                Trace rz = recorded(d, e.station(), "HHZ");
                double[] f = Butterworth.bandpass(4, 2, 20, fs).filter(rz.samples());
                int ip = (int) rz.indexOf(e.pTime());
                double[] win = java.util.Arrays.copyOfRange(f, ip - 300, ip + 100);
                AicPicker.Pick pick = AicPicker.pick(win);
                double errSeconds = (pick.index() - 300) / fs;
                assertTrue(Math.abs(errSeconds) <= 0.1, "AIC on the recorded trace finds P within 0.1 s: " + errSeconds);
                aicChecked++;
            }
        }
        assertTrue(checked >= 8, "checked " + checked);
        assertTrue(aicChecked >= 2, "AIC checked " + aicChecked);
    }

    private static Trace signal(SyntheticDataset d, String sta, String cha) {
        return d.signals().stream().filter(t -> t.id().station().equals(sta) && t.id().channel().equals(cha))
                .findFirst().orElseThrow();
    }

    private static Trace recorded(SyntheticDataset d, String sta, String cha) {
        return d.traces().stream().filter(t -> t.id().station().equals(sta) && t.id().channel().equals(cha))
                .findFirst().orElseThrow();
    }

    /** Review (2026-12-07): {@code synth --rate 40} wrote HHZ, a band code SEED keeps for 80 Hz and above. */
    @Test
    void theChannelsBandCodeFollowsTheRate() {
        for (double[] rc : new double[][] {{40, 'B'}, {100, 'H'}, {500, 'C'}, {8, 'M'}}) {
            SynthConfig c = SynthConfig.builder().seed(5).duration(Duration.ofMinutes(2)).sampleRate(rc[0]).build();
            for (Trace t : SyntheticGenerator.generate(c).traces()) {
                assertEquals((char) rc[1], t.id().channel().charAt(0), t.id() + " at " + rc[0] + " Hz");
                assertEquals('H', t.id().channel().charAt(1));
            }
        }
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        SynthConfig a = SynthConfig.builder().seed(5).duration(Duration.ofMinutes(10)).build();
        SyntheticDataset d1 = SyntheticGenerator.generate(a);
        SyntheticDataset d2 = SyntheticGenerator.generate(a);
        assertEquals(d1.traces(), d2.traces());
        assertEquals(d1.truth(), d2.truth());
        SynthConfig b = SynthConfig.builder().seed(6).duration(Duration.ofMinutes(10)).build();
        assertNotEquals(d1.traces(), SyntheticGenerator.generate(b).traces());
    }

    @Test
    void gapsAndSpikesInTruthAreInTheData() {
        SynthConfig c = SynthConfig.builder().seed(8).duration(Duration.ofHours(6)).stations(1)
                .eventsPerHour(0).spikesPerHour(2).gapsPerDay(12).build();
        SyntheticDataset d = SyntheticGenerator.generate(c);
        List<TruthEntry> gaps = d.truth().stream().filter(t -> t.kind() == TruthEntry.Kind.GAP).toList();
        List<TruthEntry> spikes = d.truth().stream().filter(t -> t.kind() == TruthEntry.Kind.SPIKE).toList();
        assertTrue(!gaps.isEmpty() && !spikes.isEmpty(), gaps.size() + " gaps, " + spikes.size() + " spikes");
        List<Trace> z = d.traces().stream().filter(t -> t.id().channel().equals("HHZ")).toList();
        for (TruthEntry g : gaps) {
            Instant mid = g.start().plus(Duration.between(g.start(), g.end()).dividedBy(2));
            assertTrue(z.stream().noneMatch(t -> !t.start().isAfter(mid) && !t.end().isBefore(mid)),
                    "no data inside the gap at " + mid);
        }
        double[] all = z.stream().flatMapToDouble(t -> java.util.Arrays.stream(t.samples())).toArray();
        double sd = Math.sqrt(java.util.Arrays.stream(all).map(v -> v * v).average().orElseThrow());
        int found = 0;
        for (TruthEntry s : spikes) {
            for (String ch : new String[] {"HHZ", "HHN", "HHE"}) {
                for (Trace t : d.traces()) {
                    if (t.id().channel().equals(ch) && !t.start().isAfter(s.start()) && !t.end().isBefore(s.start())) {
                        int i = (int) t.indexOf(s.start());
                        if (Math.abs(t.sample(i) - (i > 0 ? t.sample(i - 1) : 0)) > 20 * sd) {
                            found++;
                        }
                    }
                }
            }
        }
        long spikesInData = spikes.stream().filter(s -> gaps.stream().noneMatch(
                g -> !g.start().isAfter(s.start()) && !g.end().isBefore(s.start()))).count();
        assertEquals(spikesInData, found, "every spike outside a gap stands out");
    }

    private static double[] vertical(SyntheticDataset d) {
        List<Trace> z = d.traces().stream().filter(t -> t.id().channel().equals("HHZ")).toList();
        assertEquals(1, z.size(), "one stretch without gaps");
        return z.get(0).samples();
    }

    /** The spread (dB) of the per-minute RMS of {@code x} band-passed to {@code lo}-{@code hi} Hz. */
    private static double minuteLevelSpreadDb(double[] x, double lo, double hi) {
        double[] y = Butterworth.bandpass(4, lo, hi, 100).filterZeroPhase(x);
        int minutes = y.length / 6000;
        double[] db = new double[minutes];
        for (int m = 0; m < minutes; m++) {
            double ss = 0;
            for (int i = m * 6000; i < (m + 1) * 6000; i++) {
                ss += y[i] * y[i];
            }
            db[m] = 10 * Math.log10(ss / 6000);
        }
        double mean = java.util.Arrays.stream(db).average().orElseThrow();
        return Math.sqrt(java.util.Arrays.stream(db).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
    }

    @Test
    void wanderingNoiseChangesItsLevelBelowAndAboveOneHertz() {
        SynthConfig.Builder b = SynthConfig.builder().seed(12).duration(Duration.ofHours(2)).stations(1)
                .eventsPerHour(0).spikesPerHour(0).gapsPerDay(0);
        double[] still = vertical(SyntheticGenerator.generate(b.build()));
        double[] wandering = vertical(SyntheticGenerator.generate(b.noiseWander(6).build()));
        double stillHigh = minuteLevelSpreadDb(still, 2, 20);
        double wanderHigh = minuteLevelSpreadDb(wandering, 2, 20);
        double stillLow = minuteLevelSpreadDb(still, 0.3, 0.8);
        double wanderLow = minuteLevelSpreadDb(wandering, 0.3, 0.8);
        assertTrue(stillHigh < 0.5 && wanderHigh > 2.5, "2-20 Hz per-minute level spread " + stillHigh
                + " dB stationary, " + wanderHigh + " dB wandering");
        assertTrue(wanderLow > 2.5 && wanderLow > 2 * stillLow, "0.3-0.8 Hz per-minute level spread "
                + stillLow + " dB stationary, " + wanderLow + " dB wandering");
    }

    @Test
    void nonStationaryNoiseKeepsTheEarthquakesSpikesAndGaps() {
        SynthConfig.Builder b = SynthConfig.builder().seed(13).duration(Duration.ofHours(2)).stations(2)
                .eventsPerHour(6).spikesPerHour(2).gapsPerDay(24);
        SyntheticDataset plain = SyntheticGenerator.generate(b.build());
        SyntheticDataset rough = SyntheticGenerator.generate(b.noiseWander(6).transientsPerHour(10).build());
        assertEquals(plain.signals(), rough.signals(), "the earthquakes' waveforms");
        java.util.function.Function<SyntheticDataset, List<String>> faults = d -> d.truth().stream()
                .filter(t -> t.kind() != TruthEntry.Kind.TRANSIENT)
                .map(t -> t.kind() + " " + t.station() + " " + t.eventId() + " " + t.start() + " " + t.end()
                        + " " + t.pTime() + " " + t.sTime() + " " + t.magnitude() + " " + t.firstMotion())
                .sorted().toList();
        assertEquals(faults.apply(plain), faults.apply(rough));
        long transients = rough.truth().stream().filter(t -> t.kind() == TruthEntry.Kind.TRANSIENT).count();
        assertTrue(transients >= 20 && transients <= 60, transients + " transients for a mean of 40");
        assertNotEquals(plain.traces(), rough.traces());
    }

    @Test
    void transientsAreInTheDataWhereTheTruthSaysAndNowhereElse() {
        SynthConfig.Builder b = SynthConfig.builder().seed(14).duration(Duration.ofHours(1)).stations(1)
                .eventsPerHour(0).spikesPerHour(0).gapsPerDay(0);
        SyntheticDataset plain = SyntheticGenerator.generate(b.build());
        SyntheticDataset rough = SyntheticGenerator.generate(b.transientsPerHour(30).build());
        List<TruthEntry> spans = rough.truth().stream().filter(t -> t.kind() == TruthEntry.Kind.TRANSIENT).toList();
        assertTrue(spans.size() >= 15, spans.size() + " transients");
        Instant t0 = plain.config().start();
        double[] noise = vertical(plain);
        double[] with = vertical(rough);
        double[] band = Butterworth.bandpass(4, 1, 20, 100).filterZeroPhase(noise);
        double noiseRms = Math.sqrt(java.util.Arrays.stream(band).map(v -> v * v).average().orElseThrow());
        boolean[] inside = new boolean[noise.length];
        int alone = 0;
        for (TruthEntry t : spans) {
            assertTrue(Double.isFinite(t.snr()) && t.snr() >= 0.5 && t.snr() <= 20, "peak level " + t.snr());
            int from = (int) Math.round(Duration.between(t0, t.start()).toNanos() / 1e7);
            int to = (int) Math.round(Duration.between(t0, t.end()).toNanos() / 1e7);
            java.util.Arrays.fill(inside, from, to + 1, true);
            // its middle third, at 0.75 to 1 of its peak, is 0.3 to 1 times its peak level on the
            // vertical; bursts of a few seconds vary more about their mean level
            if (spans.stream().anyMatch(o -> o != t && !o.start().isAfter(t.end()) && !o.end().isBefore(t.start()))) {
                continue; // overlapping transients add up
            }
            alone++;
            int third = (to - from + 1) / 3;
            double ss = 0;
            for (int i = from + third; i < to - third; i++) {
                ss += (with[i] - noise[i]) * (with[i] - noise[i]);
            }
            double level = Math.sqrt(ss / (to - from + 1 - 2 * third)) / noiseRms;
            assertTrue(level > 0.1 * t.snr() && level < 2 * t.snr(), "transient at " + t.start()
                    + ": level " + level + " in its middle third for a peak level of " + t.snr());
        }
        assertTrue(alone >= 5, alone + " transients overlap no other");
        for (int i = 0; i < noise.length; i++) {
            if (!inside[i]) {
                assertEquals(noise[i], with[i], "sample " + i + " lies outside every transient");
            }
        }
    }

    @Test
    void badSettingsAreRefusedByName() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SynthConfig.builder().noiseLevels(0.5, 0.2));
        assertTrue(e.getMessage().contains("noise levels"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SynthConfig.builder().noiseWander(25));
        assertTrue(e.getMessage().contains("noise wander") && e.getMessage().contains("25"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SynthConfig.builder().transientsPerHour(Double.NaN));
        assertTrue(e.getMessage().contains("transientsPerHour"), e.getMessage());
    }
}
