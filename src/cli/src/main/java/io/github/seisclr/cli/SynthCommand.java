package io.github.seisclr.cli;

import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticDataset;
import io.github.seisclr.synth.SyntheticGenerator;
import io.github.seisclr.synth.TruthEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code seisclr synth}: realistic synthetic miniSEED with ground truth. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Generate synthetic 3-component miniSEED (Peterson-model noise, Brune-type earthquakes, "
                + "spikes, gaps; on request wandering noise and non-earthquake transients) and a truth.csv of "
                + "every event's P and S arrival.")
final class SynthCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "output folder (files of this run's names already"
            + " there are replaced, and each one is named as replaced)")
    Path out;

    @Option(names = "--hours", defaultValue = "1", description = "hours per station (default ${DEFAULT-VALUE})")
    double hours;

    @Option(names = "--stations", defaultValue = "2", description = "number of stations (default ${DEFAULT-VALUE})")
    int stations;

    @Option(names = "--events-per-hour", defaultValue = "6", description = "mean earthquakes per hour (default ${DEFAULT-VALUE})")
    double eventsPerHour;

    @Option(names = "--magnitudes", defaultValue = "0.5,3.5", split = ",",
            description = "smallest,largest magnitude (default ${DEFAULT-VALUE})")
    double[] magnitudes;

    @Option(names = "--noise", defaultValue = "0.2,0.6", split = ",",
            description = "noise level range, 0 = NLNM to 1 = NHNM in dB (default ${DEFAULT-VALUE})")
    double[] noise;

    @Option(names = "--rate", defaultValue = "100", description = "sample rate in Hz, 5 to 1000 (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--start", defaultValue = "2024-01-01T00:00:00Z", description = "first sample time, a UTC time or a day (its"
            + " first instant) (default ${DEFAULT-VALUE})")
    Instant start;

    @Option(names = "--vertical-only", description = "write Z only instead of Z/N/E")
    boolean verticalOnly;

    @Option(names = "--spikes-per-hour", defaultValue = "1", description = "mean spikes per station-hour (default ${DEFAULT-VALUE})")
    double spikesPerHour;

    @Option(names = "--gaps-per-day", defaultValue = "4", description = "mean telemetry gaps per station-day (default ${DEFAULT-VALUE})")
    double gapsPerDay;

    @Option(names = "--noise-wander", defaultValue = "0", paramLabel = "DB", description = "let the noise level wander"
            + " in time by this standard deviation in dB, separately below and above 1 Hz (0 to 20; default"
            + " ${DEFAULT-VALUE}: stationary noise)")
    double noiseWander;

    @Option(names = "--transients-per-hour", defaultValue = "0", description = "mean non-earthquake transients"
            + " (noise bursts, machinery hum) per station-hour, 0 to 120 (default ${DEFAULT-VALUE})")
    double transientsPerHour;

    @Option(names = "--sds", description = "write an SDS archive into --out (YEAR/NET/STA/CHA.D/NET.STA.LOC.CHA.D.YEAR.DOY,"
            + " one file per channel and UTC day) instead of one file per station")
    boolean sds;

    @Option(names = "--event-at", split = ",", paramLabel = "TIME", description = "also place earthquakes with these"
            + " origin times (ISO 8601 UTC, or a day: its first instant), e.g. one across midnight")
    java.util.List<Instant> eventAt = new java.util.ArrayList<>();

    @Option(names = "--record-length", defaultValue = "4096", paramLabel = "BYTES", description = "miniSEED record"
            + " length, a power of two from 256 to 65536 (default ${DEFAULT-VALUE}; 512 for a SeedLink server to"
            + " send, whose packets hold no larger records)")
    int recordLength;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        if (magnitudes.length != 2 || noise.length != 2) {
            throw new UsageException("--magnitudes and --noise take two values: min,max");
        }
        if (!(hours >= 1.0 / 60 && hours <= 168)) {
            throw new UsageException("--hours must be 1/60 to 168 (1 minute to 7 days), got " + hours);
        }
        SynthConfig config = UsageException.options(() -> SynthConfig.builder().seed(seed).start(start)
                .duration(Duration.ofMillis(Math.round(hours * 3_600_000))).stations(stations)
                .eventsPerHour(eventsPerHour).magnitudes(magnitudes[0], magnitudes[1])
                .noiseLevels(noise[0], noise[1]).sampleRate(rate).threeComponent(!verticalOnly)
                .spikesPerHour(spikesPerHour).gapsPerDay(gapsPerDay).noiseWander(noiseWander)
                .transientsPerHour(transientsPerHour).eventOrigins(eventAt).build(),
                "duration", "--hours", "stations", "--stations", "eventsPerHour", "--events-per-hour",
                "magnitudes", "--magnitudes", "noise levels", "--noise", "sample rate", "--rate",
                "spikesPerHour", "--spikes-per-hour", "gapsPerDay", "--gaps-per-day", "noise wander", "--noise-wander",
                "transientsPerHour", "--transients-per-hour", "event origin", "--event-at");
        io.github.seisclr.io.WriteOptions writing = UsageException.options(() -> io.github.seisclr.io.WriteOptions.builder()
                .recordLength(recordLength).build(), "recordLength", "--record-length");
        Outputs.folder("--out", out); // after the settings are checked: a mistake makes no folder
        long t0 = System.nanoTime();
        SyntheticDataset data = SyntheticGenerator.generate(config);
        java.util.Set<Path> before = sds ? java.util.Set.of() : existingFiles(out); // an SDS file is never replaced
        var files = sds ? data.writeSds(out, writing) : data.write(out, writing);
        long events = data.truth().stream().filter(t -> t.kind() == TruthEntry.Kind.EVENT)
                .mapToInt(TruthEntry::eventId).distinct().count();
        long arrivals = data.events().size();
        long visible = data.events().stream().filter(t -> t.snr() >= 3).count();
        System.out.printf("%d earthquake(s), %d station arrival(s) (%d with P SNR >= 3), %d spike(s), %d gap(s)%s%n",
                events, arrivals, visible,
                data.truth().stream().filter(t -> t.kind() == TruthEntry.Kind.SPIKE).count(),
                data.truth().stream().filter(t -> t.kind() == TruthEntry.Kind.GAP).count(),
                transientsPerHour > 0 ? ", " + data.truth().stream()
                        .filter(t -> t.kind() == TruthEntry.Kind.TRANSIENT).count() + " transient(s)" : "");
        files.forEach(f -> System.out.println((before.contains(f.toAbsolutePath().normalize()) ? "replaced " : "wrote ") + f));
        if (!sds) {
            staleFiles(files);
        }
        System.out.printf("done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** @return the files in {@code dir} now (absolute, normalised); empty where it cannot be listed */
    private static java.util.Set<Path> existingFiles(Path dir) {
        try (var list = java.nio.file.Files.list(dir)) {
            return list.filter(java.nio.file.Files::isRegularFile).map(f -> f.toAbsolutePath().normalize())
                    .collect(java.util.stream.Collectors.toSet());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return java.util.Set.of(); // only for the word "replaced"
        }
    }

    /**
     * miniSEED files of an earlier run left in {@code --out} beside this run's, which its
     * truth.csv does not cover: named (never deleted), since detect or evaluate on the folder would
     * count their events as false detections.
     */
    private void staleFiles(java.util.List<Path> written) {
        java.util.Set<Path> ours = new java.util.HashSet<>();
        written.forEach(f -> ours.add(f.toAbsolutePath().normalize()));
        try (var list = java.nio.file.Files.list(out)) {
            java.util.List<String> stale = list.filter(f -> f.getFileName().toString().endsWith(".mseed"))
                    .filter(f -> !ours.contains(f.toAbsolutePath().normalize()))
                    .map(f -> f.getFileName().toString()).sorted().toList();
            if (!stale.isEmpty()) {
                System.err.printf("seisclr: warning: %s also holds %s, not written by this run: truth.csv does not"
                        + " cover %s; remove %s or write into an empty folder%n", out, String.join(", ", stale),
                        stale.size() == 1 ? "it" : "them", stale.size() == 1 ? "it" : "them");
            }
        } catch (java.io.IOException e) {
            // the run's own files are written; the listing is only for the warning
        }
    }
}
