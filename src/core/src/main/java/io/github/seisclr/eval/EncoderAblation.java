package io.github.seisclr.eval;

import io.github.seisclr.baseline.StaLtaDetector;
import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.score.ScoreTrace;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The measures of the encoder ablation (docs/training.md): what training adds, judged on labelled
 * windows (F1, false detections per hour of pre-event noise, P error) and on unlabelled continuous
 * data of two or more stations (how many of a station's detections another station confirms, less
 * what chance alone confirms). Each measure takes the detector's results at a list of thresholds
 * ({@link io.github.seisclr.detect.Detector#sweep}), so that encoders are compared both at the
 * default threshold and at matched operating points.
 */
public final class EncoderAblation {
    private EncoderAblation() {
    }

    /**
     * One encoder on labelled windows at one threshold.
     *
     * @param threshold trigger-on level
     * @param match the matching against the reference P picks
     * @param falsePerNoiseHour unmatched detections with their onset in a window's pre-event noise
     *     (from the window's start to {@code tolerance} before its reference P), per hour of such noise
     * @param pMae mean absolute P error of the matched detections (s), NaN without any
     * @param pWithin01 share of matched P picks within 0.1 s of the reference
     */
    public record WindowPoint(double threshold, DetectionMatch.Result match, double falsePerNoiseHour, double pMae,
                              double pWithin01) {
    }

    /**
     * @param r the detector's result at one threshold
     * @param rows the reference picks, with each window's start
     * @param tolerance onset tolerance around the reference P
     * @return the scores at that threshold
     */
    public static WindowPoint onWindows(DetectionResult r, List<ReferencePicks.Row> rows, Duration tolerance) {
        return onWindows(r, rows, tolerance, MethodScores.noiseHours(rows));
    }

    /**
     * @param r the detector's result at one threshold
     * @param rows the reference picks, with each window's start
     * @param tolerance onset tolerance around the reference P
     * @param noiseHours hours of pre-event noise the data hold ({@link MethodScores#noiseHours(List,
     *     java.nio.file.Path, java.util.Collection)})
     * @return the scores at that threshold
     */
    public static WindowPoint onWindows(DetectionResult r, List<ReferencePicks.Row> rows, Duration tolerance,
                                        double noiseHours) {
        List<MethodScores.Candidate> cands = MethodScores.candidates(r);
        List<ReferenceEvent> refs = rows.stream().map(ReferencePicks.Row::event).toList();
        DetectionMatch.Result m = DetectionMatch.match(forMatching(cands), refs, tolerance);
        long preEvent = MethodScores.preEventFalse(cands, m, Double.NEGATIVE_INFINITY, rows, tolerance);
        double sum = 0;
        int within = 0;
        for (DetectionMatch.Candidate[] x : m.matched()) {
            double e = Math.abs(Duration.between(x[0].onset(), x[1].onset()).toNanos() / 1e9);
            sum += e;
            within += e <= 0.1 ? 1 : 0;
        }
        int n = m.matched().size();
        return new WindowPoint(r.settings().thresholdOn(), m, noiseHours > 0 ? preEvent / noiseHours : Double.NaN,
                n == 0 ? Double.NaN : sum / n, n == 0 ? Double.NaN : (double) within / n);
    }

    /** @return a detector's candidates as the matching against reference P takes them (onset and peak) */
    private static List<DetectionMatch.Candidate> forMatching(List<MethodScores.Candidate> cands) {
        return cands.stream().map(c -> new DetectionMatch.Candidate(c.station(), c.onset(), c.peak())).toList();
    }

    /**
     * The errors that every one of several encoders makes on labelled windows: an encoder's false
     * detections for which every other encoder has a false detection at the same station within the
     * onset tolerance (not matched one to one: one detection can stand for two close ones of
     * another), and reference events that none detects. An encoder that made only these errors would
     * reach {@link #ceilingF1()}; the others are some encoders' and not others'.
     */
    public static final class SharedErrors {
        private final List<ReferenceEvent> refs;
        private final Duration tolerance;
        private final List<List<DetectionMatch.Candidate>> falseByArm = new ArrayList<>();
        private boolean[] missedByAll;

        /**
         * @param rows the reference picks
         * @param tolerance onset tolerance around the reference P (the same as the matching's)
         */
        public SharedErrors(List<ReferencePicks.Row> rows, Duration tolerance) {
            this.refs = rows.stream().map(ReferencePicks.Row::event)
                    .sorted(java.util.Comparator.comparing(ReferenceEvent::pTime)).toList();
            this.tolerance = tolerance;
        }

        /** Adds one encoder's result (at whichever threshold is compared). */
        public void add(DetectionResult r) {
            List<DetectionMatch.Candidate> cands = forMatching(MethodScores.candidates(r));
            DetectionMatch.Result m = DetectionMatch.match(cands, refs, tolerance);
            java.util.Set<DetectionMatch.Candidate> hit = java.util.Collections.newSetFromMap(
                    new java.util.IdentityHashMap<>());
            boolean[] found = new boolean[refs.size()];
            for (DetectionMatch.Candidate[] x : m.matched()) {
                hit.add(x[1]);
                for (int i = 0; i < refs.size(); i++) {
                    // the matched list holds each reference as a candidate at its P, in the sorted order
                    if (!found[i] && refs.get(i).station().equals(x[0].station()) && refs.get(i).pTime().equals(x[0].onset())) {
                        found[i] = true;
                        break;
                    }
                }
            }
            falseByArm.add(cands.stream().filter(c -> !hit.contains(c)).toList());
            if (missedByAll == null) {
                missedByAll = new boolean[refs.size()];
                java.util.Arrays.fill(missedByAll, true);
            }
            for (int i = 0; i < found.length; i++) {
                missedByAll[i] &= !found[i];
            }
        }

        /** @return reference events that no encoder added detects */
        public int missedByAll() {
            int n = 0;
            for (boolean b : missedByAll == null ? new boolean[0] : missedByAll) {
                n += b ? 1 : 0;
            }
            return n;
        }

        /**
         * @return false detections that every encoder makes: the least, over the encoders, of how many of
         *     its false detections each other encoder has one of within the tolerance at the same station
         */
        public int falseByAll() {
            int least = Integer.MAX_VALUE;
            long tol = tolerance.toNanos();
            for (int a = 0; a < falseByArm.size(); a++) {
                int shared = 0;
                for (DetectionMatch.Candidate c : falseByArm.get(a)) {
                    boolean everywhere = true;
                    for (int b = 0; b < falseByArm.size() && everywhere; b++) {
                        everywhere = b == a || falseByArm.get(b).stream().anyMatch(o -> o.station().equals(c.station())
                                && Math.abs(Duration.between(o.onset(), c.onset()).toNanos()) <= tol);
                    }
                    shared += everywhere ? 1 : 0;
                }
                least = Math.min(least, shared);
            }
            return falseByArm.isEmpty() ? 0 : least;
        }

        /** @return the F1 of an encoder whose only errors were those every encoder makes */
        public double ceilingF1() {
            int missed = missedByAll();
            int tp = refs.size() - missed;
            int denominator = 2 * tp + falseByAll() + missed;
            return denominator == 0 ? Double.NaN : 2.0 * tp / denominator;
        }
    }

    /**
     * One encoder on continuous data of several stations at one threshold, per station and summed.
     *
     * @param threshold trigger-on level
     * @param detections detections of all stations
     * @param confirmed detections for which another station has one within the confirmation window
     * @param chance confirmations that chance alone gives: for each station, its detections times
     *     the share of the span the other stations' confirmation windows cover, summed over the
     *     stations ({@code n_A n_B 2w / span} for each of two stations, {@code 2 n_A n_B 2w / span} in all)
     * @param stationHours hours of data over all stations
     */
    public record ConfirmationPoint(double threshold, int detections, int confirmed, double chance,
                                    double stationHours) {
        /** @return unconfirmed detections per station-hour */
        public double unconfirmedPerStationHour() {
            return (detections - confirmed) / stationHours;
        }

        /** @return detections per station-hour */
        public double detectionsPerStationHour() {
            return detections / stationHours;
        }

        /** @return confirmations beyond chance, per station */
        public double confirmedAboveChancePerStation(int stations) {
            return (confirmed - chance) / stations;
        }
    }

    /**
     * Streams of one station (other band or location codes) count as that station: they never
     * confirm each other.
     *
     * @param r the detector's result at one threshold, over two or more stations recorded at the same time
     * @param windowSeconds a detection is confirmed when another station has one whose P pick (else
     *     start) lies within this many seconds of its own; above 0
     * @return the confirmation counts
     * @throws IllegalArgumentException with fewer than two stations in the result, or a window not above 0
     */
    public static ConfirmationPoint confirmations(DetectionResult r, double windowSeconds) {
        return confirmations(r, windowSeconds, false);
    }

    /**
     * As {@link #confirmations(DetectionResult, double)}, counting a confirmation once per pair when
     * asked.
     *
     * @param pairs whether each station's detections are matched one to one with the other
     *     stations' within the window (the largest such matching), so that an event detected twice
     *     at both stations (its P and a coda re-trigger) confirms once, not twice; otherwise every
     *     detection with any other station's within the window counts (the protocol's measure)
     */
    public static ConfirmationPoint confirmations(DetectionResult r, double windowSeconds, boolean pairs) {
        Map<String, List<Instant>> byStation = new TreeMap<>();
        Map<String, Instant> p = new HashMap<>();
        for (Pick x : r.picks().picks()) {
            if (x.phase() == Phase.P) {
                p.putIfAbsent(x.detectionId(), x.time());
            }
        }
        Map<String, Double> seconds = new TreeMap<>();
        for (ScoreTrace s : r.scores()) {
            seconds.merge(StationStream.networkStation(s.station()), s.length() / s.rate(), Double::sum);
            byStation.computeIfAbsent(StationStream.networkStation(s.station()), k -> new ArrayList<>());
        }
        for (Detection d : r.detections()) {
            byStation.computeIfAbsent(StationStream.networkStation(d.station()), k -> new ArrayList<>())
                    .add(p.getOrDefault(d.id(), d.start()));
        }
        return confirmations(byStation, seconds, r.settings().thresholdOn(), windowSeconds, pairs);
    }

    /**
     * The same measure for any detector, STA/LTA for one ({@link #staLtaSweep}).
     *
     * @param onsets each station's ({@code NET.STA}) detection onsets; a station without any is listed
     *     with an empty list
     * @param seconds each station's seconds of data scored
     * @param threshold the detector's trigger-on level, to label the point
     * @param windowSeconds as in {@link #confirmations(DetectionResult, double)}
     * @return the confirmation counts
     * @throws IllegalArgumentException with fewer than two stations, or a window not above 0
     */
    public static ConfirmationPoint confirmations(Map<String, List<Instant>> onsets, Map<String, Double> seconds,
                                                  double threshold, double windowSeconds) {
        return confirmations(onsets, seconds, threshold, windowSeconds, false);
    }

    /**
     * As {@link #confirmations(Map, Map, double, double)}; with {@code pairs}, as
     * {@link #confirmations(DetectionResult, double, boolean)} says.
     */
    public static ConfirmationPoint confirmations(Map<String, List<Instant>> onsets, Map<String, Double> seconds,
                                                  double threshold, double windowSeconds, boolean pairs) {
        if (!(windowSeconds > 0)) {
            throw new IllegalArgumentException("confirmation window must be above 0 s, got " + windowSeconds);
        }
        Map<String, List<Instant>> byStation = new TreeMap<>(onsets);
        seconds.keySet().forEach(k -> byStation.putIfAbsent(k, List.of()));
        if (byStation.size() < 2) {
            throw new IllegalArgumentException("confirmations need two or more stations recorded at the same time, got "
                    + byStation.keySet());
        }
        long w = Math.round(windowSeconds * 1e9);
        int n = 0;
        int confirmed = 0;
        double chance = 0;
        double span = seconds.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        for (Map.Entry<String, List<Instant>> a : byStation.entrySet()) {
            // the other stations' onsets, which confirm a's
            List<Instant> other = new ArrayList<>();
            byStation.forEach((k, v) -> {
                if (!k.equals(a.getKey())) {
                    other.addAll(v);
                }
            });
            n += a.getValue().size();
            if (pairs) {
                confirmed += matched(a.getValue(), other, w);
            } else {
                for (Instant t : a.getValue()) {
                    confirmed += other.stream().anyMatch(u -> Math.abs(Duration.between(t, u).toNanos()) <= w) ? 1 : 0;
                }
            }
            // each other detection covers 2w of the common span: the chance that one of a's falls in one
            chance += span > 0 ? a.getValue().size() * Math.min(1, other.size() * 2 * windowSeconds / span) : 0;
        }
        double hours = seconds.values().stream().mapToDouble(Double::doubleValue).sum() / 3600;
        return new ConfirmationPoint(threshold, n, confirmed, chance, hours);
    }

    /**
     * @return the size of the largest one-to-one matching of {@code a} with {@code b} within
     *     {@code w} ns: along the time line, each of {@code a} in order takes the earliest of
     *     {@code b} still free within its window, which is optimal for intervals of one width
     */
    static int matched(List<Instant> a, List<Instant> b, long w) {
        List<Instant> x = a.stream().sorted().toList();
        List<Instant> y = b.stream().sorted().toList();
        int j = 0;
        int m = 0;
        for (Instant t : x) {
            while (j < y.size() && Duration.between(y.get(j), t).toNanos() > w) {
                j++; // too early for this one and every later one
            }
            if (j < y.size() && Math.abs(Duration.between(t, y.get(j)).toNanos()) <= w) {
                m++;
                j++;
            }
        }
        return m;
    }

    /**
     * Recursive STA/LTA's onsets over stations, at each of several trigger-on levels.
     *
     * @param onsets for each level, each station stream's ({@link StationStream#code()}) onsets
     *     (each trigger's AIC pick)
     * @param seconds each station stream's seconds of data
     * @param triggers for each level, each station stream's trigger-on times, in the order of
     *     {@code onsets}
     */
    public record StaLtaOnsets(List<Map<String, List<Instant>>> onsets, Map<String, Double> seconds,
                               List<Map<String, List<Instant>>> triggers) {
    }

    /**
     * Recursive STA/LTA, the classic yardstick: for each trigger-on level, ObsPy's
     * {@code trigger_onset} with the detector's off level (at most the on level), each trigger's
     * onset refined by AIC (as {@link StaLtaDetector#triggers} gives it). The characteristic
     * function is computed once per stream for all levels.
     *
     * @param detector the STA/LTA settings (band, windows, shortest trigger)
     * @param stations the data
     * @param thresholds trigger-on levels
     * @param thresholdOff trigger-off level
     * @return the onsets (AIC picks) at each level, in the order given, each stream's seconds, and the
     *     triggers' on times at each level
     */
    public static StaLtaOnsets staLtaOnsets(StaLtaDetector detector, List<StationStream> stations,
                                            double[] thresholds, double thresholdOff) {
        Map<String, List<StaLtaDetector.Cft>> cfts = new TreeMap<>();
        Map<String, Double> seconds = new TreeMap<>();
        for (StationStream s : stations) {
            for (StaLtaDetector.Cft c : detector.characteristic(s)) {
                cfts.computeIfAbsent(s.code(), k -> new ArrayList<>()).add(c);
                seconds.merge(s.code(), c.segment().length() / c.segment().sampleRate(), Double::sum);
            }
        }
        List<Map<String, List<Instant>>> out = new ArrayList<>();
        List<Map<String, List<Instant>>> on = new ArrayList<>();
        for (double level : thresholds) {
            Map<String, List<Instant>> onsets = new TreeMap<>();
            Map<String, List<Instant>> starts = new TreeMap<>();
            cfts.forEach((code, c) -> {
                List<StaLtaDetector.Onset> t = detector.triggers(c, level, thresholdOff);
                onsets.put(code, t.stream().map(StaLtaDetector.Onset::aicPick).toList());
                starts.put(code, t.stream().map(StaLtaDetector.Onset::on).toList());
            });
            out.add(onsets);
            on.add(starts);
        }
        return new StaLtaOnsets(out, seconds, on);
    }

    /**
     * Recursive STA/LTA on the same continuous data and measure as the encoders
     * ({@link #staLtaOnsets}; streams of one station count as that station, {@code NET.STA}).
     *
     * @param detector the STA/LTA settings (band, windows, shortest trigger)
     * @param stations continuous data of two or more stations recorded at the same time
     * @param thresholds trigger-on levels
     * @param thresholdOff trigger-off level
     * @param windowSeconds as in {@link #confirmations(DetectionResult, double)}
     * @return one point per trigger-on level, in the order given
     */
    public static List<ConfirmationPoint> staLtaSweep(StaLtaDetector detector, List<StationStream> stations,
                                                      double[] thresholds, double thresholdOff, double windowSeconds) {
        return staLtaSweep(detector, stations, thresholds, thresholdOff, windowSeconds, false);
    }

    /** As {@link #staLtaSweep(StaLtaDetector, List, double[], double, double)}, once per pair when asked. */
    public static List<ConfirmationPoint> staLtaSweep(StaLtaDetector detector, List<StationStream> stations,
                                                      double[] thresholds, double thresholdOff, double windowSeconds,
                                                      boolean pairs) {
        StaLtaOnsets run = staLtaOnsets(detector, stations, thresholds, thresholdOff);
        Map<String, Double> seconds = new TreeMap<>();
        run.seconds().forEach((code, x) -> seconds.merge(StationStream.networkStation(code), x, Double::sum));
        List<ConfirmationPoint> out = new ArrayList<>();
        for (int i = 0; i < thresholds.length; i++) {
            Map<String, List<Instant>> onsets = new TreeMap<>();
            run.onsets().get(i).forEach((code, t) -> onsets.computeIfAbsent(StationStream.networkStation(code), k -> new ArrayList<>())
                    .addAll(t));
            out.add(confirmations(onsets, seconds, thresholds[i], windowSeconds, pairs));
        }
        return out;
    }

    /**
     * @param r a detection result
     * @return the stations (not streams) it scored
     */
    public static int stationsScored(DetectionResult r) {
        return (int) r.scores().stream().map(s -> StationStream.networkStation(s.station())).distinct().count();
    }

    /**
     * Confirmed detections above chance per station at a given rate of unconfirmed ones: the best an
     * operator allowed that many unconfirmed detections per station-hour can reach by choosing the
     * threshold (the upper envelope of the sweep: at each rate, the most confirmations of any
     * threshold at that rate or fewer), interpolated linearly between the envelope's points that
     * bracket it. A sweep is not monotone where a lower threshold merges detections into longer
     * ones; taking the first bracketing pair of raw points instead (as before) understated such curves.
     *
     * @param curve points of one encoder over thresholds
     * @param stations number of stations
     * @param unconfirmedPerStationHour the operating point
     * @return confirmations above chance per station there, NaN where the sweep does not reach the
     *     rate or does not go as low
     */
    public static double confirmedAt(List<ConfirmationPoint> curve, int stations, double unconfirmedPerStationHour) {
        double[] rates = new double[curve.size()];
        double[] values = new double[curve.size()];
        for (int i = 0; i < curve.size(); i++) {
            rates[i] = curve.get(i).unconfirmedPerStationHour();
            values[i] = curve.get(i).confirmedAboveChancePerStation(stations);
        }
        return atRate(rates, values, unconfirmedPerStationHour);
    }

    /**
     * A measure at a matched operating point: the upper envelope of a threshold sweep's points
     * (at each rate, the most of any threshold at that rate or fewer), interpolated linearly between
     * the envelope's points that bracket the rate ({@link #confirmedAt} for confirmations; also the
     * share of added events found, with the rates measured on the data as they are).
     *
     * @param rates each threshold's rate (for example unconfirmed detections per station-hour)
     * @param values the measure at each threshold, the same order
     * @param rate the operating point
     * @return the measure there, NaN where the sweep does not reach the rate or does not go as low
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public static double atRate(double[] rates, double[] values, double rate) {
        if (rates.length != values.length) {
            throw new IllegalArgumentException(rates.length + " rates but " + values.length + " values");
        }
        Integer[] order = new Integer[rates.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(rates[a], rates[b]));
        List<double[]> envelope = new ArrayList<>(); // {rate, best value at that rate or fewer}
        double best = Double.NEGATIVE_INFINITY;
        for (int i : order) {
            best = Math.max(best, values[i]);
            double u = rates[i];
            if (!envelope.isEmpty() && envelope.get(envelope.size() - 1)[0] == u) {
                envelope.get(envelope.size() - 1)[1] = best;
            } else {
                envelope.add(new double[] {u, best});
            }
        }
        for (int i = 0; i + 1 < envelope.size(); i++) {
            double[] a = envelope.get(i);
            double[] b = envelope.get(i + 1);
            if (a[0] <= rate && rate <= b[0]) {
                return a[1] + (b[1] - a[1]) * (rate - a[0]) / (b[0] - a[0]);
            }
        }
        if (envelope.size() == 1 && envelope.get(0)[0] == rate) {
            return envelope.get(0)[1];
        }
        return Double.NaN;
    }
}
