package io.github.seisclr.stream;

import io.github.seisclr.detect.Calibration;
import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.detect.IncrementalDetector;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.Times;
import io.github.seisclr.io.Trace;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.pick.Pick;
import java.util.function.IntSupplier;

/**
 * One station: up to three channel feeds aligned into stretches for an {@link IncrementalDetector}.
 * A stretch starts when every component that is not silent has data, at the latest of their
 * first samples; it ends at a break in any of them (or one going silent or coming back).
 */
final class StationFeed {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StationFeed.class);
    private final String code;
    private final double modelRate;
    private final double bandLowHz;
    private final StreamConfig config;
    private final StreamListener listener;
    private final ChannelFeed[] comps = new ChannelFeed[3];
    private final IncrementalDetector detector;
    private final long firstSeenNanos;
    private boolean running;
    private boolean[] present;
    private long nextNanos; // time of the next sample to push
    /** End of the data pushed to the detector so far (ns), or {@link Long#MIN_VALUE} before any. */
    private long pushedEnd = Long.MIN_VALUE;
    /** Data received by the station's channels (ns of records), for how long a channel has sent nothing. */
    private long received;

    StationFeed(String code, String name, Encoder encoder, DetectorConfig detectorConfig, StreamConfig config,
                Calibration calibration, StreamListener listener, long firstSeenNanos, IntSupplier ids) {
        this.code = code;
        this.modelRate = encoder.config().sampleRate();
        this.bandLowHz = encoder.config().bandLowHz();
        this.config = config;
        this.listener = listener;
        this.firstSeenNanos = firstSeenNanos;
        this.detector = IncrementalDetector.builder(encoder, detectorConfig).station(code, name).ids(ids)
                .calibration(calibration).calibrationSeconds(config.calibrationSeconds())
                .adaptationSeconds(config.adaptationSeconds()).refitSeconds(config.refitSeconds())
                .listener(new IncrementalDetector.Listener() {
                    @Override
                    public void pick(Pick pick) {
                        listener.onPick(pick);
                    }

                    @Override
                    public void detection(Detection detection) {
                        listener.onDetection(detection);
                    }

                    @Override
                    public void calibrated(Calibration c, boolean adapted) {
                        listener.onCalibrated(code, c, adapted);
                        // an adaptation says what it did: its calibration's origin still names the warm-up
                        // it started from (review: "fitted on the first 10.0 min ..., adapted" at every refit read
                        // as a new fit on the first minutes)
                        listener.onNotice(new StreamNotice(StreamNotice.Kind.CALIBRATED, code, null,
                                Times.toInstant(nextNanos), adapted ? String.format(java.util.Locale.ROOT,
                                        "adapted: moved %.3f of the way towards a fit on %.0f vectors sampled once a"
                                        + " second since the last refit, while no detection was open (time constant"
                                        + " %.1f h); now %s", Math.min(1, config.refitSeconds() / config.adaptationSeconds()),
                                        config.refitSeconds(), config.adaptationSeconds() / 3600, c) : c.toString()));
                    }
                }).build();
    }

    IncrementalDetector detector() {
        return detector;
    }

    void accept(int comp, Trace t) {
        ended = false;
        if (comps[comp] == null) {
            comps[comp] = new ChannelFeed(t.id(), code, config, modelRate, bandLowHz, listener::onNotice);
        }
        ChannelFeed f = comps[comp];
        boolean wasUnsupported = !Double.isNaN(f.rate()) && !f.usable();
        received += Times.toNanos(t.endExclusive()) - Times.toNanos(t.start());
        f.sentAt = received;
        f.accept(t);
        if (!f.usable() && !wasUnsupported) {
            listener.onNotice(new StreamNotice(StreamNotice.Kind.RATE_UNSUPPORTED, code, t.id(), t.start(),
                    String.format(java.util.Locale.ROOT, "channel at %s Hz (Nyquist frequency %s Hz) cannot be used"
                            + " by the model at %s Hz with its band from %s Hz; it is left out", num(f.rate()),
                            num(f.rate() / 2), num(modelRate), num(bandLowHz))));
        }
        if (!f.usable()) {
            // regression: an unused channel's samples were kept for as long as it sent (found by the soak)
            f.discardReleased();
        }
        process(false);
    }

    /** Forgets the channel of slot {@code comp} (another channel takes its place); the station restarts. */
    void drop(int comp) {
        comps[comp] = null;
        process(false);
    }

    /** @return whether a channel takes part: at a rate the model can use, with its first run begun */
    private static boolean usable(ChannelFeed f) {
        return f != null && f.usable() && f.first() != null;
    }

    private static String num(double v) {
        return io.github.seisclr.io.SampleRates.format(v);
    }

    /** Pushes what every live component has; restarts the stretch where the feed calls for it. */
    void process(boolean flush) {
        for (ChannelFeed f : comps) {
            if (f != null) {
                f.settle(othersNewest(f));
            }
        }
        for (int guard = 0; guard < 1000; guard++) {
            updateSilence();
            boolean[] live = new boolean[3];
            int nLive = 0;
            for (int c = 0; c < 3; c++) {
                live[c] = usable(comps[c]) && !comps[c].silent;
                nLive += live[c] ? 1 : 0;
                if (usable(comps[c]) && comps[c].silent) {
                    // a channel that lags by more than the silence limit but keeps sending: what it has
                    // lies before where the station will restart with it, so it is never used; kept,
                    // it grew by a day of samples a day (found by review)
                    long before = comps[c].discarded;
                    comps[c].discardReleased(true);
                    warnDiscarded(comps[c], before, flush);
                }
            }
            if (nLive == 0) {
                return;
            }
            if (running && !java.util.Arrays.equals(live, present)) {
                detector.finish();
                running = false;
            }
            if (!running) {
                if (!flush && anyPending()) {
                    return; // a component's first records wait to be put in order: it comes within the tolerance
                }
                if (!flush && nLive < 3
                        && newestEnd() - waitFrom() < config.silenceSeconds() * 1e9 + longestRecord()) {
                    return; // the other components may still come
                }
                if (!startStretch(live)) {
                    return;
                }
            }
            int avail = Integer.MAX_VALUE;
            for (int c = 0; c < 3; c++) {
                if (present[c]) {
                    avail = Math.min(avail, comps[c].first().available());
                }
            }
            if (avail > 0) {
                double[][] block = new double[3][avail];
                for (int c = 0; c < 3; c++) {
                    if (present[c]) {
                        ChannelFeed.Run r = comps[c].first();
                        r.copy(r.consumed, block[c], 0, avail);
                        r.consumed += avail;
                    }
                }
                detector.push(block, 0, avail);
                nextNanos += Math.round(avail * 1e9 / modelRate);
                pushedEnd = nextNanos;
            }
            boolean broken = false;
            for (int c = 0; c < 3; c++) {
                if (present[c]) {
                    ChannelFeed f = comps[c];
                    if (f.first().available() == 0 && f.hasLaterRun()) {
                        broken = true;
                    }
                    f.dropConsumedRuns();
                }
            }
            if (broken) {
                detector.finish();
                running = false;
                continue;
            }
            if (flush) {
                detector.finish();
                running = false;
            }
            return;
        }
    }

    /**
     * Warns of a lagging channel's samples left out (at the first, at each doubling of the count, and
     * at the end of input, the run listing the last count): data fed more than the silence limit
     * behind the station's other components, as when a caller feeds a file channel after channel
     * (review: HHN and HHE of an hour fed after HHZ were left out with no word but CHANNEL_SILENT,
     * which said they were missing).
     */
    private void warnDiscarded(ChannelFeed f, long before, boolean atEnd) {
        long now = f.discarded;
        if (now == 0 || !atEnd && (now == before
                || before > 0 && Long.highestOneBit(now) == Long.highestOneBit(before))) {
            return;
        }
        // logged at the first and at the end; the counts between update the run's list only
        String said = String.format(java.util.Locale.ROOT,
                "%s: %.1f s of data between %s and %s came more than %s s behind the station's other components"
                        + " and were not scored: feed a station's channels interleaved in time, as a live feed"
                        + " sends them (records in order of their end time), not channel after channel; a channel"
                        + " whose telemetry lags further behind the others needs a longer wait"
                        + " (StreamConfig.silenceSeconds, stream --silence-seconds)",
                f.id, now / modelRate, Times.toInstant(f.discardedFrom), Times.toInstant(f.discardedTo),
                num(config.silenceSeconds()));
        if (before == 0 || atEnd) {
            io.github.seisclr.io.Warnings.updating(LOG, "left behind " + f.id, said);
        } else {
            io.github.seisclr.io.Warnings.relisting("left behind " + f.id, said);
        }
    }

    /** Aligns the live components at the latest of their first samples; false when one has nothing. */
    private boolean startStretch(boolean[] live) {
        for (int round = 0; round < 100; round++) {
            long t0 = Long.MIN_VALUE;
            for (int c = 0; c < 3; c++) {
                if (live[c]) {
                    comps[c].dropConsumedRuns();
                    ChannelFeed.Run r = comps[c].first();
                    if (r == null || r.available() == 0) {
                        return false;
                    }
                    t0 = Math.max(t0, r.nanosOf(r.consumed));
                }
            }
            boolean ok = true;
            for (int c = 0; c < 3; c++) {
                if (live[c]) {
                    ChannelFeed.Run r = comps[c].first();
                    long idx = Math.round((t0 - r.startNanos) * r.rate / 1e9);
                    if (idx >= r.released()) {
                        r.consumed = r.released(); // the run ends before t0: skip it
                        ok = false;
                    } else {
                        r.consumed = Math.max(r.consumed, idx);
                    }
                }
            }
            if (!ok) {
                continue;
            }
            present = live.clone();
            SourceId[] ids = new SourceId[3];
            long start = Long.MIN_VALUE;
            for (int c = 0; c < 3; c++) {
                if (live[c]) {
                    ids[c] = comps[c].id;
                    ChannelFeed.Run r = comps[c].first();
                    if (start == Long.MIN_VALUE) {
                        start = r.nanosOf(r.consumed);
                    }
                }
            }
            nextNanos = start;
            // the station's components are those it has sent, silent ones included, as batch takes a
            // station's channels over all its data: a calibration given for them goes on scoring a
            // stretch that lacks one for a while
            boolean[] has = new boolean[3];
            for (int c = 0; c < 3; c++) {
                has[c] = usable(comps[c]);
            }
            detector.start(Times.toInstant(start), ids, present, has);
            running = true;
            return true;
        }
        return false;
    }

    /**
     * @return where the wait for missing components counts from: the station's first record, or the
     *     start of a run before it (a first record stamped ahead, a bad clock, held the station for
     *     as long as its stamp stayed ahead)
     */
    private long waitFrom() {
        long t = firstSeenNanos;
        for (ChannelFeed f : comps) {
            if (f != null && f.first() != null) {
                t = Math.min(t, f.first().startNanos);
            }
        }
        return t;
    }

    /** @return whether a component's first records wait to be put in order, near the others' data */
    private boolean anyPending() {
        for (ChannelFeed f : comps) {
            if (f != null && f.pending() && f.pendingNear(othersNewest(f))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the newest data time (a record's end) of the station's channels other than {@code f}
     *     that they can count on ({@link ChannelFeed#credibleNewest}) (ns)
     */
    private long othersNewest(ChannelFeed f) {
        long others = Long.MIN_VALUE;
        for (ChannelFeed g : comps) {
            if (g != null && g != f) {
                others = Math.max(others, g.credibleNewest());
            }
        }
        return others;
    }

    /** @return the usable channels of the station besides {@code f} (at least 1) */
    private int others(ChannelFeed f) {
        int n = 0;
        for (ChannelFeed g : comps) {
            n += g != f && usable(g) ? 1 : 0;
        }
        return Math.max(1, n);
    }

    private long longestRecord() {
        long n = 0;
        for (ChannelFeed f : comps) {
            if (f != null) {
                n = Math.max(n, f.longestRecordNanos);
            }
        }
        return n;
    }

    /** @return the end of the newest data over the channels (epoch ns) */
    long newestEnd() {
        long n = Long.MIN_VALUE;
        for (ChannelFeed f : comps) {
            if (f != null) {
                n = Math.max(n, f.dataEnd());
            }
        }
        return n;
    }

    private void updateSilence() {
        for (ChannelFeed f : comps) {
            if (!usable(f)) {
                continue;
            }
            long allowance = allowance(f);
            Lag lag = lag(f, allowance);
            // a channel that fills an outage lags while it keeps sending (not once the others have
            // sent the allowance's worth each since its last record: found by review, a link lost
            // during the filling held the station)
            boolean lagging = lag.nanos() > allowance && !(f.catchingUp() && received - f.sentAt <= allowance * others(f));
            if (lagging && !f.silent) {
                f.silent = true;
                f.silentAt = f.dataEnd();
                listener.onNotice(new StreamNotice(StreamNotice.Kind.CHANNEL_SILENT, code, f.id,
                        Times.toInstant(f.dataEnd()), lag.message()));
            } else if (!lagging && f.silent && f.dataEnd() > f.silentAt) {
                f.silent = false;
                listener.onNotice(new StreamNotice(StreamNotice.Kind.CHANNEL_BACK, code, f.id,
                        Times.toInstant(f.dataEnd()), "data again; the station restarts with it"));
            }
        }
    }

    /**
     * How far the station's other usable components have gone on past {@code f}'s data: the most
     * any of them holds after {@code f}'s end. Where another's last break began before {@code f}
     * could be found lagging (at most the silence limit after {@code f}'s end: a gap they share),
     * that one counts only from where it resumed, so the first component back from a shared gap does
     * not make the others lag until it has been back for the silence limit without them. Before,
     * the whole gap counted, and after any shared gap longer than the silence limit the components
     * whose records came after the first one's were reported silent for the length of the gap and
     * the station restarted twice. A break that began later (a gap of its own after {@code f} had
     * gone silent) does not restart the count. {@code allowance}: {@link #allowance} of {@code f}.
     */
    private Lag lag(ChannelFeed f, long allowance) {
        long lag = 0;
        long since = 0;
        ChannelFeed resumed = null;
        for (ChannelFeed g : comps) {
            if (g != f && usable(g)) {
                long broke = g.lastBreakStart();
                boolean shared = broke != Long.MIN_VALUE && broke - f.dataEnd() <= allowance;
                long from = shared ? Math.max(f.dataEnd(), g.newestRunStart()) : f.dataEnd();
                if (g.dataEnd() - from > lag) {
                    lag = g.dataEnd() - from;
                    resumed = from > f.dataEnd() ? g : null;
                }
                since = Math.max(since, g.dataEnd() - f.dataEnd());
            }
        }
        return new Lag(lag, since, resumed == null ? null : resumed.id);
    }

    /**
     * How far the others have gone on past a component ({@link StationFeed#lag}), how long it has sent nothing
     * while they did, gaps included, and the component whose resumption after a gap began the count
     * (null: the count runs from the component's own end).
     */
    private record Lag(long nanos, long sinceNanos, SourceId resumed) {
        /** @return what a silence notice says */
        String message() {
            if (resumed == null) {
                return String.format(java.util.Locale.ROOT, "no data for %.0f s while the station's other components"
                        + " continue; going on without it", sinceNanos / 1e9);
            }
            return String.format(java.util.Locale.ROOT, "no data for %.0f s; %s has been back for %.0f s after a"
                    + " gap that began within the silence limit of this one's end, this one has not; going on"
                    + " without it", sinceNanos / 1e9, resumed.channel(), nanos / 1e9);
        }
    }

    /** @return how far the others may run ahead of {@code f} before it is silent (ns): the limit and one record */
    private long allowance(ChannelFeed f) {
        return Math.round(config.silenceSeconds() * 1e9) + f.longestRecordNanos;
    }

    /** Whether {@link #flush()} has ended what the station held, and no data have come since. */
    boolean ended;

    /** End of input: place waiting records, score everything, decide open detections. */
    void flush() {
        ended = true;
        for (ChannelFeed f : comps) {
            if (f != null) {
                f.flush();
            }
        }
        process(true);
        detector.finish();
        for (ChannelFeed f : comps) {
            if (f != null && f.discarded > 0) {
                warnDiscarded(f, f.discarded, true); // the run lists the whole count
            }
        }
    }

    /** @return the end of the data scored so far, or null before any */
    java.time.Instant dataEnd() {
        return pushedEnd == Long.MIN_VALUE ? null : Times.toInstant(pushedEnd);
    }

    /** @return samples held in memory by this station (for monitoring) */
    long heldSamples() {
        long n = detector.heldSamples();
        for (ChannelFeed f : comps) {
            if (f != null) {
                n += f.heldSamples();
            }
        }
        return n;
    }
}
