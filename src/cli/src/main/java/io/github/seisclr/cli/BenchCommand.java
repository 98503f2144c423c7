package io.github.seisclr.cli;

import io.github.seisclr.detect.Detection;
import io.github.seisclr.io.MiniSeedReader;
import io.github.seisclr.io.MiniSeedWriter;
import io.github.seisclr.io.ReadOptions;
import io.github.seisclr.io.SampleType;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.WaveformSet;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.io.WriteOptions;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.stream.StreamListener;
import io.github.seisclr.stream.StreamingDetector;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticDataset;
import io.github.seisclr.synth.SyntheticGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code seisclr bench}: throughput figures printed, not asserted. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure throughput on this machine and print the figures.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--what", defaultValue = "io",
            description = "what to measure: io (miniSEED read), signal (band-pass + recursive STA/LTA), "
                    + "model (training and inference speed), stream (a station-day replayed record by record:"
                    + " throughput, pick latency, heap over the day); default ${DEFAULT-VALUE}")
    String what;

    @Option(names = "--file", description = "miniSEED file that --what io reads (default: a generated station-day of Steim2 data)")
    Path file;

    @Option(names = "--model", description = "model for --what model and stream (default: the bundled model)")
    Path model;

    @Option(names = "--repeat", defaultValue = "5", description = "timed repetitions after one warm-up, for --what io, signal and model (default ${DEFAULT-VALUE})")
    int repeat;

    @Spec
    CommandSpec spec;

    /** Each option that only some measurements read, and those measurements. */
    private static final Map<String, List<String>> READ_BY = Map.of("--file", List.of("io"),
            "--model", List.of("model", "stream"), "--hours", List.of("stream"),
            "--repeat", List.of("io", "signal", "model"));

    @Override
    public Integer call() throws IOException {
        for (Map.Entry<String, List<String>> e : new TreeMap<>(READ_BY).entrySet()) {
            if (e.getValue().contains(what) || !spec.commandLine().getParseResult().hasMatchedOption(e.getKey())) {
                continue;
            }
            if (List.of("io", "signal", "model", "stream").contains(what)) {
                // an option given to a measurement that does not read it would be silently ignored
                List<String> by = e.getValue();
                String names = by.size() == 1 ? by.get(0)
                        : String.join(", ", by.subList(0, by.size() - 1)) + " or " + by.get(by.size() - 1);
                throw new UsageException(e.getKey() + " is read by --what " + names
                        + ", not by --what " + what + (what.equals("signal") && e.getKey().equals("--file")
                        ? " (which filters a generated station-day)" : ""));
            }
        }
        if (repeat < 1 || repeat > 1000) {
            throw new UsageException("--repeat must be 1 to 1000 timed runs, got " + repeat);
        }
        if (!(hours >= 0.1 && hours <= 24 * 31)) {
            throw new UsageException("--hours must be 0.1 (six minutes) to 744 (31 days), got " + hours);
        }
        Main.oneThreadPerOperation();
        return switch (what) {
            case "io" -> benchRead();
            case "signal" -> benchSignal();
            case "model" -> benchModel();
            case "stream" -> benchStream();
            default -> throw new UsageException("--what must be io, signal, model or stream, got '" + what
                    + "'");
        };
    }

    private int benchRead() throws IOException {
        Path f = file;
        Path tmp = null;
        if (f == null) {
            tmp = Files.createTempFile("seisclr-bench-", ".mseed");
            f = tmp;
            System.out.println("Writing one station-day of 100 Hz integer data (8,640,000 samples, Steim2, 4096-byte records)...");
            Waveforms.write(List.of(stationDay()), f);
        }
        try {
            long bytes = Files.size(f);
            resetPeak();
            WaveformSet warm = Waveforms.read(f);
            long samples = warm.totalSamples();
            double best = Double.MAX_VALUE;
            double sum = 0;
            for (int i = 0; i < repeat; i++) {
                long t0 = System.nanoTime();
                WaveformSet set = Waveforms.read(f);
                double s = (System.nanoTime() - t0) / 1e9;
                if (set.totalSamples() != samples) {
                    throw new IllegalStateException("repeated read differs");
                }
                best = Math.min(best, s);
                sum += s;
            }
            System.out.printf("file: %s (%.1f MB, %,d samples)%n", f, bytes / 1e6, samples);
            System.out.printf("cores: %d, max heap: %d MB%n", Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("read + decode + merge: best %.3f s, mean %.3f s over %d runs%n", best, sum / repeat, repeat);
            System.out.printf("throughput: %,.0f samples/s (best), %.1f MB/s of miniSEED%n", samples / best, bytes / 1e6 / best);
            System.out.printf("peak heap used during the runs (includes garbage not yet collected): %d MB%n", peakHeapMb());
            warm = null;
            long before = liveHeap();
            WaveformSet kept = Waveforms.read(f);
            System.out.printf("live heap held by one read result: %d MB (%.1f bytes/sample)%n",
                    (liveHeap() - before) >> 20, (double) (liveHeap() - before) / kept.totalSamples());
            return 0;
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private int benchSignal() {
        double[] x = stationDay().samples();
        double fs = 100;
        io.github.seisclr.signal.SosFilter bp = io.github.seisclr.signal.Butterworth.bandpass(4, 1, 20, fs);
        int nsta = io.github.seisclr.baseline.StaLta.nsamples(0.5, fs);
        int nlta = io.github.seisclr.baseline.StaLta.nsamples(10, fs);
        double[] times = new double[3];
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        for (int r = 0; r <= repeat; r++) {
            long t0 = System.nanoTime();
            double[] f = bp.filter(x);
            long t1 = System.nanoTime();
            double[] cft = io.github.seisclr.baseline.StaLta.recursive(f, nsta, nlta);
            long t2 = System.nanoTime();
            double[] zp = bp.filterZeroPhase(x);
            long t3 = System.nanoTime();
            if (cft.length != x.length || zp.length != x.length) {
                throw new IllegalStateException();
            }
            times[0] = (t1 - t0) / 1e9;
            times[1] = (t2 - t1) / 1e9;
            times[2] = (t3 - t2) / 1e9;
            if (r > 0) {
                for (int k = 0; k < 3; k++) {
                    best[k] = Math.min(best[k], times[k]);
                }
            }
        }
        System.out.printf("one station-day, one channel: %,d samples at 100 Hz; cores: %d%n", x.length,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("band-pass 1-20 Hz, 4 corners (causal):   %.3f s  %,.0f samples/s%n", best[0], x.length / best[0]);
        System.out.printf("recursive STA/LTA 0.5 s / 10 s:          %.3f s  %,.0f samples/s%n", best[1], x.length / best[1]);
        System.out.printf("band-pass + STA/LTA:                     %.3f s  %,.0f samples/s%n", best[0] + best[1],
                x.length / (best[0] + best[1]));
        System.out.printf("band-pass zero-phase (batch):            %.3f s  %,.0f samples/s%n", best[2], x.length / best[2]);
        return 0;
    }

    private int benchModel() {
        io.github.seisclr.model.Encoder enc = Main.model(model);
        System.out.printf("model: %s; cores: %d, max heap: %d MB%n", Main.modelName(model), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        // inference over one station-day of 3-component 100 Hz data (white noise: speed does not depend on content)
        int n = 8_640_000;
        double[][] data = new double[3][n];
        Random r = new Random(1);
        for (double[] d : data) {
            for (int i = 0; i < n; i++) {
                d[i] = r.nextGaussian() * 100;
            }
        }
        io.github.seisclr.signal.AlignedSegment day = new io.github.seisclr.signal.AlignedSegment("XX.BENCH.00.HH",
                Instant.parse("2024-01-01T00:00:00Z"), 100, data, new boolean[] {true, true, true});
        resetPeak();
        enc.frames(small(day)); // warm-up
        double frames = Double.MAX_VALUE;
        for (int rep = 0; rep < Math.max(1, Math.min(repeat, 3)); rep++) {
            long t0 = System.nanoTime();
            io.github.seisclr.model.FrameFeatures f = enc.frames(day);
            frames = Math.min(frames, (System.nanoTime() - t0) / 1e9);
            if (f.count() != n / 8) {
                throw new IllegalStateException("frame count");
            }
        }
        long t2 = System.nanoTime();
        io.github.seisclr.model.Preprocessor.prepare(day, enc.config());
        double prep = (System.nanoTime() - t2) / 1e9;
        int windowsPerDay = n / 50; // 0.5 s stride
        System.out.printf("station-day, 3 components, 100 Hz (8,640,000 samples each):%n");
        System.out.printf("  encoder over the whole day (preprocessing %.2f s included): %.2f s%n", prep, frames);
        System.out.printf("  = %,.0f windows/s at a 0.5 s stride (%,d windows/day), %,.0f windows/s at the frame step (80 ms)%n",
                windowsPerDay / frames, windowsPerDay, n / 8 / frames);
        // window-by-window embedding, for comparison
        int b = 64;
        float[][][] w = new float[b][3][enc.config().windowSamples()];
        for (float[][] x : w) {
            for (float[] c : x) {
                for (int i = 0; i < c.length; i++) {
                    c[i] = (float) r.nextGaussian();
                }
            }
        }
        enc.embed(w);
        long t3 = System.nanoTime();
        int reps = 10;
        for (int i = 0; i < reps; i++) {
            enc.embed(w);
        }
        double perWindow = (System.nanoTime() - t3) / 1e9 / (reps * b);
        System.out.printf("  window by window (batches of %d): %,.0f windows/s, a day at 0.5 s stride would take %.0f s%n",
                b, 1 / perWindow, windowsPerDay * perWindow);
        System.out.printf("peak heap during inference: %d MB%n", peakHeapMb());
        // training throughput: 30 batches of 64 pairs drawn from one hour of the same station; the
        // steady rate from batch 5 on (the first steps build the graphs and warm up)
        SyntheticHour h = new SyntheticHour(data);
        resetPeak();
        long[] at = new long[2];
        io.github.seisclr.model.TrainingListener clock = new io.github.seisclr.model.TrainingListener() {
            @Override
            public void batchDone(int epoch, int epochs, int batch, int batches, double loss, double wps) {
                if (batch == 5) {
                    at[0] = System.nanoTime();
                } else if (batch == batches) {
                    at[1] = System.nanoTime();
                }
            }
        };
        int batches = 30;
        io.github.seisclr.model.Encoder trained = io.github.seisclr.model.Trainer.builder().epochs(1)
                .batchesPerEpoch(batches).validationBatches(1).listener(clock).build().fit(h.stations());
        var t = trained.manifest().training();
        double steady = (batches - 5) * 64 / ((at[1] - at[0]) / 1e9);
        System.out.printf("training: %,d pairs in %.1f s with setup = %.0f pairs/s; from batch 5 on %.0f pairs/s"
                + " (pairs of views, batch 64, incl. augmentation)%n", t.windowsSeen(), t.seconds(),
                t.windowsSeen() / t.seconds(), steady);
        System.out.printf("  a station-day at 50 batches x 20 epochs (64,000 pairs) would take %.1f min at the steady rate%n",
                64_000 / steady / 60);
        System.out.printf("peak heap during training: %d MB%n", peakHeapMb());
        return 0;
    }

    /** One hour of the benchmark data as a station stream, for the training figure. */
    private record SyntheticHour(double[][] data) {
        List<io.github.seisclr.io.StationStream> stations() {
            List<Trace> t = new java.util.ArrayList<>();
            String[] comp = {"Z", "N", "E"};
            for (int c = 0; c < 3; c++) {
                double[] x = java.util.Arrays.copyOf(data[c], 360_000);
                for (int i = 0; i < x.length; i++) {
                    x[i] = Math.rint(x[i]);
                }
                t.add(Trace.of(SourceId.parse("XX.BENCH.00.HH" + comp[c]), Instant.parse("2024-01-01T00:00:00Z"), 100, x,
                        SampleType.INTEGER));
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try {
                new io.github.seisclr.io.MiniSeedWriter(io.github.seisclr.io.WriteOptions.defaults()).write(t, out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Waveforms.read(new java.io.ByteArrayInputStream(out.toByteArray()), "bench").stations();
        }
    }

    private static io.github.seisclr.signal.AlignedSegment small(io.github.seisclr.signal.AlignedSegment s) {
        double[][] d = new double[3][];
        for (int c = 0; c < 3; c++) {
            d[c] = java.util.Arrays.copyOf(s.data()[c], 40_000);
        }
        return new io.github.seisclr.signal.AlignedSegment(s.station(), s.start(), s.sampleRate(), d, s.present());
    }

    /** A station-day whose Steim2 compression resembles a broadband channel: a random walk with short-term noise. */
    static Trace stationDay() {
        int n = 8_640_000;
        double[] x = new double[n];
        Random r = new Random(42);
        double v = 0;
        for (int i = 0; i < n; i++) {
            v = 0.999 * v + r.nextGaussian() * 300;
            x[i] = Math.round(v + r.nextGaussian() * 50);
        }
        return Trace.of(SourceId.parse("XX.BENCH.00.HHZ"), Instant.parse("2024-01-01T00:00:00Z"), 100.0, x,
                SampleType.INTEGER);
    }

    @Option(names = "--hours", defaultValue = "24", description = "hours replayed by --what stream (default ${DEFAULT-VALUE})")
    double hours;

    /**
     * A synthetic 3-C station (events, spikes, 512-byte Steim2 records) replayed record by record in
     * order of record end, as SeedLink delivers: records/s, real-time factor, P latency in data
     * time (after the pick, and after the arrival of the record holding the pick's sample on the
     * last of the components), heap each few hours after a GC.
     */
    private int benchStream() throws IOException {
        String omp = System.getenv("OMP_NUM_THREADS");
        System.out.println("OMP_NUM_THREADS=" + (omp == null ? "unset (one ND4J thread per operation)" : omp));
        StreamCommand.threadTip(System.out);
        SyntheticDataset data = SyntheticGenerator.generate(SynthConfig.builder().seed(5)
                .duration(Duration.ofMinutes(Math.round(hours * 60))).stations(1).eventsPerHour(4)
                .magnitudes(0.5, 3.0).gapsPerDay(2).spikesPerHour(0.5).build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MiniSeedWriter(WriteOptions.builder().recordLength(512).build()).write(data.traces(), out);
        byte[] all = out.toByteArray();
        List<Trace> recs = new ArrayList<>(new MiniSeedReader(ReadOptions.defaults()).records(all, all.length, "bench"));
        recs.sort(Comparator.comparing(Trace::endExclusive));
        double[] recordSeconds = recs.stream().mapToDouble(t -> t.length() / t.sampleRate()).sorted().toArray();
        // per channel, record start -> record end: when a sample's record arrives
        Map<SourceId, TreeMap<Instant, Instant>> arrival = new HashMap<>();
        for (Trace t : recs) {
            arrival.computeIfAbsent(t.id(), k -> new TreeMap<>()).put(t.start(), t.endExclusive());
        }
        Encoder encoder = Main.model(model);
        List<Double> afterPick = new ArrayList<>();
        List<Double> afterArrival = new ArrayList<>();
        Instant[] dataTime = {Instant.EPOCH};
        int[] counts = {0, 0};
        StreamingDetector sd = StreamingDetector.builder(encoder).listener(new StreamListener() {
            @Override
            public void onPick(Pick p) {
                counts[0]++;
                if (p.phase() == Phase.P) {
                    afterPick.add(Duration.between(p.time(), dataTime[0]).toNanos() / 1e9);
                    Instant arrived = p.time();
                    for (TreeMap<Instant, Instant> channel : arrival.values()) {
                        Map.Entry<Instant, Instant> rec = channel.floorEntry(p.time());
                        if (rec != null && rec.getValue().isAfter(arrived)) {
                            arrived = rec.getValue();
                        }
                    }
                    afterArrival.add(Duration.between(arrived, dataTime[0]).toNanos() / 1e9);
                }
            }

            @Override
            public void onDetection(Detection d) {
                counts[1]++;
            }
        }).build();
        System.out.printf("replaying %.1f h of 3-C 100 Hz data: %d records of 512 bytes (median %.1f s of data each)%n",
                hours, recs.size(), recordSeconds[recordSeconds.length / 2]);
        Instant start = recs.get(0).start();
        long nextReport = 0;
        long busy = 0;
        long t0 = System.nanoTime();
        for (Trace t : recs) {
            if (t.endExclusive().isAfter(dataTime[0])) {
                dataTime[0] = t.endExclusive();
            }
            long hour = Duration.between(start, t.start()).toHours();
            if (hour >= nextReport) {
                long pause = System.nanoTime();
                System.out.printf("  hour %2d: heap after GC %4d MB, held samples %d%n", hour, liveHeap() >> 20,
                        sd.heldSamples());
                nextReport = hour + (hours > 6 ? 3 : 1);
                t0 += System.nanoTime() - pause;
            }
            long a = System.nanoTime();
            sd.accept(t);
            busy += System.nanoTime() - a;
        }
        sd.flush();
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%d records in %.1f s: %.0f records/s, %.0f x real time (%d cores here; one feeding"
                        + " thread, the encoder's forward passes may use more)%n", recs.size(), wall,
                recs.size() / wall, hours * 3600 / wall, Runtime.getRuntime().availableProcessors());
        System.out.printf("%d detections, %d picks%n", counts[1], counts[0]);
        System.out.println("P latency in data time, from the pick's time: " + percentiles(afterPick));
        System.out.println("P latency in data time, from the arrival of the pick's sample (the end of its record on"
                + " the last component): " + percentiles(afterArrival));
        System.out.printf("time in accept() %.1f s; heap after GC at the end %d MB%n", busy / 1e9, liveHeap() >> 20);
        return 0;
    }

    static String percentiles(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return "no picks";
        }
        return String.format(Locale.ROOT, "median %.1f s, 90th percentile %.1f s, max %.1f s", quantile(v, 0.5),
                quantile(v, 0.9), v[v.length - 1]);
    }

    /**
     * @param sorted values in ascending order, at least one
     * @param q the share below, 0 to 1
     * @return the quantile, interpolated linearly between the values on either side of {@code q (n - 1)}
     *     (ObsPy's and NumPy's default): the median of an even count is the mean of the middle two, and
     *     no quantile lies below a lower one (the 90th percentile was once floored and the median the
     *     upper middle value, which put the first below the second for a few picks)
     */
    static double quantile(double[] sorted, double q) {
        double h = q * (sorted.length - 1);
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static long liveHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void resetPeak() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
