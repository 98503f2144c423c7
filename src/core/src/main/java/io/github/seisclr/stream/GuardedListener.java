package io.github.seisclr.stream;

import io.github.seisclr.detect.Calibration;
import io.github.seisclr.detect.Detection;
import io.github.seisclr.pick.Pick;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The caller's listener, with what it throws logged instead of thrown into the stream: the stream
 * calls it in the middle of scoring a block, where an exception would leave the station's frames and
 * its event stage out of step (onsets shifted until the next restart) and end a {@link SeedLinkFeed}.
 */
final class GuardedListener implements StreamListener {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedListener.class);

    private final StreamListener target;
    private long failures;

    GuardedListener(StreamListener target) {
        this.target = target;
    }

    /** @return how many calls of the listener have thrown */
    long failures() {
        return failures;
    }

    private void failed(String what, RuntimeException e) {
        failures++;
        // the first in full, then a line each (a listener that always throws would fill the log)
        if (failures == 1) {
            LOG.error("the stream's listener threw on {}; the stream goes on", what, e);
        } else {
            LOG.error("the stream's listener threw on {} ({} times so far): {}", what, failures, e.toString());
        }
    }

    /** Runs one call of the listener; what it throws is logged and counted, with what the call was. */
    private void guarded(Runnable call, Supplier<String> what) {
        try {
            call.run();
        } catch (RuntimeException e) {
            failed(what.get(), e);
        }
    }

    @Override
    public void onPick(Pick pick) {
        guarded(() -> target.onPick(pick), () -> "pick " + pick.detectionId() + " " + pick.phase());
    }

    @Override
    public void onDetection(Detection detection) {
        guarded(() -> target.onDetection(detection), () -> "detection " + detection.id());
    }

    @Override
    public void onNotice(StreamNotice notice) {
        guarded(() -> target.onNotice(notice), () -> "notice " + notice.kind());
    }

    @Override
    public void onWarning(String warning) {
        guarded(() -> target.onWarning(warning), () -> "warning");
    }

    @Override
    public void onCalibrated(String station, Calibration calibration, boolean adapted) {
        guarded(() -> target.onCalibrated(station, calibration, adapted), () -> "calibration of " + station);
    }
}
