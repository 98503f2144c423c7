package io.github.seisclr.model;

import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.Map;

/**
 * The training graph in one piece, as the trainer built it before {@link ContrastiveStep}: two
 * views in, symmetric InfoNCE loss and logits out, all in SameDiff. With negatives, a third input
 * holds one extra negative per window, which each view must rank below its partner. The reference
 * the chunked gradients are tested against.
 */
final class OneGraphLoss {
    static final String VIEW1 = "view1";
    static final String VIEW2 = "view2";
    static final String NEGATIVES = "negatives";
    static final String LABELS = "labels";
    static final String LOSS = "loss";
    static final String LOGITS = "logits";

    private OneGraphLoss() {
    }

    /**
     * @param c architecture
     * @param weights weights by name
     * @param batch pairs per batch
     * @param negatives whether a third input holds transient negatives
     * @return the graph
     */
    static SameDiff build(EncoderConfig c, Map<String, float[]> weights, int batch, boolean negatives) {
        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> v = Network.variables(sd, c, weights, true);
        SDVariable x1 = sd.placeHolder(VIEW1, DataType.FLOAT, batch, 3, c.windowSamples());
        SDVariable x2 = sd.placeHolder(VIEW2, DataType.FLOAT, batch, 3, c.windowSamples());
        int columns = negatives ? 2 * batch : batch;
        SDVariable labels = sd.placeHolder(LABELS, DataType.FLOAT, batch, columns);
        SDVariable z1 = Network.project(sd, v, Network.encode(sd, c, v, x1), batch, c);
        SDVariable z2 = Network.project(sd, v, Network.encode(sd, c, v, x2), batch, c);
        SDVariable logits = sd.mmul(z1, z2, false, true, false).div(LOGITS, c.temperature());
        SDVariable l12in = logits;
        SDVariable l21in = sd.transpose(logits);
        if (negatives) {
            SDVariable x3 = sd.placeHolder(NEGATIVES, DataType.FLOAT, batch, 3, c.windowSamples());
            SDVariable z3 = Network.project(sd, v, Network.encode(sd, c, v, x3), batch, c);
            l12in = sd.concat(1, logits, sd.mmul(z1, z3, false, true, false).div(c.temperature()));
            l21in = sd.concat(1, l21in, sd.mmul(z2, z3, false, true, false).div(c.temperature()));
        }
        SDVariable l12 = sd.loss().softmaxCrossEntropy("l12", labels, l12in, null,
                LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
        SDVariable l21 = sd.loss().softmaxCrossEntropy("l21", labels, l21in, null,
                LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
        SDVariable loss = l12.add(l21).mul(LOSS, 0.5);
        sd.setLossVariables(loss);
        return sd;
    }

}
