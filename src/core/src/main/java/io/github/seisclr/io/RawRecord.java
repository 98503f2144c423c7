package io.github.seisclr.io;

/** One parsed miniSEED record, before merging: where it came from, its header and its samples. */
final class RawRecord {
    enum Kind { DATA, TEXT, NO_SAMPLES }

    final String source;
    final long byteOffset;
    final int length;
    final int formatVersion;
    final SourceId id;
    final long startNanos;
    final double sampleRate;
    final int declaredCount;
    final int encoding;
    final Kind kind;
    /** Decoded samples for {@link Kind#DATA}, else null. */
    final double[] samples;
    final SampleType sampleType;
    /** Order of reading, to keep sorting stable across files. */
    long sequence;

    RawRecord(String source, long byteOffset, int length, int formatVersion, SourceId id,
              long startNanos, double sampleRate, int declaredCount, int encoding, Kind kind,
              double[] samples, SampleType sampleType) {
        this.source = source;
        this.byteOffset = byteOffset;
        this.length = length;
        this.formatVersion = formatVersion;
        this.id = id;
        this.startNanos = startNanos;
        this.sampleRate = sampleRate;
        this.declaredCount = declaredCount;
        this.encoding = encoding;
        this.kind = kind;
        this.samples = samples;
        this.sampleType = sampleType;
    }

    java.time.Instant start() {
        return Times.toInstant(startNanos);
    }
}
