/**
 * Stage 1, read and write: miniSEED 2 and 3 in, continuous traces out, and traces back to
 * miniSEED.
 *
 * <p>{@link io.github.seisclr.io.Waveforms} is the entry point: it reads files, folder trees or
 * streams into a {@link io.github.seisclr.io.WaveformSet} of {@link io.github.seisclr.io.Trace}
 * segments, with every gap, skipped record and dropped duplicate reported, and groups channels
 * into three-component {@link io.github.seisclr.io.StationStream}s. Records are framed and their
 * headers parsed here (so that damaged files are reported with a byte offset and the libmseed
 * conventions for time corrections, microsecond blockettes and missing blockette 1000 hold);
 * samples are decoded with SeisFile's codec library and miniSEED 3 headers with SeisFile.
 * Merging follows libmseed: records join a segment when they start within half a sample of
 * where it ends and their rates agree to 0.01 %.
 */
package io.github.seisclr.io;
