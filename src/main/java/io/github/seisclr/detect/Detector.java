package io.github.seisclr.detect;

import io.github.seisclr.baseline.Trigger;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.WaveformSet;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.model.FrameFeatures;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.pick.PickList;
import io.github.seisclr.pick.Picker;
import io.github.seisclr.score.BackgroundModel;
import io.github.seisclr.score.ScoreTrace;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Alignment;
import io.github.seisclr.signal.Signals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Finds events and picks phases in a set of stations with a trained encoder.
 *
 * <p>For each station: its components are aligned at the model's rate (resampled if needed, split
 * at gaps); the encoder runs over each stretch once, giving a feature vector every 8 samples; the
 * mean of the features over a trailing {@code scoreWindowSeconds} is compared with a robust
 * Gaussian model of the station's background ({@link BackgroundModel}), fitted to the same data
 * with the outlying share trimmed; the Mahalanobis distance, in units of the spread of its lower
 * half, is the score. Triggers follow ObsPy's {@code trigger_onset} on that score; triggers closer
 * than {@code mergeGapSeconds} merge, shorter than {@code minDurationSeconds} are dropped. P and S
 * are picked inside each detection ({@link Picker}), and detections at several stations within
 * {@code coincidenceSeconds} form network detections.
 *
 * <pre>{@code
 * Detector detector = Detector.of(Encoder.load(model), DetectorConfig.defaults());
 * DetectionResult r = detector.detect(Waveforms.read(Path.of("data-samples")));
 * r.picks().select(Phase.P).forEach(System.out::println);
 * }</pre>
 */
public final class Detector {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);
    private final Encoder encoder;
    private final DetectorConfig config;

    private Detector(Encoder encoder, DetectorConfig config) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * @param encoder a trained encoder
     * @param config detection settings
     * @return the detector
     */
    public static Detector of(Encoder encoder, DetectorConfig config) {
        return new Detector(encoder, config);
    }

    /**
     * @param data stations to process
     * @return detections, picks, network detections and score traces
     */
    public DetectionResult detect(WaveformSet data) {
        return detect(data.stations(), s -> { });
    }

    /**
     * @param stations stations to process
     * @param progress called with each station's code when it is done
     * @return detections, picks, network detections and score traces
     */
    public DetectionResult detect(List<StationStream> stations, Consumer<String> progress) {
        List<Detection> detections = new ArrayList<>();
        List<Pick> picks = new ArrayList<>();
        List<ScoreTrace> scores = new ArrayList<>();
        double hours = 0;
        String model = checksum();
        for (StationStream s : stations) {
            hours += station(s, model, detections, picks, scores);
            progress.accept(s.code());
        }
        detections.sort(Comparator.comparing(Detection::start));
        return new DetectionResult(List.copyOf(detections), new PickList(picks), coincidence(detections),
                List.copyOf(scores), hours, config, model);
    }

    private String checksum() {
        String sha = encoder.manifest() == null ? null : encoder.manifest().weightsSha256();
        return sha == null ? "unknown" : sha.substring(0, Math.min(12, sha.length()));
    }

    /** @return hours of data scored */
    private double station(StationStream s, String model, List<Detection> detections, List<Pick> picks,
                           List<ScoreTrace> scores) {
        double rate = encoder.config().sampleRate();
        double minSeconds = Math.max(10, 2 * config.scoreWindowSeconds());
        List<AlignedSegment> segments = Alignment.align(s, rate, minSeconds);
        if (segments.isEmpty()) {
            LOG.warn("{}: no stretch of aligned components of at least {} s; skipped", s.code(), minSeconds);
            return 0;
        }
        List<FrameFeatures> features = new ArrayList<>();
        for (AlignedSegment seg : segments) {
            features.add(encoder.frames(seg));
        }
        int k = Math.max(1, (int) Math.round(config.scoreWindowSeconds() * features.get(0).frameRate()));
        int d = features.get(0).dimension();
        // background fit on trailing-window means over all stretches (subsampled)
        List<double[]> fit = new ArrayList<>();
        long total = features.stream().mapToLong(f -> Math.max(0, f.count() - k + 1)).sum();
        int step = (int) Math.max(1, total / 20_000);
        for (FrameFeatures f : features) {
            for (int j = k - 1; j < f.count(); j += step) {
                double[] v = new double[d];
                f.windowMean(j - k + 1, k, v);
                fit.add(compress(v));
            }
        }
        BackgroundModel bg = BackgroundModel.fit(fit.toArray(new double[0][]), config.trim());
        // log distance everywhere, relative to its own trailing baseline (a learned STA/LTA)
        List<double[]> rel = new ArrayList<>();
        double[] v = new double[d];
        double frameRate = features.get(0).frameRate();
        for (FrameFeatures f : features) {
            double[] ld = new double[f.count()];
            for (int j = 0; j < f.count(); j++) {
                int from = Math.max(0, j - k + 1);
                f.windowMean(from, j - from + 1, v);
                ld[j] = Math.log(Math.max(bg.distanceSquared(compress(v)) / d, 1e-12));
            }
            rel.add(relativeToBaseline(ld, frameRate, config.baselineSeconds()));
        }
        double[] all = rel.stream().flatMapToDouble(Arrays::stream).toArray();
        Arrays.sort(all);
        double median = all[all.length / 2];
        double q10 = all[all.length / 10];
        double spread = Math.max((median - q10) / 1.2816, 1e-9);
        List<double[]> dist = rel;
        SourceId[] channels = channels(s);
        Picker picker = new Picker(encoder.config().bandLowHz(), encoder.config().bandHighHz(),
                config.pickPreSeconds(), config.pickPostSeconds(), config.maxSMinusPSeconds());
        double hours = 0;
        int glitches = 0;
        int counter = (int) detections.stream().filter(x -> x.station().equals(s.code())).count();
        for (int si = 0; si < segments.size(); si++) {
            AlignedSegment seg = segments.get(si);
            FrameFeatures f = features.get(si);
            hours += seg.length() / rate / 3600;
            double[] dd = dist.get(si);
            double[] score = new double[dd.length];
            float[] fs = new float[dd.length];
            for (int j = 0; j < dd.length; j++) {
                // the first k-1 frames lack a full window: no triggers there
                score[j] = j < k - 1 ? 0 : (dd[j] - median) / spread;
                fs[j] = (float) score[j];
            }
            scores.add(new ScoreTrace(s.code(), seg.start(), f.frameRate(), fs, config.scoreWindowSeconds()));
            List<int[]> triggers = merge(Trigger.onsets(score, config.thresholdOn(), config.thresholdOff()), f.frameRate());
            Picker.Filtered filtered = triggers.isEmpty() ? null : picker.prepare(seg);
            for (int[] t : triggers) {
                if ((t[1] - t[0] + 1) / f.frameRate() < config.minDurationSeconds()) {
                    continue;
                }
                int peak = t[0];
                for (int j = t[0]; j <= t[1]; j++) {
                    if (score[j] > score[peak]) {
                        peak = j;
                    }
                }
                // the window ends at the frame: the onset is near the window's first frame that rose
                int onsetFrame = Math.max(0, t[0] - k + 1);
                Instant onset = f.timeOf(onsetFrame + k / 2.0);
                Instant end = f.timeOf(t[1]);
                if (isGlitch(seg, f.timeOf(onsetFrame) , end)) {
                    LOG.info("{}: trigger at {} is a spike (energy in one or two samples), not an event; dropped",
                            s.code(), f.timeOf(t[0]));
                    glitches++;
                    continue;
                }
                String id = s.station() + "-" + (++counter);
                List<Pick> found = picker.pick(filtered, channels, onset, end, score[peak], id);
                double snr = found.stream().filter(p -> p.phase() == Phase.P).findFirst()
                        .map(p -> snr(filtered, seg, p.time())).orElse(Double.NaN);
                detections.add(new Detection(id, s.code(), f.timeOf(t[0]), end, f.timeOf(peak), score[peak], snr,
                        config.thresholdOn(), model));
                picks.addAll(found);
            }
        }
        return hours;
    }

    /** log1p of the (non-negative, ReLU) features: tames their heavy right tails before the Gaussian model. */
    private static double[] compress(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.log1p(Math.max(0, v[i]));
        }
        return v;
    }

    /**
     * {@code x} minus a trailing baseline: the 30th percentile of the medians of 2 s blocks over
     * the preceding {@code seconds}. Causal, so a stream computes the same; robust to the event
     * being scored, which only enters the upper part of recent blocks.
     */
    static double[] relativeToBaseline(double[] x, double rate, double seconds) {
        int block = Math.max(1, (int) Math.round(2 * rate));
        int blocks = (x.length + block - 1) / block;
        double[] med = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            int from = b * block;
            int to = Math.min(x.length, from + block);
            double[] part = Arrays.copyOfRange(x, from, to);
            Arrays.sort(part);
            med[b] = part[part.length / 2];
        }
        int span = Math.max(1, (int) Math.round(seconds / 2));
        double[] out = new double[x.length];
        double[] buf = new double[span];
        for (int j = 0; j < x.length; j++) {
            int b = j / block; // blocks strictly before the current one
            int from = Math.max(0, b - span);
            int m = b - from;
            double base;
            if (m == 0) {
                base = med[0];
            } else {
                System.arraycopy(med, from, buf, 0, m);
                Arrays.sort(buf, 0, m);
                base = buf[(int) Math.floor(0.3 * (m - 1))];
            }
            out[j] = x[j] - base;
        }
        return out;
    }

    /**
     * A spike, not an earthquake: on the component with the largest sample in the trigger, fewer
     * than three samples (after removing the median) reach half of that largest value. Band-limited
     * ground motion always spreads its peak over several samples.
     */
    static boolean isGlitch(AlignedSegment seg, Instant from, Instant to) {
        int a = (int) Math.max(0, seg.indexOf(from) - Math.round(seg.sampleRate()));
        int b = (int) Math.min(seg.length(), seg.indexOf(to) + 1);
        if (b - a < 8) {
            return false;
        }
        int bestC = -1;
        double peak = 0;
        double[] med = new double[3];
        for (int c = 0; c < 3; c++) {
            if (!seg.present()[c]) {
                continue;
            }
            double[] part = Arrays.copyOfRange(seg.data()[c], a, b);
            double[] sorted = part.clone();
            Arrays.sort(sorted);
            med[c] = sorted[sorted.length / 2];
            for (double x : part) {
                if (Math.abs(x - med[c]) > peak) {
                    peak = Math.abs(x - med[c]);
                    bestC = c;
                }
            }
        }
        if (bestC < 0 || peak == 0) {
            return false;
        }
        int high = 0;
        for (int i = a; i < b; i++) {
            if (Math.abs(seg.data()[bestC][i] - med[bestC]) >= 0.5 * peak) {
                high++;
            }
        }
        return high < 3;
    }

    private static double snr(Picker.Filtered f, AlignedSegment seg, Instant p) {
        double[] z = seg.data()[0];
        int i = (int) seg.indexOf(p);
        double rate = seg.sampleRate();
        int a0 = (int) Math.max(0, i - 5 * rate);
        int a1 = (int) Math.max(0, i - 0.5 * rate);
        int b1 = (int) Math.min(z.length, i + 2 * rate);
        double noise = Signals.rms(filteredZ(f), a0, a1);
        double signal = Signals.rms(filteredZ(f), i, b1);
        return noise > 0 ? signal / noise : Double.NaN;
    }

    private static double[] filteredZ(Picker.Filtered f) {
        return f.vertical();
    }


    /** Merges triggers whose gap is below {@code mergeGapSeconds}. */
    private List<int[]> merge(List<Trigger.Onset> onsets, double frameRate) {
        List<int[]> out = new ArrayList<>();
        int gap = (int) Math.round(config.mergeGapSeconds() * frameRate);
        for (Trigger.Onset o : onsets) {
            if (!out.isEmpty() && o.on() - out.get(out.size() - 1)[1] <= gap) {
                out.get(out.size() - 1)[1] = o.off();
            } else {
                out.add(new int[] {o.on(), o.off()});
            }
        }
        return out;
    }

    private static SourceId[] channels(StationStream s) {
        SourceId[] ids = new SourceId[3];
        s.vertical().ifPresent(l -> ids[0] = l.get(0).id());
        List<List<Trace>> h = s.horizontals();
        if (h.size() > 0) {
            ids[1] = h.get(0).get(0).id();
        }
        if (h.size() > 1) {
            ids[2] = h.get(1).get(0).id();
        }
        return ids;
    }

    private List<NetworkDetection> coincidence(List<Detection> detections) {
        List<NetworkDetection> out = new ArrayList<>();
        List<Detection> sorted = detections.stream().sorted(Comparator.comparing(Detection::start)).toList();
        int i = 0;
        while (i < sorted.size()) {
            Instant first = sorted.get(i).start();
            Instant limit = first.plus(Duration.ofMillis(Math.round(config.coincidenceSeconds() * 1000)));
            List<Detection> group = new ArrayList<>();
            int j = i;
            while (j < sorted.size() && !sorted.get(j).start().isAfter(limit)) {
                group.add(sorted.get(j));
                j++;
            }
            long stations = group.stream().map(Detection::station).distinct().count();
            if (stations >= config.coincidenceStations()) {
                out.add(new NetworkDetection(first, (int) stations, List.copyOf(group)));
                i = j;
            } else {
                i++;
            }
        }
        return out;
    }
}
