package io.github.seisclr.stream;

import io.github.seisclr.detect.Calibration;
import io.github.seisclr.detect.Detection;
import io.github.seisclr.detect.DetectionResult;
import io.github.seisclr.detect.Detector;
import io.github.seisclr.detect.DetectorConfig;
import io.github.seisclr.io.MiniSeedReader;
import io.github.seisclr.io.ReadOptions;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.Times;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.PickList;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Real-time detection over many stations, fed miniSEED records (or sample blocks) as they arrive.
 *
 * <pre>{@code
 * StreamingDetector sd = StreamingDetector.builder(Encoder.load(model))
 *         .listener(new StreamListener() {
 *             public void onPick(Pick p) { System.out.println(p); }
 *         }).build();
 * for (byte[] record : feed) {
 *     sd.accept(record, record.length, "seedlink");
 * }
 * sd.flush(); // end of input: decide what is still open
 * }</pre>
 *
 * <p><b>Feed in time order across channels</b>, as a live feed sends them: a station's channels
 * interleaved, records (or blocks) in order of their end time. A channel that falls more than
 * {@link StreamConfig#silenceSeconds()} behind its station's others is taken as silent, the station
 * goes on without it, and what it sends that far behind is left out: a file fed channel after
 * channel scores its first channel alone (warned of in {@link #result}'s warnings, by channel and
 * length). To replay files, take their records in that order from
 * {@link io.github.seisclr.io.WaveformIndex#recordsByEndTime}.
 *
 * <p>Each channel's records are put in order ({@link StreamConfig#reorderToleranceSeconds()}),
 * resampled to the model's rate where they are at another (with batch's filter: the same samples),
 * each station's channels put in the slots batch uses ({@link StationStream#slot(char)}: Z or 3,
 * N or 1, E or 2), aligned and handed to an
 * {@link io.github.seisclr.detect.IncrementalDetector}, which emits P picks about 4 s after the
 * onset (plus the record's own length), S picks and detections once their S search's data have
 * come: measured, a median of about 20 s after the detection's end, a 90th percentile of 26-28 s
 * (data time; docs/streaming.md, "What is decided when"). Stations
 * without a given {@link Calibration} hold their first {@link StreamConfig#calibrationSeconds()}
 * of data to fit one. Every gap, restart and dropped record is reported as a
 * {@link StreamNotice}. Memory per station is bounded (a few seconds of context, a pending
 * detection's 30 s, the warm-up before calibration).
 *
 * <p>Thread-safe: {@code accept} and {@code flush} are serialised; the listener is called on the
 * calling thread.
 */
public final class StreamingDetector {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamingDetector.class);
    private final Encoder encoder;
    private final DetectorConfig detectorConfig;
    private final StreamConfig config;
    private final GuardedListener listener;
    private final Map<String, Calibration> calibrations;
    /** The channel each station uses in each slot ({@link StationStream#slot(char)}, as batch does). */
    private final Map<String, Slots> slots = new HashMap<>();
    private final MiniSeedReader reader = new MiniSeedReader(ReadOptions.defaults());
    private final Map<String, StationFeed> stations = new LinkedHashMap<>();
    private final Set<SourceId> ignored = new HashSet<>();
    /** Detection numbers by station name: a station's sensors share them, as in batch. */
    private final Map<String, int[]> idCounters = new HashMap<>();
    /** Whether {@link #flush()} has ended the input. */
    private boolean flushed;
    private long records;
    private long samples;
    /** Warnings said and not yet given to the listener ({@link StreamListener#onWarning}). */
    private final java.util.ArrayDeque<String> unheard = new java.util.ArrayDeque<>();
    /** What the stream warned of over all its calls. */
    private final io.github.seisclr.io.Warnings.Listed warned = new io.github.seisclr.io.Warnings.Listed(unheard::add);

    private StreamingDetector(Builder b) {
        encoder = b.encoder;
        detectorConfig = b.detectorConfig;
        config = b.config;
        listener = new GuardedListener(b.listener);
        calibrations = Map.copyOf(b.calibrations);
    }

    /**
     * @param encoder the trained encoder
     * @return a builder
     */
    public static Builder builder(Encoder encoder) {
        return new Builder(encoder);
    }

    /**
     * Feeds whole miniSEED records (one or more). The bytes are decoded before the call returns and
     * not kept: the caller may reuse the array at once. A SeedLink packet is its 8-byte header
     * ({@code SL} and a sequence number) and one record: feed the record, from byte 8.
     *
     * @param bytes the records
     * @param length bytes to read
     * @param source a name for messages
     * @throws io.github.seisclr.BadInputException for a damaged record, naming its byte offset: the
     *     records before it have been used, nothing of it or of the records after it (feed those
     *     again from the next record on where their boundary is known)
     * @throws IllegalArgumentException for a length outside the array, naming the source
     * @throws NullPointerException for no bytes
     * @throws IllegalStateException after {@link #flush()}, the end of input
     */
    public synchronized void accept(byte[] bytes, int length, String source) {
        java.util.Objects.requireNonNull(bytes, "bytes");
        open(source);
        if (length < 0 || length > bytes.length) {
            throw new IllegalArgumentException(source + ": length " + length + " outside the " + bytes.length
                    + " bytes given");
        }
        // each record as it is decoded: the whole records before a damaged one are used (black-box
        // review: a packet of one whole record and a piece of the next lost the whole record)
        warnedOf(() -> reader.records(bytes, length, source, this::place));
    }

    /**
     * Runs {@code body}, keeping what it warns of for {@link #result} (once, where calls nest), and
     * gives the listener each warning new to the stream, and each new text of one said again as it
     * learns more, once the body has run (an embedder's review: an embedding process without an
     * SLF4J provider had them only from {@link #result}).
     */
    private void warnedOf(Runnable body) {
        try {
            io.github.seisclr.io.Warnings.collectInto(warned, body);
        } finally {
            // taken off the list before the listener has them: a call that nests delivers once
            while (!unheard.isEmpty()) {
                listener.onWarning(unheard.poll());
            }
        }
    }

    /**
     * Feeds one block of samples of one channel (e.g. a decoded record).
     *
     * @param block the samples, with their channel id, start time and rate
     * @throws IllegalStateException after {@link #flush()}, the end of input
     */
    public synchronized void accept(Trace block) {
        java.util.Objects.requireNonNull(block, "block");
        open(block.id().toString());
        warnedOf(() -> {
            if (StationStream.slot(block.id().component()) >= 0) {
                warnIfTooSmall(block); // of a channel the stream takes (the others get CHANNEL_IGNORED)
            }
            place(block);
        });
    }

    /**
     * Warns, once per channel, of a block whose samples all lie within {@link Trace#MIN_SCALE} (not all
     * zero), which nothing scores: the miniSEED reader warns of such records, a Java caller's blocks
     * come here without it.
     */
    private static void warnIfTooSmall(Trace block) {
        double largest = 0;
        for (int i = 0; i < block.length(); i++) {
            largest = Math.max(largest, Math.abs(block.sample(i)));
        }
        if (Trace.tooSmall(largest)) {
            io.github.seisclr.io.Warnings.once(LOG, "too small stream " + block.id(), String.format(
                    java.util.Locale.ROOT, "%s: the block from %s has samples all within +-%s (the largest %s), and"
                            + " maybe blocks after it: their squares fall below a double's range, so nothing is"
                            + " scored there; rescale the data", block.id(), block.start(), Trace.MIN_SCALE, largest));
        }
    }

    private void place(Trace block) {
        records++;
        samples += block.length();
        SourceId id = block.id();
        int comp = StationStream.slot(id.component());
        String code = StationStream.codeOf(id);
        if (comp < 0) {
            if (ignored.add(id)) {
                listener.onNotice(new StreamNotice(StreamNotice.Kind.CHANNEL_IGNORED, code, id, block.start(),
                        "component " + id.component() + " is not Z/3, N/1 or E/2; channel not used"));
            }
            return;
        }
        Slots held = slots.computeIfAbsent(code, c -> new Slots());
        boolean usable = ChannelFeed.usableRate(block.sampleRate(), encoder.config().sampleRate(),
                encoder.config().bandLowHz());
        if (usable && block.sampleRate() / 2 < encoder.config().bandHighHz()) {
            // as batch warns (review: a 20 Hz station streamed without a word, where batch said it)
            io.github.seisclr.io.Warnings.once(LOG, "narrow " + id + " " + block.sampleRate(),
                    io.github.seisclr.signal.ChannelBands.narrowBand(List.of(id), block.sampleRate(),
                            encoder.config().bandLowHz(), encoder.config().bandHighHz()));
        }
        SourceId holder = held.ids[comp];
        if (holder != null && !holder.equals(id)) {
            // batch uses the preferred code of a slot among the channels it can use: so does the stream,
            // whichever arrived first
            if (!usable || held.usable[comp] && StationStream.rank(id.component()) >= StationStream.rank(holder.component())) {
                if (ignored.add(id)) {
                    listener.onNotice(new StreamNotice(StreamNotice.Kind.CHANNEL_IGNORED, code, id, block.start(),
                            (usable ? "" : "at " + block.sampleRate() + " Hz, a rate the model cannot use; ") + holder
                                    + " is used in its place (Z before 3, N before 1, E before 2, as in batch)"));
                }
                return;
            }
            if (ignored.add(holder)) {
                listener.onNotice(new StreamNotice(StreamNotice.Kind.CHANNEL_IGNORED, code, holder, block.start(),
                        id + " is used in its place (" + (held.usable[comp] ? "Z before 3, N before 1, E before 2"
                                : "the rate of " + holder + " cannot be used") + ", as in batch)"));
            }
            StationFeed s = stations.get(code);
            if (s != null) {
                s.drop(comp);
            }
        }
        // a holder that has been usable keeps its slot through a record at a rate it cannot use (a damaged
        // header), as batch gives a slot to a code with any usable data: no flip-flop between two channels
        held.usable[comp] = usable || holder != null && holder.equals(id) && held.usable[comp];
        held.ids[comp] = id;
        StationFeed s = stations.computeIfAbsent(code, c -> new StationFeed(c, id.station(), encoder, detectorConfig,
                config, calibrations.get(c), listener, Times.toNanos(block.start()), idSource(id.station())));
        s.accept(comp, block);
    }

    private IntSupplier idSource(String station) {
        int[] counter = idCounters.computeIfAbsent(station, x -> new int[1]);
        return () -> ++counter[0];
    }

    /**
     * @throws IllegalStateException after {@link #flush()}: its stations' stretches are ended, and
     *     data fed on would start every station again without a word (review: 5-6 s of each
     *     station's data were left out after such a restart, said only in the log)
     */
    private void open(String what) {
        if (flushed) {
            throw new IllegalStateException("data of " + what + " fed after flush(), the end of input: build a new"
                    + " StreamingDetector to go on (with calibrations() of this one, so as not to warm up again)");
        }
    }

    /**
     * End of input: waiting records placed, all data scored, open detections decided. Data fed
     * after it are refused ({@code IllegalStateException}); a second call does nothing.
     */
    public synchronized void flush() {
        if (flushed) {
            return;
        }
        flushed = true;
        warnedOf(() -> {
            for (StationFeed s : stations.values()) {
                s.flush();
            }
        });
    }

    /**
     * Ends a station that has stopped sending (all its sensors): what it holds is scored and its
     * open detection decided now, rather than when its data come again or at {@link #flush()}, which
     * a station process may never call (review: a station that died held its last detection, picked
     * P and all, for as long as it was down). Its data fed later restart it, as after a gap.
     * Data that then come without a gap (a datalogger sending what it buffered) restart it all the
     * same: a few seconds of warm-up, and detections about the restart may differ from batch's.
     * {@link SeedLinkFeed} calls this for a station asked for by name that has sent nothing for two
     * minutes while others go on (not where every station is silent: the server or the link is down,
     * and the reconnection resumes after the last packet); a caller with its own feed calls it where
     * it knows a station is down. Each station ended gets a {@link StreamNotice.Kind#STATION_ENDED}
     * notice; one ended and sent nothing since is not ended again.
     *
     * @param network the network code
     * @param station the station code
     * @return whether the detector held data of that station not ended before
     * @throws IllegalStateException after {@link #flush()}
     */
    public synchronized boolean endStation(String network, String station) {
        open(network + "." + station);
        String prefix = network + "." + station + ".";
        boolean any = false;
        for (Map.Entry<String, StationFeed> e : stations.entrySet()) {
            if (e.getKey().startsWith(prefix) && !e.getValue().ended) {
                any = true;
                StationFeed s = e.getValue();
                warnedOf(s::flush);
                listener.onNotice(new StreamNotice(StreamNotice.Kind.STATION_ENDED, e.getKey(), null,
                        Times.toInstant(s.newestEnd()), "it sent nothing for a while: what it held is decided,"
                                + " and its data restart it when they come again"));
            }
        }
        return any;
    }

    /** @return records (blocks) accepted so far */
    public synchronized long records() {
        return records;
    }

    /** @return samples accepted so far */
    public synchronized long samples() {
        return samples;
    }

    /**
     * @return hours of data scored over all stations so far, the open stretches' samples included
     *     (after {@link #flush()}: as {@code DetectionResult.hoursProcessed()} counts them in batch)
     */
    public synchronized double hoursScored() {
        return stations.values().stream().mapToDouble(s -> s.detector().hoursScored()).sum();
    }

    /** @return the model's id as the detections carry it ({@code Detector.modelId()}) */
    public String modelId() {
        return io.github.seisclr.detect.Detector.modelId(encoder);
    }

    /** @return how many calls of the listener have thrown (each logged; the stream went on) */
    public synchronized long listenerFailures() {
        return listener.failures();
    }

    /**
     * @return by station stream code, the end of the data handed to its detector so far (the time
     *     after its last sample scored; stations that have scored nothing left out): where a restart
     *     after downtime goes on from ({@code stream --from}, a little earlier)
     */
    public synchronized Map<String, java.time.Instant> dataEnds() {
        Map<String, java.time.Instant> out = new java.util.TreeMap<>();
        stations.forEach((code, f) -> {
            java.time.Instant end = f.dataEnd();
            if (end != null) {
                out.put(code, end);
            }
        });
        return out;
    }

    /** @return samples held in memory over all stations (for monitoring growth) */
    public synchronized long heldSamples() {
        return stations.values().stream().mapToLong(StationFeed::heldSamples).sum();
    }

    /**
     * @return each station's current calibration, for saving and restarting warm: those given to
     *     {@link Builder#calibrations} for stations not heard from in this run as given (review: a
     *     station down for one run of a station process that saved this map lost its calibration and
     *     started cold on the next), and not a station's provisional one (fitted on less than the
     *     warm-up because its data broke off), which a restart would keep for good
     */
    public synchronized Map<String, Calibration> calibrations() {
        Map<String, Calibration> out = new HashMap<>(calibrations);
        out.putAll(scored());
        return out;
    }

    /** @return the calibrations of the stations heard from in this run, as a batch run's result holds those it scored */
    private Map<String, Calibration> scored() {
        Map<String, Calibration> out = new HashMap<>();
        stations.forEach((k, v) -> {
            if (!v.detector().calibrationProvisional()) {
                v.detector().calibration().ifPresent(c -> out.put(k, c));
            }
        });
        return out;
    }

    /**
     * @return the holes in the data scored so far (gaps, flat lines, stretches too short to score), one
     *     line per station as batch words it at the end of its data ({@code detect}'s "hole(s) in the
     *     data scored"); they are in {@link #result}'s warnings too, and are not logged as they come
     */
    public synchronized List<String> holes() {
        List<String> out = new java.util.ArrayList<>();
        // by station code, as batch takes the stations (review: in the order first heard, ipoc-cx's
        // two stations' lines came the other way round in a replay's CSV)
        new java.util.TreeMap<>(stations).values().forEach(f -> f.detector().holesWarning().ifPresent(out::add));
        return out;
    }

    /**
     * What the stream has given, as a batch run's result, to write with
     * {@link io.github.seisclr.output.Writers} (CSV, JSON, QuakeML) or compare with batch: the
     * detections and picks the listener received, the network detections they make, the hours
     * scored so far, the settings, the model's id, the current calibrations of the stations heard
     * from (not those given for stations not heard from, which {@link #calibrations()} keeps) and what the stream
     * warned of so far (through SLF4J: spikes, flat lines, channels left out, ...; not its
     * {@link StreamNotice}s, which the listener has); no score traces. After {@link #flush()} it
     * holds everything the stream decided.
     *
     * @param detections the detections the listener received
     * @param picks the picks the listener received; the writers list each pick under its detection, so
     *     a pick whose detection is not among {@code detections} (a P whose detection is still open
     *     before {@link #flush()}, or every pick where no detection is given) is in the result's
     *     {@code picks()} but in no CSV, JSON or QuakeML written from it
     * @return them as a result
     */
    public synchronized DetectionResult result(java.util.Collection<Detection> detections,
                                               java.util.Collection<Pick> picks) {
        List<Detection> sorted = new java.util.ArrayList<>(detections);
        sorted.sort(java.util.Comparator.comparing(Detection::start).thenComparing(Detection::station)
                .thenComparing(Detection::id));
        List<String> warnings = new java.util.ArrayList<>(warned.list());
        warnings.addAll(holes());
        return new DetectionResult(List.copyOf(sorted), new PickList(List.copyOf(picks)),
                Detector.coincidence(sorted, detectorConfig), List.of(), hoursScored(), detectorConfig, modelId(),
                scored(), warnings);
    }

    /** Settings for a {@link StreamingDetector}. */
    public static final class Builder {
        private final Encoder encoder;
        private DetectorConfig detectorConfig = DetectorConfig.defaults();
        private StreamConfig config = StreamConfig.defaults();
        private StreamListener listener = new StreamListener() { };
        private Map<String, Calibration> calibrations = Map.of();

        private Builder(Encoder encoder) {
            this.encoder = Objects.requireNonNull(encoder, "encoder");
        }

        /** @param c detection settings (thresholds, picking) @return this */
        public Builder detectorConfig(DetectorConfig c) {
            detectorConfig = Objects.requireNonNull(c, "detectorConfig");
            return this;
        }

        /** @param c feed settings @return this */
        public Builder streamConfig(StreamConfig c) {
            config = Objects.requireNonNull(c, "streamConfig");
            return this;
        }

        /** @param l where output goes @return this */
        public Builder listener(StreamListener l) {
            listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /** @param c calibrations by station code (NET.STA.LOC.BI), e.g. from a batch run @return this */
        public Builder calibrations(Map<String, Calibration> c) {
            calibrations = Objects.requireNonNull(c, "calibrations");
            return this;
        }

        /** @return the detector */
        public StreamingDetector build() {
            return new StreamingDetector(this);
        }
    }

    /** A station's channel in each slot and whether it has sent data at a rate the model can use. */
    private static final class Slots {
        final SourceId[] ids = new SourceId[3];
        final boolean[] usable = new boolean[3];
    }
}
