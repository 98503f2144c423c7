package io.github.seisclr.model;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Results of work run on the model's worker threads, failures rethrown as they were thrown there. */
final class Futures {
    private Futures() {
    }

    /**
     * @param f the work
     * @param doing what it does, for the message when the waiting thread is interrupted
     * @param <T> result type
     * @return its result
     */
    static <T> T result(Future<T> f, String doing) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + doing, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
