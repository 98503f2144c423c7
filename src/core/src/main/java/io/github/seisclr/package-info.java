/**
 * seisclr: self-supervised contrastive earthquake detection and phase picking in continuous
 * miniSEED data.
 *
 * <p>The sub-packages follow the pipeline, one package per stage: {@code io} (miniSEED in and
 * out, traces, station streams) → {@code signal} → {@code model} → {@code score} → {@code detect}
 * → {@code pick} → {@code output} → {@code stream}, plus {@code baseline}, {@code synth},
 * {@code eval} (the command line and the Spark job are modules of their own). This package holds
 * the entry point, {@link io.github.seisclr.Seisclr}, and what every stage shares: the exception
 * hierarchy rooted at {@link io.github.seisclr.SeisclrException}.
 */
package io.github.seisclr;
