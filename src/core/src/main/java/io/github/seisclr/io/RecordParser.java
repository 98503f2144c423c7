package io.github.seisclr.io;

import edu.sc.seis.seisFile.mseed.SeedFormatException;
import edu.sc.seis.seisFile.mseed3.MSeed3Record;
import io.github.seisclr.BadInputException;
import io.github.seisclr.BadInputException.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Splits a buffer of miniSEED into records and parses each one. miniSEED 2 headers are parsed
 * here, following libmseed's conventions (header byte order from a sane year/day, record length
 * from blockette 1000 or else the distance to the next header, unapplied time corrections added,
 * blockette 1001 microseconds added, Steim1 assumed without blockette 1000); miniSEED 3 headers
 * are parsed with SeisFile after the CRC-32C is verified.
 */
final class RecordParser {
    private static final Logger LOG = LoggerFactory.getLogger(RecordParser.class);
    /** Damaged records already warned of (file and offset), up to {@value #WARNED_MAX}; then every one is. */
    private static final java.util.Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int WARNED_MAX = 10_000;
    private static final int MS2_HEADER = 48;
    private static final int MS3_HEADER = 40;
    private static final int MIN_RECORD = 64;

    private final String source;
    private final byte[] buf;
    private final int end;
    private final ReadOptions options;
    /** Position of {@code buf[0]} in the source, for the offsets reported. */
    private final long base;
    /** Length of a miniSEED 2 record without blockette 1000 when known (from an index), else -1. */
    private final int knownLength;

    RecordParser(String source, byte[] buf, int length, ReadOptions options) {
        this(source, buf, length, options, 0, -1);
    }

    /**
     * A parser of a part of a file read on its own ({@link WaveformIndex}): offsets are reported
     * from {@code base}, and a miniSEED 2 record without blockette 1000 is {@code knownLength}
     * bytes long (when positive) instead of the distance to a next header that is not in the buffer.
     */
    RecordParser(String source, byte[] buf, int length, ReadOptions options, long base, int knownLength) {
        this.source = source;
        this.buf = buf;
        this.end = length;
        this.options = options;
        this.base = base;
        this.knownLength = knownLength;
    }

    /**
     * Whether {@code buf} starts like a miniSEED 2 or 3 record: the start of a version 3 header
     * ({@code MS}, 3), or a version 2 fixed header's sequence number, quality code and the blank
     * after it. Its start time is not asked for (nor its codes): a first record whose
     * time is damaged is a damaged miniSEED file, said as such (black-box review: it was "not miniSEED",
     * and in a folder such a file was skipped unless its name said miniSEED).
     */
    static boolean looksLikeMiniSeed(byte[] b, int len) {
        return (len >= MS3_HEADER && b[0] == 'M' && b[1] == 'S' && b[2] == 3) || (len >= MS2_HEADER && startsLikeMs2(b, 0));
    }

    /**
     * @return whether a miniSEED 2 fixed header starts at {@code o}, its time and codes aside: a
     *     sequence number of digits (or spaces), a quality code and a blank
     */
    private static boolean startsLikeMs2(byte[] b, int o) {
        for (int i = 0; i < 6; i++) {
            byte c = b[o + i];
            if (!((c >= '0' && c <= '9') || c == ' ' || c == 0)) {
                return false;
            }
        }
        byte q = b[o + 6];
        return (q == 'D' || q == 'R' || q == 'Q' || q == 'M') && (b[o + 7] == ' ' || b[o + 7] == 0);
    }

    /** Parses every record; throws {@link BadInputException} at the first damaged one. */
    List<RawRecord> parseAll() {
        List<RawRecord> out = new ArrayList<>();
        parseEach(out::add);
        return out;
    }

    /**
     * Parses every record in order, handing each on at once (so that a caller that keeps only the
     * headers never holds the samples of the whole buffer); throws {@link BadInputException} at the
     * first damaged one.
     */
    void parseEach(java.util.function.Consumer<RawRecord> out) {
        parseEach(out, null);
    }

    /** A damaged stretch of the buffer, left out by {@link #parseEach(java.util.function.Consumer, Damage)}. */
    interface Damage {
        /**
         * @param e what is damaged, as it would have been thrown
         * @param from the stretch's first byte in the buffer: where the damaged record starts
         * @param to the byte after its last: where the next record header starts, or the end
         */
        void at(BadInputException e, int from, int to);
    }

    /**
     * As {@link #parseEach(java.util.function.Consumer)}; where {@code onDamage} is given, a damaged
     * record is handed to it instead of thrown, with the stretch from its start to the next record
     * header (found by scanning, so that a record whose length is damaged too is passed over), and
     * the parse goes on there; so does a buffer whose first bytes are no record header where one
     * follows (its first record's header damaged: the reader hands the parser only files that start
     * as miniSEED or are named so); an empty buffer, or one without a record header, still throws.
     */
    void parseEach(java.util.function.Consumer<RawRecord> out, Damage onDamage) {
        if (end == 0) {
            throw new BadInputException(Problem.EMPTY, source, null, null, -1,
                    "the input is empty (0 bytes)");
        }
        int off = 0;
        if (!looksLikeMiniSeed(buf, end)) {
            BadInputException e = new BadInputException(Problem.NOT_MINISEED, source, null, null, base,
                    "not miniSEED: the first bytes are neither a miniSEED 2 fixed header nor "
                            + "'MS' followed by version 3 (starts with " + preview(0) + ")" + seedLinkHeader() + packed());
            int next = onDamage == null ? end : nextHeader(0);
            if (next == end) {
                throw e;
            }
            onDamage.at(e, 0, next); // a file named miniSEED whose first header is damaged (review)
            off = next;
        }
        while (off < end) {
            if (isPadding(off)) {
                // Zero or blank fill after the last record, as some writers leave; it holds no data.
                break;
            }
            RawRecord r;
            try {
                r = record(off);
            } catch (BadInputException e) {
                if (onDamage == null) {
                    throw e;
                }
                int next = nextHeader(off);
                onDamage.at(e, off, next);
                off = next;
                continue;
            }
            out.accept(r);
            off += r.length;
        }
    }

    /** @return the first offset after {@code off} where a miniSEED 2 or 3 record header starts, or the end */
    private int nextHeader(int off) {
        for (int k = off + 1; k < end; k++) {
            if ((end - k >= MS3_HEADER && isMs3(buf, k)) || (end - k >= MS2_HEADER && isMs2(buf, k))) {
                return k;
            }
        }
        return end;
    }

    /** @return the record at {@code off}; throws where it is damaged or none starts there */
    private RawRecord record(int off) {
        int remaining = end - off;
        if (remaining >= MS3_HEADER && isMs3(buf, off)) {
            return parseMs3(off);
        } else if (remaining >= MS2_HEADER && isMs2(buf, off)) {
            return parseMs2(off);
        } else if (remaining < MS2_HEADER && (isMs3Start(off) || isMs2Start(off))) {
            throw new BadInputException(Problem.TRUNCATED, source, null, null, base + off,
                    "file ends " + remaining + " bytes into a record header (truncated file?)");
        } else if (remaining >= MS2_HEADER && isMs2Start(off) && (buf[off + 7] == ' ' || buf[off + 7] == 0)) {
            // a sequence number and quality code as a record starts, but an hour, minute or second
            // out of range: the record is there, its start time is damaged (review: said as "expected
            // the start of a miniSEED record")
            throw new BadInputException(Problem.CORRUPT, source, null, null, base + off,
                    "a miniSEED 2 record header (" + preview(off) + ") whose start time is damaged: hour "
                            + u8(buf, off + 24) + ", minute " + u8(buf, off + 25) + ", second " + u8(buf, off + 26));
        } else if (remaining >= MS3_HEADER && isMs3Start(off)) {
            throw new BadInputException(Problem.CORRUPT, source, null, null, base + off,
                    "a miniSEED 3 record header whose start time is damaged: hour " + u8(buf, off + 12)
                            + ", minute " + u8(buf, off + 13) + ", second " + u8(buf, off + 14));
        } else {
            throw new BadInputException(Problem.CORRUPT, source, null, null, base + off,
                    "expected the start of a miniSEED record after the previous one but found "
                            + preview(off) + " (damaged file, or a record length that is wrong)");
        }
    }

    // ---------------------------------------------------------------- detection

    private static boolean isMs3(byte[] b, int o) {
        return b[o] == 'M' && b[o + 1] == 'S' && b[o + 2] == 3 && u8(b, o + 12) <= 23
                && u8(b, o + 13) <= 59 && u8(b, o + 14) <= 60;
    }

    private boolean isMs3Start(int o) {
        return end - o >= 3 && buf[o] == 'M' && buf[o + 1] == 'S' && buf[o + 2] == 3;
    }

    private static boolean isMs2(byte[] b, int o) {
        return startsLikeMs2(b, o) && u8(b, o + 24) <= 23 && u8(b, o + 25) <= 59 && u8(b, o + 26) <= 60;
    }

    private boolean isMs2Start(int o) {
        int n = Math.min(8, end - o);
        for (int i = 0; i < Math.min(6, n); i++) {
            byte c = buf[o + i];
            if (!((c >= '0' && c <= '9') || c == ' ' || c == 0)) {
                return false;
            }
        }
        return n < 7 || buf[o + 6] == 'D' || buf[o + 6] == 'R' || buf[o + 6] == 'Q' || buf[o + 6] == 'M';
    }

    private boolean isPadding(int off) {
        for (int i = off; i < end; i++) {
            if (buf[i] != 0 && buf[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    /**
     * @return a hint where the buffer is a SeedLink packet, its 8-byte header ({@code SL} and six
     *     hexadecimal digits of sequence number) before a record (review: an embedder fed packets
     *     whole); empty otherwise
     */
    private String seedLinkHeader() {
        if (end < 8 + MS2_HEADER || buf[0] != 'S' || buf[1] != 'L') {
            return "";
        }
        for (int i = 2; i < 8; i++) {
            if (Character.digit(buf[i], 16) < 0) {
                return "";
            }
        }
        int n = Math.min(end - 8, Math.max(MS2_HEADER, MS3_HEADER));
        return looksLikeMiniSeed(java.util.Arrays.copyOfRange(buf, 8, 8 + n), n)
                ? "; it is a SeedLink packet: feed its record, from byte 8, without the SeedLink header" : "";
    }

    /** @return a hint where the buffer holds a compressed file ({@link #compression}); empty otherwise */
    private String packed() {
        String kind = compression(buf, end);
        return kind == null ? "" : "; these are the first bytes of " + advice(kind);
    }

    /**
     * @param kind what {@link #compression} found
     * @return what it is and what to do ("a gzip-compressed file: decompress it first"; a zip is an
     *     archive, which may hold anything: a model file is one)
     */
    static String advice(String kind) {
        return "zip".equals(kind) ? "a zip archive: if it holds miniSEED, extract it first"
                : "a " + kind + "-compressed file: decompress it first";
    }

    /**
     * @param b a file's first bytes
     * @param len how many of them there are
     * @return the compression whose magic number they start with (gzip, bzip2, xz, zstd, zip), as
     *     data centres often serve miniSEED, or null
     */
    static String compression(byte[] b, int len) {
        if (len >= 2 && u8(b, 0) == 0x1f && u8(b, 1) == 0x8b) {
            return "gzip";
        } else if (len >= 3 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h') {
            return "bzip2";
        } else if (len >= 6 && u8(b, 0) == 0xfd && b[1] == '7' && b[2] == 'z' && b[3] == 'X' && b[4] == 'Z' && b[5] == 0) {
            return "xz";
        } else if (len >= 4 && u8(b, 0) == 0x28 && u8(b, 1) == 0xb5 && u8(b, 2) == 0x2f && u8(b, 3) == 0xfd) {
            return "zstd";
        } else if (len >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
            return "zip";
        }
        return null;
    }

    private String preview(int off) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = off; i < Math.min(end, off + 8); i++) {
            int c = buf[i] & 0xff;
            sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.append('"').toString();
    }

    private static int u8(byte[] b, int o) {
        return b[o] & 0xff;
    }

    // ---------------------------------------------------------------- miniSEED 2

    private RawRecord parseMs2(int off) {
        ByteBuffer h = ByteBuffer.wrap(buf, off, end - off).slice().order(ByteOrder.BIG_ENDIAN);
        int year = h.getShort(20) & 0xffff;
        int day = h.getShort(22) & 0xffff;
        boolean swapped = !plausibleDate(buf, off, ByteOrder.BIG_ENDIAN);
        if (swapped) {
            h.order(ByteOrder.LITTLE_ENDIAN);
            year = h.getShort(20) & 0xffff;
            day = h.getShort(22) & 0xffff;
        }
        SourceId id = ms2Id(off);
        if (!plausibleDate(buf, off, h.order())) {
            ByteBuffer big = ByteBuffer.wrap(buf, off, end - off).slice().order(ByteOrder.BIG_ENDIAN);
            throw new BadInputException(Problem.CORRUPT, source, id.toString(), null, base + off,
                    "record start time has year " + (big.getShort(20) & 0xffff) + " and day of year "
                            + (big.getShort(22) & 0xffff) + " (big-endian; byte-swapped: " + year + " and " + day
                            + "), neither in the years 1900-2100 and days 1-366 that miniSEED 2 headers are read in"
                            + " (a damaged header, or a date out of that range)");
        }
        int hour = u8(buf, off + 24);
        int minute = u8(buf, off + 25);
        int second = u8(buf, off + 26);
        int fract = h.getShort(28) & 0xffff;
        int count = h.getShort(30) & 0xffff;
        int factor = h.getShort(32);
        int multiplier = h.getShort(34);
        int activity = u8(buf, off + 36);
        int timeCorrection = h.getInt(40);
        int dataOffset = h.getShort(44) & 0xffff;
        int blocketteOffset = h.getShort(46) & 0xffff;

        int blockettes = u8(buf, off + 39);
        if (blockettes > 0 && blocketteOffset > 0 && blocketteOffset < MS2_HEADER) {
            // libmseed skips such a chain and decodes with assumed defaults, which gives wrong
            // samples when the lost blockette 1000 named another encoding; refuse instead.
            // the fixed header's time, without blockette 1001's microseconds (API review: no time was named)
            throw new BadInputException(Problem.CORRUPT, source, id.toString(), timeOrNull(year, day, hour, minute,
                    second, fract, timeCorrection, activity, 0, id.toString(), off), base + off,
                    "offset of the first blockette (" + blocketteOffset + ") lies inside the 48-byte "
                            + "fixed header, so the record's encoding, length and time blockettes "
                            + "cannot be found (damaged header)");
        }
        double rate = nominalRate(factor, multiplier);
        int encoding = -1;
        int wordOrder = -1;
        int recordLength = -1;
        int microseconds = 0;
        // Walk the blockette chain as libmseed does: stop at an unknown type or a bad offset.
        int b = blocketteOffset;
        int guard = 0;
        while (b > 47 && b + 4 <= end - off && guard++ < 64) {
            int type = h.getShort(b) & 0xffff;
            int next = h.getShort(b + 2) & 0xffff;
            int blen = blocketteLength(type, h, b);
            if (blen == 0 || b + blen > end - off) {
                break;
            }
            if (type == 1000) {
                encoding = u8(buf, off + b + 4);
                wordOrder = u8(buf, off + b + 5);
                int exp = u8(buf, off + b + 6);
                if (exp < 7 || exp > 20) {
                    throw new BadInputException(Problem.CORRUPT, source, id.toString(),
                            null, base + off, "blockette 1000 gives record length 2^" + exp
                                    + "; miniSEED records are 128 bytes to 1 MiB");
                }
                recordLength = 1 << exp;
            } else if (type == 1001) {
                microseconds = buf[off + b + 5];
            } else if (type == 100) {
                float actual = h.getFloat(b + 4);
                if (Float.isFinite(actual) && actual != 0) {
                    rate = actual;
                }
            }
            if (next != 0 && next < b + blen) {
                break;
            }
            b = next;
        }
        boolean fromBlockette = recordLength > 0;
        if (recordLength < 0) {
            recordLength = knownLength > 0 ? knownLength : lengthByScanning(off, id);
        }
        if (fromBlockette && recordLength <= end - off) {
            int inner = headerInside(off, recordLength);
            if (inner > 0) {
                // a length too long would take the records it covers for this one's unused frames,
                // and drop them without a word (review: an exponent of 12 for 9 lost 7 records)
                throw new BadInputException(Problem.CORRUPT, source, id.toString(), timeOrNull(year, day, hour, minute,
                        second, fract, timeCorrection, activity, microseconds, id.toString(), off), base + off,
                        "blockette 1000 gives a record length of " + recordLength + " bytes, but a record header ("
                                + preview(off + inner) + ") starts " + inner + " bytes in: the length is damaged");
            }
        }
        if (recordLength > end - off) {
            // the header is whole: name the record's time too, where it reads as one
            throw new BadInputException(Problem.TRUNCATED, source, id.toString(), timeOrNull(year, day, hour, minute,
                    second, fract, timeCorrection, activity, microseconds, id.toString(), off), base + off,
                    "record of " + recordLength + " bytes is cut short: only " + (end - off)
                            + " bytes remain (truncated file?)");
        }

        long start = ms2Start(year, day, hour, minute, second, fract, timeCorrection, activity, microseconds,
                id.toString(), off);

        if (count == 0) {
            return new RawRecord(source, base + off, recordLength, 2, id, start, rate, 0, encoding,
                    RawRecord.Kind.NO_SAMPLES, null, null);
        }
        if (encoding < 0) {
            encoding = Encoding.STEIM1; // libmseed's assumption for records without blockette 1000
        }
        if (encoding == Encoding.TEXT) {
            return new RawRecord(source, base + off, recordLength, 2, id, start, rate, count, encoding,
                    RawRecord.Kind.TEXT, null, null);
        }
        if (dataOffset < MS2_HEADER || dataOffset >= recordLength) {
            throw new BadInputException(Problem.CORRUPT, source, id.toString(),
                    Times.toInstant(start), base + off, "data offset " + dataOffset
                            + " lies outside the record (48 to " + (recordLength - 1) + ")");
        }
        boolean littleEndian = wordOrder >= 0 ? wordOrder == 0 : swapped;
        checkRate(id, start, off, rate);
        return decoded(off, recordLength, 2, id, start, rate, count, encoding,
                off + dataOffset, recordLength - dataOffset, littleEndian);
    }

    private SourceId ms2Id(int off) {
        String sta = ascii(off + 8, 5);
        String loc = ascii(off + 13, 2);
        String cha = ascii(off + 15, 3);
        String net = ascii(off + 18, 2);
        try {
            return new SourceId(net, sta, loc, cha);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(Problem.CORRUPT, source, net + "." + sta + "." + loc + "." + cha,
                    null, base + off, "record header has unusable codes: " + e.getMessage(), e);
        }
    }

    private String ascii(int off, int len) {
        return new String(buf, off, len, StandardCharsets.US_ASCII).replace('\0', ' ').strip();
    }

    /** SEED sample rate from factor and multiplier (SEED manual, fixed header fields 10 and 11). */
    static double nominalRate(int factor, int multiplier) {
        if (factor > 0 && multiplier > 0) {
            return (double) factor * multiplier;
        } else if (factor > 0 && multiplier < 0) {
            return -(double) factor / multiplier;
        } else if (factor < 0 && multiplier > 0) {
            return -(double) multiplier / factor;
        } else if (factor < 0 && multiplier < 0) {
            return 1.0 / ((double) factor * multiplier);
        }
        return 0.0;
    }

    private static int blocketteLength(int type, ByteBuffer h, int b) {
        return switch (type) {
            case 100 -> 12;
            case 200 -> 52;
            case 201 -> 60;
            case 300 -> 60;
            case 310 -> 60;
            case 320 -> 64;
            case 390 -> 28;
            case 395 -> 16;
            case 400 -> 16;
            case 405 -> 6;
            case 500 -> 200;
            case 1000 -> 8;
            case 1001 -> 8;
            case 2000 -> b + 6 <= h.limit() ? h.getShort(b + 4) & 0xffff : 0;
            default -> 0;
        };
    }

    /**
     * @return how far into the record of {@code length} bytes at {@code off} another miniSEED 2
     *     record header starts, at a multiple of {@value #MIN_RECORD} bytes, with a start time in the
     *     years and days headers are read in (in either byte order: patterns of a header's first
     *     bytes turn up in compressed samples, a year of 1900-2100 there does not); 0 where none does
     */
    private int headerInside(int off, int length) {
        for (int k = MIN_RECORD; k < length && off + k + MS2_HEADER <= end; k += MIN_RECORD) {
            int o = off + k;
            if (isMs2(buf, o) && (plausibleDate(buf, o, ByteOrder.BIG_ENDIAN) || plausibleDate(buf, o,
                    ByteOrder.LITTLE_ENDIAN))) {
                return k;
            }
        }
        return 0;
    }

    /**
     * @return whether a miniSEED 2 header at {@code o} has a year of 1900-2100 and a day of 1-366 in
     *     {@code order}: the years and days headers are read in, and how a header's byte order is told
     */
    private static boolean plausibleDate(byte[] b, int o, ByteOrder order) {
        ByteBuffer h = ByteBuffer.wrap(b, o, 24).slice().order(order);
        int year = h.getShort(20) & 0xffff;
        int day = h.getShort(22) & 0xffff;
        return year >= 1900 && year <= 2100 && day >= 1 && day <= 366;
    }

    /**
     * Without blockette 1000: the distance to the next record header, or the rest of the file. A
     * record header whose time is damaged is not found by that, and the record would take the
     * damaged one's bytes for unused frames of its own and lose its samples without a word (review):
     * so a header's start (sequence number and quality code) at a record length short of the next
     * header ends the record there, where the damaged header is then named; a distance that is no
     * record length (no power of two) is damage.
     */
    private int lengthByScanning(int off, SourceId id) {
        for (int next = off + MIN_RECORD; next + MS2_HEADER <= end; next += MIN_RECORD) {
            if (isMs2(buf, next) || isMs3(buf, next)) {
                int length = next - off;
                int shorter = headerStartBefore(off, length);
                if (shorter > 0) {
                    return shorter;
                }
                if (Integer.bitCount(length) != 1) {
                    throw new BadInputException(Problem.CORRUPT, source, id.toString(), null, base + off,
                            "record has no blockette 1000, and the next record header (" + preview(next)
                                    + ") starts " + length + " bytes on, which is no record length (a power of"
                                    + " two): this record or a header after it is damaged");
                }
                return length;
            }
        }
        int rest = end - off;
        int shorter = headerStartBefore(off, rest);
        if (shorter > 0) {
            return shorter; // the last record's header is damaged (review): named when it is read
        }
        if (rest >= 128 && Integer.bitCount(rest) == 1) {
            return rest;
        }
        throw new BadInputException(Problem.TRUNCATED, source, id.toString(), null, base + off,
                "record has no blockette 1000 and no further record follows; the " + rest
                        + " bytes left are not a whole record (truncated file?)");
    }

    /**
     * @return the first power of two of at least {@value #MIN_RECORD} bytes into the {@code bytes}
     *     at {@code off} where a miniSEED 2 header's start (sequence number and quality code) lies,
     *     whole: where a record without blockette 1000 ends before a header that is damaged; 0 where
     *     none does
     */
    private int headerStartBefore(int off, int bytes) {
        for (int k = MIN_RECORD; k + 8 <= bytes; k *= 2) {
            if (startsLikeMs2(buf, off + k)) {
                return k;
            }
        }
        return 0;
    }

    /** @return {@link #ms2Start} as an instant, for an error about the record; null where the time is damaged too */
    private Instant timeOrNull(int year, int day, int hour, int minute, int second, int fract, int timeCorrection,
                               int activity, int microseconds, String id, int off) {
        try {
            return Times.toInstant(ms2Start(year, day, hour, minute, second, fract, timeCorrection, activity,
                    microseconds, id, off));
        } catch (BadInputException damaged) {
            return null;
        }
    }

    /**
     * A miniSEED 2 record's start (refused as damaged where the fraction passes 9999): the fixed
     * header's time, its time correction where the activity flags do not say it is applied, and
     * blockette 1001's microseconds.
     */
    private long ms2Start(int year, int day, int hour, int minute, int second, int fract, int timeCorrection,
                          int activity, int microseconds, String id, int off) {
        if (fract > 9999) {
            throw new BadInputException(Problem.CORRUPT, source, id, null, base + off,
                    "record start time has " + fract + " ten-thousandths of a second (at most 9999: damaged header)");
        }
        long start = startNanos(year, day, hour, minute, second, fract * 100_000L, id, off);
        if (timeCorrection != 0 && (activity & 0x02) == 0) {
            // Bit 1 of the activity flags says the correction is already applied; else apply it.
            start += timeCorrection * 100_000L;
        }
        return start + microseconds * 1_000L;
    }

    /**
     * A miniSEED 3 record's start, from the header's fields as for miniSEED 2 (SeisFile's instant
     * turns a leap second 60 into 59 and takes any day of the year): the same data give the same
     * times in both formats.
     *
     * @param h the record's header, little-endian, from its first byte
     */
    private long ms3Start(ByteBuffer h, String id, int off) {
        long nanosecond = h.getInt(4) & 0xffffffffL;
        if (nanosecond > 999_999_999L) {
            throw new BadInputException(Problem.CORRUPT, source, id, null, base + off,
                    "record start time has " + nanosecond + " nanoseconds (at most 999999999: damaged header)");
        }
        return startNanos(h.getShort(8) & 0xffff, h.getShort(10) & 0xffff, u8(buf, off + 12), u8(buf, off + 13),
                u8(buf, off + 14), nanosecond, id, off);
    }

    /**
     * @return the start in nanoseconds since 1970 from a header's fields; a second of 60 (a leap
     *     second) is the next minute's first, as libmseed reads it
     * @throws BadInputException CORRUPT naming the fields when the day does not exist in the year or
     *     the hour, minute or second is out of range
     */
    private long startNanos(int year, int day, int hour, int minute, int second, long nanos, String id, int off) {
        if (hour > 23 || minute > 59 || second > 60) {
            throw new BadInputException(Problem.CORRUPT, source, id, null, base + off, String.format(Locale.ROOT,
                    "record start time %02d:%02d:%02d is not a time of day (damaged header)", hour, minute, second));
        }
        long start;
        try {
            start = LocalDate.ofYearDay(year, day).atStartOfDay().toEpochSecond(ZoneOffset.UTC)
                    * Times.NANOS_PER_SECOND;
        } catch (java.time.DateTimeException e) {
            throw new BadInputException(Problem.CORRUPT, source, id, null, base + off,
                    "record start day " + year + "-" + day + " does not exist", e);
        }
        return start + ((hour * 60L + minute) * 60L + second) * Times.NANOS_PER_SECOND + nanos;
    }

    // ---------------------------------------------------------------- miniSEED 3

    /**
     * @return the start time of the miniSEED 3 record at {@code off} as its fixed header (whole)
     *     says, or null where its time fields do not read as a time
     */
    private Instant ms3TimeOrNull(ByteBuffer h, String sid, int off) {
        try {
            return Times.toInstant(ms3Start(h, sid, off));
        } catch (BadInputException damaged) {
            return null;
        }
    }

    private RawRecord parseMs3(int off) {
        ByteBuffer h = ByteBuffer.wrap(buf, off, end - off).slice().order(ByteOrder.LITTLE_ENDIAN);
        int sidLength = u8(buf, off + 33);
        int extraLength = h.getShort(34) & 0xffff;
        long dataLength = h.getInt(36) & 0xffffffffL;
        long length = MS3_HEADER + sidLength + extraLength + dataLength;
        String sid = new String(buf, off + MS3_HEADER, Math.min(sidLength, end - off - MS3_HEADER),
                StandardCharsets.US_ASCII);
        if (length > end - off) {
            throw new BadInputException(Problem.TRUNCATED, source, sid, ms3TimeOrNull(h, sid, off), base + off,
                    "miniSEED 3 record of " + length + " bytes is cut short: only " + (end - off)
                            + " bytes remain (truncated file?)");
        }
        int len = (int) length;
        int storedCrc = h.getInt(28);
        CRC32C crc = new CRC32C();
        crc.update(buf, off, 28);
        crc.update(new byte[4]);
        crc.update(buf, off + 32, len - 32);
        if ((int) crc.getValue() != storedCrc) {
            // the damage may be anywhere in the record, but a time its header still reads as helps to
            // find it, as miniSEED 2's errors give theirs (review)
            throw new BadInputException(Problem.CORRUPT, source, sid, ms3TimeOrNull(h, sid, off), base + off,
                    String.format(Locale.ROOT, "miniSEED 3 record checksum mismatch (stored CRC-32C %08x, computed"
                            + " %08x): the record is damaged", storedCrc, (int) crc.getValue()));
        }
        MSeed3Record rec;
        SourceId id;
        try {
            rec = MSeed3Record.fromByteBuffer(ByteBuffer.wrap(buf, off, len).slice()
                    .order(ByteOrder.LITTLE_ENDIAN));
            id = SourceId.fromFdsn(rec.getSourceIdStr());
        } catch (IOException | SeedFormatException | RuntimeException e) {
            throw new BadInputException(Problem.CORRUPT, source, sid, null, base + off,
                    "cannot parse miniSEED 3 header: " + e.getMessage(), e);
        }
        long start = ms3Start(h, id.toString(), off);
        int encoding = rec.getTimeseriesEncodingFormat() & 0xff;
        double rate = rec.samplingAsRate();
        long count = rec.getNumSamples() & 0xffffffffL;
        if (count > Integer.MAX_VALUE) {
            throw new BadInputException(Problem.CORRUPT, source, id.toString(), Times.toInstant(start),
                    base + off, "record declares " + count + " samples");
        }
        if (count == 0) {
            return new RawRecord(source, base + off, len, 3, id, start, rate, 0, encoding,
                    RawRecord.Kind.NO_SAMPLES, null, null);
        }
        if (encoding == Encoding.TEXT) {
            return new RawRecord(source, base + off, len, 3, id, start, rate, (int) count, encoding,
                    RawRecord.Kind.TEXT, null, null);
        }
        checkRate(id, start, off, rate);
        // miniSEED 3: Steim frames are big-endian, every other encoding little-endian.
        boolean littleEndian = !SampleDecoder.isSteim(encoding);
        return decoded(off, len, 3, id, start, rate, (int) count, encoding,
                off + MS3_HEADER + sidLength + extraLength, (int) dataLength, littleEndian);
    }

    // ---------------------------------------------------------------- shared

    /** @return whether {@code record} has not been warned of before (always true once the memory is full) */
    private static boolean firstWarning(String record) {
        return WARNED.size() >= WARNED_MAX || WARNED.add(record);
    }

    private void checkRate(SourceId id, long start, int off, double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new BadInputException(Problem.BAD_SAMPLE_RATE, source, id.toString(),
                    Times.toInstant(start), base + off, "record holds samples but its sample rate is "
                            + rate + " Hz; a waveform record needs a positive, finite rate");
        }
    }

    private RawRecord decoded(int off, int len, int version, SourceId id, long start, double rate,
                              int count, int encoding, int dataOff, int dataLen, boolean le) {
        SampleDecoder.Decoded d;
        try {
            d = SampleDecoder.decode(encoding, buf, dataOff, dataLen, count, le,
                    options.verifySteimIntegrity());
        } catch (SampleDecoder.DecodeException e) {
            throw new BadInputException(e.unsupported ? Problem.UNSUPPORTED_ENCODING : Problem.CORRUPT,
                    source, id.toString(), Times.toInstant(start), base + off, e.getMessage());
        }
        if (d.damage() != null) {
            // read as asked (the check is off), never without a word: logged once per record in this
            // process, however often it is read (an index, then its pieces; on a cluster, once per
            // executor), listed in every run that reads it
            Warnings.sayIf(firstWarning(source + "@" + (base + off)), LOG, "{} at byte {}, channel {}, time {}: {}; read"
                    + " anyway (the Steim integrity check is off): its samples may be wrong", source, base + off, id,
                    Times.toInstant(start), d.damage());
        }
        double[] v = d.values();
        double largest = 0;
        for (int i = 0; i < v.length; i++) {
            largest = Math.max(largest, Math.abs(v[i]));
            if (!Double.isFinite(v[i])) {
                throw new BadInputException(Problem.NON_FINITE_SAMPLE, source, id.toString(),
                        Times.toInstant(start + Times.spanNanos(i, rate)), base + off, "sample " + i
                                + " of the record is " + v[i] + "; seisclr does not guess a "
                                + "replacement: mask or cut that stretch before reading");
            }
            if (Math.abs(v[i]) > Trace.MAX_SAMPLE) {
                // (black-box review: FLOAT64 data scaled to 1e200 gave no detection without a word:
                // the detector's sums of squares overflow)
                throw new BadInputException(Problem.NON_FINITE_SAMPLE, source, id.toString(),
                        Times.toInstant(start + Times.spanNanos(i, rate)), base + off, "sample " + i
                                + " of the record is " + v[i] + ", beyond the range of a 32-bit float (+-3.4e38), in"
                                + " which the encoder computes: a damaged record, or data to rescale before reading");
            }
        }
        if (Trace.tooSmall(largest)) {
            // said, not refused (a synthetic pulse's far tail on a zero background can fill a record
            // with such samples, harmlessly): once per file and channel in a run (review: FLOAT64 data
            // scaled to 1e-200 gave no detection without a word, in batch and in a stream alike)
            // per feed, not per packet: a feed names each packet's source by its number ("... #123")
            String feed = source.replaceFirst(" #\\d+$", "");
            Warnings.once(LOG, "too small " + feed + " " + id, String.format(java.util.Locale.ROOT, "%s at byte %d,"
                    + " channel %s, time %s: samples all within +-%s (the largest %s), and maybe records after it:"
                    + " their squares fall below a double's range, so nothing is scored there; rescale the data",
                    source, base + off, id, Times.toInstant(start), Trace.MIN_SCALE, largest));
        }
        return new RawRecord(source, base + off, len, version, id, start, rate, count, encoding,
                RawRecord.Kind.DATA, v, d.type());
    }
}
