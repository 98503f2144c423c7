/**
 * Real-time detection: miniSEED records (e.g. SeedLink packets) in, picks and detections out as
 * soon as they are decided. {@link io.github.seisclr.stream.StreamingDetector} routes records to a
 * per-station {@link io.github.seisclr.detect.IncrementalDetector}, after putting each channel's
 * records in order (late and out-of-order records within a tolerance, duplicates, overlaps), and
 * restarts a station cleanly at gaps, sample-rate changes, clock jumps and channels going silent,
 * reporting each as a {@link io.github.seisclr.stream.StreamNotice}.
 * {@link io.github.seisclr.stream.SeedLinkFeed} connects it to a SeedLink server.
 */
package io.github.seisclr.stream;
