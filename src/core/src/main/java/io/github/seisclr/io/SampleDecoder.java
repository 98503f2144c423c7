package io.github.seisclr.io;

import edu.iris.dmc.seedcodec.Codec;
import edu.iris.dmc.seedcodec.CodecException;
import edu.iris.dmc.seedcodec.DecompressedData;
import edu.iris.dmc.seedcodec.Steim1;
import edu.iris.dmc.seedcodec.Steim2;
import edu.iris.dmc.seedcodec.SteimException;
import edu.iris.dmc.seedcodec.UnsupportedCompressionType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes a record's data section into doubles. Fixed-width encodings are read directly;
 * Steim1/2 and the legacy gain-ranged integer encodings (CDSN, SRO, DWWSSN) go through SeisFile's
 * codec library (seedCodec); GEOSCOPE, which seedCodec lacks, is decoded here following the SEED
 * manual's definition (12-bit mantissa offset by 2048, divided by 2 to the gain exponent).
 */
final class SampleDecoder {
    /** Thrown for a data section that cannot be decoded; the caller adds file, channel and offset. */
    static final class DecodeException extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean unsupported;

        DecodeException(String message, boolean unsupported) {
            super(message);
            this.unsupported = unsupported;
        }
    }

    /**
     * Decoded samples and what kind of numbers they are.
     *
     * @param damage why the samples may be wrong (a failed Steim integrity check read anyway), or null
     */
    record Decoded(double[] values, SampleType type, String damage) {
        Decoded(double[] values, SampleType type) {
            this(values, type, null);
        }
    }

    private static final Codec CODEC = new Codec();

    private SampleDecoder() {
    }

    static boolean isSteim(int encoding) {
        return encoding == Encoding.STEIM1 || encoding == Encoding.STEIM2;
    }

    /**
     * @param encoding SEED encoding code
     * @param buf the bytes holding the record
     * @param off start of the data section in {@code buf}
     * @param len length of the data section
     * @param count number of samples the header declares
     * @param littleEndian byte order of the data section
     * @param verifySteim refuse Steim data whose last sample disagrees with the integration constant
     */
    static Decoded decode(int encoding, byte[] buf, int off, int len, int count,
                          boolean littleEndian, boolean verifySteim) throws DecodeException {
        ByteOrder order = littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        switch (encoding) {
            case Encoding.INT16: {
                ByteBuffer bb = fixed(buf, off, len, count, 2, order);
                double[] v = new double[count];
                for (int i = 0; i < count; i++) {
                    v[i] = bb.getShort();
                }
                return new Decoded(v, SampleType.INTEGER);
            }
            case Encoding.INT32: {
                ByteBuffer bb = fixed(buf, off, len, count, 4, order);
                double[] v = new double[count];
                for (int i = 0; i < count; i++) {
                    v[i] = bb.getInt();
                }
                return new Decoded(v, SampleType.INTEGER);
            }
            case Encoding.FLOAT32: {
                ByteBuffer bb = fixed(buf, off, len, count, 4, order);
                double[] v = new double[count];
                for (int i = 0; i < count; i++) {
                    v[i] = bb.getFloat();
                }
                return new Decoded(v, SampleType.FLOAT);
            }
            case Encoding.FLOAT64: {
                ByteBuffer bb = fixed(buf, off, len, count, 8, order);
                double[] v = new double[count];
                for (int i = 0; i < count; i++) {
                    v[i] = bb.getDouble();
                }
                return new Decoded(v, SampleType.DOUBLE);
            }
            case Encoding.STEIM1:
            case Encoding.STEIM2:
                return steim(encoding, buf, off, len, count, littleEndian, verifySteim);
            case Encoding.GEOSCOPE24:
            case Encoding.GEOSCOPE16_3:
            case Encoding.GEOSCOPE16_4:
                return geoscope(encoding, buf, off, len, count, order);
            case Encoding.CDSN:
            case Encoding.SRO:
            case Encoding.DWWSSN:
                return legacy(encoding, buf, off, len, count, littleEndian);
            default:
                throw new DecodeException("data encoding " + Encoding.name(encoding)
                        + " is not supported; supported: INT16, INT32, FLOAT32, FLOAT64, STEIM1, "
                        + "STEIM2, GEOSCOPE24, GEOSCOPE16-3, GEOSCOPE16-4, CDSN, SRO, DWWSSN", true);
        }
    }

    private static ByteBuffer fixed(byte[] buf, int off, int len, int count, int width,
                                    ByteOrder order) throws DecodeException {
        long need = (long) count * width;
        if (need > len) {
            throw new DecodeException("header declares " + count + " samples of " + width
                    + " bytes (" + need + " bytes) but the data section holds only " + len + " bytes", false);
        }
        return ByteBuffer.wrap(buf, off, (int) need).order(order);
    }

    private static Decoded steim(int encoding, byte[] buf, int off, int len, int count,
                                 boolean littleEndian, boolean verify) throws DecodeException {
        int frames = len / 64;
        if (frames == 0) {
            throw new DecodeException("Steim data section of " + len + " bytes holds no 64-byte frame", false);
        }
        byte[] data = Arrays.copyOfRange(buf, off, off + frames * 64);
        int[] ints;
        try {
            ints = encoding == Encoding.STEIM1 ? Steim1.decode(data, count, littleEndian)
                    : Steim2.decode(data, count, littleEndian);
        } catch (SteimException | RuntimeException e) {
            throw new DecodeException("cannot decode " + Encoding.name(encoding) + " data: "
                    + e.getMessage(), false);
        }
        String damage = null;
        if (count > 0) {
            int xn = ByteBuffer.wrap(data, 8, 4)
                    .order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN).getInt();
            if (ints[count - 1] != xn) {
                damage = Encoding.name(encoding) + " integrity check failed: last decoded sample " + ints[count - 1]
                        + " differs from the record's reverse integration constant " + xn;
                if (verify) {
                    throw new DecodeException(damage + " (damaged data; to read it anyway, as libmseed does with a"
                            + " warning: --no-steim-check with detect, archive, info, evaluate, train or ablate,"
                            + " ReadOptions.verifySteimIntegrity(false) in Java)", false);
                }
            }
        }
        return new Decoded(toDoubles(ints), SampleType.INTEGER, damage);
    }

    private static Decoded geoscope(int encoding, byte[] buf, int off, int len, int count,
                                    ByteOrder order) throws DecodeException {
        int width = encoding == Encoding.GEOSCOPE24 ? 3 : 2;
        ByteBuffer bb = fixed(buf, off, len, count, width, order);
        double[] v = new double[count];
        int gainMask = encoding == Encoding.GEOSCOPE16_3 ? 0x7000 : 0xF000;
        for (int i = 0; i < count; i++) {
            if (encoding == Encoding.GEOSCOPE24) {
                int b0 = bb.get() & 0xff;
                int b1 = bb.get() & 0xff;
                int b2 = bb.get() & 0xff;
                int raw = order == ByteOrder.BIG_ENDIAN ? (b0 << 16) | (b1 << 8) | b2
                        : (b2 << 16) | (b1 << 8) | b0;
                // 24-bit two's complement
                v[i] = (float) (raw > 0x7FFFFF ? raw - 0x1000000 : raw);
            } else {
                int word = bb.getShort() & 0xFFFF;
                int mantissa = word & 0x0FFF;
                int exponent = (word & gainMask) >> 12;
                // The reference reader produces 32-bit floats; keep exactly those values.
                v[i] = (float) ((mantissa - 2048) / (double) (1L << exponent));
            }
        }
        return new Decoded(v, SampleType.FLOAT);
    }

    private static Decoded legacy(int encoding, byte[] buf, int off, int len, int count,
                                  boolean littleEndian) throws DecodeException {
        int width = 2;
        long need = (long) count * width;
        if (need > len) {
            throw new DecodeException("header declares " + count + " samples (" + need
                    + " bytes) but the data section holds only " + len + " bytes", false);
        }
        byte[] data = Arrays.copyOfRange(buf, off, off + (int) need);
        try {
            DecompressedData d = CODEC.decompress(encoding, data, count, littleEndian);
            int[] ints = d.getAsInt();
            if (ints == null || ints.length < count) {
                throw new DecodeException(Encoding.name(encoding) + " decoder returned "
                        + (ints == null ? 0 : ints.length) + " of " + count + " samples", false);
            }
            return new Decoded(toDoubles(Arrays.copyOf(ints, count)), SampleType.INTEGER);
        } catch (UnsupportedCompressionType e) {
            throw new DecodeException("data encoding " + Encoding.name(encoding)
                    + " is not supported by the codec: " + e.getMessage(), true);
        } catch (CodecException | RuntimeException e) {
            throw new DecodeException("cannot decode " + Encoding.name(encoding) + " data: "
                    + e.getMessage(), false);
        }
    }

    private static double[] toDoubles(int[] ints) {
        double[] v = new double[ints.length];
        for (int i = 0; i < ints.length; i++) {
            v[i] = ints[i];
        }
        return v;
    }
}
