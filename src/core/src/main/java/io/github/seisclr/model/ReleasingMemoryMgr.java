package io.github.seisclr.model;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A SameDiff session memory manager that frees every intermediate array as soon as the session
 * releases it. ND4J 1.0.0-M2.1's default ({@code ArrayCacheMemoryMgr}) keeps released arrays for
 * reuse, up to a quarter of JavaCPP's memory limit (the maximum heap by default) per session, and
 * there is one session per graph and thread: a station process with a few graphs held hundreds of
 * MB to GBs of native memory that way. Freeing at once costs nothing measurable here (the encoder's
 * passes are dominated by the convolutions) and keeps resident memory at what a pass needs.
 * ND4J's own switch for this ({@code -Dorg.nd4j.autodiff.samediff=false}) is process-wide; this is
 * installed on seisclr's graphs only ({@link #install}).
 */
final class ReleasingMemoryMgr extends AbstractMemoryMgr {

    /**
     * Gives the calling thread's session of {@code graph} this manager, creating the session now
     * (SameDiff creates one per thread on first use, with the caching manager). Call before every
     * pass; a no-op once the session has it.
     *
     * @param graph a graph about to run on this thread
     */
    static void install(SameDiff graph) {
        if (graph.hasGradientFunction()) {
            // the gradient graph (built when a training step is set up, Network.buildGradients) runs sessions of its own;
            // SameDiff turns its cache off, so this changes little there, but keeps every session of
            // seisclr's graphs alike
            installOn(graph.getFunction("grad"));
        }
        installOn(graph);
    }

    private static void installOn(SameDiff graph) {
        InferenceSession s = graph.getSessions().computeIfAbsent(Thread.currentThread().getId(),
                id -> SameDiff.getInferenceFactory().create(graph));
        // the building thread's session exists already (giving the graph its weights creates it),
        // with the caching manager: replaced here, and the replaced one closed
        if (!(s.getMmgr() instanceof ReleasingMemoryMgr)) {
            org.nd4j.autodiff.samediff.internal.SessionMemMgr old = s.getMmgr();
            s.setMmgr(new ReleasingMemoryMgr());
            if (old != null) {
                old.close();
            }
        }
    }

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        return Nd4j.createUninitializedDetached(dataType, shape);
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        if (descriptor.isEmpty()) {
            INDArray a = Nd4j.create(descriptor);
            return detached ? a.detach() : a;
        }
        return allocate(detached, descriptor.dataType(), descriptor.getShape());
    }

    @Override
    public void release(INDArray array) {
        if (array.closeable()) {
            array.close();
        }
    }

    @Override
    public void close() {
        // nothing kept
    }
}
