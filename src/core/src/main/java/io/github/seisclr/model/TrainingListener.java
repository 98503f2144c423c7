package io.github.seisclr.model;

/** Progress of training, for progress bars and logs. Called on the training thread. */
public interface TrainingListener {
    /**
     * After each batch.
     *
     * @param epoch epoch, from 1
     * @param epochs epochs planned
     * @param batch batch within the epoch, from 1
     * @param batches batches per epoch
     * @param loss this batch's loss
     * @param windowsPerSecond training throughput so far (pairs of views per second)
     */
    default void batchDone(int epoch, int epochs, int batch, int batches, double loss, double windowsPerSecond) {
    }

    /**
     * After each epoch's validation.
     *
     * @param result the epoch's figures
     */
    default void epochDone(EpochResult result) {
    }

    /**
     * One epoch's figures.
     *
     * @param epoch epoch, from 1
     * @param trainLoss mean training loss
     * @param validationLoss loss on the held-back windows
     * @param validationTop1 share of held-back views whose partner is the nearest in its batch
     * @param seconds time since training started
     * @param improved whether the validation loss is the best so far (the weights kept)
     * @param stoppingEarly whether training stops after this epoch for lack of improvement
     */
    record EpochResult(int epoch, double trainLoss, double validationLoss, double validationTop1,
                       double seconds, boolean improved, boolean stoppingEarly) {
    }
}
