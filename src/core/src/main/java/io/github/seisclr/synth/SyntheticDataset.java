package io.github.seisclr.synth;

import io.github.seisclr.io.AtomicFiles;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.Waveforms;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the generator made: the recorded traces (counts, split at gaps), the earthquake signal
 * alone on a gap-free grid (m/s, for checking SNR and arrival times), and the ground truth.
 */
public final class SyntheticDataset {
    /** Header of the truth CSV written by {@link #writeTruthCsv(Path)}. */
    public static final String CSV_HEADER =
            "kind,network,station,event_id,start,end,p_time,s_time,magnitude,distance_km,snr_p,p_polarity";

    private final SynthConfig config;
    private final List<Trace> traces;
    private final List<Trace> signals;
    private final List<TruthEntry> truth;

    SyntheticDataset(SynthConfig config, List<Trace> traces, List<Trace> signals, List<TruthEntry> truth) {
        this.config = config;
        this.traces = List.copyOf(traces);
        this.signals = List.copyOf(signals);
        this.truth = List.copyOf(truth);
    }

    /** @return the configuration it was made from */
    public SynthConfig config() {
        return config;
    }

    /** @return recorded traces in counts (noise + earthquakes + spikes), split at gaps */
    public List<Trace> traces() {
        return traces;
    }

    /** @return earthquake signal only, ground velocity in m/s, one gap-free trace per channel */
    public List<Trace> signals() {
        return signals;
    }

    /** @return the ground truth, sorted by start time */
    public List<TruthEntry> truth() {
        return truth;
    }

    /** @return only the earthquake arrivals */
    public List<TruthEntry> events() {
        return truth.stream().filter(t -> t.kind() == TruthEntry.Kind.EVENT).toList();
    }

    /**
     * Writes one miniSEED file per station ({@code NET.STA.mseed}, Steim2) and
     * {@code truth.csv} into a folder.
     *
     * @param dir the folder, created if needed
     * @return the files written
     */
    public List<Path> write(Path dir) {
        return write(dir, io.github.seisclr.io.WriteOptions.defaults());
    }

    /**
     * As {@link #write(Path)}, in records of the given settings (512-byte records for a SeedLink
     * server, which sends no larger packets).
     *
     * @param dir the folder, created if needed
     * @param options how the records are written
     * @return the files written
     */
    public List<Path> write(Path dir, io.github.seisclr.io.WriteOptions options) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder (" + dir + "): " + AtomicFiles.reason(e), e);
        }
        Map<String, List<Trace>> byStation = new LinkedHashMap<>();
        for (Trace t : traces) {
            byStation.computeIfAbsent(t.id().network() + "." + t.id().station(), k -> new ArrayList<>()).add(t);
        }
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, List<Trace>> e : byStation.entrySet()) {
            Path f = dir.resolve(e.getKey() + ".mseed");
            new io.github.seisclr.io.MiniSeedWriter(options).write(e.getValue(), f);
            files.add(f);
        }
        Path csv = dir.resolve("truth.csv");
        writeTruthCsv(csv);
        files.add(csv);
        return files;
    }

    /**
     * Writes the data as an SDS archive ({@code YEAR/NET/STA/CHA.D/NET.STA.LOC.CHA.D.YEAR.DOY}, one
     * file per channel and UTC day, Steim2; see {@link io.github.seisclr.io.SdsArchive}) and
     * its truth at its top, named by the first sample's time ({@code truth-20240301T000000Z.csv}), so
     * that several runs (a day each) can fill one archive.
     *
     * @param root the archive's top folder, created if needed; day files already there are not replaced
     * @return the files written
     */
    public List<Path> writeSds(Path root) {
        return writeSds(root, io.github.seisclr.io.WriteOptions.defaults());
    }

    /**
     * As {@link #writeSds(Path)}, in records of the given settings.
     *
     * @param root the archive's top folder, created if needed; day files already there are not replaced
     * @param options how the records are written
     * @return the files written
     */
    public List<Path> writeSds(Path root, io.github.seisclr.io.WriteOptions options) {
        List<Path> files = new ArrayList<>(io.github.seisclr.io.SdsArchive.write(traces, root, options));
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(config.start());
        Path csv = root.resolve("truth-" + stamp + ".csv");
        writeTruthCsv(csv);
        files.add(csv);
        return files;
    }

    /**
     * Writes the truth table: one row per event arrival at a station, spike or gap; times in
     * ISO 8601 UTC; empty cells where a column does not apply.
     *
     * @param file the CSV file
     */
    public void writeTruthCsv(Path file) {
        try {
            AtomicFiles.write(file, os -> writeTruthCsv(new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write truth table (" + file + "): " + AtomicFiles.reason(e), e);
        }
    }

    private void writeTruthCsv(BufferedWriter w) throws IOException {
        {
            w.write(CSV_HEADER);
            w.newLine();
            for (TruthEntry t : truth) {
                w.write(String.join(",", t.kind().name().toLowerCase(Locale.ROOT), config.network(), t.station(),
                        t.eventId() < 0 ? "" : String.valueOf(t.eventId()), str(t.start()), str(t.end()),
                        str(t.pTime()), str(t.sTime()), num(t.magnitude(), "%.2f"),
                        num(t.distanceKm(), "%.1f"), num(t.snr(), "%.2f"),
                        t.firstMotion() > 0 ? "positive" : t.firstMotion() < 0 ? "negative" : ""));
                w.newLine();
            }
            w.flush();
        }
    }

    private static String str(Instant t) {
        return t == null ? "" : t.toString();
    }

    private static String num(double v, String fmt) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, fmt, v);
    }
}
