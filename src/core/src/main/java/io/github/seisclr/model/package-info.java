/**
 * Stage 3, the self-supervised model: a 1-D convolutional encoder trained without labels on
 * unlabelled windows of a station's own recordings, by one of two objectives (InfoNCE, van den Oord
 * et al. 2018, in both): the predictive one, the default of {@link io.github.seisclr.model.Trainer}
 * (contrastive predictive coding: the 8 s of context of a window must pick out its own next second
 * among the batch's), or the contrastive one (SimCLR, Chen et al. 2020: two augmented views of one
 * window must embed close, views of other windows far), with which the bundled model was trained.
 *
 * <p>{@link io.github.seisclr.model.Trainer} fits an {@link io.github.seisclr.model.Encoder};
 * {@link io.github.seisclr.model.Encoder#save} and {@link io.github.seisclr.model.Encoder#load}
 * store it as one zip of weights and a JSON manifest (settings, training data, losses, checksum).
 * The encoder is fully convolutional, so it runs over a whole trace at once and yields frame-level
 * features every 8 samples ({@link io.github.seisclr.model.FrameFeatures}); a window's embedding
 * is the mean of its frames.
 */
package io.github.seisclr.model;
