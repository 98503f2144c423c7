package io.github.seisclr;

import java.time.Instant;
import java.util.Optional;

/**
 * Input data that cannot be read or used as given: a truncated or corrupt miniSEED file, a file
 * that is not miniSEED at all, non-finite samples, an impossible sample rate, conflicting
 * overlaps. The exception carries what a user needs to find the problem: the file (or stream
 * name), the channel, the time and the byte offset, as far as they are known, and a
 * {@link Problem} that says which kind of problem it is.
 */
public class BadInputException extends SeisclrException {
    private static final long serialVersionUID = 1L;

    /** The kind of problem, for callers that want to react to some of them. */
    public enum Problem {
        /** The file or stream is empty, or a folder holds no miniSEED files. */
        EMPTY,
        /** The bytes are not miniSEED (2 or 3) at all. */
        NOT_MINISEED,
        /** A record is cut short by the end of the file. */
        TRUNCATED,
        /** A record's header or data are damaged (bad checksum, Steim integrity, bad offsets). */
        CORRUPT,
        /** The record uses a data encoding that cannot be decoded. */
        UNSUPPORTED_ENCODING,
        /** A sample is NaN or infinite, or beyond the range of a 32-bit float (+-3.4e38), in which the encoder computes. */
        NON_FINITE_SAMPLE,
        /** A sample rate is zero, negative or not a number where samples need one. */
        BAD_SAMPLE_RATE,
        /**
         * No channel can be used because none is a component the model reads (Z/3, N/1, E/2): a
         * hydrophone alone, U/V/W channels. (Channels below the model's band are {@link #BAD_SAMPLE_RATE}.)
         */
        UNUSABLE_CHANNEL,
        /**
         * Records of one channel at two sample rates overlap in time (one record's rate or time stamp
         * is wrong); a rate change where they do not overlap is read as one trace per rate.
         */
        MIXED_SAMPLE_RATE,
        /** Two records of one channel overlap in time with different samples. */
        CONFLICTING_OVERLAP,
        /** Traces that must line up (components of one station) do not. */
        INCONSISTENT,
        /** The file cannot be read at all (missing, unreadable). */
        IO
    }

    private final Problem problem;
    private final String source;
    private final String channel;
    private final transient Instant time;
    private final long byteOffset;
    private final boolean damagedFile;

    /**
     * @param problem the kind of problem
     * @param source file path or stream name, or null when unknown
     * @param channel channel code (NET.STA.LOC.CHA), or null when unknown
     * @param time the time in the data where the problem is, or null when unknown
     * @param byteOffset the byte offset in the source, or -1 when unknown
     * @param detail what is wrong, and what to do about it where that is known
     * @param cause the underlying failure, or null
     */
    public BadInputException(Problem problem, String source, String channel, Instant time,
                             long byteOffset, String detail, Throwable cause) {
        super(compose(source, channel, time, byteOffset, detail), cause);
        this.problem = problem;
        this.source = source;
        this.channel = channel;
        this.time = time;
        this.byteOffset = byteOffset;
        this.damagedFile = false;
    }

    /** A copy of {@code of}, its message, cause and stack trace, marked as damage in one file. */
    private BadInputException(BadInputException of) {
        super(of.getMessage(), of.getCause());
        this.problem = of.problem;
        this.source = of.source;
        this.channel = of.channel;
        this.time = of.time;
        this.byteOffset = of.byteOffset;
        this.damagedFile = true;
        setStackTrace(of.getStackTrace());
    }

    /**
     * Shorthand without a cause.
     *
     * @param problem the kind of problem
     * @param source file path or stream name, or null when unknown
     * @param channel channel code (NET.STA.LOC.CHA), or null when unknown
     * @param time the time in the data where the problem is, or null when unknown
     * @param byteOffset the byte offset in the source, or -1 when unknown
     * @param detail what is wrong, and what to do about it where that is known
     */
    public BadInputException(Problem problem, String source, String channel, Instant time,
                             long byteOffset, String detail) {
        this(problem, source, channel, time, byteOffset, detail, null);
    }

    private static String compose(String source, String channel, Instant time, long offset,
                                  String detail) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source);
        }
        if (offset >= 0) {
            sb.append(sb.length() > 0 ? " " : "").append("at byte ").append(offset);
        }
        if (channel != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("channel ").append(channel);
        }
        if (time != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("time ").append(time);
        }
        return sb.length() > 0 ? sb.append(": ").append(detail).toString() : detail;
    }

    /** @return the kind of problem */
    public Problem problem() {
        return problem;
    }

    /** @return the file path or stream name, when known */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** @return the channel (NET.STA.LOC.CHA), when known */
    public Optional<String> channel() {
        return Optional.ofNullable(channel);
    }

    /** @return the time in the data where the problem sits, when known */
    public Optional<Instant> time() {
        return Optional.ofNullable(time);
    }

    /** @return the byte offset in the source, or -1 when unknown */
    public long byteOffset() {
        return byteOffset;
    }

    /**
     * @return whether the problem is damage in one file that a read can leave out, reading the
     *     others ({@code ReadOptions.Builder.skipDamagedFiles}); false for problems that leaving out a
     *     file would not mend (bad reference picks, channels no model can use, records of two files
     *     that conflict)
     */
    public boolean damagedFile() {
        return damagedFile;
    }

    /**
     * @return this problem marked as damage in one file ({@link #damagedFile}): what the miniSEED
     *     readers throw where they would have left the file out on request
     */
    public BadInputException asDamagedFile() {
        return damagedFile ? this : new BadInputException(this);
    }
}
