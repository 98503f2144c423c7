package io.github.seisclr.model;

import java.util.List;
import java.util.Map;

/**
 * What a model file says about itself: format, library version, the encoder's and preprocessing
 * settings, the augmentations it was trained with, the training data and results, and a checksum
 * of the weights. Stored as {@code manifest.json} in the model zip.
 *
 * @param format always {@value #FORMAT}
 * @param formatVersion file layout version; this library reads up to {@value #FORMAT_VERSION}
 * @param libraryVersion seisclr version that wrote the file
 * @param created when the file was written (ISO 8601)
 * @param description free text
 * @param encoder architecture and input settings
 * @param preprocessing how raw counts become model input
 * @param augmentation the augmentation settings of training
 * @param training data, settings and results of training
 * @param weights variable names and shapes, in the order of {@code weights.bin} (float32, little-endian)
 * @param weightsSha256 SHA-256 of {@code weights.bin}, hex
 */
public record ModelManifest(String format, int formatVersion, String libraryVersion, String created,
                            String description, Encoder encoder, Map<String, Object> preprocessing,
                            Map<String, Object> augmentation, Training training, List<Weight> weights,
                            String weightsSha256) {
    /** The format name. */
    public static final String FORMAT = "seisclr-model";
    /** Keys of {@link Training#componentHours}, by input slot (vertical, N/1, E/2). */
    static final List<String> COMPONENT_KEYS = List.of("Z", "N", "E");
    /**
     * The newest format version this library writes and reads: 2 adds the encoder's training
     * objective (a predictive model is written as version 2, a contrastive one as version 1, which
     * earlier versions of seisclr read as before); 3 adds the convolutions' dilations (only a
     * model whose dilations are not the default is written as version 3, so that a seisclr that
     * would ignore them refuses the file instead of computing other features); 4 marks a model that
     * leaves input components out (one trained from random weights on data without them: see
     * {@link Training#componentHours}), written as version 4 only then, for the same reason.
     */
    public static final int FORMAT_VERSION = 4;

    /**
     * @param sampleRate Hz
     * @param windowSeconds s
     * @param bandLowHz Hz
     * @param bandHighHz Hz
     * @param channels convolution widths
     * @param projectionDim projection size
     * @param temperature InfoNCE temperature
     * @param components component order of the input
     * @param objective training objective ({@link EncoderConfig.Objective}); absent (version 1
     *     files): contrastive
     * @param dilations the five convolutions' dilations; absent (versions 1 and 2, and any model
     *     with the default ones): 1, 1, 1, 1, 2
     */
    public record Encoder(double sampleRate, double windowSeconds, double bandLowHz, double bandHighHz,
                          int[] channels, int projectionDim, double temperature, String components,
                          String objective, int[] dilations) {
        /**
         * The settings of a model with the default dilations, as before the dilations were a setting.
         *
         * @param sampleRate Hz
         * @param windowSeconds s
         * @param bandLowHz Hz
         * @param bandHighHz Hz
         * @param channels convolution widths
         * @param projectionDim projection size
         * @param temperature InfoNCE temperature
         * @param components component order of the input
         * @param objective training objective, or null for contrastive
         */
        public Encoder(double sampleRate, double windowSeconds, double bandLowHz, double bandHighHz,
                       int[] channels, int projectionDim, double temperature, String components, String objective) {
            this(sampleRate, windowSeconds, bandLowHz, bandHighHz, channels, projectionDim, temperature, components,
                    objective, null);
        }

        /** Copies the arrays in (review: a caller's change to them reached a model's saved file). */
        public Encoder {
            channels = channels == null ? null : channels.clone();
            dilations = dilations == null ? null : dilations.clone();
        }

        /** @return a copy of the convolution widths */
        @Override
        public int[] channels() {
            return channels == null ? null : channels.clone();
        }

        /** @return a copy of the dilations, or null where the file gives none */
        @Override
        public int[] dilations() {
            return dilations == null ? null : dilations.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Encoder e && Double.compare(sampleRate, e.sampleRate) == 0
                    && Double.compare(windowSeconds, e.windowSeconds) == 0 && Double.compare(bandLowHz, e.bandLowHz) == 0
                    && Double.compare(bandHighHz, e.bandHighHz) == 0 && java.util.Arrays.equals(channels, e.channels)
                    && projectionDim == e.projectionDim && Double.compare(temperature, e.temperature) == 0
                    && java.util.Objects.equals(components, e.components) && java.util.Objects.equals(objective, e.objective)
                    && java.util.Arrays.equals(dilations, e.dilations);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(sampleRate, windowSeconds, bandLowHz, bandHighHz, java.util.Arrays.hashCode(channels),
                    projectionDim, temperature, components, objective, java.util.Arrays.hashCode(dilations));
        }

        @Override
        public String toString() {
            return "Encoder[sampleRate=" + sampleRate + ", windowSeconds=" + windowSeconds + ", bandLowHz=" + bandLowHz
                    + ", bandHighHz=" + bandHighHz + ", channels=" + java.util.Arrays.toString(channels)
                    + ", projectionDim=" + projectionDim + ", temperature=" + temperature + ", components=" + components
                    + ", objective=" + objective + ", dilations=" + java.util.Arrays.toString(dilations) + "]";
        }
    }

    /**
     * @param seed random seed
     * @param epochs epochs run
     * @param batchSize windows per batch (pairs of views with the contrastive objective)
     * @param learningRate peak learning rate
     * @param windowsSeen training windows drawn
     * @param stations station codes of the training data
     * @param hours hours of aligned training data
     * @param sources files or descriptions of the data
     * @param firstLoss loss of the first batch
     * @param trainLoss mean training loss of the last epoch
     * @param validationLoss validation loss of the kept weights
     * @param validationTop1 share of validation views whose partner is the nearest in the batch
     * @param seconds training time
     * @param initialWeights the weights' checksum training started from (fine-tuning), or null
     *     when it started from random weights (and in files written before fine-tuning existed)
     * @param componentHours hours of training data that carried each input component ({@code Z},
     *     {@code N}, {@code E}: the vertical and the two horizontal slots), or null in files written
     *     before it was recorded. A model trained from random weights on data without a component
     *     never learned to weigh it: written as format version 4, it leaves such a component out of
     *     its input ({@link io.github.seisclr.model.Encoder#inputComponents}).
     */
    public record Training(long seed, int epochs, int batchSize, double learningRate, long windowsSeen,
                           List<String> stations, double hours, List<String> sources, double firstLoss,
                           double trainLoss, double validationLoss, double validationTop1, double seconds,
                           String initialWeights, Map<String, Double> componentHours) {
        /** The record as written before the components' hours were recorded (they are then unknown). */
        public Training(long seed, int epochs, int batchSize, double learningRate, long windowsSeen,
                        List<String> stations, double hours, List<String> sources, double firstLoss,
                        double trainLoss, double validationLoss, double validationTop1, double seconds,
                        String initialWeights) {
            this(seed, epochs, batchSize, learningRate, windowsSeen, stations, hours, sources, firstLoss, trainLoss,
                    validationLoss, validationTop1, seconds, initialWeights, null);
        }
    }

    /**
     * @param name variable name
     * @param shape its shape
     */
    public record Weight(String name, long[] shape) {
        /** Copies the shape in. */
        public Weight {
            shape = shape.clone();
        }

        /** @return a copy of the shape */
        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Weight w && name.equals(w.name) && java.util.Arrays.equals(shape, w.shape);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + java.util.Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return "Weight[name=" + name + ", shape=" + java.util.Arrays.toString(shape) + "]";
        }
    }
}
