package io.github.seisclr.detect;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Warnings;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.model.EncoderConfig;
import io.github.seisclr.model.FrameFeatures;
import io.github.seisclr.model.FrameStream;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.Picker;
import io.github.seisclr.score.BackgroundModel;
import io.github.seisclr.score.ResidualModel;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Despiker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector for one station, fed its aligned samples as they arrive; it decides detections and
 * picks with the same code as the batch {@link Detector} and reports each through its
 * {@link Listener} as soon as it is decided: a P pick once the trigger has lasted
 * {@code minDurationSeconds} and the data reach about 4 s past the onset, the S pick and the
 * detection when the trigger ends (S earlier for long events).
 *
 * <p><b>Calibration.</b> Scores need the station's {@link Calibration}. Give one (e.g. from
 * {@link DetectionResult#calibrations()} of a batch run over earlier data) and scoring starts at
 * once; without one, the first {@code calibrationSeconds} of data (default 10 min) are held, the
 * calibration is fitted on them exactly as the batch detector fits it, and they are then scored.
 * A calibration given that records its components ({@link Calibration#components}) scores only a
 * station with those components, as in batch (the station's components are given to
 * {@link #start(Instant, SourceId[], boolean[], boolean[])}): a station with others (its
 * horizontals gone, say) warms up on its own data, with a warning, and the given one scores again
 * once they are there.
 *
 * <p><b>Adaptation.</b> With {@code adaptationSeconds > 0}, feature vectors sampled once a second
 * while no detection is open are collected; every {@code refitSeconds} a background is fitted on
 * them (trimmed, as in batch) and the calibration moves {@code refitSeconds / adaptationSeconds} of
 * the way towards it: an exponential memory with time constant {@code adaptationSeconds} (default
 * 6 h, so day/night changes are followed while an event, excluded and lasting minutes, cannot move
 * it). Adaptation off gives scores identical to a batch run with the same calibration.
 *
 * <p><b>Stretches.</b> Samples must be contiguous and aligned (Z, N/1, E/2 on one grid at the
 * model's rate). After a gap, call {@link #start} again: the filters, encoder context and triggers
 * restart, the calibration carries over. Memory is bounded: a few scale blocks, the encoder's
 * context, the samples a pending pick still needs (about 30 s), while the calibration can change
 * the last 32 s of trailing means (for restating the baseline) and, before calibration, the
 * calibration data (with one amplitude term, 8 bytes, per held frame). Frames that fall below the
 * trigger-off level, the amplitude term included, are what adaptation refits on. Not thread-safe:
 * one thread per instance (the stream package serialises).
 */
public final class IncrementalDetector {
    /** Receives decisions as they are made. */
    public interface Listener {
        /** @param pick a P or S pick */
        void pick(Pick pick);

        /** @param detection a detection, after its picks */
        void detection(Detection detection);

        /**
         * @param calibration a new calibration (fitted after the warm-up, or adapted)
         * @param adapted whether it came from adaptation
         */
        default void calibrated(Calibration calibration, boolean adapted) {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(IncrementalDetector.class);

    private final Encoder encoder;
    private final DetectorConfig config;
    private final String station;
    private final String idPrefix;
    private final double calibrationSeconds;
    private final double adaptationSeconds;
    private final double refitSeconds;
    private final Listener listener;
    /** The batch detector of the same model and settings, whose picker and calibration this one shares. */
    private final Detector batch;
    private final Picker picker;
    private final String model;
    private final double rate;
    private final double frameRate;
    private final int k;
    private final IntSupplier ids;
    /** Samples of the shortest stretch scored: shorter ones are left out, as batch leaves them out. */
    private final long minSamples;
    private Calibration calibration;
    /** The components of the calibration given, when it records them: used only for stretches with them. */
    private final String givenComponents;
    /** The given calibration (as adaptation left it), while stretches of other components are scored. */
    private Calibration setAside;

    // per stretch
    private Instant start;
    private SourceId[] channels;
    private FrameStream frames;
    /** The stretch's despiker: samples go through it first ({@link Despiker}). */
    private Despiker despiker;
    /** Whether this stretch's samples beyond the encoder's input limit have been warned of. */
    private boolean warnedBeyondLimit;
    private ScoreStage scores;
    private EventStage events;
    private final SampleRing ring = new SampleRing();
    private List<float[]> held = new ArrayList<>();
    /** The stretch's frames while it is shorter than {@link #minSamples}; null once it is not. */
    private List<float[]> pending;
    private long scored; // frames of the stretch pushed to the event stage
    /** The stretch's amplitude term, or null when the settings leave it out. */
    private AmplitudeTerm amplitude;
    /** Its values for the frames not yet scored, oldest first (the frames held for calibration included). */
    private final Doubles amplitudes = new Doubles();
    private final List<double[]> reservoir = new ArrayList<>();
    /** The context means beside {@link #reservoir}'s trailing means, where the residual is scored. */
    private final List<double[]> reservoirContext = new ArrayList<>();
    private final List<Double> reservoirRel = new ArrayList<>();
    private final List<Double> reservoirResidual = new ArrayList<>();
    private long adaptTick;
    private double hours;
    /** Holes between the stretches scored, and where the last of them ended. */
    private final Holes holes;
    private Instant lastScoredEnd;

    private IncrementalDetector(Builder b) {
        encoder = b.encoder;
        config = b.config;
        station = b.station;
        idPrefix = b.idPrefix;
        int[] own = {0};
        ids = b.ids != null ? b.ids : () -> ++own[0];
        calibrationSeconds = b.calibrationSeconds;
        adaptationSeconds = b.adaptationSeconds;
        refitSeconds = b.refitSeconds;
        listener = b.listener;
        calibration = Detector.usable(b.calibration, config, station, "the station's first minutes");
        givenComponents = calibration != null ? calibration.components() : null;
        // Detector.of starts measuring the model's reference noise, which the warm-up calibration
        // and adaptation (the model's score scale) need: with a calibration given and no
        // adaptation, nothing needs it
        batch = calibration == null || adaptationSeconds > 0 ? Detector.of(encoder, config) : new Detector(encoder, config);
        picker = batch.picker();
        model = batch.modelId();
        rate = encoder.config().sampleRate();
        frameRate = rate / EncoderConfig.FRAME_STRIDE;
        k = batch.framesPerWindow(frameRate);
        minSamples = Math.max(1, Math.round(batch.minStretchSeconds() * rate));
        holes = new Holes(rate);
    }

    /**
     * @param encoder the trained encoder
     * @param config detection settings
     * @return a builder
     */
    public static Builder builder(Encoder encoder, DetectorConfig config) {
        return new Builder(encoder, config);
    }

    /** @return the current calibration, if fitted or given */
    public Optional<Calibration> calibration() {
        return Optional.ofNullable(calibration);
    }

    /**
     * @return hours of data scored so far: the stretches that have ended, and the open one's samples
     *     so far once it holds enough to be scored (a stretch too short to score, ended, counts none)
     */
    public double hoursScored() {
        long open = frames == null ? 0 : frames.samplesIn();
        return hours + (open >= minSamples ? open / rate / 3600 : 0);
    }

    /**
     * @return the warning of the holes between the stretches scored so far (the stretches that have
     *     ended), as batch words it for its data ({@code detect}'s "hole(s) in the data scored"), or
     *     empty where there is none
     */
    public Optional<String> holesWarning() {
        return holes.warning(station);
    }

    /** @return samples per component held in memory now (for monitoring) */
    public long heldSamples() {
        return ring.size() + (long) held.size() * EncoderConfig.FRAME_STRIDE;
    }

    /**
     * The components of the stretch being scored (Z, N/1, E/2), which the reference noise of its
     * calibration is measured with (the batch run takes the station's; they differ only where a
     * stretch lacks a component the station otherwise has).
     */
    private boolean[] components = {true, true, true};

    /**
     * Starts a contiguous stretch (ending the previous one, whose open detection is then decided).
     *
     * @param first time of the stretch's first sample
     * @param channelIds ids of Z, N/1, E/2 (null where absent)
     * @param present which components are recorded
     */
    public void start(Instant first, SourceId[] channelIds, boolean[] present) {
        start(first, channelIds, present, present);
    }

    /**
     * Starts a contiguous stretch (ending the previous one, whose open detection is then decided).
     *
     * @param first time of the stretch's first sample
     * @param channelIds ids of Z, N/1, E/2 (null where absent)
     * @param present which components are recorded in this stretch
     * @param stationComponents which components the station has (those it has sent, silent ones
     *     included): a given calibration scores the stretch when it was fitted on these, as batch
     *     decides for a station's data as a whole, whatever a stretch lacks for a while
     */
    public void start(Instant first, SourceId[] channelIds, boolean[] present, boolean[] stationComponents) {
        finish();
        warmHere = true;
        if (provisional && !java.util.Arrays.equals(present, warmComponents)) {
            // other components, other features: a stretch with more of them starts the warm-up again
            // on its own; one with fewer (a component silent for a while) does not count towards it,
            // so that the calibration does not settle on a passing subset
            if (count(present) > count(warmComponents)) {
                warm.clear();
                warmComponents = present.clone();
            } else {
                warmHere = false;
            }
        }
        start = Objects.requireNonNull(first, "first");
        channels = channelIds.clone();
        components = present.clone(); // none present reads as all three, as in ReferenceNoise
        useGivenIfSameComponents(first, stationComponents);
        frames = encoder.stream(present);
        despiker = new Despiker(present);
        warnedBeyondLimit = false;
        amplitude = config.amplitudeTerm() ? new AmplitudeTerm(encoder.config(), present) : null;
        amplitudes.clear();
        ring.reset(present);
        scores = null;
        events = null;
        held = new ArrayList<>();
        pending = new ArrayList<>();
        scored = 0;
        if (calibration != null) {
            begin();
        }
    }

    /**
     * Feeds the next contiguous samples of the stretch.
     *
     * @param samples {@code [3][m]} at the model's rate
     * @param from first index
     * @param to one past the last index
     */
    public void push(double[][] samples, int from, int to) {
        if (frames == null) {
            throw new IllegalStateException("call start(...) before push(...)");
        }
        double[][] ready = despiker.push(samples, from, to);
        if (despiker.warningDue()) {
            // batch names each stretch's count once
            despiker.warn(station, channels, start, rate);
        }
        feed(ready, 0, ready[0].length);
    }

    /** Feeds the stretch's next samples as the despiker lets them out. */
    private void feed(double[][] samples, int from, int to) {
        if (to <= from) {
            return;
        }
        ring.append(samples, from, to);
        if (amplitude != null) {
            // before the frames: each frame's term (at its first sample) is then always waiting for it
            amplitude.push(samples, from, to, amplitudes::add);
        }
        float[][] out = frames.push(samples, from, to);
        if (frames.beyondLimit() > 0 && !warnedBeyondLimit) {
            // once per stretch, as batch warns once per segment, and before the detections it explains
            warnedBeyondLimit = true;
            io.github.seisclr.model.Preprocessor.warnHeld(station, frames.beyondLimit(),
                    start.plusNanos(Math.round(frames.firstBeyondLimit() / rate * 1e9)));
        }
        for (float[] f : out) {
            accept(f);
        }
        trim();
    }

    /** Passes a frame on once the stretch has reached the shortest length scored; holds it until then. */
    private void accept(float[] f) {
        if (pending == null) {
            frame(f);
            return;
        }
        pending.add(f);
        if (frames.samplesIn() >= minSamples) {
            release();
        }
    }

    /** Scores the frames held while the stretch was shorter than {@link #minSamples}. */
    private void release() {
        List<float[]> p = pending;
        pending = null;
        p.forEach(this::frame);
    }

    /** Ends the current stretch: its last frames are scored and an open detection decided. */
    public void finish() {
        if (frames == null) {
            return;
        }
        double[][] rest = despiker.finish();
        if (despiker.finalCountDue()) {
            despiker.warn(station, channels, start, rate); // the stretch's whole count, as batch gives it
        }
        feed(rest, 0, rest[0].length);
        for (float[] f : frames.finish()) {
            accept(f);
        }
        boolean kept = frames.samplesIn() >= minSamples;
        if (pending != null && kept) {
            release();
        } else if (!kept) {
            LOG.info("{}: the stretch from {} holds {} s, shorter than the {} s scored; left out, as in batch",
                    station, start, String.format(java.util.Locale.ROOT, "%.2f", frames.samplesIn() / rate),
                    batch.minStretchSeconds());
        }
        pending = null;
        if (calibration == null && !held.isEmpty()) {
            calibrateOnHeld();
        }
        if (provisional && !warmStretch.isEmpty()) {
            warm.add(FrameFeatures.of(warmStart, frameRate, warmStretch.toArray(new float[0][])));
            warmStretch = new ArrayList<>();
        }
        if (scores != null) {
            scores.finish(this::scored);
            events.finish();
        }
        if (kept) {
            hours += frames.samplesIn() / rate / 3600;
            if (lastScoredEnd != null) {
                holes.between(lastScoredEnd, start);
            }
            lastScoredEnd = start.plusNanos(Math.round(frames.samplesIn() / rate * 1e9));
        }
        frames = null;
        scores = null;
        events = null;
        held = new ArrayList<>();
    }

    /**
     * A given calibration scores only a station with the components it was fitted on, as in batch
     * ({@link Detector#sameComponents}): a station with others (its horizontals gone, say) warms up
     * on its own data, and the given one (as adaptation has moved it) comes back with its
     * components. Adaptation starts afresh at each change, so that one component set's vectors
     * never move the other's calibration.
     */
    private void useGivenIfSameComponents(Instant first, boolean[] stationComponents) {
        if (givenComponents == null) {
            return;
        }
        boolean[] has = count(stationComponents) == 0 ? ReferenceNoise.ALL : stationComponents; // none reads as all
        boolean same = Detector.fittedOn(givenComponents, has);
        String here = StationStream.slotCodes(has);
        if (same == (setAside == null)) {
            return;
        }
        if (!same) {
            Warnings.say(LOG, "{}: the calibration given was fitted on components {}, the station has {} from {};"
                    + " fitted on its data instead", station, givenComponents, here, first);
            setAside = calibration;
            calibration = null;
        } else {
            LOG.info("{}: components {} again from {}; scored with the calibration given", station, here, first);
            calibration = setAside;
            setAside = null;
            listener.calibrated(calibration, false);
        }
        provisional = false;
        warm.clear();
        warmStretch = new ArrayList<>();
        clearReservoir();
        lastRel = Double.NaN;
        adaptTick = 0;
    }

    private void begin() {
        BackgroundModel bg = calibration.background();
        scores = new ScoreStage(k, bg.dimension(), frameRate, config.baselineSeconds(), bg, residualOf(calibration));
        if (adaptationSeconds > 0 || provisional) {
            scores.keepRecent(); // the calibration may change in the middle of this stretch
        }
        events = new EventStage(config, picker, channels, station, idPrefix, model, start, rate, k, ring::slice,
                EventStage.Sink.of(listener::pick, listener::detection), ids);
    }

    private void frame(float[] f) {
        if (scores == null) {
            held.add(f);
            if (held.size() >= calibrationSeconds * frameRate) {
                calibrateOnHeld();
            }
            return;
        }
        if (provisional && warmHere) {
            if (warmStretch.isEmpty()) {
                warmStart = start; // a provisional calibration scores its later stretches from their start
            }
            warmStretch.add(f);
            int n = warmStretch.size();
            for (FrameFeatures w : warm) {
                n += w.count();
            }
            if (n >= calibrationSeconds * frameRate) {
                recalibrateOnWarm();
            }
        }
        int[] got = {0};
        scores.push(f, (x, y) -> {
            got[0]++;
            scored(x, y);
        });
        if (got[0] == 1 && adaptationSeconds > 0 && !replayingHeld && !events.busy()
                && ++adaptTick % Math.round(frameRate) == 0) {
            adapt();
        }
    }

    private void scored(double rel, double residual) {
        double a = amplitude == null ? 0 : amplitudes.remove();
        double score = scored < k - 1 ? 0 : calibration.score(rel, residual) + a;
        scored++;
        events.push(score);
        if (adaptationSeconds > 0 && score <= config.thresholdOff()) {
            lastRel = rel;
            lastResidual = residual;
        }
    }

    /** @return the calibration's residual model where the settings score the residual, else null */
    private ResidualModel residualOf(Calibration c) {
        return Detector.Models.of(c, config).residual();
    }

    private double lastRel = Double.NaN;
    private double lastResidual = Double.NaN;

    // a calibration fitted on less than calibrationSeconds, because the stretch ended (a gap) before
    // that: it scores until enough frames of the station, over its stretches with the same components,
    // have come to fit one on calibrationSeconds, which then replaces it (else one packet lost in the
    // first minutes fixed the station's calibration on a minute of data, as found by review)
    private boolean provisional;
    private final List<FrameFeatures> warm = new ArrayList<>();
    private List<float[]> warmStretch = new ArrayList<>();
    private Instant warmStart;
    private boolean[] warmComponents;
    private boolean warmHere = true;

    private static int count(boolean[] present) {
        int n = 0;
        for (boolean p : present) {
            n += p ? 1 : 0;
        }
        return n;
    }

    /**
     * @return whether the calibration is provisional: fitted on less than the warm-up's length because
     *     the data broke off, and to be replaced once the warm-up is full (not worth saving for a restart)
     */
    public boolean calibrationProvisional() {
        return provisional;
    }

    private void adapt() {
        if (Double.isNaN(lastRel)) {
            return;
        }
        boolean residual = residualOf(calibration) != null;
        reservoir.add(scores.lastMean());
        reservoirRel.add(lastRel);
        if (residual) {
            reservoirContext.add(scores.lastContext());
            reservoirResidual.add(lastResidual);
        }
        lastRel = Double.NaN;
        if (reservoir.size() >= refitSeconds) {
            try {
                BackgroundModel bg = BackgroundModel.fit(reservoir.toArray(new double[0][]), config.trim());
                double[] ms = Calibration.medianAndSpread(reservoirRel.stream().mapToDouble(Double::doubleValue)
                        .toArray());
                // on the model's scale, as every calibration of this model is (Detector.calibrate)
                Calibration recent = new Calibration(bg, ms[0], ms[1] * batch.scale(k, components), "recent");
                if (residual) {
                    // the residuals' Gaussian follows the station; the lines, fitted on the warm-up
                    // and the reference noise, stay
                    ResidualModel r = ResidualModel.fit(reservoir.toArray(new double[0][]),
                            reservoirContext.toArray(new double[0][]), calibration.residual().line(), config.trim());
                    double[] mr = Calibration.medianAndSpread(reservoirResidual.stream()
                            .mapToDouble(Double::doubleValue).toArray());
                    recent = recent.withResidual(r, mr[0], mr[1]);
                }
                calibration = calibration.blend(recent, Math.min(1, refitSeconds / adaptationSeconds));
                scores.models(calibration.background(), residualOf(calibration));
                listener.calibrated(calibration, true);
            } catch (IllegalArgumentException e) {
                // too little spread to fit (e.g. a flat-lined channel): keep the current calibration
            }
            clearReservoir();
        }
    }

    private void clearReservoir() {
        reservoir.clear();
        reservoirContext.clear();
        reservoirRel.clear();
        reservoirResidual.clear();
    }

    /** Replaces a provisional calibration with one fitted on the warm-up's frames over its stretches. */
    private void recalibrateOnWarm() {
        List<FrameFeatures> all = new ArrayList<>(warm);
        all.add(FrameFeatures.of(warmStart, frameRate, warmStretch.toArray(new float[0][])));
        double minutes = all.stream().mapToInt(FrameFeatures::count).sum() / frameRate / 60;
        calibration = batch.fitCalibration(all, k, components, station, String.format(java.util.Locale.ROOT, "fitted on the first %.1f min of %s"
                + " (%d stretches)", minutes, station, all.size()));
        scores.models(calibration.background(), residualOf(calibration));
        provisional = false;
        warm.clear();
        warmStretch = new ArrayList<>();
        listener.calibrated(calibration, false);
    }

    /** Whether the frames scored are the held ones a calibration was just fitted on ({@link #calibrateOnHeld}). */
    private boolean replayingHeld;

    private void calibrateOnHeld() {
        // the stretch is as long as batch scores (accept): with fewer score windows than a fit takes
        // it is calibrated against the reference noise alone, as batch calibrates it
        float[][] fs = held.toArray(new float[0][]);
        FrameFeatures ff = FrameFeatures.of(start, frameRate, fs);
        calibration = batch.fitCalibration(List.of(ff), k, components, station, String.format(java.util.Locale.ROOT, "fitted on the first %.1f min of %s",
                fs.length / frameRate / 60, station));
        listener.calibrated(calibration, false);
        held = new ArrayList<>();
        begin();
        // the held frames are those the calibration was just fitted on: scored, not collected again
        // for adaptation (review: they filled its reservoir at once, and the first adaptation, due
        // refitSeconds after the warm-up, refitted the warm-up's own data right after it)
        replayingHeld = true;
        try {
            for (float[] f : fs) {
                frame(f);
            }
        } finally {
            replayingHeld = false;
        }
        if (fs.length < calibrationSeconds * frameRate) {
            // the stretch ended before the warm-up's length: it is scored with this calibration, which
            // the warm-up's frames over the next stretches replace (recalibrateOnWarm)
            provisional = true;
            warm.clear();
            warm.add(ff);
            warmStretch = new ArrayList<>();
            warmComponents = components.clone();
        }
    }

    private void trim() {
        if (events != null) {
            ring.dropBefore(events.oldestNeeded());
        }
    }

    /** Raw samples of the stretch from a moving first index, growing as needed. */
    private final class SampleRing {
        private double[][] data = new double[3][0];
        private boolean[] present = {true, true, true};
        private long first;
        private int count;

        void reset(boolean[] p) {
            present = p.clone();
            first = 0;
            count = 0;
        }

        long size() {
            return count;
        }

        void append(double[][] x, int from, int to) {
            int n = to - from;
            if (count + n > data[0].length) {
                int cap = Math.max(2 * data[0].length, count + n);
                for (int c = 0; c < 3; c++) {
                    data[c] = Arrays.copyOf(data[c], cap);
                }
            }
            for (int c = 0; c < 3; c++) {
                if (present[c]) {
                    System.arraycopy(x[c], from, data[c], count, n);
                } else {
                    Arrays.fill(data[c], count, count + n, 0);
                }
            }
            count += n;
        }

        void dropBefore(long index) {
            int drop = (int) Math.min(count, Math.max(0, index - first));
            if (drop < 4096) {
                return; // compact in bulk
            }
            for (int c = 0; c < 3; c++) {
                System.arraycopy(data[c], drop, data[c], 0, count - drop);
            }
            first += drop;
            count -= drop;
        }

        AlignedSegment slice(long from, long to) {
            long a = Math.max(from, first);
            long b = Math.max(a, Math.min(to, first + count));
            double[][] out = new double[3][];
            for (int c = 0; c < 3; c++) {
                out[c] = Arrays.copyOfRange(data[c], (int) (a - first), (int) (b - first));
            }
            return new AlignedSegment(station, start.plusNanos(Math.round(a / rate * 1e9)), rate, out, present);
        }
    }

    /** Settings for an {@link IncrementalDetector}. */
    public static final class Builder {
        private final Encoder encoder;
        private final DetectorConfig config;
        private String station = "XX.STA..HH";
        private String idPrefix = "STA";
        private IntSupplier ids;
        private Calibration calibration;
        private double calibrationSeconds = 600;
        private double adaptationSeconds = 6 * 3600;
        private double refitSeconds = 600;
        private Listener listener = new Listener() {
            @Override
            public void pick(Pick pick) {
            }

            @Override
            public void detection(Detection detection) {
            }
        };

        private Builder(Encoder encoder, DetectorConfig config) {
            this.encoder = Objects.requireNonNull(encoder, "encoder");
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * @param code station code NET.STA.LOC.BI (as {@code StationStream.code()})
         * @param stationName station name, the prefix of detection ids
         * @return this
         */
        public Builder station(String code, String stationName) {
            this.station = Objects.requireNonNull(code, "code");
            this.idPrefix = Objects.requireNonNull(stationName, "stationName");
            return this;
        }

        /**
         * Shares the numbering of detection ids with other detectors, as batch detection numbers a
         * station's detections once whatever sensor (location, band code) made them: the detectors
         * of one station's sensors given one supplier give ids that never repeat.
         *
         * @param next gives the next number, from 1 (called on the thread that feeds this detector)
         * @return this
         */
        public Builder ids(IntSupplier next) {
            this.ids = Objects.requireNonNull(next, "next");
            return this;
        }

        /** @param c a calibration to start from (skips the warm-up); null to fit one @return this */
        public Builder calibration(Calibration c) {
            this.calibration = c;
            return this;
        }

        /** @param seconds data held to fit a calibration when none is given (at least 60) @return this */
        public Builder calibrationSeconds(double seconds) {
            if (!(seconds >= 60) || !Double.isFinite(seconds)) {
                throw new IllegalArgumentException("calibrationSeconds must be at least 60, got " + seconds);
            }
            this.calibrationSeconds = seconds;
            return this;
        }

        /** @param seconds adaptation time constant; 0 turns adaptation off @return this */
        public Builder adaptationSeconds(double seconds) {
            if (!(seconds >= 0) || Double.isNaN(seconds)) {
                throw new IllegalArgumentException("adaptationSeconds must be 0 (off) or positive, got " + seconds);
            }
            this.adaptationSeconds = seconds;
            return this;
        }

        /** @param seconds interval between adaptation steps (at least 300: 300 vectors per fit) @return this */
        public Builder refitSeconds(double seconds) {
            if (!(seconds >= 300) || !Double.isFinite(seconds)) {
                throw new IllegalArgumentException("refitSeconds must be at least 300, got " + seconds);
            }
            this.refitSeconds = seconds;
            return this;
        }

        /** @param l where decisions go @return this */
        public Builder listener(Listener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /** @return the detector */
        public IncrementalDetector build() {
            return new IncrementalDetector(this);
        }
    }

    /** A growing first-in first-out queue of doubles, without boxing. */
    private static final class Doubles {
        private double[] values = new double[256];
        private int head;
        private int size;

        void add(double v) {
            if (size == values.length) {
                double[] grown = new double[2 * values.length];
                for (int i = 0; i < size; i++) {
                    grown[i] = values[(head + i) % values.length];
                }
                values = grown;
                head = 0;
            }
            values[(head + size++) % values.length] = v;
        }

        double remove() {
            if (size == 0) {
                throw new IllegalStateException("a frame scored without its amplitude term: the samples must come first");
            }
            double v = values[head];
            head = (head + 1) % values.length;
            size--;
            return v;
        }

        void clear() {
            head = 0;
            size = 0;
        }
    }
}
