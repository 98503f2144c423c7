package io.github.seisclr.eval;

import io.github.seisclr.BadInputException;
import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.io.SampleType;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.signal.Butterworth;
import io.github.seisclr.signal.Signals;
import io.github.seisclr.signal.SosFilter;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Known events added to a station's own data, to measure how many of them a detector finds
 * (docs/training.md, "Known events added to the station's own data"): real earthquake records of
 * known onset, scaled to a chosen size against the host's noise, added at planned times. Nothing
 * of the host is changed outside the added stretches, and the host's own traces are not touched
 * (the result holds copies).
 *
 * <p>The size {@code k} of an injection: the event's vertical, band-passed to the model's band
 * (zero-phase Butterworth, {@value #CORNERS} corners), is scaled so that its largest absolute value
 * is {@code k} times the RMS of the host's vertical, band-passed the same way, over the
 * {@value #NOISE_SECONDS} s centred on the injected P (the host as it was; cut where the trace
 * ends sooner); the horizontals take the same factor.
 */
public final class Injection {
    private Injection() {
    }

    /** Seconds of an event kept before its P. */
    public static final double BEFORE_P = 2;
    /** Seconds of an event kept after its P. */
    public static final double AFTER_P = 25;
    /** Seconds of the host's vertical, centred on the injected P, whose band-passed RMS sets the size. */
    public static final double NOISE_SECONDS = 60;
    /** Seconds of cosine taper at each end of an event. */
    static final double TAPER_SECONDS = 1;
    /** Corners of the band-pass that measures sizes. */
    static final int CORNERS = 4;

    /**
     * An event record to add: {@link #BEFORE_P} s before its P to {@link #AFTER_P} s after, each
     * component with its mean removed and tapered at both ends; an accelerometer's record (instrument
     * code {@code N}, or a gravimeter's, {@code G}) integrated to velocity first, as a seismometer
     * records ({@link #recordsAcceleration}): the hosts the events are added to are taken to record
     * velocity.
     *
     * @param name where it comes from (file and P time)
     * @param sampleRate samples per second
     * @param components samples by model input slot ({@link StationStream#slot}: 0 vertical, 1 N, 2 E)
     * @param pIndex index of the P sample
     * @param verticalPeak largest absolute value of the vertical band-passed to the band it was made for
     * @param integrated whether the record was an accelerometer's, integrated to velocity
     */
    public record Event(String name, double sampleRate, Map<Integer, double[]> components, int pIndex,
                        double verticalPeak, boolean integrated) {
    }

    /**
     * One planned injection.
     *
     * @param station the host stream's code ({@code NET.STA.LOC.BI})
     * @param p the host's sample that the event's P is added at
     * @param event index into the event list
     * @param level index into the size list
     */
    public record Planned(String station, Instant p, int event, int level) {
    }

    /**
     * Reads the events of labelled windows: each row's station in its file, where it has three
     * components at {@code sampleRate} that hold {@link #BEFORE_P} s before the reference P and
     * {@link #AFTER_P} s after it without a gap; the others are left out (their count is
     * {@code rows.size()} less the result's). Where a file holds several sensors of the station,
     * a seismometer's record is taken before an accelerometer's.
     *
     * @param folder the windows' folder (each row's file is relative to it)
     * @param rows the reference picks, each with its file
     * @param sampleRate the hosts' sample rate
     * @param lowHz the band's lower corner
     * @param highHz the band's upper corner
     * @return the events, in the rows' order
     * @throws BadInputException for a file that cannot be read
     * @throws IllegalArgumentException for a row without a file
     */
    public static List<Event> events(Path folder, List<ReferencePicks.Row> rows, double sampleRate, double lowHz,
                                     double highHz) {
        return events(folder, rows, sampleRate, lowHz, highHz, io.github.seisclr.io.ReadOptions.defaults());
    }

    /**
     * {@link #events(Path, List, double, double, double)}, with the windows' files read as {@code options}
     * say (for example with Steim's integrity checks off, as {@code ablate --no-steim-check} asks).
     *
     * @param folder the windows' folder (each row's file is relative to it)
     * @param rows the reference picks, each with its file
     * @param sampleRate the hosts' sample rate
     * @param lowHz the band's lower corner
     * @param highHz the band's upper corner
     * @param options how the files are read
     * @return the events, in the rows' order
     */
    public static List<Event> events(Path folder, List<ReferencePicks.Row> rows, double sampleRate, double lowHz,
                                     double highHz, io.github.seisclr.io.ReadOptions options) {
        io.github.seisclr.io.MiniSeedReader reader = Waveforms.reader(options);
        SosFilter band = Butterworth.bandpass(CORNERS, lowHz, highHz, sampleRate);
        List<Event> out = new ArrayList<>();
        Map<Path, List<StationStream>> read = new HashMap<>();
        for (ReferencePicks.Row row : rows) {
            if (row.file() == null) {
                throw new IllegalArgumentException("a row of station " + row.event().station() + " names no file");
            }
            Path file = folder.resolve(row.file());
            // the station's seismometer before its accelerometer, where a file holds both; the
            // first of its sensors that holds the event
            read.computeIfAbsent(file, f -> reader.read(f).stations()).stream()
                    .filter(s -> s.station().equals(row.event().station()))
                    .sorted(java.util.Comparator.comparing((StationStream s) -> recordsAcceleration(s.bandAndInstrument())))
                    .map(s -> event(s, row.event().pTime(), file.getFileName() + " P " + row.event().pTime(), sampleRate,
                            band))
                    .flatMap(Optional::stream).findFirst().ifPresent(out::add);
        }
        return out;
    }

    /**
     * @return the event of one station's record around {@code p}, or empty when it lacks a
     *     component, has another rate or does not hold the whole stretch
     */
    static Optional<Event> event(StationStream s, Instant p, String name, double sampleRate, SosFilter band) {
        Map<Integer, double[]> parts = new LinkedHashMap<>();
        int before = (int) Math.round(BEFORE_P * sampleRate);
        int length = before + (int) Math.round(AFTER_P * sampleRate);
        for (int slot = 0; slot < 3; slot++) {
            Optional<Character> c = s.componentIn(slot);
            if (c.isEmpty()) {
                continue;
            }
            for (Trace t : s.components().get(c.get())) {
                if (Math.abs(t.sampleRate() - sampleRate) > 1e-6 * sampleRate) {
                    continue;
                }
                long at = t.indexOf(p);
                if (at - before >= 0 && at - before + length <= t.length()) {
                    double[] x = new double[length];
                    for (int i = 0; i < length; i++) {
                        x[i] = t.sample((int) (at - before + i));
                    }
                    if (recordsAcceleration(s.bandAndInstrument())) {
                        x = velocity(x, sampleRate);
                    }
                    parts.put(slot, Signals.taper(Signals.demean(x), TAPER_SECONDS * sampleRate / length));
                    break;
                }
            }
        }
        if (parts.size() < 3) {
            return Optional.empty();
        }
        double peak = 0;
        for (double v : band.filterZeroPhase(parts.get(0))) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (!(peak > 0)) {
            return Optional.empty();
        }
        return Optional.of(new Event(name, sampleRate, Map.copyOf(parts), before, peak,
                recordsAcceleration(s.bandAndInstrument())));
    }

    /**
     * Whether a sensor's channels record acceleration: SEED's instrument codes {@code N}
     * (accelerometer) and {@code G} (gravimeter), the second letter of {@code HN}, {@code EN} ...
     * Added to a seismometer's record unconverted, an acceleration record's spectrum would lean to high
     * frequencies by the frequency itself (20 times more at 20 Hz than at 1 Hz): a short burst where
     * the seismometer would have recorded a longer wave train.
     *
     * @param bandAndInstrument the channel code without its component, e.g. {@code HN}
     * @return whether its instrument code is {@code N} or {@code G}
     */
    public static boolean recordsAcceleration(String bandAndInstrument) {
        if (bandAndInstrument == null || bandAndInstrument.length() < 2) {
            return false;
        }
        char instrument = bandAndInstrument.charAt(1);
        return instrument == 'N' || instrument == 'G';
    }

    /**
     * Acceleration to velocity: the mean removed, integrated by the trapezoid rule, the straight line
     * that the integration of what is left of an offset leaves taken off (ObsPy's
     * {@code detrend('demean')}, {@code integrate()}, {@code detrend('linear')}).
     *
     * @param a acceleration samples
     * @param sampleRate samples per second
     * @return velocity, in the acceleration's units times seconds
     */
    static double[] velocity(double[] a, double sampleRate) {
        double[] x = Signals.demean(a);
        double[] v = new double[x.length];
        for (int i = 1; i < x.length; i++) {
            v[i] = v[i - 1] + (x[i - 1] + x[i]) / (2 * sampleRate);
        }
        return Signals.detrend(v);
    }

    /**
     * Plans the injections of one pass over the hosts: on each station, P at {@code first} s +
     * {@code spacing} s x i + {@code offset} s from the start of each contiguous trace of its
     * vertical at {@code rate}, where the vertical and each horizontal the station has hold the
     * event's whole stretch (a station with a vertical only gets the events' verticals); events and
     * sizes dealt in turn from {@code counter} on (injection j: size j mod {@code levels}, event
     * (j div {@code levels}) mod {@code events}).
     *
     * @param hosts the stations to add to
     * @param rate the events' sample rate: verticals at another rate get none
     * @param events number of events to deal
     * @param levels number of sizes to deal
     * @param first seconds from a trace's start to the first P
     * @param spacing seconds between injections
     * @param offset this pass's offset, s
     * @param counter the number dealt before this pass
     * @return the planned injections, in the hosts' and traces' order
     */
    public static List<Planned> plan(List<StationStream> hosts, double rate, int events, int levels, double first,
                                     double spacing, double offset, int counter) {
        if (events < 1 || levels < 1 || !(rate > 0) || !(spacing > 0) || first < BEFORE_P || offset < 0) {
            throw new IllegalArgumentException("plan needs events and levels, spacing above 0 and the first P at least "
                    + BEFORE_P + " s in, got " + events + ", " + levels + ", " + spacing + ", " + first + ", " + offset);
        }
        List<Planned> out = new ArrayList<>();
        int j = counter;
        for (StationStream s : hosts) {
            Optional<List<Trace>> vertical = s.vertical();
            if (vertical.isEmpty()) {
                continue;
            }
            for (Trace t : vertical.get()) {
                if (Math.abs(t.sampleRate() - rate) > 1e-6 * rate) {
                    continue;
                }
                for (double at = first + offset; ; at += spacing) {
                    long i = Math.round(at * rate);
                    if (i + Math.round(AFTER_P * rate) > t.length()) {
                        break;
                    }
                    Instant p = t.timeOf(i);
                    if (holds(s, p, rate)) {
                        out.add(new Planned(s.code(), p, (j / levels) % events, j % levels));
                        j++;
                    }
                }
            }
        }
        return out;
    }

    /**
     * @return whether the vertical of {@code s}, and each horizontal it has, has a trace that holds
     *     the stretch around {@code p}
     */
    private static boolean holds(StationStream s, Instant p, double rate) {
        for (int slot = 0; slot < 3; slot++) {
            Optional<Character> c = s.componentIn(slot);
            if (c.isPresent() && covering(s.components().get(c.get()), p, rate) == null) {
                return false;
            }
        }
        return true;
    }

    /** @return the trace that holds the event's stretch around {@code p} at {@code rate}, or null */
    private static Trace covering(List<Trace> traces, Instant p, double rate) {
        for (Trace t : traces) {
            if (Math.abs(t.sampleRate() - rate) > 1e-6 * rate) {
                continue;
            }
            long at = t.indexOf(p);
            if (at - Math.round(BEFORE_P * rate) >= 0 && at + Math.round(AFTER_P * rate) <= t.length()) {
                return t;
            }
        }
        return null;
    }

    /**
     * Adds the planned events to copies of the hosts' traces.
     *
     * @param hosts the stations
     * @param plan what to add where ({@link #plan})
     * @param events the events the plan deals
     * @param levels the sizes the plan deals (k: the event's band-passed vertical peak over the
     *     host's band-passed vertical RMS)
     * @param lowHz the band's lower corner
     * @param highHz the band's upper corner
     * @return the hosts with the events added, in the same order; traces without an injection are
     *     the hosts' own
     * @throws IllegalArgumentException when the plan names a station that is not among the hosts,
     *     an event at another rate, or a stretch that no trace holds
     */
    public static List<StationStream> apply(List<StationStream> hosts, List<Planned> plan, List<Event> events,
                                            double[] levels, double lowHz, double highHz) {
        Map<String, StationStream> byCode = new HashMap<>();
        hosts.forEach(s -> byCode.put(s.code(), s));
        Map<Trace, double[]> copies = new IdentityHashMap<>();
        Map<Trace, double[]> filtered = new IdentityHashMap<>();
        for (Planned x : plan) {
            StationStream s = byCode.get(x.station());
            if (s == null) {
                throw new IllegalArgumentException("planned injection at " + x.station() + ", not among the hosts");
            }
            Event e = events.get(x.event());
            Trace z = covering(s.vertical().orElseThrow(), x.p(), e.sampleRate());
            if (z == null) {
                throw new IllegalArgumentException("no trace of " + x.station() + " at " + e.sampleRate()
                        + " Hz holds the injection at " + x.p());
            }
            double[] bz = filtered.computeIfAbsent(z, t -> Butterworth.bandpass(CORNERS, lowHz, highHz, t.sampleRate())
                    .filterZeroPhase(Signals.demean(t.samples())));
            int at = (int) z.indexOf(x.p());
            int half = (int) Math.round(NOISE_SECONDS / 2 * z.sampleRate());
            double noise = Signals.rms(bz, at - half, at + half);
            double scale = noise > 0 ? levels[x.level()] * noise / e.verticalPeak() : 0;
            for (int slot = 0; slot < 3; slot++) {
                double[] add = e.components().get(slot);
                Optional<Character> c = s.componentIn(slot);
                if (c.isEmpty()) {
                    continue; // a station without this component: the event's is not added
                }
                Trace t = covering(s.components().get(c.get()), x.p(), e.sampleRate());
                if (t == null) {
                    throw new IllegalArgumentException("no trace of " + x.station() + " in slot " + slot
                            + " holds the injection at " + x.p());
                }
                double[] y = copies.computeIfAbsent(t, Trace::samples);
                int from = (int) t.indexOf(x.p()) - e.pIndex();
                for (int i = 0; i < add.length; i++) {
                    y[from + i] += scale * add[i];
                }
            }
        }
        List<StationStream> out = new ArrayList<>();
        for (StationStream s : hosts) {
            Map<Character, List<Trace>> parts = new LinkedHashMap<>();
            s.components().forEach((c, ts) -> parts.put(c, ts.stream().map(t -> copies.containsKey(t)
                    ? Trace.of(t.id(), t.start(), t.sampleRate(), copies.get(t), SampleType.DOUBLE) : t).toList()));
            out.add(new StationStream(s.network(), s.station(), s.location(), s.bandAndInstrument(), parts));
        }
        return out;
    }

    /**
     * Which planned injections a detector found: those whose station has a detection with its P
     * pick (else its start) within {@code tolerance} of the injected P.
     *
     * @param r the detector's result over the hosts with the events added
     * @param plan the injections
     * @param tolerance onset tolerance
     * @return for each planned injection, in order, whether it was found
     */
    public static boolean[] found(DetectionResult r, List<Planned> plan, Duration tolerance) {
        Map<String, Instant> p = new HashMap<>();
        for (Pick x : r.picks().picks()) {
            if (x.phase() == Phase.P) {
                p.putIfAbsent(x.detectionId(), x.time());
            }
        }
        Map<String, List<Instant>> onsets = new HashMap<>();
        for (Detection d : r.detections()) {
            onsets.computeIfAbsent(d.station(), k -> new ArrayList<>()).add(p.getOrDefault(d.id(), d.start()));
        }
        return found(onsets, plan, tolerance);
    }

    /**
     * The share of added events found, less what chance alone finds: a detector making
     * {@code detectionsPerStationHour} detections at random times puts one within the tolerance
     * of an added P with probability {@code c = 1 - exp(-rate * 2 * tolerance)}, whatever it does
     * with the event, so a share {@code s} reads {@code (s - c) / (1 - c)}: 0 for a detector that
     * finds no more than chance, 1 for one that finds every event. As the confirmations of two
     * stations are counted above chance.
     *
     * @param share the share found
     * @param detectionsPerStationHour the detector's rate on the data without the added events
     * @param tolerance how far an onset may lie from an added P
     * @return the share found above chance (below 0 where it finds fewer than chance would); NaN
     *     where the rate is not a finite non-negative number
     */
    public static double aboveChance(double share, double detectionsPerStationHour, Duration tolerance) {
        return aboveChanceWithin(share, detectionsPerStationHour, tolerance.multipliedBy(2));
    }

    /**
     * {@link #aboveChance} for a window of any shape around the added P: a detector making
     * {@code detectionsPerStationHour} detections at random times puts one in a window of length
     * {@code w} with probability {@code c = 1 - exp(-rate * w)}, and a share {@code s} reads
     * {@code (s - c) / (1 - c)}.
     *
     * @param share the share found
     * @param detectionsPerStationHour the detector's rate on the data without the added events
     * @param window the length of the window an onset must lie in (twice a symmetric tolerance)
     * @return the share found above chance; NaN where the rate is not a finite non-negative number
     */
    public static double aboveChanceWithin(double share, double detectionsPerStationHour, Duration window) {
        if (!(detectionsPerStationHour >= 0) || Double.isInfinite(detectionsPerStationHour)) {
            return Double.NaN;
        }
        double c = -Math.expm1(-detectionsPerStationHour / 3600.0 * window.toNanos() / 1e9);
        return (share - c) / (1 - c);
    }

    /**
     * Which planned injections a detector detected, whatever it picked: those whose station has a
     * detection that starts (triggers on) from {@code before} before the injected P to {@code after}
     * after it. {@link #found} asks for the P pick near P as well; on an event whose P is weak the
     * trigger can come at S, and the pick with it, so the two measures tell detection from picking.
     *
     * @param r the detector's result over the hosts with the events added
     * @param plan the injections
     * @param before how long before the added P a trigger may start
     * @param after how long after it
     * @return for each planned injection, in order, whether it was detected
     * @throws IllegalArgumentException when either bound is negative
     */
    public static boolean[] detected(DetectionResult r, List<Planned> plan, Duration before, Duration after) {
        Map<String, List<Instant>> starts = new HashMap<>();
        for (Detection d : r.detections()) {
            starts.computeIfAbsent(d.station(), k -> new ArrayList<>()).add(d.start());
        }
        return detected(starts, plan, before, after);
    }

    /**
     * The same for any detector's trigger times (STA/LTA's trigger on, say).
     *
     * @param starts each station stream's ({@link StationStream#code()}) trigger times
     * @param plan the added events
     * @param before how long before an added P a trigger may start
     * @param after how long after it
     * @return for each planned event, whether a trigger at its station starts in that window
     * @throws IllegalArgumentException when either bound is negative
     */
    public static boolean[] detected(Map<String, List<Instant>> starts, List<Planned> plan, Duration before,
                                     Duration after) {
        if (before.isNegative() || after.isNegative()) {
            throw new IllegalArgumentException("the window around the added P needs bounds of 0 or more, got "
                    + before + " before and " + after + " after");
        }
        boolean[] out = new boolean[plan.size()];
        for (int i = 0; i < plan.size(); i++) {
            Planned x = plan.get(i);
            Instant from = x.p().minus(before);
            Instant to = x.p().plus(after);
            for (Instant t : starts.getOrDefault(x.station(), List.of())) {
                if (!t.isBefore(from) && !t.isAfter(to)) {
                    out[i] = true;
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The same for any detector's onsets (STA/LTA's, say).
     *
     * @param onsets each station stream's ({@link StationStream#code()}) detection onsets
     * @param plan the added events
     * @param tolerance how far an onset may lie from an added P
     * @return for each planned event, whether an onset at its station lies within the tolerance of its P
     */
    public static boolean[] found(Map<String, List<Instant>> onsets, List<Planned> plan, Duration tolerance) {
        long w = tolerance.toNanos();
        boolean[] out = new boolean[plan.size()];
        for (int i = 0; i < plan.size(); i++) {
            Planned x = plan.get(i);
            for (Instant t : onsets.getOrDefault(x.station(), List.of())) {
                if (Math.abs(Duration.between(x.p(), t).toNanos()) <= w) {
                    out[i] = true;
                    break;
                }
            }
        }
        return out;
    }
}
