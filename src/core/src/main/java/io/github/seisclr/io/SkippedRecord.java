package io.github.seisclr.io;

import java.time.Instant;

/**
 * A miniSEED record that holds no waveform samples and so contributes to no trace: a text (log)
 * record, a header-only record (state of health, event detection, calibration blockettes), or a
 * record with zero samples. Reported so that nothing is dropped unseen.
 *
 * @param source the file or stream name
 * @param byteOffset where the record starts in the source
 * @param id the record's channel
 * @param start the record's start time
 * @param sampleCount the count in the header (characters, for a text record)
 * @param reason why the record holds no waveform samples
 */
public record SkippedRecord(String source, long byteOffset, SourceId id, Instant start,
                            int sampleCount, String reason) {
}
