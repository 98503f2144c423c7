package io.github.seisclr.synth;

import io.github.seisclr.io.SampleType;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.Trace;
import io.github.seisclr.signal.Butterworth;
import io.github.seisclr.signal.Signals;
import io.github.seisclr.signal.SosFilter;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Makes a {@link SyntheticDataset} from a {@link SynthConfig}.
 *
 * <p><b>Noise</b>: Gaussian noise whose power spectral density follows a level between the NLNM
 * and NHNM ({@link NoiseModels}), made in overlapping 65,536-sample blocks shaped in the
 * frequency domain and joined with sine windows (whose squares sum to one, so the variance is
 * stationary); converted to counts with the configured sensitivity and rounded, as a digitiser
 * would.
 *
 * <p><b>Earthquakes</b> at random epicentres (up to {@code maxEpicentralKm}, depth 3-15 km),
 * magnitudes by Gutenberg-Richter with b = 1. At each station, P arrives after
 * {@code r / 6.0 km/s} and S after {@code r / 3.5 km/s} (hypocentral distance r). Each phase is a
 * causal pulse (peak after the Brune corner period) plus scattered energy: noise with a Brune
 * omega-squared velocity spectrum (corner from magnitude, stress drop 3 MPa), attenuated by
 * {@code exp(-pi f t*)}, under an envelope that rises at the arrival and decays exponentially over
 * the coda duration {@code 10^((M + 0.87) / 2)} s. Peak ground velocity follows
 * {@code log10 PGV = 0.9 M - 1.5 log10 r - 5.3} (m/s, S on the horizontals); P is 2-4 times
 * smaller and strongest on the vertical, S strongest on the horizontals. Every sample before a
 * phase's arrival time is exactly zero in that phase's contribution, so the true picks are where
 * energy arrives.
 *
 * <p><b>Faults</b>: single-sample spikes and telemetry gaps (5-60 s, all components).
 *
 * <p><b>Non-stationary noise</b>, when asked for ({@link SynthConfig#noiseWanderDb()},
 * {@link SynthConfig#transientsPerHour()}): a noise level that wanders in time, separately below
 * and above 1 Hz, and non-earthquake transients (bursts of band-limited noise, machinery hum). They
 * are drawn from a random stream of their own, so a configuration with them has the same
 * earthquakes, spikes and gaps as the same configuration without them.
 */
public final class SyntheticGenerator {
    private static final int BLOCK = 1 << 16;
    private static final double VP = 6.0;
    private static final double VS = 3.5;

    private SyntheticGenerator() {
    }

    /** An earthquake in the network's frame (km). */
    private record Quake(int id, double originSeconds, double x, double y, double depth, double magnitude) {
    }

    /**
     * @param config what to make
     * @return traces, event-only traces and ground truth
     */
    public static SyntheticDataset generate(SynthConfig config) {
        Random rng = new Random(config.seed());
        double fs = config.sampleRate();
        int n = (int) Math.round(config.duration().toNanos() / 1e9 * fs);
        double seconds = n / fs;
        List<Quake> quakes = quakes(config, rng, seconds);
        List<Trace> traces = new ArrayList<>();
        List<Trace> signals = new ArrayList<>();
        List<TruthEntry> truth = new ArrayList<>();
        String[] comps = config.threeComponent() ? new String[] {"Z", "N", "E"} : new String[] {"Z"};
        for (int s = 0; s < config.stations(); s++) {
            String sta = String.format("SYN%02d", s + 1);
            Random srng = new Random(rng.nextLong());
            double sx = (srng.nextDouble() - 0.5) * 40;
            double sy = (srng.nextDouble() - 0.5) * 40;
            double level = config.minNoiseLevel() + srng.nextDouble() * (config.maxNoiseLevel() - config.minNoiseLevel());
            double[][] noise = new double[comps.length][];
            double[][] signal = new double[comps.length][n];
            for (int c = 0; c < comps.length; c++) {
                noise[c] = noise(n, fs, level, new Random(srng.nextLong()));
            }
            Random xrng = new Random(config.seed() * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L * (s + 1));
            if (config.noiseWanderDb() > 0) {
                wander(noise, fs, config.noiseWanderDb(), xrng);
            }
            List<double[]> arrivals = new ArrayList<>();
            for (Quake q : quakes) {
                arrivals.add(addQuake(q, sx, sy, signal, fs, new Random(srng.nextLong())));
            }
            // SNR of each P on the vertical, 1-20 Hz, against the noise
            SosFilter band = Butterworth.bandpass(4, 1, Math.min(20, 0.45 * fs), fs);
            double[] nz = band.filterZeroPhase(noise[0]);
            double noiseRms = Signals.rms(nz, 0, n);
            double[] sz = band.filterZeroPhase(signal[0]);
            if (config.transientsPerHour() > 0) {
                // into the noise, after its level is measured: they are not earthquakes, and the
                // events' SNR is against the noise alone
                int count = poisson(xrng, config.transientsPerHour() * seconds / 3600);
                for (int k = 0; k < count; k++) {
                    double[] span = addTransient(noise, fs, noiseRms, xrng);
                    truth.add(new TruthEntry(TruthEntry.Kind.TRANSIENT, sta, -1, at(config, span[0]),
                            at(config, span[1]), null, null, Double.NaN, Double.NaN, span[2], 0));
                }
            }
            double sens = config.countsPerMeterPerSecond();
            double[][] counts = new double[comps.length][n];
            for (int c = 0; c < comps.length; c++) {
                for (int i = 0; i < n; i++) {
                    counts[c][i] = Math.round((noise[c][i] + signal[c][i]) * sens);
                }
            }
            for (int k = 0; k < quakes.size(); k++) {
                Quake q = quakes.get(k);
                double[] a = arrivals.get(k);
                int ip = (int) Math.ceil(a[0] * fs);
                if (ip >= n) {
                    continue;
                }
                double snr = Signals.rms(sz, ip, Math.min(n, ip + (int) (2 * fs))) / noiseRms;
                truth.add(new TruthEntry(TruthEntry.Kind.EVENT, sta, q.id(), at(config, a[0]),
                        at(config, Math.min(a[2], seconds)), at(config, a[0]), at(config, a[1]),
                        q.magnitude(), a[3], snr, (int) a[4]));
            }
            double zStd = std(counts[0]);
            int spikes = poisson(srng, config.spikesPerHour() * seconds / 3600);
            for (int k = 0; k < spikes; k++) {
                int i = srng.nextInt(n);
                int c = srng.nextInt(comps.length);
                counts[c][i] += (srng.nextBoolean() ? 1 : -1) * Math.round(zStd * (50 + srng.nextDouble() * 450) + 1000);
                truth.add(new TruthEntry(TruthEntry.Kind.SPIKE, sta, -1, at(config, i / fs), at(config, i / fs),
                        null, null, Double.NaN, Double.NaN, Double.NaN, 0));
            }
            boolean[] missing = new boolean[n];
            int gaps = poisson(srng, config.gapsPerDay() * seconds / 86400);
            for (int k = 0; k < gaps; k++) {
                int len = (int) ((5 + srng.nextDouble() * 55) * fs);
                int from = (int) (srng.nextDouble() * Math.max(1, n - len - 2)) + 1;
                int to = Math.min(n - 2, from + len);
                Arrays.fill(missing, from, to + 1, true);
            }
            for (int i = 0; i < n; i++) {
                if (missing[i] && (i == 0 || !missing[i - 1])) {
                    int j = i;
                    while (j + 1 < n && missing[j + 1]) {
                        j++;
                    }
                    truth.add(new TruthEntry(TruthEntry.Kind.GAP, sta, -1, at(config, i / fs), at(config, j / fs),
                            null, null, Double.NaN, Double.NaN, Double.NaN, 0));
                }
            }
            for (int c = 0; c < comps.length; c++) {
                SourceId id = new SourceId(config.network(), sta, "00", bandCode(fs) + "H" + comps[c]);
                signals.add(Trace.of(id, config.start(), fs, signal[c], SampleType.DOUBLE));
                traces.addAll(split(id, config.start(), fs, counts[c], missing));
            }
        }
        truth.sort((a, b) -> a.start().compareTo(b.start()));
        return new SyntheticDataset(config, traces, signals, truth);
    }

    private static Instant at(SynthConfig c, double seconds) {
        return c.start().plusNanos(Math.round(seconds * 1e9));
    }

    private static List<Quake> quakes(SynthConfig c, Random rng, double seconds) {
        int count = poisson(rng, c.eventsPerHour() * seconds / 3600);
        List<Double> times = new ArrayList<>();
        for (Instant o : c.eventOrigins()) {
            times.add((o.toEpochMilli() - c.start().toEpochMilli()) / 1000.0);
        }
        int placed = times.size();
        int tries = 0;
        while (times.size() < placed + count && tries++ < 100 * (count + 1)) {
            double t = 10 + rng.nextDouble() * Math.max(1, seconds - 40);
            // Keep origins 40 s apart so that each event's truth is unambiguous.
            if (times.stream().allMatch(o -> Math.abs(o - t) > 40)) {
                times.add(t);
            }
        }
        times.sort(Double::compare);
        List<Quake> out = new ArrayList<>();
        double span = c.maxMagnitude() - c.minMagnitude();
        for (int k = 0; k < times.size(); k++) {
            double u = rng.nextDouble();
            double m = c.minMagnitude() - Math.log10(1 - u * (1 - Math.pow(10, -span)));
            double rr = c.maxEpicentralKm() * Math.sqrt(rng.nextDouble());
            double az = rng.nextDouble() * 2 * Math.PI;
            out.add(new Quake(k + 1, times.get(k), rr * Math.cos(az), rr * Math.sin(az), 3 + rng.nextDouble() * 12, m));
        }
        return out;
    }

    /** @return {P time, S time, end time, hypocentral distance, first-motion sign}, seconds from the start and km */
    private static double[] addQuake(Quake q, double sx, double sy, double[][] signal, double fs, Random rng) {
        double dx = q.x() - sx;
        double dy = q.y() - sy;
        double r = Math.sqrt(dx * dx + dy * dy + q.depth() * q.depth());
        double tp = q.originSeconds() + r / VP;
        double ts = q.originSeconds() + r / VS;
        double m = q.magnitude();
        double pgv = Math.pow(10, 0.9 * m - 1.5 * Math.log10(Math.max(r, 1)) - 5.3);
        double ampS = pgv;
        double ampP = pgv / (2 + 2 * rng.nextDouble());
        double m0 = Math.pow(10, 1.5 * m + 16.1); // dyne-cm
        double fc = Math.min(0.4 * fs, 4.9e6 * 3.5 * Math.cbrt(30 / m0));
        double coda = Math.max(3, Math.min(300, Math.pow(10, (m + 0.87) / 2)));
        double tStarP = (r / VP) / 400;
        double tStarS = (r / VS) / 300;
        double baz = Math.atan2(dy, dx);
        double pol = rng.nextBoolean() ? 1 : -1;
        double sAngle = rng.nextDouble() * 2 * Math.PI;
        int comps = signal.length;
        for (int c = 0; c < comps; c++) {
            // P: vertical strongest, radial projection on the horizontals; a compression moves the
            // ground up and away from the source, (cos baz, sin baz) points towards it
            double pFactor = c == 0 ? 1.0 : -0.3 * (c == 1 ? Math.cos(baz) : Math.sin(baz));
            double sFactor = c == 0 ? 0.25 : (c == 1 ? Math.cos(sAngle) : Math.sin(sAngle));
            addPhase(signal[c], fs, tp, ampP * pFactor, pol, fc, tStarP, coda / 3, (ts - tp) + coda / 2, rng);
            addPhase(signal[c], fs, ts, ampS * sFactor, pol, fc * 0.8, tStarS, coda / 3, coda, rng);
        }
        return new double[] {tp, ts, ts + coda, r, pol};
    }

    private static void addPhase(double[] out, double fs, double arrival, double amp, double pol, double fc,
                                 double tStar, double decay, double length, Random rng) {
        int n = (int) Math.ceil((length + 2) * fs);
        int size = Integer.highestOneBit(Math.max(2, n - 1)) << 1;
        double[] g = new double[size];
        for (int i = 0; i < size; i++) {
            g[i] = rng.nextGaussian();
        }
        double[] shaped = shape(g, fs, f -> {
            double x = f / fc;
            return x / (1 + x * x) * Math.exp(-Math.PI * f * tStar);
        });
        double norm = Signals.rms(shaped, 0, size);
        double rise = 0.3 / fc + tStar;
        double tPulse = 1 / (2 * Math.PI * fc) + tStar;
        // first sample at or after the arrival: the phase contributes nothing before it
        int first = (int) Math.ceil(arrival * fs - 1e-9);
        double[] w = new double[n];
        double peak = 0;
        for (int i = 0; i < n; i++) {
            double t = (first + i) / fs - arrival;
            double env = (1 - Math.exp(-t / rise)) * Math.exp(-t / decay);
            double pulse = (t / tPulse) * Math.exp(1 - t / tPulse);
            w[i] = pol * pulse + 0.7 * env * shaped[i] / norm;
            peak = Math.max(peak, Math.abs(w[i]));
        }
        for (int i = 0; i < n && first + i < out.length; i++) {
            if (first + i >= 0) {
                out[first + i] += amp * w[i] / peak;
            }
        }
    }

    /** Filters {@code x} (length a power of two) in the frequency domain by a real gain. */
    private static double[] shape(double[] x, double fs, java.util.function.DoubleUnaryOperator gain) {
        FastFourierTransformer fft = new FastFourierTransformer(DftNormalization.STANDARD);
        Complex[] spec = fft.transform(x, TransformType.FORWARD);
        int size = x.length;
        for (int k = 0; k < size; k++) {
            int kk = k <= size / 2 ? k : size - k;
            double f = kk * fs / size;
            double a = kk == 0 ? 0 : gain.applyAsDouble(f);
            spec[k] = spec[k].multiply(a);
        }
        Complex[] back = fft.transform(spec, TransformType.INVERSE);
        double[] y = new double[size];
        for (int i = 0; i < size; i++) {
            y[i] = back[i].getReal();
        }
        return y;
    }

    /**
     * Scales each component's noise below and above 1 Hz by {@code 10^(w(t)/20)}, one w for each
     * band, the same for every component: w is the sum of two Ornstein-Uhlenbeck processes
     * (correlation times 120 s and 1800 s, each of variance {@code sd^2 / 2}), stepped once a
     * second from its stationary distribution and interpolated linearly between steps.
     */
    private static void wander(double[][] noise, double fs, double sd, Random rng) {
        int n = noise[0].length;
        int steps = (int) Math.ceil(n / fs) + 2;
        double[] low = levelWalk(steps, sd, rng);
        double[] high = levelWalk(steps, sd, rng);
        SosFilter lowpass = Butterworth.lowpass(4, 1, fs);
        for (double[] x : noise) {
            double[] lo = lowpass.filterZeroPhase(x);
            for (int i = 0; i < n; i++) {
                double t = i / fs;
                int k = (int) t;
                double f = t - k;
                double gl = Math.pow(10, ((1 - f) * low[k] + f * low[k + 1]) / 20);
                double gh = Math.pow(10, ((1 - f) * high[k] + f * high[k + 1]) / 20);
                x[i] = lo[i] * gl + (x[i] - lo[i]) * gh;
            }
        }
    }

    /** One w per second, dB: see {@link #wander}. */
    private static double[] levelWalk(int steps, double sd, Random rng) {
        double[] w = new double[steps];
        double part = sd / Math.sqrt(2);
        for (double tau : new double[] {120, 1800}) {
            double a = Math.exp(-1 / tau);
            double b = Math.sqrt(1 - a * a);
            double v = part * rng.nextGaussian();
            for (int k = 0; k < steps; k++) {
                w[k] += v;
                v = a * v + b * part * rng.nextGaussian();
            }
        }
        return w;
    }

    /**
     * Adds one non-earthquake transient to every component of {@code out} (m/s): three times in
     * five a burst of noise band-passed around 2-25 Hz under a sine-squared envelope of 2-30 s,
     * otherwise a hum of 2-15 Hz with its second and third harmonics (amplitudes 1, 1/2, 1/4, a
     * slow wobble of 1 % in frequency; a harmonic that would reach the Nyquist frequency left out)
     * for 20-600 s with 1-5 s cosine tapers. Its peak RMS is 0.5 to 20 times (log-uniform)
     * {@code noiseRms}, scaled on each component by 0.3-1.
     *
     * @return {first sample's time, last sample's time (s from the start), peak RMS over noiseRms}
     */
    private static double[] addTransient(double[][] out, double fs, double noiseRms, Random rng) {
        int n = out[0].length;
        double ratio = 0.5 * Math.pow(40, rng.nextDouble());
        boolean burst = rng.nextDouble() < 0.6;
        double duration = burst ? 2 * Math.pow(15, rng.nextDouble()) : 20 * Math.pow(30, rng.nextDouble());
        int len = Math.max(2, (int) Math.round(duration * fs));
        int first = rng.nextInt(Math.max(1, n - 1));
        int last = Math.min(n - 1, first + len - 1);
        double taper = 1 + 4 * rng.nextDouble();
        double f0 = burst ? 2 * Math.pow(12.5, rng.nextDouble()) : 2 * Math.pow(7.5, rng.nextDouble());
        f0 = Math.min(f0, 0.3 * fs);
        double wobblePhase = rng.nextDouble() * 2 * Math.PI;
        for (double[] x : out) {
            double gain = 0.3 + 0.7 * rng.nextDouble();
            double[] w = new double[len];
            if (burst) {
                double[] g = new double[len];
                for (int i = 0; i < len; i++) {
                    g[i] = rng.nextGaussian();
                }
                double hi = Math.min(f0 * 1.5, 0.45 * fs);
                double[] b = Butterworth.bandpass(4, f0 / 1.5, hi, fs).filter(g);
                double rms = Signals.rms(b, 0, len);
                for (int i = 0; i < len; i++) {
                    double e = Math.sin(Math.PI * (i + 0.5) / len);
                    w[i] = b[i] / rms * e * e;
                }
            } else {
                double phase = rng.nextDouble() * 2 * Math.PI;
                // harmonics at or above the Nyquist frequency (at low rates) are left out, not aliased
                boolean h2 = 2 * 1.01 * f0 < fs / 2;
                boolean h3 = 3 * 1.01 * f0 < fs / 2;
                double theta = 0;
                for (int i = 0; i < len; i++) {
                    double t = i / fs;
                    theta += 2 * Math.PI * f0 * (1 + 0.01 * Math.sin(2 * Math.PI * t / 30 + wobblePhase)) / fs;
                    double v = Math.sin(theta + phase) + (h2 ? 0.5 * Math.sin(2 * theta + 2 * phase) : 0)
                            + (h3 ? 0.25 * Math.sin(3 * theta + 3 * phase) : 0);
                    double edge = Math.min(1, Math.min(t, (len - 1 - i) / fs) / taper);
                    double e = Math.sin(0.5 * Math.PI * Math.max(0, edge));
                    w[i] = v * e * e / Math.sqrt((1 + (h2 ? 0.25 : 0) + (h3 ? 0.0625 : 0)) / 2);
                }
            }
            for (int i = 0; first + i <= last; i++) {
                x[first + i] += ratio * noiseRms * gain * w[i];
            }
        }
        return new double[] {first / fs, last / fs, ratio};
    }

    /** Ground velocity noise (m/s) with the PSD of noise level {@code level}. */
    static double[] noise(int n, double fs, double level, Random rng) {
        int block = Math.min(BLOCK, Integer.highestOneBit(Math.max(2, 2 * n - 1)) << 1);
        int hop = block / 2;
        double[] out = new double[n];
        double[] window = new double[block];
        for (int i = 0; i < block; i++) {
            window[i] = Math.sin(Math.PI * (i + 0.5) / block);
        }
        for (int startAt = -hop; startAt < n; startAt += hop) {
            double[] g = new double[block];
            for (int i = 0; i < block; i++) {
                g[i] = rng.nextGaussian();
            }
            double[] y = shape(g, fs, f -> {
                double psdAcc = Math.pow(10, NoiseModels.between(1 / f, level) / 10);
                double psdVel = psdAcc / Math.pow(2 * Math.PI * f, 2);
                return Math.sqrt(psdVel * fs / 2);
            });
            for (int i = 0; i < block; i++) {
                int j = startAt + i;
                if (j >= 0 && j < n) {
                    out[j] += y[i] * window[i];
                }
            }
        }
        return out;
    }

    private static List<Trace> split(SourceId id, Instant start, double fs, double[] x, boolean[] missing) {
        List<Trace> out = new ArrayList<>();
        int i = 0;
        while (i < x.length) {
            while (i < x.length && missing[i]) {
                i++;
            }
            int j = i;
            while (j < x.length && !missing[j]) {
                j++;
            }
            if (j > i) {
                out.add(Trace.of(id, start.plusNanos(Math.round(i / fs * 1e9)), fs,
                        Arrays.copyOfRange(x, i, j), SampleType.INTEGER));
            }
            i = j;
        }
        return out;
    }

    private static int poisson(Random rng, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * rng.nextGaussian()));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= rng.nextDouble();
        } while (p > l);
        return k - 1;
    }


    private static double std(double[] x) {
        double m = 0;
        for (double v : x) {
            m += v;
        }
        m /= x.length;
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / x.length);
    }

    /**
     * @param rate samples per second
     * @return the SEED band code of a broadband channel at that rate (H from 80 Hz, B from 10 Hz, C
     *     from 250 Hz, F from 1000 Hz, M below 10 Hz): a 40 Hz station's channels are BHZ, not HHZ
     */
    static char bandCode(double rate) {
        if (rate >= 1000) {
            return 'F';
        }
        if (rate >= 250) {
            return 'C';
        }
        if (rate >= 80) {
            return 'H';
        }
        return rate >= 10 ? 'B' : 'M';
    }
}
