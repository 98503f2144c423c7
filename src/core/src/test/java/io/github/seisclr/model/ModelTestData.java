package io.github.seisclr.model;

import io.github.seisclr.io.MiniSeedWriter;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.Waveforms;
import io.github.seisclr.io.WriteOptions;
import io.github.seisclr.synth.SynthConfig;
import io.github.seisclr.synth.SyntheticDataset;
import io.github.seisclr.synth.SyntheticGenerator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/** Synthetic recordings for the model tests, generated here (not the bundled samples). */
final class ModelTestData {
    private ModelTestData() {
    }

    static SyntheticDataset dataset(long seed, double hours, int stations, double eventsPerHour) {
        return SyntheticGenerator.generate(SynthConfig.builder().seed(seed)
                .duration(Duration.ofMinutes(Math.round(hours * 60))).stations(stations).eventsPerHour(eventsPerHour)
                .magnitudes(0.5, 3.0).gapsPerDay(0).spikesPerHour(0).build());
    }

    static List<StationStream> stations(List<Trace> traces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new MiniSeedWriter(WriteOptions.defaults()).write(traces, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Waveforms.read(new ByteArrayInputStream(out.toByteArray()), "synthetic").stations();
    }

    static Trainer.Builder quickTrainer(long seed) {
        return Trainer.builder().encoder(EncoderConfig.builder().objective(EncoderConfig.Objective.CONTRASTIVE).build())
                .epochs(5).batchesPerEpoch(40).batchSize(64).validationBatches(2).seed(seed);
    }
}
