package io.github.seisclr.io;

import edu.iris.dmc.seedcodec.Steim1;
import edu.iris.dmc.seedcodec.Steim2;
import edu.iris.dmc.seedcodec.SteimException;
import edu.iris.dmc.seedcodec.SteimFrameBlock;
import edu.sc.seis.seisFile.mseed.Blockette1000;
import edu.sc.seis.seisFile.mseed.Blockette1001;
import edu.sc.seis.seisFile.mseed.Btime;
import edu.sc.seis.seisFile.mseed.DataHeader;
import edu.sc.seis.seisFile.mseed.DataRecord;
import edu.sc.seis.seisFile.mseed.SeedFormatException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * Writes traces as miniSEED 2 records (with blockettes 1000 and 1001) through SeisFile. Samples
 * are written exactly: a trace read and written back reads as the same samples. Record start times
 * are rounded to the microsecond, the precision of miniSEED 2 with blockette 1001.
 */
public final class MiniSeedWriter {
    private static final int HEADER_AND_BLOCKETTES = 64;

    private final WriteOptions options;
    private int sequence = 1;

    /** @param options record length, encoding and quality indicator */
    public MiniSeedWriter(WriteOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Writes traces to a file, replacing it.
     *
     * @param traces the traces, written in the order given
     * @param file where to write (replaced whole, atomically: {@link AtomicFiles})
     * @throws UncheckedIOException when the file cannot be written
     * @throws IllegalArgumentException when a trace cannot be written as it is (checked before anything
     *     is written): its samples cannot be held exactly by the chosen encoding, its sample rate by
     *     miniSEED 2's ratio of 16-bit integers, or its codes by miniSEED 2's fields; or when there is
     *     no sample to write
     */
    public void write(Collection<Trace> traces, Path file) {
        try {
            AtomicFiles.write(file, os -> {
                OutputStream out = new BufferedOutputStream(os, 1 << 16);
                write(traces, out);
                out.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write miniSEED (" + file + "): " + AtomicFiles.reason(e), e);
        }
    }

    /**
     * Writes traces to a stream (left open).
     *
     * @param traces the traces, written in the order given
     * @param out where to write
     * @throws IOException when the stream fails
     * @throws IllegalArgumentException as {@link #write(Collection, Path)}, before anything is written
     */
    public void write(Collection<Trace> traces, OutputStream out) throws IOException {
        if (traces.stream().allMatch(t -> t.length() == 0)) {
            // review: an empty list made a 0-byte file that no reader takes for miniSEED
            throw new IllegalArgumentException("no sample to write (" + (traces.isEmpty() ? "no trace" : traces.size()
                    + " trace(s) of 0 samples") + "): a miniSEED file without a record cannot be read back");
        }
        for (Trace t : traces) {
            requireWritable(t);
        }
        for (Trace t : traces) {
            writeTrace(t, out);
        }
        out.flush();
    }

    /**
     * Refuses what miniSEED 2 cannot hold as it is, rather than write something else (review: a rate of
     * 99.99987 Hz was written as SeisFile's nearest ratio, 100 Hz, and read back with a "gap" every hour).
     */
    private static void requireWritable(Trace t) {
        SourceId id = t.id();
        String[][] fields = {{"network", id.network(), "2"}, {"station", id.station(), "5"},
            {"location", id.location(), "2"}, {"channel", id.channel(), "3"}};
        for (String[] f : fields) {
            if (f[1].length() > Integer.parseInt(f[2]) || !f[1].chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException(id + ": the " + f[0] + " code '" + f[1] + "' does not fit miniSEED"
                        + " 2, whose " + f[0] + " field holds at most " + f[2] + " ASCII characters");
            }
        }
        double rate = t.sampleRate();
        if (rateFields(rate).length == 0) {
            throw new IllegalArgumentException(id + ": its sample rate, " + rate + " Hz, cannot be written to miniSEED 2,"
                    + " which holds a rate as a ratio of two 16-bit integers, and no such ratio gives it exactly; writing"
                    + " the nearest would move every sample's time (resample the trace, or give it the nominal rate if"
                    + " that is what it is)");
        }
    }

    private WriteOptions.DataEncoding encodingFor(Trace t) {
        WriteOptions.DataEncoding e = options.encoding();
        if (e == WriteOptions.DataEncoding.AUTO) {
            return switch (t.sampleType()) {
                case INTEGER -> WriteOptions.DataEncoding.STEIM2;
                case FLOAT -> WriteOptions.DataEncoding.FLOAT32;
                case DOUBLE -> WriteOptions.DataEncoding.FLOAT64;
            };
        }
        return e;
    }

    private void writeTrace(Trace t, OutputStream out) throws IOException {
        WriteOptions.DataEncoding enc = encodingFor(t);
        double[] x = t.array();
        int[] ints = null;
        boolean integer = enc == WriteOptions.DataEncoding.STEIM1 || enc == WriteOptions.DataEncoding.STEIM2
                || enc == WriteOptions.DataEncoding.INT32;
        if (integer) {
            ints = new int[x.length];
            for (int i = 0; i < x.length; i++) {
                if (x[i] != Math.rint(x[i]) || x[i] > Integer.MAX_VALUE || x[i] < Integer.MIN_VALUE) {
                    throw new IllegalArgumentException(t.id() + " sample " + i + " (" + x[i]
                            + ") is not a 32-bit integer and cannot be written as " + enc
                            + (options.encoding() == WriteOptions.DataEncoding.AUTO
                            ? " (AUTO's choice for a trace of sample type " + t.sampleType() + "): give the trace the"
                            + " sample type DOUBLE or FLOAT, or choose FLOAT64"
                            : "; use FLOAT64, or AUTO with a trace of sample type DOUBLE"));
                }
                ints[i] = (int) x[i];
            }
        } else if (enc == WriteOptions.DataEncoding.FLOAT32) {
            for (int i = 0; i < x.length; i++) {
                if ((double) (float) x[i] != x[i]) {
                    throw new IllegalArgumentException(t.id() + " sample " + i + " (" + x[i]
                            + ") is not exactly a 32-bit float; use FLOAT64 or AUTO");
                }
            }
        }
        int payload = options.recordLength() - HEADER_AND_BLOCKETTES;
        short[] rate = rateFields(t.sampleRate()); // once a trace: up to 32,766 tries where no plain ratio gives it
        int index = 0;
        while (index < x.length) {
            int n;
            int code;
            byte[] data;
            switch (enc) {
                case STEIM1, STEIM2 -> {
                    int frames = payload / 64;
                    int maxSamples = Math.min(x.length - index, frames * (enc == WriteOptions.DataEncoding.STEIM2 ? 105 : 60));
                    int[] chunk = Arrays.copyOfRange(ints, index, index + maxSamples);
                    int bias = index > 0 ? ints[index - 1] : 0;
                    SteimFrameBlock block;
                    try {
                        block = enc == WriteOptions.DataEncoding.STEIM2 ? Steim2.encode(chunk, frames, bias)
                                : Steim1.encode(chunk, frames, bias);
                        n = block.getNumSamples();
                        data = block.getEncodedData();
                        code = enc == WriteOptions.DataEncoding.STEIM2 ? Encoding.STEIM2 : Encoding.STEIM1;
                        fixReverseIntegrationConstant(data, chunk[n - 1]);
                    } catch (SteimException | RuntimeException e) {
                        if (options.encoding() != WriteOptions.DataEncoding.AUTO) {
                            throw new IllegalArgumentException(t.id() + " samples from " + t.timeOf(index)
                                    + " cannot be " + enc + " encoded (" + e.getMessage()
                                    + "); use INT32 or AUTO", e);
                        }
                        // Differences too large for Steim: this record goes uncompressed, exactly.
                        n = Math.min(x.length - index, payload / 4);
                        data = ints32(ints, index, n);
                        code = Encoding.INT32;
                    }
                }
                case INT32 -> {
                    n = Math.min(x.length - index, payload / 4);
                    data = ints32(ints, index, n);
                    code = Encoding.INT32;
                }
                case FLOAT32 -> {
                    n = Math.min(x.length - index, payload / 4);
                    ByteBuffer bb = ByteBuffer.allocate(n * 4);
                    for (int i = 0; i < n; i++) {
                        bb.putFloat((float) x[index + i]);
                    }
                    data = bb.array();
                    code = Encoding.FLOAT32;
                }
                case FLOAT64 -> {
                    n = Math.min(x.length - index, payload / 8);
                    ByteBuffer bb = ByteBuffer.allocate(n * 8);
                    for (int i = 0; i < n; i++) {
                        bb.putDouble(x[index + i]);
                    }
                    data = bb.array();
                    code = Encoding.FLOAT64;
                }
                default -> throw new IllegalStateException(enc.toString());
            }
            out.write(record(t, rate, index, n, code, data));
            index += n;
        }
    }

    /**
     * @return the plainest SEED factor and multiplier that give {@code rate} exactly: an integer rate
     *     as (rate, 1), an integer period as (-period, 1), a ratio of two integers that gives the rate
     *     exactly as a reader computes it (12.5 Hz as (25, -2), 100/3 Hz as (100, -3)); empty where
     *     none does (refused before writing: {@link #requireWritable})
     */
    static short[] rateFields(double rate) {
        double period = 1.0 / rate;
        if (rate == Math.rint(rate) && rate <= Short.MAX_VALUE) {
            return new short[] {(short) rate, 1};
        }
        if (period == Math.rint(period) && period <= Short.MAX_VALUE) {
            return new short[] {(short) -period, 1};
        }
        return exactRatio(rate); // at most 32,766 tries, tens of microseconds
    }

    /**
     * @return the factor and (negative) multiplier whose ratio is {@code rate} to the last bit, as
     *     {@link RecordParser#nominalRate} computes it, the smallest such divisor; empty where none
     *     within 16 bits is
     */
    static short[] exactRatio(double rate) {
        for (int d = 2; d <= Short.MAX_VALUE; d++) {
            double f = Math.rint(rate * d);
            if (f >= 1 && f <= Short.MAX_VALUE && RecordParser.nominalRate((int) f, -d) == rate) {
                return new short[] {(short) f, (short) -d};
            }
        }
        return new short[0];
    }

    /** X(N) must be the last sample actually held by this record, which the encoder may not know. */
    private static void fixReverseIntegrationConstant(byte[] data, int last) {
        ByteBuffer.wrap(data).putInt(8, last);
    }

    private static byte[] ints32(int[] ints, int from, int n) {
        ByteBuffer bb = ByteBuffer.allocate(n * 4);
        for (int i = 0; i < n; i++) {
            bb.putInt(ints[from + i]);
        }
        return bb.array();
    }

    /** @param rate the trace's rate as SEED factor and multiplier ({@link #rateFields}) */
    private byte[] record(Trace t, short[] rate, int index, int n, int code, byte[] data) {
        long startNanos = t.startNanos() + Times.spanNanos(index, t.sampleRate());
        long micros = Math.floorDiv(startNanos + 500, 1000);
        ZonedDateTime z = Times.toInstant(micros * 1000).atZone(ZoneOffset.UTC);
        int tenthMilli = z.getNano() / 100_000;
        int microRest = (z.getNano() / 1000) % 100;
        DataHeader header = new DataHeader(sequence, options.quality(), false);
        sequence = sequence % 999_999 + 1;
        SourceId id = t.id();
        header.setNetworkCode(id.network());
        header.setStationIdentifier(id.station());
        header.setLocationIdentifier(id.location());
        header.setChannelIdentifier(id.channel());
        header.setStartBtime(new Btime(z.getYear(), z.getDayOfYear(), z.getHour(), z.getMinute(),
                z.getSecond(), tenthMilli));
        header.setSampleRateFactor(rate[0]);
        header.setSampleRateMultiplier(rate[1]);
        header.setNumSamples((short) n);
        header.setDataOffset((short) HEADER_AND_BLOCKETTES);
        header.setIOClockFlags((byte) 0);
        try {
            DataRecord record = new DataRecord(header);
            Blockette1000 b1000 = new Blockette1000();
            b1000.setEncodingFormat((byte) code);
            b1000.setWordOrder((byte) 1);
            b1000.setDataRecordLength((byte) Integer.numberOfTrailingZeros(options.recordLength()));
            record.addBlockette(b1000);
            Blockette1001 b1001 = new Blockette1001();
            b1001.setMicrosecond((byte) microRest);
            b1001.setFrameCount((byte) (code == Encoding.STEIM1 || code == Encoding.STEIM2 ? data.length / 64 : 0));
            record.addBlockette(b1001);
            record.setRecordSize(options.recordLength());
            // Pad to the full payload so that the data start right after the blockettes (offset
            // 64); SeisFile would otherwise right-align a short data section.
            record.setData(Arrays.copyOf(data, options.recordLength() - HEADER_AND_BLOCKETTES));
            return record.toByteArray();
        } catch (SeedFormatException e) {
            throw new IllegalStateException("SeisFile refused a record for " + id + ": " + e.getMessage(), e);
        }
    }
}
