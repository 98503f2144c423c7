package io.github.seisclr.examples;

import io.github.seisclr.BadInputException;
import io.github.seisclr.detect.Calibration;
import io.github.seisclr.detect.CalibrationFile;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.stream.StreamListener;
import io.github.seisclr.stream.StreamNotice;
import io.github.seisclr.stream.StreamingDetector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * The station process of docs/streaming.md ("A station process"), shown there in full and run by
 * {@code StationProcessTest}: miniSEED packets from a queue (filled by a SeedLink client, a
 * digitiser driver, ...), picks to a callback, and a warm restart from the calibrations saved when
 * it last stopped. Only the public API.
 */
public final class StationProcess implements Runnable {
    /** Put on the queue to stop the process. */
    public static final byte[] STOP = new byte[0];

    private final Encoder encoder;
    private final BlockingQueue<byte[]> packets;
    private final Consumer<Pick> onPick;
    private final Path state;

    /**
     * @param encoder the model (load it once; one encoder serves every station)
     * @param packets miniSEED records as they arrive; {@link #STOP} ends the run
     * @param onPick called with every pick, on this process's thread
     * @param state the calibrations file: read at start when it exists, written at stop
     */
    public StationProcess(Encoder encoder, BlockingQueue<byte[]> packets, Consumer<Pick> onPick, Path state) {
        this.encoder = encoder;
        this.packets = packets;
        this.onPick = onPick;
        this.state = state;
    }

    @Override
    public void run() {
        // warm restart: the stations scored from their first packet, not after 10 min of calibration
        Map<String, Calibration> saved = Map.of();
        if (Files.exists(state)) {
            try {
                saved = CalibrationFile.read(state, encoder);
            } catch (RuntimeException e) { // made with another model, or damaged
                System.err.println("starting cold: " + e.getMessage());
            }
        }
        StreamingDetector detector = StreamingDetector.builder(encoder)
                .calibrations(saved)
                .listener(new StreamListener() {
                    @Override
                    public void onPick(Pick pick) {
                        onPick.accept(pick);
                    }

                    @Override
                    public void onNotice(StreamNotice notice) {
                        System.err.println(notice); // gaps, restarts, channels silent or back
                    }
                })
                .build();
        long n = 0;
        try {
            for (byte[] packet = packets.take(); packet != STOP; packet = packets.take()) {
                try {
                    detector.accept(packet, packet.length, "packet " + ++n);
                } catch (BadInputException e) { // a damaged packet: said and left out, the stream goes on
                    System.err.println(e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                detector.flush();
            } finally {
                CalibrationFile.write(detector.calibrations(), encoder, state); // atomically
            }
        }
    }
}
