package io.github.seisclr.eval;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.Picker;
import io.github.seisclr.pick.Polarity;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Alignment;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticDataset;
import io.github.seisclr.synth.SyntheticGenerator;
import io.github.seisclr.synth.TruthEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The picker on synthetic events whose true arrivals and first motions are known: how close its
 * picks are and how well its uncertainties cover the errors. Each seed makes 2 hours of 3
 * three-component stations (20 events an hour, magnitudes 1-3.5, no spikes or gaps); every event
 * with a P SNR of at least 3 and no other event within 40 s is picked as the detector picks it,
 * from an onset up to half a second off the true P either way, with its S searched to at least 15 s
 * after P.
 */
public final class SyntheticPicks {
    private SyntheticPicks() {
    }

    /**
     * @param events events picked
     * @param p P residuals (pick - truth, s)
     * @param s S residuals
     * @param pCoverage P uncertainties against them
     * @param sCoverage S uncertainties against them
     * @param polarityDecided P picks with a polarity
     * @param polarityRight of those, picks whose polarity is the source's
     */
    public record Result(int events, Residuals p, Residuals s, PickScores.Coverage pCoverage,
                         PickScores.Coverage sCoverage, int polarityDecided, int polarityRight) {
    }

    /**
     * @param picker the picker (as the detector builds it)
     * @param seeds generator seeds
     * @return the picks' scores
     */
    public static Result run(Picker picker, long... seeds) {
        return run(picker, -1, seeds);
    }

    /**
     * As {@link #run(Picker, long...)}, with one component left out of every station, as a station
     * whose sensor recorded two components only.
     *
     * @param picker the picker (as the detector builds it)
     * @param without the component left out: 0 (Z), 1 (N) or 2 (E); -1 for none
     * @param seeds generator seeds
     * @return the picks' scores
     */
    public static Result run(Picker picker, int without, long... seeds) {
        List<double[]> pRes = new ArrayList<>();
        List<double[]> sRes = new ArrayList<>();
        int decided = 0;
        int right = 0;
        int events = 0;
        for (long seed : seeds) {
            SyntheticDataset data = SyntheticGenerator.generate(SynthConfig.builder().seed(seed)
                    .duration(Duration.ofHours(2)).stations(3).eventsPerHour(20).magnitudes(1.0, 3.5)
                    .spikesPerHour(0).gapsPerDay(0).build());
            Random jitter = new Random(seed);
            for (StationStream st : StationStream.of(data.traces())) {
                double rate = st.vertical().orElseThrow().get(0).sampleRate();
                List<AlignedSegment> segs = Alignment.align(st, rate, 60);
                SourceId[] channels = {st.vertical().orElseThrow().get(0).id(), st.horizontals().get(0).get(0).id(),
                    st.horizontals().get(1).get(0).id()};
                if (without >= 0) {
                    channels[without] = null;
                }
                for (TruthEntry e : data.events()) {
                    if (!e.station().equals(st.station()) || !(e.snr() >= 3) || crowded(data.events(), e)) {
                        continue;
                    }
                    for (AlignedSegment seg : segs) {
                        long ip = seg.indexOf(e.pTime());
                        if (ip < 30 * rate || ip + 40 * rate > seg.length()) {
                            continue;
                        }
                        events++;
                        AlignedSegment win = seg.slice(ip - Math.round(25 * rate), ip + Math.round(40 * rate));
                        if (without >= 0) {
                            double[][] x = win.data().clone();
                            boolean[] present = win.present().clone();
                            x[without] = new double[x[without].length]; // a missing component: zeros, flagged
                            present[without] = false;
                            win = new AlignedSegment(win.station(), win.start(), rate, x, present);
                        }
                        Picker.Filtered f = picker.prepare(win);
                        Instant onset = e.pTime().plusMillis(Math.round((jitter.nextDouble() - 0.5) * 1000));
                        Optional<Pick> p = picker.pickP(f, channels, onset, 10, "SYN-" + e.eventId());
                        if (p.isEmpty()) {
                            continue;
                        }
                        pRes.add(PickScores.residual(e.pTime(), p.get()));
                        if (p.get().polarity().decided()) {
                            decided++;
                            right += (p.get().polarity() == Polarity.POSITIVE) == (e.firstMotion() > 0) ? 1 : 0;
                        }
                        picker.pickS(f, channels, p.get(), picker.sSearchEnd(p.get().time(),
                                p.get().time().plusSeconds(5)), 10, "SYN-" + e.eventId())
                                .ifPresent(s -> sRes.add(PickScores.residual(e.sTime(), s)));
                    }
                }
            }
        }
        return new Result(events, Residuals.of(pRes.stream().mapToDouble(x -> x[0]).toArray(), events - pRes.size()),
                Residuals.of(sRes.stream().mapToDouble(x -> x[0]).toArray(), events - sRes.size()),
                PickScores.Coverage.of(pRes), PickScores.Coverage.of(sRes), decided, right);
    }

    /**
     * Another event's arrivals within 40 s, before or after: not a clean test of this one (the
     * window is the same on both sides; whole seconds rounded a neighbour 39.5 s before down to 40).
     */
    static boolean crowded(List<TruthEntry> events, TruthEntry e) {
        return events.stream().anyMatch(o -> o != e && o.station().equals(e.station())
                && Math.abs(Duration.between(e.pTime(), o.pTime()).toMillis()) < 40_000);
    }
}
