package io.github.seisclr.pick;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Alignment;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticDataset;
import io.github.seisclr.synth.SyntheticGenerator;
import io.github.seisclr.synth.TruthEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The picker's uncertainties mean what they say, on synthetic events (realistic noise, Brune
 * sources, both first-motion signs). The picker is run as the detector runs it, from a detection
 * onset that is off the true P by up to half a second either way, on events the detector finds
 * (SNR of P at least 3).
 *
 * <ul>
 *   <li>P and S: about 68 % of true arrivals lie within one reported standard deviation (the
 *   scales were set on seeds 101 and 202; pinned here on seeds 7 and 8).</li>
 *   <li>Decided first-motion polarities agree with the source's.</li>
 * </ul>
 * {@code -Dcalseed=N} runs it on that seed instead, to check another.
 */
class PickCalibrationTest {
    private static final Picker PICKER = new Picker(1, 20, 2.5, 1, 30);
    private static final List<double[]> P = new ArrayList<>(); // residual, sigma on its side, polarity right (1/0/-1)
    private static final List<double[]> S = new ArrayList<>();
    private static int events;
    private static int withS;
    private static final long[] SEEDS = Long.getLong("calseed") != null ? new long[] {Long.getLong("calseed")} : new long[] {7, 8};

    @BeforeAll
    static void pickSyntheticEvents() {
        for (long seed : SEEDS) {
            SyntheticDataset data = SyntheticGenerator.generate(SynthConfig.builder().seed(seed)
                    .duration(Duration.ofHours(2)).stations(3).eventsPerHour(20).magnitudes(1.0, 3.5)
                    .spikesPerHour(0).gapsPerDay(0).build());
            Random jitter = new Random(seed);
            for (StationStream st : StationStream.of(data.traces())) {
                List<AlignedSegment> segs = Alignment.align(st, 100, 60);
                SourceId[] channels = {st.vertical().orElseThrow().get(0).id(), st.horizontals().get(0).get(0).id(),
                    st.horizontals().get(1).get(0).id()};
                List<TruthEntry> here = data.events().stream()
                        .filter(e -> e.station().equals(st.station()) && e.snr() >= 3).toList();
                for (TruthEntry e : here) {
                    // another event's arrivals within the search: not a clean test of this one
                    boolean crowded = data.events().stream().anyMatch(o -> o != e && o.station().equals(e.station())
                            && Math.abs(Duration.between(e.pTime(), o.pTime()).toSeconds()) < 40);
                    if (crowded) {
                        continue;
                    }
                    for (AlignedSegment seg : segs) {
                        long ip = seg.indexOf(e.pTime());
                        if (ip < 30 * 100 || ip + 40 * 100 > seg.length()) {
                            continue;
                        }
                        events++;
                        AlignedSegment win = slice(seg, ip - 25 * 100, ip + 40 * 100);
                        Picker.Filtered f = PICKER.prepare(win);
                        Instant onset = e.pTime().plusMillis(Math.round((jitter.nextDouble() - 0.5) * 1000));
                        Pick p = PICKER.pickP(f, channels, onset, 10, "T-1").orElseThrow();
                        double r = seconds(e.pTime(), p.time());
                        int pol = p.polarity() == Polarity.UNDECIDABLE ? 0
                                : (p.polarity() == Polarity.POSITIVE) == (e.firstMotion() > 0) ? 1 : -1;
                        P.add(new double[] {r, r > 0 ? p.lowerUncertaintySeconds() : p.upperUncertaintySeconds(), pol});
                        withS++;
                        Optional<Pick> s = PICKER.pickS(f, channels, p.time(),
                                PICKER.sSearchEnd(p.time(), p.time().plusSeconds(5)), 10, "T-1");
                        s.ifPresent(x -> {
                            double rs = seconds(e.sTime(), x.time());
                            S.add(new double[] {rs, rs > 0 ? x.lowerUncertaintySeconds() : x.upperUncertaintySeconds()});
                        });
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "synthetic events %d: P %s; S found %d, %s; polarity decided %d, right %d%n",
                events, summary(P), S.size(), summary(S), P.stream().filter(x -> x[2] != 0).count(),
                P.stream().filter(x -> x[2] > 0).count());
    }

    private static AlignedSegment slice(AlignedSegment seg, long from, long to) {
        double[][] d = new double[3][];
        for (int c = 0; c < 3; c++) {
            d[c] = java.util.Arrays.copyOfRange(seg.data()[c], (int) from, (int) to);
        }
        return new AlignedSegment(seg.station(), seg.timeOf(from), seg.sampleRate(), d, seg.present());
    }

    private static double seconds(Instant truth, Instant pick) {
        return Duration.between(truth, pick).toNanos() / 1e9;
    }

    private static double within(List<double[]> r, double sigmas) {
        return (double) r.stream().filter(x -> Math.abs(x[0]) <= sigmas * x[1] + 1e-9).count() / r.size();
    }

    private static String summary(List<double[]> r) {
        double mae = r.stream().mapToDouble(x -> Math.abs(x[0])).average().orElse(Double.NaN);
        double[] sig = r.stream().mapToDouble(x -> x[1]).sorted().toArray();
        double mean = r.stream().mapToDouble(x -> x[0]).average().orElse(Double.NaN);
        return String.format(Locale.ROOT, "mean %+.3f s, MAE %.3f s, median sigma %.3f s, within 1 sigma %.2f, within 2 sigma %.2f",
                mean, mae, sig.length == 0 ? Double.NaN : sig[sig.length / 2], within(r, 1), within(r, 2));
    }

    @Test
    void enoughEventsToJudge() {
        assertTrue(P.size() >= 80, "P picks: " + P.size());
        assertTrue(S.size() >= 0.8 * withS, "S found for " + S.size() + " of " + withS);
    }

    @Test
    void pUncertaintyHoldsAboutTwoThirdsOfTrueArrivals() {
        double share = within(P, 1);
        assertTrue(share >= 0.60 && share <= 0.76, "P within 1 sigma: " + share + " (" + summary(P) + ")");
        assertTrue(within(P, 2) >= 0.85, "P within 2 sigma: " + within(P, 2));
    }

    @Test
    void sUncertaintyHoldsAboutTwoThirdsOfTrueArrivals() {
        double share = within(S, 1);
        assertTrue(share >= 0.60 && share <= 0.76, "S within 1 sigma: " + share + " (" + summary(S) + ")");
    }

    @Test
    void decidedPolaritiesAreRight() {
        long decided = P.stream().filter(x -> x[2] != 0).count();
        long right = P.stream().filter(x -> x[2] > 0).count();
        assertTrue(decided >= 0.3 * P.size(), "decided " + decided + " of " + P.size());
        assertTrue(right >= 0.95 * decided, "right " + right + " of " + decided);
    }
}
