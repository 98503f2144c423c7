package io.github.seisclr.detect;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.model.EncoderConfig;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.Picker;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Signals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Scores to detections and picks, one frame at a time, deciding each output as early as the data
 * allow (shared by the batch and the incremental detector, so both decide the same way).
 *
 * <ul>
 *   <li>Triggers follow ObsPy's {@code trigger_onset} (on where the score exceeds
 *   {@code thresholdOn}, off where it is no longer above {@code thresholdOff}: strict comparisons, as
 *   ObsPy's); a trigger starting within {@code mergeGapSeconds} of the previous one's
 *   end extends it; merged triggers shorter than {@code minDurationSeconds} are dropped.</li>
 *   <li>P is decided once the trigger has lasted {@code minDurationSeconds} and the data reach
 *   {@link Picker#pSearchAfterSeconds()} + {@value #MARGIN_SECONDS} s past the onset: a spike test
 *   on the first seconds, then the P pick (confidence: the peak score so far).</li>
 *   <li>S is decided when the detection ends (or earlier, once it has lasted long enough that its
 *   end no longer moves the S search window), or, when its S search ({@link Picker#sSearchEnd})
 *   reaches past the data, once the data reach that far and no next event's P can still come
 *   before it ({@link Picker#pLeadSeconds()} and the score window more, and any newer trigger's P
 *   decided). The S search ends at the next event's P.</li>
 *   <li>A trigger whose P is the previous detection's again, or which lies in the previous event's
 *   coda, or whose P the previous event's S search takes for its S (a P inside the previous
 *   detection; or one after a short detection's S search, which then reaches just past it), is
 *   merged into that event: that detection's reported end and peak grow to cover it, unless it has
 *   been given out already.</li>
 *   <li>The detection itself is emitted when it ends (no new trigger within the merge gap) and its
 *   S is decided.</li>
 * </ul>
 */
final class EventStage {
    /** Filter margin (s) around the data a pick is made on. */
    static final double MARGIN_SECONDS = 1;
    /** A P pick this close to the previous detection's (s) is the same onset found again. */
    static final double SAME_ONSET_SECONDS = 0.5;
    /** A trigger this soon after the previous event's P (s) may lie in its coda. */
    static final double CODA_SECONDS = 60;
    /**
     * ... and does when the motion before its onset is this many times the noise before the previous
     * event (RMS, about 10 dB): the earlier event's coda has not decayed.
     */
    static final double CODA_NOISE_FACTOR = 3;
    private static final Logger LOG = LoggerFactory.getLogger(EventStage.class);

    /** Raw aligned samples of the stretch, by sample index from its start. */
    interface Samples {
        /** @return the samples {@code [from, to)} clipped to what is held */
        AlignedSegment slice(long from, long to);
    }

    /** Where decisions go. */
    interface Sink {
        void pick(Pick pick);

        void detection(Detection detection);

        /** @return a sink passing picks and detections to these two */
        static Sink of(Consumer<Pick> picks, Consumer<Detection> detections) {
            return new Sink() {
                @Override
                public void pick(Pick pick) {
                    picks.accept(pick);
                }

                @Override
                public void detection(Detection detection) {
                    detections.accept(detection);
                }
            };
        }
    }

    private static final class Pending {
        final long onFrame;
        long offFrame;
        long peakFrame;
        double peak;
        /**
         * Its number, given when it first counts ({@code EventStage.id}): none for a trigger dropped
         * as too short or as a spike.
         */
        String id;
        boolean pDone;
        boolean sDone;
        boolean glitch;
        /** Its P is the previous detection's: a later phase of that event triggered again. */
        boolean duplicate;
        /** For a {@link #duplicate}: the detection of the event it is a later phase of. */
        Pending phaseOf;
        /** Whether it has been given to the sink (its end and peak can no longer grow). */
        boolean emitted;
        /**
         * The later phases merged into it before it is given out: {@code {onFrame, offFrame,
         * peakFrame, peak}} of each one's trigger (as far as it had come). The end and peak it reports grow
         * over them; its own {@link #offFrame} and {@link #peak} set its S search and its picks'
         * confidence, as without them.
         */
        final List<double[]> phases = new ArrayList<>(1);
        Pick p;
        double snr = Double.NaN;
        /** The S search ends here at the latest: the P of the next detection (null: no limit). */
        Instant sLimit;
        /**
         * The S search reaches at least this far: just past a later trigger taken for this event's S
         * ({@link #searchTaking}), where that trigger came after the search's own end (null: as the picker says).
         */
        Instant sReach;

        Pending(long frame, double score) {
            onFrame = frame;
            offFrame = frame;
            peakFrame = frame;
            peak = score;
        }

        /** Takes a later phase's trigger into the end and peak it reports. */
        void fold(Pending phase) {
            phases.add(new double[] {phase.onFrame, phase.offFrame, phase.peakFrame, phase.peak});
        }
    }

    private final DetectorConfig config;
    /**
     * A detection lasting this share of the score's baseline window or longer is taken to have been
     * ended by its baseline, not by its event: its S search reaches the picker's longest S-P.
     */
    static final double BASELINE_CAUGHT_UP = 0.6;
    private final Picker picker;
    private final SourceId[] channels;
    private final String station;
    private final String idPrefix;
    private final String model;
    private final Instant start;
    private final double rate;
    private final double frameRate;
    private final int k;
    private final int gapFrames;
    private final Samples samples;
    private final Sink sink;
    private final IntSupplier counter;
    private boolean on;
    private Pending pending;
    private long frame;
    private int glitches;
    /** The last P pick emitted, or null. */
    private Instant lastP;
    /** The detection whose P is {@link #lastP}. */
    private Pending lastDetection;
    /** RMS of the band-passed vertical before {@link #lastP}. */
    private double lastNoise;
    /** Ended detections whose S search reaches past the data seen so far, oldest first. */
    private final java.util.ArrayDeque<Pending> awaitingS = new java.util.ArrayDeque<>();

    EventStage(DetectorConfig config, Picker picker, SourceId[] channels, String station, String idPrefix, String model, Instant start,
               double rate, int k, Samples samples, Sink sink, IntSupplier counter) {
        this.config = config;
        this.picker = picker;
        this.channels = channels;
        this.station = station;
        this.idPrefix = idPrefix;
        this.model = model;
        this.start = start;
        this.rate = rate;
        this.frameRate = rate / EncoderConfig.FRAME_STRIDE;
        this.k = k;
        this.gapFrames = (int) Math.round(config.mergeGapSeconds() * frameRate);
        this.samples = samples;
        this.sink = sink;
        this.counter = counter;
    }

    /** @return whether a detection is open (triggered, within its merge gap, or waiting for its S) */
    boolean busy() {
        return pending != null || !awaitingS.isEmpty();
    }

    /** @return spikes rejected so far */
    int glitches() {
        return glitches;
    }

    /** @return the earliest sample index a later decision may still read */
    long oldestNeeded() {
        long now = frame * EncoderConfig.FRAME_STRIDE;
        long general = now - Math.round((k / frameRate + picker.pSearchBeforeSeconds() + MARGIN_SECONDS + 2) * rate);
        for (Pending d : awaitingS) {
            general = Math.min(general, sampleOf(d.p.time()) - Math.round((MARGIN_SECONDS + 1) * rate));
        }
        if (pending == null) {
            return general;
        }
        if (!pending.pDone) {
            return Math.min(general, sampleOf(onset(pending)) - Math.round(
                    (picker.pSearchBeforeSeconds() + MARGIN_SECONDS + 1) * rate));
        }
        if (!pending.sDone && pending.p != null) {
            return Math.min(general, sampleOf(pending.p.time()) - Math.round((MARGIN_SECONDS + 1) * rate));
        }
        return general;
    }

    /** Pushes the score of the next frame. */
    void push(double score) {
        long j = frame++;
        if (on) {
            if (score > config.thresholdOff()) {
                extend(j, score);
            } else {
                on = false;
            }
        } else if (score > config.thresholdOn()) {
            if (pending != null && j - pending.offFrame <= gapFrames) {
                extend(j, score);
            } else {
                if (pending != null) {
                    close(pending);
                }
                pending = new Pending(j, score);
            }
            on = true;
        } else if (pending != null && j - pending.offFrame > gapFrames) {
            close(pending);
            pending = null;
        }
        if (pending != null) {
            advance(pending, j);
        }
        // an S waits while a newer detection's P is undecided: if that is another event, its P ends the search
        while (!awaitingS.isEmpty() && (pending == null || pending.pDone) && sReady(awaitingS.peek(), j)) {
            Pending d = awaitingS.poll();
            decideS(d);
            emit(d);
        }
    }

    /** Ends the stretch: a trigger still on ends at the last frame. */
    void finish() {
        if (pending != null) {
            close(pending);
            pending = null;
        }
        while (!awaitingS.isEmpty()) {
            Pending d = awaitingS.poll();
            decideS(d); // with the data there are
            emit(d);
        }
        on = false;
    }

    private void extend(long j, double score) {
        pending.offFrame = j;
        if (score > pending.peak) {
            pending.peak = score;
            pending.peakFrame = j;
        }
    }

    /**
     * @return the detection's number, given the first time it is asked for: once the trigger has
     *     lasted long enough to count (its P is decided then), so that a trigger dropped as too short
     *     takes none (review: ipoc-cx's CX.PB01 numbers skipped 8 and 26 without a word)
     */
    private String id(Pending d) {
        if (d.id == null) {
            d.id = idPrefix + "-" + counter.getAsInt();
        }
        return d.id;
    }

    private boolean valid(Pending d) {
        return (d.offFrame - d.onFrame + 1) / frameRate >= config.minDurationSeconds();
    }

    private Instant onset(Pending d) {
        // the score window ends at the frame: the onset is near the window's first frame that rose
        long onsetFrame = Math.max(0, d.onFrame - k + 1);
        return timeOfFrame(onsetFrame + k / 2.0);
    }

    private void advance(Pending d, long j) {
        if (!d.pDone && valid(d)
                && !timeOfFrame(j).isBefore(plus(onset(d), picker.pSearchAfterSeconds() + MARGIN_SECONDS))) {
            decideP(d);
        }
        if (d.pDone && !d.sDone && d.p != null && !d.glitch && !d.duplicate
                && !timeOfFrame(d.offFrame).isBefore(plus(d.p.time(), picker.maxSMinusPSeconds()))
                && !timeOfFrame(j).isBefore(plus(d.p.time(), picker.maxSMinusPSeconds() + MARGIN_SECONDS))) {
            decideS(d);
        }
    }

    private void close(Pending d) {
        if (!valid(d)) {
            return;
        }
        if (!d.pDone) {
            decideP(d);
        }
        if (d.duplicate) {
            foldIntoItsEvent(d);
            return;
        }
        if (d.glitch) {
            return;
        }
        if (!d.sDone && d.p != null) {
            if (!sReady(d, frame - 1)) {
                awaitingS.add(d); // the S search reaches past the data seen so far: decided as they come
                return;
            }
            decideS(d);
        }
        emit(d);
    }

    private void emit(Pending d) {
        if (pending != null && pending.duplicate && pending.phaseOf == d) {
            d.fold(pending); // a later phase still triggered: as far as it has come
        }
        d.emitted = true;
        // grown over its later phases, not past the next event's P (where its S search ends): a
        // phase triggered after that P is the next event's, whatever the coda rule took it for
        long limit = d.sLimit == null ? Long.MAX_VALUE
                : (long) Math.floor(java.time.Duration.between(start, d.sLimit).toNanos() * frameRate / 1e9);
        long end = d.offFrame;
        long peakFrame = d.peakFrame;
        double peak = d.peak;
        for (double[] ph : d.phases) {
            if (ph[0] > limit) {
                continue;
            }
            end = Math.max(end, Math.min((long) ph[1], limit));
            if (ph[2] <= limit && ph[3] > peak) {
                peak = ph[3];
                peakFrame = (long) ph[2];
            }
        }
        sink.detection(new Detection(id(d), station, timeOfFrame(d.onFrame), timeOfFrame(end), timeOfFrame(peakFrame),
                peak, d.snr, config.thresholdOn(), model));
    }

    /** A later phase's trigger has ended: its event's detection, unless given out already, covers it. */
    private static void foldIntoItsEvent(Pending phase) {
        if (phase.phaseOf != null && !phase.phaseOf.emitted) {
            phase.phaseOf.fold(phase);
        }
    }

    /**
     * @return whether, at frame {@code j}, a detection's S can be decided: the data reach past its S
     *     search, and far enough that any event whose P lies within that search has triggered
     */
    private boolean sReady(Pending d, long j) {
        return !timeOfFrame(j).isBefore(plus(sSearchEnd(d), MARGIN_SECONDS + picker.pLeadSeconds() + k / frameRate));
    }

    /** @return the end of a detection's S search: the picker's, cut at the next detection's P */
    private Instant sSearchEnd(Pending d) {
        return sSearchEnd(d, true);
    }

    /**
     * @param reachPastBaseline whether a detection ended by its baseline searches to the longest S-P
     *     (false: to its end, where the data end before that longer search does)
     */
    private Instant sSearchEnd(Pending d, boolean reachPastBaseline) {
        Instant detectionEnd = timeOfFrame(d.offFrame);
        if (reachPastBaseline
                && (d.offFrame - d.onFrame + 1) / frameRate >= BASELINE_CAUGHT_UP * config.baselineSeconds()) {
            // the score is relative to a trailing baseline, the 30th percentile of the last
            // baselineSeconds' block medians: once an event fills about 70 % of it the score falls,
            // whatever the event does, so the detection's end says nothing of where S is (review:
            // ipoc-cx detections ended 21-23 s after their onset, before an S 23 s after P)
            detectionEnd = plus(d.p.time(), picker.maxSMinusPSeconds());
        }
        Instant end = picker.sSearchEnd(d.p.time(), detectionEnd);
        if (d.sReach != null && d.sReach.isAfter(end)) {
            end = d.sReach;
        }
        return d.sLimit != null && d.sLimit.isBefore(end) ? d.sLimit : end;
    }

    private void decideP(Pending d) {
        d.pDone = true;
        Instant onset = onset(d);
        long from = sampleOf(onset) - Math.round((picker.pSearchBeforeSeconds() + MARGIN_SECONDS) * rate);
        long to = sampleOf(onset) + Math.round((picker.pSearchAfterSeconds() + MARGIN_SECONDS) * rate);
        AlignedSegment window = samples.slice(from, to);
        if (window.length() < 16) {
            return;
        }
        Instant glitchFrom = timeOfFrame(Math.max(0, d.onFrame - k + 1));
        Instant glitchTo = min(timeOfFrame(d.offFrame), window.timeOf(window.length() - 1));
        if (Detector.isGlitch(window, glitchFrom, glitchTo)) {
            LOG.info("{}: trigger at {} is a spike (energy in one or two samples), not an event; dropped", station,
                    timeOfFrame(d.onFrame));
            d.glitch = true;
            glitches++;
            return;
        }
        Picker.Filtered f = picker.prepare(window);
        Optional<Pick> p = picker.pickP(f, channels, onset, d.peak, id(d));
        if (p.isPresent() && lastP != null
                && Math.abs(java.time.Duration.between(lastP, p.get().time()).toNanos()) <= SAME_ONSET_SECONDS * 1e9) {
            // the look-back from an S-like onset (or a retrigger) found the P already picked: this is
            // a later phase of the previous detection's event, not another event
            LOG.info("{}: trigger at {} finds the P of the previous detection ({}) again: a later phase of that"
                    + " event; dropped", station, timeOfFrame(d.onFrame), lastP);
            d.duplicate = true;
            d.phaseOf = lastDetection;
            return;
        }
        if (p.isPresent() && lastP != null && lastNoise > 0
                && java.time.Duration.between(lastP, p.get().time()).toNanos() <= CODA_SECONDS * 1e9
                && noiseBefore(f.vertical(), window, p.get().time()) >= CODA_NOISE_FACTOR * lastNoise
                && !strongerThanBefore(f.vertical(), window, lastP, p.get().time())) {
            // the motion before this onset is still well above the noise before the previous event,
            // and it is not stronger than that event was: it lies in its coda (a later phase, or the
            // coda itself re-triggered), not another, larger event
            LOG.info("{}: trigger at {} lies in the coda of the previous event (P {}): the motion before it is at least"
                    + " {} times the noise before that event; a later phase, merged into it", station,
                    timeOfFrame(d.onFrame), lastP, CODA_NOISE_FACTOR);
            d.duplicate = true;
            d.phaseOf = lastDetection;
            return;
        }
        Instant sSearch = p.isPresent() && lastDetection != null && !lastDetection.sDone
                ? searchTaking(lastDetection, p.get().time()) : null;
        if (sSearch != null && isItsS(lastDetection, p.get().time(), sSearch)) {
            // the P search (the look-back from an S-like onset, in CI.DPP's case) went back inside the
            // previous detection, or the trigger came after a short detection's S search ended (its S
            // 15-20 s after P, ipoc-cx), to an onset that the previous event's S search takes for its
            // S, more horizontal than vertical and than that event's P: its S, not another event's P.
            // A second event whose P lies there, more vertical, stays an event of its own (review:
            // timing alone does not tell the two apart)
            boolean past = sSearch.isAfter(sSearchEnd(lastDetection));
            if (past) {
                lastDetection.sReach = sSearch; // its S search, when decided, reaches the S it was folded for
            }
            LOG.info("{}: trigger at {} finds its P at {}, {}, where the previous event's S search picks its S: a later"
                    + " phase of that event; dropped", station, timeOfFrame(d.onFrame), p.get().time(),
                    past ? "after the previous event's S search" : "inside the previous detection");
            d.duplicate = true;
            d.phaseOf = lastDetection;
            return;
        }
        if (p.isPresent()) {
            d.p = p.get();
            lastP = d.p.time();
            lastDetection = d;
            lastNoise = noiseBefore(f.vertical(), window, d.p.time());
            double[] onPick = f.componentOf(channels, d.p); // the vertical, unless it showed nothing
            d.snr = snr(onPick, window, d.p.time(), noiseBefore(onPick, window, d.p.time()));
            for (Pending earlier : awaitingS) { // another event: the earlier events' S searches end at its P
                if (earlier.sLimit == null || d.p.time().isBefore(earlier.sLimit)) {
                    earlier.sLimit = d.p.time();
                }
            }
            if (!Picker.standsOnlyWithS(d.p)) {
                sink.pick(d.p);
            }
        }
    }

    /**
     * @return the end of the S search of {@code previous} that would take {@code onset} for its S, or
     *     null where the onset is not a candidate: one inside the previous detection (its own search,
     *     over the data seen so far), or one after that search's end and within the longest S-P of its
     *     P (a short detection, ended in its P coda, searches S to 15 s after P), searched to
     *     {@link Picker#pSearchAfterSeconds()} past it where the data seen reach that far (so that the
     *     S decided later reads the same window). The previous detection is the latest with a P, so no
     *     next event's P has cut its search yet.
     */
    private Instant searchTaking(Pending previous, Instant onset) {
        if (onset.isBefore(timeOfFrame(previous.offFrame))) {
            return sSearchEnd(previous);
        }
        Instant longest = plus(previous.p.time(), picker.maxSMinusPSeconds());
        if (!onset.isAfter(sSearchEnd(previous)) || !onset.isBefore(longest)) {
            return null;
        }
        Instant reach = min(plus(onset, picker.pSearchAfterSeconds()), longest);
        return sampleOf(plus(reach, MARGIN_SECONDS)) > seenSamples() ? null : reach;
    }

    /**
     * @param searchEnd the end of the S search of {@code previous} to read ({@link #searchTaking})
     * @return whether that S search (over the data seen so far) picks its S within {@value
     *     #SAME_ONSET_SECONDS} s of {@code onset}, and the motion there is more horizontal than vertical
     *     and more horizontal than at that event's P (review: a larger second event whose P, ten times
     *     the first one's, had horizontals half its vertical, more than the first P's third, was
     *     folded by the second condition alone); for a search reaching past its own end, also that
     *     the event's own search finds no S (then a trigger after it is another event's)
     */
    private boolean isItsS(Pending previous, Instant onset, Instant searchEnd) {
        boolean past = searchEnd.isAfter(sSearchEnd(previous));
        // over the data seen so far, which may end before the search does (a trigger soon after a
        // short detection): waiting for the rest would hold this trigger's P; the onset must then be
        // the strongest S-like motion seen, and more horizontal than vertical (review of 28a2a63: a
        // gate that refused such a cut search left a short event's S a second event's P)
        AlignedSegment window = sWindow(previous, searchEnd);
        if (window.length() < 16) {
            return false;
        }
        Picker.Filtered f = picker.prepare(window);
        double here = picker.horizontalToVertical(f, onset);
        if (here <= 1 || here <= picker.horizontalToVertical(f, previous.p.time())) {
            return false; // S moves the ground mostly horizontally; a P, even one with strong horizontals, less so
        }
        if (past && picker.pickS(f, channels, previous.p, sSearchEnd(previous), previous.peak, id(previous))
                .isPresent()) {
            return false; // the event has its S where its own search looks: a trigger after that is another event's
        }
        Optional<Pick> s = picker.pickS(f, channels, previous.p, searchEnd, previous.peak, id(previous));
        return s.isPresent()
                && Math.abs(java.time.Duration.between(onset, s.get().time()).toNanos()) <= SAME_ONSET_SECONDS * 1e9;
    }

    /** @return the samples seen so far (at the end of the input: all of them) */
    private long seenSamples() {
        return (frame - 1) * EncoderConfig.FRAME_STRIDE + 1;
    }

    /** @return the data {@code d}'s S search reads, from before its P to {@code searchEnd}, as far as they are seen */
    private AlignedSegment sWindow(Pending d, Instant searchEnd) {
        long from = sampleOf(d.p.time()) - Math.round(MARGIN_SECONDS * rate);
        return samples.slice(from, Math.min(sampleOf(plus(searchEnd, MARGIN_SECONDS)), seenSamples()));
    }

    private void decideS(Pending d) {
        d.sDone = true;
        Instant searchEnd = sSearchEnd(d);
        boolean cut = sampleOf(searchEnd) > seenSamples();
        if (cut) {
            // a long detection's search past its end, cut by the data's end: searched to its end, as
            // before that search reached further (review: it got no S at all)
            searchEnd = sSearchEnd(d, false);
            cut = sampleOf(searchEnd) > seenSamples();
        }
        AlignedSegment window = sWindow(d, searchEnd);
        if (cut) {
            // the data end (the end of the input, or a gap) before the S search does: the search ends
            // at the strongest S-like energy it sees, and cut short it took the P wavetrain for S
            // (black-box review: ipoc-cx cut 6.6 s after a P, S 0.37 s after it where S came 11.3 s
            // after it)
            LOG.info("{}: the data end before the S search of the event at {} does ({}): no S picked", station,
                    d.p.time(), searchEnd);
        }
        Optional<Pick> s = window.length() < 16 || cut ? Optional.empty()
                : picker.pickS(picker.prepare(window), channels, d.p, searchEnd, d.peak, id(d));
        if (Picker.standsOnlyWithS(d.p)) {
            if (s.isEmpty()) {
                LOG.info("{}: the arrival at {} is S-like with nothing before it and {}: given as S", station,
                        d.p.time(), cut ? "no S searched (the data end before its S search does)" : "no S after it");
                sink.pick(Picker.noSFollows(d.p, cut));
                return;
            }
            sink.pick(d.p); // held until now
        }
        s.ifPresent(sink::pick);
    }

    /**
     * @return whether the RMS of the band-passed vertical in the second after {@code p} exceeds its
     *     largest 1 s RMS between {@code previous} (or the window's start) and {@code p}
     */
    private static boolean strongerThanBefore(double[] z, AlignedSegment seg, Instant previous, Instant p) {
        int i = (int) seg.indexOf(p);
        int w = (int) Math.round(seg.sampleRate());
        double after = Signals.rms(z, i, i + w);
        int step = Math.max(1, w / 10);
        for (int k = (int) Math.max(0, seg.indexOf(previous)); k + w <= i; k += step) {
            if (Signals.rms(z, k, k + w) >= after) {
                return false;
            }
        }
        return true;
    }

    /** @return RMS of the band-passed vertical from 5 s to 0.5 s before {@code p} (as {@link #snr}'s noise) */
    private static double noiseBefore(double[] z, AlignedSegment seg, Instant p) {
        int i = (int) seg.indexOf(p);
        double r = seg.sampleRate();
        return Signals.rms(z, (int) Math.max(0, i - 5 * r), (int) Math.max(0, i - 0.5 * r));
    }

    /** @return RMS of the band-passed vertical in the 2 s after {@code p} over {@code noise} ({@link #noiseBefore}) */
    private static double snr(double[] z, AlignedSegment seg, Instant p, double noise) {
        int i = (int) seg.indexOf(p);
        double signal = Signals.rms(z, i, (int) Math.min(z.length, i + 2 * seg.sampleRate()));
        return noise > 0 ? signal / noise : Double.NaN;
    }

    private Instant timeOfFrame(double j) {
        return start.plusNanos(Math.round(j / frameRate * 1e9));
    }

    private long sampleOf(Instant t) {
        return Math.round(java.time.Duration.between(start, t).toNanos() * rate / 1e9);
    }

    private static Instant plus(Instant t, double seconds) {
        return t.plusNanos(Math.round(seconds * 1e9));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
