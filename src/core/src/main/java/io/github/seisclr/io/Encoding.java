package io.github.seisclr.io;

/** The SEED data encoding codes (SEED manual, blockette 1000; miniSEED 3 header field 9). */
final class Encoding {
    static final int TEXT = 0;
    static final int INT16 = 1;
    static final int INT24 = 2;
    static final int INT32 = 3;
    static final int FLOAT32 = 4;
    static final int FLOAT64 = 5;
    static final int STEIM1 = 10;
    static final int STEIM2 = 11;
    static final int GEOSCOPE24 = 12;
    static final int GEOSCOPE16_3 = 13;
    static final int GEOSCOPE16_4 = 14;
    static final int CDSN = 16;
    static final int SRO = 30;
    static final int DWWSSN = 32;

    private Encoding() {
    }

    static String name(int code) {
        return switch (code) {
            case TEXT -> "TEXT";
            case INT16 -> "INT16";
            case INT24 -> "INT24";
            case INT32 -> "INT32";
            case FLOAT32 -> "FLOAT32";
            case FLOAT64 -> "FLOAT64";
            case STEIM1 -> "STEIM1";
            case STEIM2 -> "STEIM2";
            case GEOSCOPE24 -> "GEOSCOPE24";
            case GEOSCOPE16_3 -> "GEOSCOPE16-3";
            case GEOSCOPE16_4 -> "GEOSCOPE16-4";
            case CDSN -> "CDSN";
            case SRO -> "SRO";
            case DWWSSN -> "DWWSSN";
            default -> "encoding " + code;
        };
    }
}
