package io.github.seisclr.examples;

import io.github.seisclr.detect.CalibrationFile;
import io.github.seisclr.io.MiniSeedReader;
import io.github.seisclr.io.MiniSeedWriter;
import io.github.seisclr.io.ReadOptions;
import io.github.seisclr.io.WriteOptions;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.SynchronousQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the docs' station process: packets through a queue, picks to a callback, stopped after
 * 20 min of data and restarted on the next 20 min. Restarted warm (from the calibrations it saved)
 * it picks an event 3 min after the restart while that minute's data arrive; restarted cold it
 * holds its first 10 min to calibrate, so nothing comes out before then.
 */
class StationProcessTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant RESTART = T0.plus(Duration.ofMinutes(20));
    private static Encoder encoder;
    private static List<byte[]> before;
    private static List<byte[]> after;

    @BeforeAll
    static void setUp() throws IOException {
        var data = SyntheticGenerator.generate(SynthConfig.builder().seed(31).duration(Duration.ofMinutes(40)).stations(1)
                .eventsPerHour(3).magnitudes(2.0, 3.0).gapsPerDay(0).spikesPerHour(0)
                .eventOrigins(List.of(T0.plusSeconds(300), T0.plusSeconds(720), RESTART.plusSeconds(180),
                        RESTART.plusSeconds(780))).build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MiniSeedWriter(WriteOptions.builder().recordLength(512).build()).write(data.traces(), out);
        byte[] all = out.toByteArray();
        List<byte[]> records = new ArrayList<>();
        for (int o = 0; o < all.length; o += 512) {
            records.add(Arrays.copyOfRange(all, o, o + 512));
        }
        records.sort(Comparator.comparing(StationProcessTest::end)); // as a feed sends them
        before = records.stream().filter(r -> !end(r).isAfter(RESTART)).toList();
        after = records.stream().filter(r -> end(r).isAfter(RESTART)).toList();
        encoder = Encoder.load(Path.of("models", "seisclr-default-v1.zip"));
    }

    @Test
    @org.junit.jupiter.api.Timeout(300)
    void picksFromAQueueAndRestartsWarm(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("calibrations.json");
        Run first = run(before, state);
        assertFalse(first.picks.isEmpty(), "no pick in the first 20 min");
        assertEquals(1, CalibrationFile.read(state, encoder.manifest().weightsSha256()).size(),
                "the station's calibration saved at stop");

        Run warm = run(after, state);
        assertNotNull(warm.firstPAt, "no P pick after the warm restart");
        assertTrue(warm.firstPAt.isBefore(RESTART.plus(Duration.ofMinutes(5))),
                "restarted warm, the first P pick came out at data time " + warm.firstPAt);
        assertTrue(warm.picks.stream().anyMatch(p -> p.phase() == Phase.P
                && !p.time().isBefore(RESTART.plusSeconds(180)) && p.time().isBefore(RESTART.plusSeconds(220))),
                "the event 3 min after the restart: " + warm.picks);

        Run cold = run(after, dir.resolve("none.json"));
        assertNotNull(cold.firstPAt, "restarted cold, the held minutes are scored once calibrated");
        assertFalse(cold.firstPAt.isBefore(RESTART.plus(Duration.ofMinutes(10))),
                "restarted cold, a P pick came out at data time " + cold.firstPAt + ", before its 10 min of calibration");
    }

    /**
     * Review (2026-12-07): the example let a damaged packet's BadInputException end its thread, so
     * the queue went unread and the calibrations saved were empty. It says the packet and goes on.
     */
    @Test
    @org.junit.jupiter.api.Timeout(300)
    void aDamagedPacketIsLeftOutAndTheProcessGoesOn(@TempDir Path dir) throws Exception {
        List<byte[]> packets = new ArrayList<>(before);
        byte[] damaged = packets.get(packets.size() / 2).clone();
        for (int i = 100; i < 300; i++) {
            damaged[i] = (byte) ~damaged[i];
        }
        packets.set(packets.size() / 2, damaged);
        Path state = dir.resolve("calibrations.json");
        Run r = run(packets, state);
        assertFalse(r.picks.isEmpty(), "no pick after the damaged packet");
        assertEquals(1, CalibrationFile.read(state, encoder.manifest().weightsSha256()).size(),
                "the station's calibration saved at stop");
    }

    @Test
    void theDocsShowThisCode() throws IOException {
        String code = java.nio.file.Files.readString(Path.of("src", "core", "src", "test", "java", "io", "github", "seisclr",
                "examples", "StationProcess.java"));
        String body = code.substring(code.indexOf("public final class StationProcess")).strip();
        String docs = java.nio.file.Files.readString(Path.of("docs", "streaming.md"));
        assertTrue(docs.contains("```java\n" + body + "\n```"),
                "docs/streaming.md, \"A station process\", no longer shows StationProcess.java as it is");
    }

    /** What one run of the process gave, and the data time fed when its first P pick came out. */
    private static final class Run {
        final List<Pick> picks = new ArrayList<>();
        Instant firstPAt;
    }

    private static Run run(List<byte[]> packets, Path state) throws InterruptedException {
        SynchronousQueue<byte[]> queue = new SynchronousQueue<>(); // a hand-over: the feeder knows what was taken
        Run r = new Run();
        Instant[] fed = {T0};
        Thread process = new Thread(new StationProcess(encoder, queue, pick -> {
            synchronized (r) {
                r.picks.add(pick);
                if (pick.phase() == Phase.P && r.firstPAt == null) {
                    r.firstPAt = fed[0];
                }
            }
        }, state), "station-process");
        process.start();
        for (byte[] p : packets) {
            hand(queue, p, process);
            synchronized (r) {
                try {
                    fed[0] = end(p); // taken: the process is feeding it (or one record before, at most)
                } catch (io.github.seisclr.BadInputException damaged) {
                    // a damaged packet has no end to read: the time fed stays where it was
                }
            }
        }
        hand(queue, StationProcess.STOP, process);
        process.join(120_000);
        assertFalse(process.isAlive(), "the process did not stop");
        return r;
    }

    /** Hands a packet over, failing rather than waiting for ever when the process has died. */
    private static void hand(SynchronousQueue<byte[]> queue, byte[] packet, Thread process) throws InterruptedException {
        while (!queue.offer(packet, 1, java.util.concurrent.TimeUnit.SECONDS)) {
            assertTrue(process.isAlive(), "the station process died");
        }
    }

    private static Instant end(byte[] record) {
        return new MiniSeedReader(ReadOptions.defaults()).records(record, record.length, "t").get(0).endExclusive();
    }
}
