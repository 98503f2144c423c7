package io.github.seisclr.model;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Alignment;
import io.github.seisclr.signal.ChannelBands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Prepared model input of some stations, from which random windows are drawn: training windows
 * from the first part of each segment, validation windows only from its last part, so the two
 * never share samples.
 */
final class WindowPool {
    private final List<float[][]> segments = new ArrayList<>();
    private final List<Integer> trainEnd = new ArrayList<>();
    private final int need;
    /** Per segment: RMS of each one-second block of the training part (noise-scale units). */
    private final List<float[]> blockRms = new ArrayList<>();
    private int blockSamples = 100;
    private List<int[]> loud;
    /** Training windows this pool can draw. */
    private long trainSamples;
    /** Training windows of every segment added, drawn here or not ({@link #heldBackOnly}). */
    private long trainSamplesSeen;
    private long validationSamples;
    final List<String> stations = new ArrayList<>();
    double hours;
    /** Hours of data left out in stretches shorter than one window (between gaps, or one component's alone). */
    double shortHours;
    /** Hours of the segments that carried each input slot (Z, N/1, E/2). */
    final double[] slotHours = new double[3];

    private final Map<SourceId, ChannelBands.Refusal> refused;
    private final Set<Object> warned;
    private boolean heldBackOnly;
    private boolean anyUsableChannel;

    /**
     * @param need samples per window
     * @param refused where to note each channel left out for its rate (shared by a run's pools)
     * @param warned the warnings already given (shared by a run's pools)
     */
    WindowPool(int need, Map<SourceId, ChannelBands.Refusal> refused, Set<Object> warned) {
        this.need = need;
        this.refused = refused;
        this.warned = warned;
    }

    /**
     * Makes this pool keep only each segment's held-back (validation) part, and whole only the
     * segments too short to hold one back; it counts what every training part gives ({@link
     * #canTrain}, the hours), for a run that reads its training windows a station-day at a time.
     *
     * @return this pool
     */
    WindowPool heldBackOnly() {
        heldBackOnly = true;
        return this;
    }

    /**
     * Adds the stations' usable channels ({@link ChannelBands#usable}: the same as detection uses,
     * so that no model learns from channels whose Nyquist frequency lies below its band).
     */
    void add(List<StationStream> streams, EncoderConfig config, double validationFraction) {
        for (StationStream given : streams) {
            StationStream s = ChannelBands.usable(given, config.bandLowHz(), config.bandHighHz(), refused, warned,
                    true);
            if (s == null) {
                continue;
            }
            anyUsableChannel = true;
            for (AlignedSegment seg : Alignment.align(s, config.sampleRate(), need / config.sampleRate(),
                    seconds -> shortHours += seconds / 3600)) {
                float[][] x = Preprocessor.prepare(seg, config);
                int n = x[0].length;
                int split = (int) Math.round(n * (1 - validationFraction));
                if (n - split < need) {
                    split = n; // too short to hold a validation window: all training
                }
                blockSamples = (int) Math.round(config.sampleRate());
                // a held-back-only pool keeps a segment's held-back end; a segment too short to
                // hold one back (under ten windows or so) it keeps whole, for training windows to
                // stand in for validation ones where nothing is held back anywhere
                boolean tailOnly = heldBackOnly && split < n;
                if (tailOnly) {
                    float[][] tail = new float[x.length][];
                    for (int c = 0; c < x.length; c++) {
                        tail[c] = java.util.Arrays.copyOfRange(x[c], split, n);
                    }
                    segments.add(tail);
                    trainEnd.add(0);
                } else {
                    segments.add(x);
                    trainEnd.add(split);
                }
                float[] rms = new float[tailOnly ? 0 : split / blockSamples];
                for (int b = 0; b < rms.length; b++) {
                    double e = 0;
                    for (int c = 0; c < 3; c++) {
                        for (int i = b * blockSamples; i < (b + 1) * blockSamples; i++) {
                            e += x[c][i] * x[c][i];
                        }
                    }
                    rms[b] = (float) Math.sqrt(e / (3.0 * blockSamples));
                }
                blockRms.add(rms);
                loud = null;
                trainSamplesSeen += Math.max(0, split - need + 1);
                trainSamples += tailOnly ? 0 : Math.max(0, split - need + 1);
                validationSamples += Math.max(0, n - split - need + 1);
                hours += n / config.sampleRate() / 3600;
                for (int c = 0; c < 3; c++) {
                    slotHours[c] += seg.present()[c] ? n / config.sampleRate() / 3600 : 0;
                }
                if (!stations.contains(s.code())) {
                    stations.add(s.code());
                }
            }
        }
    }

    /** @return whether any station added had a channel within the model's band, long enough or not */
    boolean anyUsableChannel() {
        return anyUsableChannel;
    }

    /** @return samples held in memory, of every component */
    long samplesKept() {
        return segments.stream().mapToLong(x -> (long) x.length * x[0].length).sum();
    }

    /** @return whether the data added give any training window (drawn here or, held back only, elsewhere) */
    boolean canTrain() {
        return trainSamplesSeen > 0;
    }

    boolean canValidate() {
        return validationSamples > 0;
    }

    /**
     * @return a window of {@code need} samples from the training part (of a held-back-only pool:
     *     from the segments it kept whole)
     */
    float[][] train(Random rng) {
        return draw(rng, true);
    }

    /**
     * A training window placed around one of the loudest one-second blocks (the top
     * {@code 1 - quantile} of block RMS over the pool, relative to each station's noise scale), so
     * that the rare transients are not drowned in stationary noise; falls back to a uniform draw.
     */
    float[][] trainLoud(Random rng, double quantile) {
        if (loud == null) {
            loud = new ArrayList<>();
            int total = blockRms.stream().mapToInt(a -> a.length).sum();
            float[] all = new float[total];
            int k = 0;
            for (float[] a : blockRms) {
                System.arraycopy(a, 0, all, k, a.length);
                k += a.length;
            }
            java.util.Arrays.sort(all);
            float threshold = total == 0 ? Float.MAX_VALUE : all[(int) Math.min(total - 1, Math.floor(quantile * total))];
            for (int seg = 0; seg < blockRms.size(); seg++) {
                float[] a = blockRms.get(seg);
                for (int b = 0; b < a.length; b++) {
                    if (a[b] >= threshold && a[b] > 0) {
                        loud.add(new int[] {seg, b});
                    }
                }
            }
        }
        if (loud.isEmpty()) {
            return draw(rng, true);
        }
        int[] pick = loud.get(rng.nextInt(loud.size()));
        int end = trainEnd.get(pick[0]);
        int blockStart = pick[1] * blockSamples;
        int start = blockStart - rng.nextInt(Math.max(1, need - blockSamples));
        start = Math.max(0, Math.min(start, end - need));
        if (start < 0) {
            return draw(rng, true);
        }
        float[][] w = new float[3][need];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(segments.get(pick[0])[c], start, w[c], 0, need);
        }
        return w;
    }

    /** @return a window of {@code need} samples from the validation part */
    float[][] validation(Random rng) {
        return draw(rng, false);
    }

    private float[][] draw(Random rng, boolean training) {
        long total = training ? trainSamples : validationSamples;
        long pick = (long) (rng.nextDouble() * total);
        for (int k = 0; k < segments.size(); k++) {
            int n = segments.get(k)[0].length;
            int from = training ? 0 : trainEnd.get(k);
            int to = training ? trainEnd.get(k) : n;
            long choices = Math.max(0, to - from - need + 1);
            if (pick < choices) {
                int start = from + (int) pick;
                float[][] w = new float[3][need];
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(segments.get(k)[c], start, w[c], 0, need);
                }
                return w;
            }
            pick -= choices;
        }
        throw new IllegalStateException("no window to draw");
    }
}
