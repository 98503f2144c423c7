package io.github.seisclr.cli;

import io.github.seisclr.io.MiniSeedReader;
import io.github.seisclr.io.MiniSeedWriter;
import io.github.seisclr.io.ReadOptions;
import io.github.seisclr.io.WriteOptions;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code stream --seedlink} stopped by SIGTERM (what Ctrl-C and a service manager send), in a
 * process of its own: the summary, {@code --out} and {@code --calibrations} are written whether the
 * stream is waiting to reconnect to a server that is down or in the middle of a feed. The second
 * case runs against EarthScope's ringserver and skips where its binary is absent.
 */
class StreamStopTest {
    @TempDir
    Path dir;

    @Test
    void sigtermWhileWaitingToReconnectWritesTheOutputsAtOnce() throws Exception {
        int port = freePort(); // nothing listens there
        Path out = dir.resolve("picks.csv");
        Process p = stream(port, out, null);
        try {
            Path err = dir.resolve("stream.err");
            waitFor(() -> read(err).contains("reconnecting in 8000 ms"), Duration.ofSeconds(60),
                    "the third failed connection", err);
            p.destroy(); // SIGTERM, at the start of a wait of 8 s
            assertTrue(p.waitFor(3, TimeUnit.SECONDS), "still running 3 s after SIGTERM: " + read(err));
            String said = read(err);
            assertTrue(said.contains("SeedLink: 0 packet(s)") && said.contains("0 detections, 0 picks"), said);
            assertTrue(Files.readString(out).startsWith("# seisclr stream"), Files.readString(out));
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * Review (2026-12-07): a live stream killed outright (SIGKILL, the out-of-memory killer) lost
     * everything it had decided, since it wrote --out only at its end, and a restart with the same
     * --out replaced the earlier run's file. It now writes --out at each checkpoint, and keeps an
     * earlier run's file under a name with its time.
     */
    @Test
    void aLiveStreamKilledOutrightKeepsItsLastCheckpointAndAnEarlierRunsFile() throws Exception {
        int port = freePort(); // nothing listens there
        Path out = dir.resolve("live.csv");
        Files.writeString(out, "an earlier run's output\n");
        Files.setLastModifiedTime(out, java.nio.file.attribute.FileTime.from(java.time.Instant.parse(
                "2026-01-02T03:04:05Z")));
        Process p = stream(port, out, null, "--checkpoint-minutes", "0.02");
        try {
            Path err = dir.resolve("stream.err");
            waitFor(() -> read(out).startsWith("# seisclr stream"), Duration.ofSeconds(60), "a checkpoint", err);
            p.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertTrue(read(out).startsWith("# seisclr stream --seedlink localhost:" + port), read(out));
            Path kept = dir.resolve("live.20260102T030405Z.csv");
            assertEquals("an earlier run's output\n", Files.readString(kept));
            assertTrue(read(err).contains("--out " + out + " held an earlier run's output: kept as " + kept), read(err));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void sigtermInTheMiddleOfAFeedWritesWhatAReplayOfTheSameRecordsWrites() throws Exception {
        Path bin = ringserver();
        assumeTrue(bin != null, "no ringserver binary (../shared/tools/ringserver, or SEISCLR_RINGSERVER)");
        Path records = dir.resolve("records.mseed");
        int n = writeRecords(records);
        Path scan = Files.createDirectories(dir.resolve("scan"));
        int port = freePort();
        Process server = new ProcessBuilder(bin.toString(), "-Rd", Files.createDirectories(dir.resolve("ring")).toString(),
                "-Rs", "16000000", "-L", String.valueOf(port), "-MSSCAN", scan.toString(), "-VOLATILE", "-STDERR")
                .redirectErrorStream(true).redirectOutput(dir.resolve("ringserver.log").toFile()).start();
        Path out = dir.resolve("live.csv");
        Path cal = dir.resolve("calibrations.json");
        Process p = null;
        try {
            waitFor(() -> accepts(port), Duration.ofSeconds(30), "ringserver to listen", dir.resolve("ringserver.log"));
            p = stream(port, out, cal);
            Path err = dir.resolve("stream.err");
            waitFor(() -> read(err).contains("connected to SeedLink"), Duration.ofSeconds(60), "the stream to connect", err);
            // a new file in the scanned folder: the server sends its records as they come
            Files.copy(records, scan.resolve("feed.mseed"));
            Path stdout = dir.resolve("stream.out");
            waitFor(quiet(stdout, Duration.ofSeconds(6)), Duration.ofSeconds(120), "the feed to go quiet", err);
            p.destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running a minute after SIGTERM: " + read(err));
            String said = read(err);
            assertTrue(said.contains("SeedLink: " + n + " packet(s)"), "every record was sent before the stop: " + said);
            // where a restart would go on from (review of 2026-12-07: nothing said where the data had ended)
            assertTrue(said.contains("data scored up to: XX.SYN01.00.HH 2024-01-01T00:30:00Z; to go on after downtime:"
                    + " --from 2024-01-01T00:28:00Z"), said);
            assertTrue(Files.size(cal) > 0, "--calibrations written");
            // the same records replayed, to the end: the same rows
            Path replayed = dir.resolve("replay.csv");
            assertEquals(0, Main.run("stream", "--replay", records.toString(), "--out", replayed.toString()));
            List<String> live = rows(out);
            assertTrue(live.size() > 2, "the feed holds events: " + live);
            assertEquals(rows(replayed), live);

            // a new run asks for the data from a time on: the records the server still holds that reach
            // it are sent, and decided as a replay of those records decides them
            java.time.Instant from = java.time.Instant.parse("2024-01-01T00:05:00.37Z");
            MiniSeedReader reader = new MiniSeedReader(ReadOptions.defaults());
            byte[] all = Files.readAllBytes(records);
            ByteArrayOutputStream later = new ByteArrayOutputStream();
            int m = 0;
            for (int o = 0; o < all.length; o += 512) {
                if (reader.records(Arrays.copyOfRange(all, o, o + 512), 512, "t").get(0).endExclusive().isAfter(from)) {
                    later.write(all, o, 512);
                    m++;
                }
            }
            Path laterFile = Files.write(dir.resolve("later.mseed"), later.toByteArray());
            Path again = dir.resolve("again.csv");
            p = stream(port, again, null, "--from", from.toString());
            waitFor(quiet(stdout, Duration.ofSeconds(6)), Duration.ofSeconds(120), "the second feed to go quiet", err);
            p.destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running a minute after SIGTERM: " + read(err));
            said = read(err);
            java.util.regex.Matcher sent = java.util.regex.Pattern
                    .compile("SeedLink: (\\d+) packet\\(s\\)(?: \\((\\d+) of them before --from, left out\\))?").matcher(said);
            assertTrue(sent.find(), said);
            assertEquals(m, Integer.parseInt(sent.group(1)) - (sent.group(2) == null ? 0 : Integer.parseInt(sent.group(2))),
                    "every record that reaches --from, once: " + said);
            Path replayedLater = dir.resolve("replay-later.csv");
            assertEquals(0, Main.run("stream", "--replay", laterFile.toString(), "--out", replayedLater.toString()));
            assertTrue(rows(replayedLater).size() > 2, "events after --from");
            assertEquals(rows(replayedLater), rows(again));
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /**
     * Starts {@code stream --seedlink localhost:PORT} for station XX_SYN01, its output in {@code dir}
     * ({@code stream.out}, {@code stream.err}, both started anew), with {@code more} options.
     */
    private Process stream(int port, Path out, Path calibrations, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("stream", "--seedlink", "localhost:" + port, "--stations",
                "XX_SYN01", "--out", out.toString()));
        if (calibrations != null) {
            args.addAll(List.of("--calibrations", calibrations.toString()));
        }
        args.addAll(List.of(more));
        // "connected to SeedLink ..." is logged at INFO
        return CliProcess.start(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=info"), args, dir.resolve("stream.out"),
                dir.resolve("stream.err"), env -> env.remove(Launcher.SAME_JVM));
    }

    /** Writes 30 minutes of one synthetic 3-component station as 512-byte records in feed order. */
    private static int writeRecords(Path file) throws IOException {
        var data = SyntheticGenerator.generate(SynthConfig.builder().seed(91).duration(Duration.ofMinutes(30))
                .stations(1).eventsPerHour(16).magnitudes(1.5, 3.0).gapsPerDay(0).spikesPerHour(0).build());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new MiniSeedWriter(WriteOptions.builder().recordLength(512).build()).write(data.traces(), bytes);
        byte[] all = bytes.toByteArray();
        MiniSeedReader reader = new MiniSeedReader(ReadOptions.defaults());
        List<byte[]> recs = new ArrayList<>();
        for (int o = 0; o < all.length; o += 512) {
            recs.add(Arrays.copyOfRange(all, o, o + 512));
        }
        recs.sort(Comparator.comparing((byte[] r) -> reader.records(r, r.length, "t").get(0).endExclusive()));
        try (OutputStream os = Files.newOutputStream(file)) {
            for (byte[] r : recs) {
                os.write(r);
            }
        }
        return recs.size();
    }

    /** @return the CSV's lines without its first (provenance) line, which names the command */
    private static List<String> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        return lines.subList(1, lines.size());
    }

    /** @return true once the file has not grown for {@code still} */
    private static BooleanSupplier quiet(Path file, Duration still) {
        long[] last = {-1, System.nanoTime()};
        return () -> {
            long size = file.toFile().length();
            if (size != last[0]) {
                last[0] = size;
                last[1] = System.nanoTime();
                return false;
            }
            return size > 0 && System.nanoTime() - last[1] > still.toNanos();
        };
    }

    private static void waitFor(BooleanSupplier done, Duration max, String what, Path log) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + ": " + read(log));
            }
            Thread.sleep(100);
        }
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** @return the ringserver binary (property seisclr.ringserver, SEISCLR_RINGSERVER, or ../shared), or null */
    private static Path ringserver() {
        String prop = System.getProperty("seisclr.ringserver");
        String env = System.getenv("SEISCLR_RINGSERVER");
        Path p = prop != null && !prop.isBlank() ? Path.of(prop) : env != null && !env.isBlank() ? Path.of(env)
                : Path.of("..", "shared", "tools", "ringserver", "ringserver");
        return Files.isExecutable(p) ? p : null;
    }
}
