package io.github.seisclr.spark;

import io.github.seisclr.BadInputException;
import io.github.seisclr.io.SdsArchive;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.model.Encoder;
import io.github.seisclr.model.Trainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A job step: a station's own encoder, trained from random weights with the default (predictive)
 * objective or, where the job asks, fine-tuned from the job's model, on a sample of the station's
 * own unlabelled data ({@value #HOURS_PER_DAY} h from each of the chosen days, inside the part of
 * the day that holds data, at a time drawn per station and day with a fixed seed, so a re-run draws
 * the same), saved into the job's output.
 */
final class StationTraining {
    private static final Logger LOG = LoggerFactory.getLogger(StationTraining.class);
    /** Hours read from each training day. */
    static final int HOURS_PER_DAY = 2;
    /** Default epochs (the ablation's budget, {@code docs/training.md}). */
    static final int EPOCHS = 8;
    /** Default batches per epoch. */
    static final int BATCHES = 40;

    private StationTraining() {
    }

    /**
     * @param s the job
     * @param baseModel the job's model as shipped with it (null: the bundled model)
     * @param station {@code NET.STA}
     * @param days the days to train on
     * @param target where to save the model (written whole or not at all)
     */
    static void train(ArchiveJob.Settings s, String baseModel, String station, List<LocalDate> days, Path target) {
        SdsArchive archive = s.archive();
        List<StationStream> data = new ArrayList<>();
        SdsArchive.Stations only = SdsArchive.Stations.parse(station);
        for (LocalDate d : days) {
            Instant dayStart = d.atStartOfDay(ZoneOffset.UTC).toInstant();
            try {
                // the stretch is drawn inside the part of the day that holds data (a station may start or stop mid-day)
                io.github.seisclr.io.WaveformSet day = archive.read(only, dayStart, dayStart.plus(Duration.ofDays(1)));
                Instant first = day.traces().stream().map(io.github.seisclr.io.Trace::start).min(Instant::compareTo)
                        .orElseThrow();
                Instant last = day.traces().stream().map(io.github.seisclr.io.Trace::endExclusive).max(Instant::compareTo)
                        .orElseThrow();
                long room = Math.max(0, Duration.between(first, last).minusHours(HOURS_PER_DAY).toSeconds());
                Instant from = first.plusSeconds(room == 0 ? 0 : new Random((station + d).hashCode()).nextLong(room + 1));
                Instant to = from.plus(Duration.ofHours(HOURS_PER_DAY));
                data.addAll(archive.read(only, from, to.isAfter(last) ? last : to).stations());
            } catch (BadInputException e) {
                if (e.problem() != BadInputException.Problem.EMPTY) {
                    throw e;
                }
                LOG.info("{}: no data on {} to train on", station, d);
            }
        }
        if (data.isEmpty()) {
            throw new BadInputException(BadInputException.Problem.EMPTY, s.sdsRoot(), station, null, -1,
                    "no data to train " + station + "'s model on (days " + days + ")");
        }
        long t0 = System.nanoTime();
        // from random weights by default: on one real two-station data set the predictive objective
        // trained there confirmed more events than the bundled model fine-tuned there at 3 of 6
        // operating points, as many at 2 (docs/training.md, "Fine-tuning the bundled model on the station")
        Trainer.Builder b = Trainer.builder().epochs(s.trainEpochs()).batchesPerEpoch(s.trainBatches()).seed(42);
        if (s.trainFromModel()) {
            b.init(ArchiveJob.Executors.base(baseModel));
        }
        Encoder mine = b.description("seisclr archive: " + station + ", " + (s.trainFromModel() ? "fine-tuned"
                        : "trained from random weights") + " on " + HOURS_PER_DAY + " h of each of " + days.size()
                        + " day(s): " + days)
                .build().fit(data);
        mine.save(target);
        LOG.info("{}: own model trained in {} s on {} stretch(es), saved to {}", station,
                Math.round((System.nanoTime() - t0) / 1e9), data.size(), target);
    }
}
