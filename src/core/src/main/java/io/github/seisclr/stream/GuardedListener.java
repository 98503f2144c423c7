package io.github.seisclr.stream;

import io.github.seisclr.detect.Calibration;
import io.github.seisclr.detect.Detection;
import io.github.seisclr.pick.Pick;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    @Override
    public void onPick(Pick pick) {
        try {
            target.onPick(pick);
        } catch (RuntimeException e) {
            failed("pick " + pick.detectionId() + " " + pick.phase(), e);
        }
    }

    @Override
    public void onDetection(Detection detection) {
        try {
            target.onDetection(detection);
        } catch (RuntimeException e) {
            failed("detection " + detection.id(), e);
        }
    }

    @Override
    public void onNotice(StreamNotice notice) {
        try {
            target.onNotice(notice);
        } catch (RuntimeException e) {
            failed("notice " + notice.kind(), e);
        }
    }

    @Override
    public void onCalibrated(String station, Calibration calibration, boolean adapted) {
        try {
            target.onCalibrated(station, calibration, adapted);
        } catch (RuntimeException e) {
            failed("calibration of " + station, e);
        }
    }
}
