package io.github.seisclr.stream;

import io.github.seisclr.detect.Calibration;
import io.github.seisclr.detect.Detection;
import io.github.seisclr.pick.Pick;

/**
 * Receives the stream's output on the thread that feeds it. Keep the methods short (queue the
 * work elsewhere when it is slow): the stream waits for them. What a method throws is logged and
 * counted ({@link StreamingDetector#listenerFailures()}); the stream goes on as if it had returned.
 */
public interface StreamListener {
    /** @param pick a P pick (as soon as decided) or an S pick */
    default void onPick(Pick pick) {
    }

    /**
     * @param detection a detection, once it has ended and its S search's data have come (a median of
     *     about 20 s of data after its end; act on {@link #onPick} for a P, which comes first)
     */
    default void onDetection(Detection detection) {
    }

    /** @param notice a gap, restart, dropped record or other event in the feed */
    default void onNotice(StreamNotice notice) {
    }

    /**
     * A warning about the data (spikes, flat lines, a channel left out, a component left behind, a
     * station too weak to score, ...), as soon as the call that found it has returned: each warning
     * once, and again with its new text where it is said again as it learns more (a component left
     * behind for longer, more spikes), so that the last text heard is the one
     * {@link StreamingDetector#result}'s warnings list (which also hold the holes in the data scored,
     * {@link StreamingDetector#holes}, and stop at {@link io.github.seisclr.io.Warnings#MAX_PER_RUN},
     * where the listener goes on hearing new ones). They are also logged through SLF4J, once per
     * process. Not the {@link StreamNotice}s ({@link #onNotice}), nor a {@link SeedLinkFeed}'s
     * connection messages, which go to SLF4J alone.
     *
     * @param warning the warning, a sentence naming the channel and time
     */
    default void onWarning(String warning) {
    }

    /**
     * @param station station code
     * @param calibration its new calibration
     * @param adapted whether it came from slow adaptation (else: fitted after the warm-up)
     */
    default void onCalibrated(String station, Calibration calibration, boolean adapted) {
    }
}
