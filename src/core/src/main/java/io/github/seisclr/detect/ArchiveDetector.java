package io.github.seisclr.detect;

import io.github.seisclr.BadInputException;
import io.github.seisclr.io.SdsArchive;
import io.github.seisclr.io.SdsArchive.Stations;
import io.github.seisclr.io.Warnings;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.PickList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * Detection over an {@link SdsArchive}, one station-day at a time, each read 2 h at a time
 * ({@link Detector#detect(io.github.seisclr.io.WaveformIndex, java.util.function.Consumer)}), so
 * that memory stays that of a few hours whatever the range and each station-day is an independent
 * task (for a loop on one machine or a task of a distributed job: both call {@link #detectDay}).
 *
 * <p><b>Calibration.</b> Each station stream is calibrated once and the calibration is used for
 * every day: fitted on the first day of the range that holds its data
 * ({@link #calibrate}), or given (from {@code detect --save-calibrations} on days of your choice).
 * Day runs then score exactly as one run over the joined days with that calibration would.
 *
 * <p><b>Day boundaries.</b> A station-day is read from {@value #WARM_UP_MINUTES} min before
 * midnight (the noise scale, filters and baseline settle there; longer when the detector's score
 * baseline is longer than 5 min: its length and 10 min) to {@value #OVERLAP_MINUTES} min
 * after the next midnight (an event that starts before midnight ends and is picked there); only the
 * detections whose trigger starts inside the day are kept. An event across midnight is therefore
 * found once, by the day it starts in, with the picks a run over the joined days gives (to float
 * precision; a detection still open {@value #OVERLAP_MINUTES} min after midnight ends there). Where
 * the day's data have a break, the day's run and the next day's score the last minutes slightly
 * differently (each counts its grids from its own start), and the detections about midnight are
 * then the next day's run's ({@link #handOver}): an event is kept by exactly one day.
 * Detection ids carry the station and the day: {@code CX.PB01-20240101-3}.
 */
public final class ArchiveDetector {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveDetector.class);
    /** Data read before a day's first second. */
    public static final long WARM_UP_MINUTES = 15;
    /** Data read after a day's last second. */
    public static final long OVERLAP_MINUTES = 10;
    /** How far before the end of a day its detections may be the next day's run's ({@link #handOver}). */
    static final long HANDOVER_MINUTES = 5;
    /** How far from every detection the moment lies where a day hands over to the next ({@link #handOver}). */
    static final long HANDOVER_MARGIN_SECONDS = 2;
    private static final DateTimeFormatter TAG = DateTimeFormatter.BASIC_ISO_DATE;

    private final Detector detector;
    private final SdsArchive archive;
    private final double pieceSeconds;
    /**
     * Day files its runs left out as damaged, whole or in part ({@link io.github.seisclr.io.ReadOptions#skipDamagedFiles}).
     */
    private final java.util.Set<String> damaged = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());
    /** The files left out as damaged that the range run ({@link #detect}) on this thread has met. */
    private final ThreadLocal<java.util.Set<String>> runDamaged = new ThreadLocal<>();
    /** Station-days that {@link #detect} scored nothing of, as {@code NET.STA DAY}. */
    private final List<String> unscored = java.util.Collections.synchronizedList(new ArrayList<>());

    /**
     * @param detector the detector (model and settings)
     * @param archive the archive
     */
    public ArchiveDetector(Detector detector, SdsArchive archive) {
        this(detector, archive, ChunkedRun.PIECE_SECONDS);
    }

    /** With pieces of {@code pieceSeconds} instead of 2 h (for tests). */
    ArchiveDetector(Detector detector, SdsArchive archive, double pieceSeconds) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.archive = Objects.requireNonNull(archive, "archive");
        this.pieceSeconds = pieceSeconds;
    }

    /**
     * @param stations which stations
     * @param from first time wanted
     * @param to end of the range (excluded)
     * @return each chosen station ({@code NET.STA}) with the days of {@code [from, to)} it has data files for
     */
    public Map<String, SortedSet<LocalDate>> stationDays(Stations stations, Instant from, Instant to) {
        return archive.stationDays(stations, from, to);
    }

    /**
     * Fits the calibration of each stream of a station on one whole day of its data.
     *
     * @param station {@code NET.STA}
     * @param day the day to fit on
     * @return calibrations by station stream code ({@code NET.STA.LOC.BI})
     * @throws BadInputException when that day holds no data of the station or its files are damaged
     */
    public Map<String, Calibration> calibrate(String station, LocalDate day) {
        Instant a = start(day);
        Instant b = start(day.plusDays(1));
        Map<String, Calibration> c = detector.detect(index(station, a, b), a, b, pieceSeconds)
                .calibrations();
        if (c.isEmpty()) {
            throw new BadInputException(BadInputException.Problem.EMPTY, archive.root().toString(), station, a, -1,
                    "no stretch of " + station + " long enough to fit a calibration on lies between " + a + " and " + b);
        }
        return c;
    }

    /**
     * Detects in one station-day.
     *
     * @param station {@code NET.STA}
     * @param day the day
     * @param calibrations calibrations by station stream code (a stream without one is fitted on
     *     the day itself, logged)
     * @return the detections that start in the day, their picks; no score traces
     * @throws BadInputException when a file is damaged (a day without data gives an empty result)
     */
    public DetectionResult detectDay(String station, LocalDate day, Map<String, Calibration> calibrations) {
        return detectDay(station, day, calibrations, Instant.MIN, Instant.MAX);
    }

    /**
     * Detects in the part of one station-day that lies in {@code [from, to)} (the whole day when
     * the range covers it): a task of a job over a range.
     *
     * @param station {@code NET.STA}
     * @param day the day
     * @param calibrations calibrations by station stream code
     * @param from start of the range
     * @param to end of the range (excluded)
     * @return the detections that start in the day and the range, their picks; no score traces
     * @throws BadInputException when a file is damaged (a day without data, or only with channels
     *     below the model's band, gives an empty result: the latter with a warning)
     */
    public DetectionResult detectDay(String station, LocalDate day, Map<String, Calibration> calibrations,
                                     Instant from, Instant to) {
        return Detector.listingWarnings(() -> detectDay(station, day, calibrations, from, to, e -> { }));
    }

    /**
     * As {@link #detectDay(String, LocalDate, Map, Instant, Instant)}; a station-day whose channels
     * all lie below the model's band (a day when only the long-period or state-of-health channels
     * were archived) is skipped with a warning and its refusal given to {@code refused}, so that a
     * run over a range goes on past it.
     */
    private DetectionResult detectDay(String station, LocalDate day, Map<String, Calibration> calibrations,
                                      Instant from, Instant to, Consumer<BadInputException> refused) {
        Instant keepFrom = max(start(day), from);
        Instant keepTo = min(start(day.plusDays(1)), to);
        // what the reader warns of in the warm-up and the overlap is its own day's (as spikes are)
        return Warnings.keeping(keepFrom, keepTo, () -> detectKept(station, day, calibrations, keepFrom, keepTo, refused));
    }

    private DetectionResult detectKept(String station, LocalDate day, Map<String, Calibration> calibrations,
                                       Instant keepFrom, Instant keepTo, Consumer<BadInputException> refused) {
        Instant readFrom = keepFrom.minus(warmUp());
        Instant readTo = keepTo.plus(Duration.ofMinutes(OVERLAP_MINUTES));
        io.github.seisclr.io.WaveformIndex data;
        try {
            data = index(station, readFrom, readTo);
        } catch (BadInputException e) {
            if (e.problem() != BadInputException.Problem.EMPTY) {
                throw e;
            }
            LOG.info("{} {}: no data ({})", station, day, e.getMessage());
            return empty(calibrations);
        }
        DetectionResult r;
        try {
            r = detector.detectPiece(data, readFrom, readTo, calibrations, keepFrom, keepTo, day.format(TAG),
                    pieceSeconds);
        } catch (BadInputException e) {
            if (!Detector.noUsableChannel(e)) {
                throw e;
            }
            Warnings.say(LOG, "{} {}: skipped: {}", station, day, e.getMessage());
            refused.accept(e);
            return empty(calibrations);
        }
        if (r.calibrations().isEmpty()) {
            // no stream of the station has a sample in the range (the files hold other hours)
            LOG.info("{} {}: no data between {} and {}", station, day, readFrom, readTo);
            return empty(calibrations);
        }
        return handOver(station, r, data, calibrations, keepFrom, keepTo, day.format(TAG));
    }

    /**
     * Decides which side of the end of the kept range the detections about it belong to as the run
     * that starts there decides it (the next day's, which reads from {@code keepTo} minus the
     * warm-up), so that an event whose trigger starts about midnight is kept by exactly one of the
     * two days. The two runs' scores differ slightly near midnight when the data have a break
     * during the day (each counts its frames, score baseline and scale from its stretch's start),
     * and a trigger 0.02 s before midnight in one run can start 0.02 s after it in the other: the
     * event was then kept twice, or by neither.
     *
     * <p>This run's data about {@code keepTo} ({@code data}, the day's own index) are run again as
     * the next run reads them ({@code keepTo} minus the warm-up to the overlap after it, with the
     * calibrations given, which every day of a range gets). A stream the re-run has to fit itself
     * (none given, or one of other components) would be fitted on the next day's own data there, so
     * with one the day ends at {@code keepTo} as before. Within the {@value #HANDOVER_MINUTES} min before {@code keepTo} the latest moment {@code t} is found at
     * which neither run has a detection (nor within {@value #HANDOVER_MARGIN_SECONDS} s of one's
     * start or end); this day keeps its own detections that start before {@code t} and that run's
     * from {@code t} to {@code keepTo}. Without such a moment (5 min of continuous detections),
     * the kept range ends at {@code keepTo} as before.
     */
    private DetectionResult handOver(String station, DetectionResult own, io.github.seisclr.io.WaveformIndex data,
                                     Map<String, Calibration> calibrations, Instant keepFrom, Instant keepTo,
                                     String tag) {
        Instant readFrom = keepTo.minus(warmUp());
        Instant readTo = keepTo.plus(Duration.ofMinutes(OVERLAP_MINUTES));
        Instant earliest = max(keepFrom, keepTo.minus(Duration.ofMinutes(HANDOVER_MINUTES)));
        DetectionResult next;
        try {
            // the day's own index holds every file of that range: the run reads only its range of it
            // quiet: the day's own run has warned of these data
            next = detector.detectPiece(data, readFrom, readTo, calibrations, readFrom, keepTo, tag, pieceSeconds,
                    false);
        } catch (BadInputException e) {
            if (e.problem() == BadInputException.Problem.EMPTY || Detector.noUsableChannel(e)) {
                return own; // no data there: no run starts there to agree with
            }
            throw e;
        }
        for (Map.Entry<String, Calibration> e : next.calibrations().entrySet()) {
            if (e.getValue() != calibrations.get(e.getKey())) {
                // a stream without a calibration given (or given one of other components) is fitted
                // on each day's own data: the next day's run scores it as no re-run here can
                LOG.info("{}: {} has no calibration of its components given; the day ends at {} as its own run"
                        + " sees it", station, e.getKey(), keepTo);
                return own;
            }
        }
        Instant cut = quietBefore(keepTo, earliest, own.detections(), next.detections());
        if (cut.equals(keepTo)) {
            return own; // neither run has a detection near the end: the boundary cuts no event
        }
        List<Detection> detections = new ArrayList<>();
        List<Pick> picks = new ArrayList<>();
        java.util.Set<String> kept = new java.util.HashSet<>();
        Map<String, Integer> last = new java.util.HashMap<>();
        for (Detection d : own.detections()) {
            if (d.start().isBefore(cut)) {
                detections.add(d);
                kept.add(d.id());
                last.merge(prefix(d.id()), number(d.id()), Math::max);
            }
        }
        own.picks().picks().stream().filter(p -> kept.contains(p.detectionId())).forEach(picks::add);
        Map<String, String> renamed = new LinkedHashMap<>();
        for (Detection d : next.detections()) {
            if (!d.start().isBefore(cut)) {
                // numbered after this day's own detections of the station, in time order
                String id = prefix(d.id()) + "-" + last.merge(prefix(d.id()), 1, Integer::sum);
                renamed.put(d.id(), id);
                detections.add(new Detection(id, d.station(), d.start(), d.end(), d.peakTime(), d.peakScore(), d.snr(),
                        d.thresholdOn(), d.model()));
            }
        }
        for (Pick p : next.picks().picks()) {
            String id = renamed.get(p.detectionId());
            if (id != null) {
                picks.add(new Pick(p.channel(), p.phase(), p.time(), p.uncertaintySeconds(),
                        p.lowerUncertaintySeconds(), p.upperUncertaintySeconds(), p.polarity(), p.confidence(), id,
                        p.evidence()));
            }
        }
        LOG.info("{}: the detections from {} to {} are the ones the run that starts at {} finds ({} of them)",
                station, cut, keepTo, keepTo, renamed.size());
        detections.sort(Comparator.comparing(Detection::start));
        return new DetectionResult(List.copyOf(detections), new PickList(picks),
                Detector.coincidence(detections, detector.config()), List.of(), own.hoursProcessed(),
                own.settings(), own.modelChecksum(), own.calibrations());
    }

    /**
     * @return the latest moment from {@code earliest} to {@code end} that lies more than the margin
     *     outside every detection of both lists (from its start to its end), or {@code end} when
     *     there is none
     */
    static Instant quietBefore(Instant end, Instant earliest, List<Detection> a, List<Detection> b) {
        Duration margin = Duration.ofSeconds(HANDOVER_MARGIN_SECONDS);
        List<Detection> all = new ArrayList<>(a);
        all.addAll(b);
        Instant t = end;
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Detection d : all) {
                Instant lo = d.start().minus(margin);
                Instant hi = d.end().plus(margin);
                if (lo.isBefore(t) && !t.isAfter(hi)) {
                    t = lo; // inside (lo, hi]: move to its lower end and look again
                    moved = true;
                }
            }
            if (t.isBefore(earliest)) {
                return end;
            }
        }
        return t;
    }

    private static String prefix(String id) {
        return id.substring(0, id.lastIndexOf('-'));
    }

    private static int number(String id) {
        return Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
    }

    /**
     * Detects in every chosen station over a time range, station by station and day by day,
     * calibrating each station stream on the first day of the range with its data unless given.
     *
     * @param stations which stations
     * @param from first time wanted
     * @param to end of the range (excluded)
     * @param given calibrations by station stream code to use instead of fitting (may be empty)
     * @param progress called with {@code NET.STA YYYY-MM-DD} after each station-day
     * @return all detections and picks, network detections among them, the calibrations used;
     *     no score traces
     * @throws BadInputException when the archive holds no data of those stations in the range, when
     *     no day of it has a channel the model can use (a day without one is skipped with a warning),
     *     or a file is damaged; where the archive's options leave damaged files out, when nothing
     *     was scored and some were left out ({@link BadInputException.Problem#EMPTY}: an empty
     *     catalogue would read as a quiet range)
     */
    public DetectionResult detect(Stations stations, Instant from, Instant to, Map<String, Calibration> given,
                                  Consumer<String> progress) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("empty time range: from " + from + " is not before to " + to);
        }
        java.util.Set<String> leftOut = new java.util.LinkedHashSet<>();
        runDamaged.set(leftOut);
        try {
            return Detector.listingWarnings(() -> detect(stations, from, to, given, progress, leftOut));
        } finally {
            runDamaged.remove();
        }
    }

    private DetectionResult detect(Stations stations, Instant from, Instant to, Map<String, Calibration> given,
                                   Consumer<String> progress, java.util.Set<String> leftOut) {
        Map<String, SortedSet<LocalDate>> days = stationDays(stations, from, to);
        if (days.isEmpty()) {
            throw new BadInputException(BadInputException.Problem.EMPTY, archive.root().toString(), null,
                    null, -1, "the archive holds no day file of " + stations + " from " + day(from) + " to "
                    + day(to.minusNanos(1)));
        }
        List<Detection> detections = new ArrayList<>();
        List<Pick> picks = new ArrayList<>();
        Map<String, Calibration> used = new LinkedHashMap<>();
        List<BadInputException> refusals = new ArrayList<>();
        double hours = 0;
        for (Map.Entry<String, SortedSet<LocalDate>> e : days.entrySet()) {
            String station = e.getKey();
            Map<String, Calibration> cal = new LinkedHashMap<>();
            given.forEach((code, c) -> {
                if (code.startsWith(station + ".")) {
                    cal.put(code, c);
                }
            });
            if (cal.isEmpty()) {
                cal.putAll(calibrateOnFirst(station, e.getValue(), from, to));
            }
            for (LocalDate d : e.getValue()) {
                DetectionResult r = detectDay(station, d, cal, from, to, refusals::add);
                if (calibrateNew(station, d, from, to, r.calibrations(), cal)) {
                    r = detectDay(station, d, cal, from, to, x -> { }); // scored again with its day's calibration
                }
                detections.addAll(r.detections());
                picks.addAll(r.picks().picks());
                hours += r.hoursProcessed();
                if (r.hoursProcessed() == 0) {
                    unscored.add(station + " " + d);
                }
                progress.accept(station + " " + d);
            }
            used.putAll(cal);
        }
        if (hours == 0 && !leftOut.isEmpty()) {
            // an empty catalogue would read as a quiet range; a refusal for the model's band is said too
            throw new BadInputException(BadInputException.Problem.EMPTY, archive.root().toString(), null, null, -1,
                    "nothing of " + stations + " from " + from + " to " + to + " was scored, and " + leftOut.size()
                    + " day file(s) read for it were left out as damaged, whole or in part (ReadOptions.skipDamagedFiles,"
                    + " --skip-damaged; each is warned of with its damage), the first " + leftOut.iterator().next() + (refusals.isEmpty() ? ""
                    : "; and " + refusals.size() + " station-day(s) had no channel the model can use: "
                    + refusals.get(0).getMessage()));
        }
        if (hours == 0 && !refusals.isEmpty()) {
            throw refusals.get(0); // no day had a channel to use: the range itself is wrong for the model
        }
        detections.sort(Comparator.comparing(Detection::start));
        return new DetectionResult(List.copyOf(detections), new PickList(picks),
                Detector.coincidence(detections, detector.config()), List.of(), hours, detector.config(),
                detector.modelId(), Map.copyOf(used));
    }

    /**
     * A stream that appears only later in the range (a new location or band code) is calibrated on
     * the first day that holds its data, as the others are on theirs, and that calibration is kept
     * for the days after. The day run fits such a stream on its piece, warm-up and overlap included:
     * for a stream whose data start at the next midnight that fit is the 10 min of the overlap, and
     * it was kept for the rest of the range.
     *
     * @param fitted the calibrations a day run used, those it fitted itself among them
     * @param cal the calibrations of the station so far; the new streams' day fits are added
     * @return whether a stream was added (the day must be scored again with it)
     */
    private boolean calibrateNew(String station, LocalDate d, Instant from, Instant to, Map<String, Calibration> fitted,
                                 Map<String, Calibration> cal) {
        if (cal.keySet().containsAll(fitted.keySet())) {
            return false;
        }
        Map<String, Calibration> day = calibrateOnFirst(station, List.of(d), from, to);
        boolean added = false;
        for (String code : fitted.keySet()) {
            if (!cal.containsKey(code) && day.containsKey(code)) {
                cal.put(code, day.get(code));
                added = true;
            }
        }
        return added;
    }

    /**
     * Fits the calibrations of a station's streams on the first of its days that gives one (a day
     * too short to fit on passes to the next), within {@code [from, to)}.
     *
     * @param station {@code NET.STA}
     * @param days its days with data, in order
     * @param from start of the range
     * @param to end of the range (excluded)
     * @return calibrations by station stream code; empty when no day gives one
     * @throws BadInputException when a file is damaged
     */
    public Map<String, Calibration> calibrateOnFirst(String station, java.util.Collection<LocalDate> days, Instant from,
                                                     Instant to) {
        for (LocalDate d : days) {
            Instant a = max(start(d), from);
            Instant b = min(start(d.plusDays(1)), to);
            try {
                Map<String, Calibration> c = detector.detect(index(station, a, b), a, b,
                        pieceSeconds).calibrations();
                if (!c.isEmpty()) {
                    LOG.info("{}: calibrated on {} to {}", station, a, b);
                    return c;
                }
            } catch (BadInputException e) {
                if (Detector.noUsableChannel(e)) {
                    Warnings.say(LOG, "{}: not calibrated on {}: {}", station, d, e.getMessage());
                } else if (e.problem() != BadInputException.Problem.EMPTY) {
                    throw e;
                }
            }
        }
        return Map.of();
    }

    /** @return the station's index of {@code [from, to)}, its files left out as damaged noted */
    private io.github.seisclr.io.WaveformIndex index(String station, Instant from, Instant to) {
        io.github.seisclr.io.WaveformIndex index = archive.index(Stations.parse(station), from, to);
        List<String> left = index.damagedFiles();
        damaged.addAll(left);
        java.util.Set<String> run = runDamaged.get();
        if (run != null) {
            run.addAll(left);
        }
        return index;
    }

    /**
     * The lines a command's summary adds about station-days of its range that gave nothing, so that
     * every station-day is accounted for (review: a day without a usable channel was counted as done,
     * a day without files went unsaid).
     *
     * @param unscored station-days run but scored nothing of ({@link #unscoredDays()})
     * @param missing station-days without a day file with data between a station's first and last
     *     day in the range ({@link io.github.seisclr.io.SdsArchive#missingDays})
     * @return the lines, each ending in a line break; empty where both lists are
     */
    public static String stationDayNotes(List<String> unscored, List<String> missing) {
        StringBuilder b = new StringBuilder();
        if (!unscored.isEmpty()) {
            b.append(unscored.size()).append(" station-day(s) scored nothing (no channel the model can use, or no data"
                    + " of the day in its files; each warned of in its day's warnings): ").append(firstOf(unscored))
                    .append('\n');
        }
        if (!missing.isEmpty()) {
            b.append(missing.size()).append(" station-day(s) between a station's first and last day in the range have"
                    + " no day file with data (none, or only empty ones): ").append(firstOf(missing)).append('\n');
        }
        return b.toString();
    }

    private static String firstOf(List<String> items) {
        return String.join(", ", items.subList(0, Math.min(10, items.size())))
                + (items.size() > 10 ? " and " + (items.size() - 10) + " more" : "");
    }

    /**
     * @return the station-days ({@code NET.STA DAY}) that this detector's runs of {@link #detect} so far
     *     scored nothing of, in the order done: a day file without a channel the model can use (a
     *     long-period channel alone), or records that lie outside the day; each such day is also
     *     warned of (a refusal, or a hole of the whole day)
     */
    public List<String> unscoredDays() {
        synchronized (unscored) {
            return List.copyOf(unscored);
        }
    }

    /**
     * @return the day files that this detector's runs so far left out, whole or in part (their
     *     damaged records), because a record of theirs is damaged ({@link io.github.seisclr.io.ReadOptions#skipDamagedFiles}), in the
     *     order they were met; each was warned of with its damage. Days read for a neighbour's
     *     warm-up or overlap count, so a file of the day after a range can be among them.
     */
    public List<String> damagedFiles() {
        synchronized (damaged) {
            return List.copyOf(damaged);
        }
    }

    /** The warm-up: 15 min, or the score baseline's length and 10 min when that is longer. */
    Duration warmUp() {
        long baseline = Math.round(detector.config().baselineSeconds());
        return Duration.ofSeconds(Math.max(WARM_UP_MINUTES * 60, baseline + 600));
    }

    private DetectionResult empty(Map<String, Calibration> calibrations) {
        return new DetectionResult(List.of(), new PickList(List.of()), List.of(), List.of(), 0, detector.config(),
                detector.modelId(), Map.copyOf(calibrations));
    }

    private static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    private static Instant start(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
