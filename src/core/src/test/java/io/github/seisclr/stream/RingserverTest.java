package io.github.seisclr.stream;

import io.github.seisclr.io.MiniSeedReader;
import io.github.seisclr.io.ReadOptions;
import io.github.seisclr.model.Encoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The SeedLink client against the server data centres run: EarthScope's ringserver
 * ({@code ../shared/tools/ringserver}, or the binary named by {@code SEISCLR_RINGSERVER} /
 * {@code -Dseisclr.ringserver}), started here on a free port with a ring kept on disk and fed
 * 512-byte records through its folder scanner. The server is stopped and restarted mid-stream;
 * the client must reconnect, resume after its last packet, and give the same picks and detections
 * as replaying the records directly, with nothing lost or repeated. Skips when the binary is absent.
 */
class RingserverTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** Both tests' stream: 5 minutes of calibration, no adaptation, so that server and direct feed compare. */
    private static final StreamConfig CONFIG = StreamConfig.builder().calibrationSeconds(300).adaptationSeconds(0).build();

    static Path binary() {
        String prop = System.getProperty("seisclr.ringserver");
        String env = System.getenv("SEISCLR_RINGSERVER");
        Path p = prop != null && !prop.isBlank() ? Path.of(prop) : env != null && !env.isBlank() ? Path.of(env)
                : Path.of("..", "shared", "tools", "ringserver", "ringserver");
        return Files.isExecutable(p) ? p : null;
    }

    /**
     * A ringserver process on a port, laid out in a folder: its ring in {@code ring/}, ingesting what
     * appears in {@code scan/}, logging to {@code ringserver.log}; a second one on the same folder
     * finds the first one's ring.
     */
    static final class Ringserver implements AutoCloseable {
        final Process process;
        final int port;
        final Path scan;
        final Path log;

        Ringserver(Path bin, int port, Path dir) throws IOException, InterruptedException {
            this.port = port;
            Path ringDir = Files.createDirectories(dir.resolve("ring"));
            Path scanDir = Files.createDirectories(dir.resolve("scan"));
            scan = scanDir;
            log = dir.resolve("ringserver.log");
            process = new ProcessBuilder(bin.toString(), "-Rd", ringDir.toString(), "-Rs", "16000000", "-L",
                    String.valueOf(port), "-MSSCAN", scanDir.toString(), "-STDERR")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            waitFor(() -> accepts(port) || !process.isAlive(), Duration.ofSeconds(30), "ringserver to listen");
            assertTrue(process.isAlive(), () -> "ringserver exited: " + read(log));
        }

        private static boolean accepts(int port) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("localhost", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy(); // SIGTERM: the ring is saved to disk on the way out
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    static void waitFor(BooleanSupplier done, Duration max, String what) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void append(Path file, List<byte[]> records) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (byte[] r : records) {
                out.write(r);
            }
        }
    }

    @Test
    void aServerRestartMidStreamLosesAndRepeatsNothing(@TempDir Path dir) throws Exception {
        Path bin = binary();
        assumeTrue(bin != null, "ringserver binary absent (../shared/tools/ringserver); skipping");
        List<byte[]> recs = SeedLinkFeedTest.records();
        Encoder encoder = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        SeedLinkFeedTest.Relayed relayed = SeedLinkFeedTest.relayed(encoder, CONFIG, recs);

        int port = freePort();
        int half = recs.size() * 2 / 5;
        StreamingDetector d2 = relayed.detector();
        SeedLinkFeed feed;
        Thread client;
        Ringserver server = new Ringserver(bin, port, dir);
        try {
            feed = new SeedLinkFeed("localhost", port, List.of(SeedLinkFeed.Selector.parse("XX_SYN01:HH?")), d2,
                    Duration.ofMillis(100));
            client = SeedLinkFeedTest.inBackground(feed);
            // a first connection asks for what arrives from then on (SeedLink without a sequence number)
            waitFor(() -> feed.connections() >= 1, PATIENCE, "the client to connect");
            append(server.scan.resolve("part1.mseed"), recs.subList(0, half));
            waitFor(() -> feed.packets() >= half, PATIENCE, "the first part through the server (" + half + " packets)");
        } finally {
            server.close();
        }
        // the first part is in the ring on disk; the scanner must not read its file again
        Files.delete(server.scan.resolve("part1.mseed"));
        try (Ringserver again = new Ringserver(bin, port, dir)) {
            append(again.scan.resolve("part2.mseed"), recs.subList(half, recs.size()));
            waitFor(() -> feed.packets() >= recs.size(), PATIENCE, "every packet (" + recs.size() + ")");
            Thread.sleep(500); // anything extra would arrive now
            feed.close();
            client.join(10_000);
        }
        d2.flush();
        assertEquals(recs.size(), feed.packets(), "every packet exactly once; server log:\n" + read(server.log));
        assertTrue(feed.reconnects() >= 1 && feed.connections() >= 2, "the restart was noticed");
        assertEquals(0, feed.refused());
        assertTrue(relayed.direct().picks.size() >= 2, "events in the test data: " + relayed.direct().picks.size());
        relayed.assertAsDirect();
    }

    /**
     * Regression (review): a ringserver restarted without its ring (kept in memory, or lost) numbers
     * its packets from 1 again; where it had taken in more packets than the last number the client
     * had before the client reconnected, a resume by number alone skipped that many packets. With the
     * last packet's time in the request, the server finds that its packet of that number is another
     * one and starts from the time: nothing is lost.
     */
    @Test
    void aServerRestartedWithAnEmptyRingLosesNothing(@TempDir Path dir) throws Exception {
        Path bin = binary();
        assumeTrue(bin != null, "ringserver binary absent (../shared/tools/ringserver); skipping");
        List<byte[]> recs = SeedLinkFeedTest.records();
        Encoder encoder = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        SeedLinkFeedTest.Relayed relayed = SeedLinkFeedTest.relayed(encoder, CONFIG, recs);
        int port = freePort();
        int part = recs.size() * 2 / 5;
        StreamingDetector d2 = relayed.detector();
        // the client waits 5 s before reconnecting: time for the new server to take in the rest
        SeedLinkFeed feed = new SeedLinkFeed("localhost", port, List.of(SeedLinkFeed.Selector.parse("XX_SYN01:HH?")), d2,
                Duration.ofSeconds(5));
        Thread client;
        try (Ringserver server = new Ringserver(bin, port, dir.resolve("first"))) {
            client = SeedLinkFeedTest.inBackground(feed);
            waitFor(() -> feed.connections() >= 1, PATIENCE, "the client to connect");
            append(server.scan.resolve("part1.mseed"), recs.subList(0, part));
            waitFor(() -> feed.packets() >= part, PATIENCE, "the first part through the server (" + part + " packets)");
        }
        // a new server with an empty ring, which takes in the rest (more packets than the first part)
        // before the client comes back, beginning with a few packets the client had: ringserver's
        // positioning by time starts one packet late where the packet wanted is its ring's first
        try (Ringserver again = new Ringserver(bin, port, dir.resolve("second"))) {
            append(again.scan.resolve("part2.mseed"), recs.subList(part - 12, recs.size()));
            try {
                waitFor(() -> feed.packets() - feed.repeated() >= recs.size(), PATIENCE, "every packet (" + recs.size() + ")");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ", had " + feed.packets() + "; server log:\n" + read(again.log), e);
            } finally {
                Thread.sleep(500); // anything extra would arrive now
                feed.close();
                client.join(10_000);
            }
        }
        d2.flush();
        assertEquals(recs.size(), feed.packets() - feed.repeated(), "every packet once");
        assertTrue(feed.repeated() >= 1, "the packets about as late as the last one came again: " + feed.repeated());
        relayed.assertAsDirect();
    }

    @Test
    void askedFromATimeTheServerSendsWhatItHoldsFromThenOn(@TempDir Path dir) throws Exception {
        Path bin = binary();
        assumeTrue(bin != null, "ringserver binary absent (../shared/tools/ringserver); skipping");
        List<byte[]> recs = SeedLinkFeedTest.records();
        MiniSeedReader reader = new MiniSeedReader(ReadOptions.defaults());
        // between two records' boundaries, so that one record of each channel straddles it
        Instant from = reader.records(recs.get(0), recs.get(0).length, "t").get(0).start()
                .plus(Duration.ofMinutes(5)).plusMillis(370);
        List<byte[]> wanted = recs.stream()
                .filter(r -> reader.records(r, r.length, "t").get(0).endExclusive().isAfter(from)).toList();
        assertTrue(wanted.size() > recs.size() / 2 && wanted.size() < recs.size(), "a window inside the data");
        Encoder encoder = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
        StreamingDetectorTest.Collector direct = SeedLinkFeedTest.direct(encoder, CONFIG, wanted);

        StreamingDetectorTest.Collector viaServer = new StreamingDetectorTest.Collector();
        StreamingDetector ignored = StreamingDetector.builder(encoder).streamConfig(CONFIG)
                .listener(new StreamingDetectorTest.Collector()).build();
        try (Ringserver server = new Ringserver(bin, freePort(), dir)) {
            // a first client, asking for new data, sees every record into the server's buffer, so that
            // the client under test asks a full ring (a TIME request made while ringserver's scanner
            // was still reading the file missed the ring's first packet now and then)
            SeedLinkFeed probe = new SeedLinkFeed("localhost", server.port,
                    List.of(SeedLinkFeed.Selector.parse("XX_SYN01")), ignored, Duration.ofMillis(100));
            Thread all = SeedLinkFeedTest.inBackground(probe);
            waitFor(() -> probe.connections() >= 1, PATIENCE, "the first client to connect");
            append(server.scan.resolve("all.mseed"), recs);
            waitFor(() -> probe.packets() >= recs.size(), PATIENCE, "the server to hold every record");
            probe.close();
            all.join(10_000);

            StreamingDetector d3 = StreamingDetector.builder(encoder).streamConfig(CONFIG).listener(viaServer).build();
            SeedLinkFeed feed = new SeedLinkFeed("localhost", server.port,
                    List.of(SeedLinkFeed.Selector.parse("XX_SYN01:HH?")), d3, Duration.ofMillis(100)).from(from);
            Thread client = SeedLinkFeedTest.inBackground(feed);
            waitFor(() -> feed.packets() - feed.early() >= wanted.size(), PATIENCE, "the packets from " + from);
            Thread.sleep(500); // anything extra would arrive now
            feed.close();
            client.join(10_000);
            d3.flush();
            // TIME has whole seconds: the server sends from 00:05:00, and the records that end in the
            // 0.37 s before the time are left out here
            assertEquals(wanted.size(), feed.packets() - feed.early(), "every record that reaches the time, once;"
                    + " server log:\n" + read(server.log));
            assertTrue(feed.early() > 0, "records ending in the fraction of a second were sent and left out");
            assertEquals(0, viaServer.count(StreamNotice.Kind.LATE_OR_DUPLICATE));

            // a time the server refuses (ringserver: one in its future) is a request for new data
            SeedLinkFeed future = new SeedLinkFeed("localhost", server.port,
                    List.of(SeedLinkFeed.Selector.parse("XX_SYN01")), ignored, Duration.ofMillis(100))
                    .from(Instant.now().plus(Duration.ofDays(1)));
            Thread waiting = SeedLinkFeedTest.inBackground(future);
            waitFor(() -> future.connections() >= 1 || future.failedConnections() > 0, PATIENCE, "a connection");
            assertEquals(1, future.connections(), "connected without retrying: " + future.lastFailure());
            assertEquals(List.of(), future.rejected());
            future.close();
            waiting.join(10_000);
        }
        assertTrue(direct.detections.size() >= 1, "events in the window: " + direct.detections.size());
        assertEquals(direct.picks, viaServer.picks);
        assertEquals(direct.detections, viaServer.detections);
    }
}
