package io.github.seisclr.io;

import java.util.Objects;

/**
 * A channel's identity: network, station, location and channel codes, as in SEED and the FDSN
 * source identifier. {@link #toString()} gives the familiar {@code NET.STA.LOC.CHA} form (empty
 * location stays empty: {@code BW.KW1..EHZ}).
 *
 * @param network network code, e.g. {@code BW}
 * @param station station code, e.g. {@code KW1}
 * @param location location code, may be empty
 * @param channel channel code, e.g. {@code EHZ}; its last character is the component
 */
public record SourceId(String network, String station, String location, String channel)
        implements Comparable<SourceId>, java.io.Serializable {

    /**
     * Normalises codes: trims blanks; refuses nulls and codes with other than letters, digits and
     * '-' (the FDSN source identifier's characters, lower case let through): a dot or underscore
     * would be read back as another code's start, and a damaged header's stray byte (a comma, a
     * quote, a control character) would make a channel of its own and break CSV and QuakeML output.
     */
    public SourceId {
        network = clean(network, "network");
        station = clean(station, "station");
        location = clean(location, "location");
        channel = clean(channel, "channel");
        if (station.isEmpty()) {
            throw new IllegalArgumentException("station code must not be empty");
        }
        if (channel.isEmpty()) {
            throw new IllegalArgumentException("channel code must not be empty");
        }
    }

    private static String clean(String code, String name) {
        Objects.requireNonNull(code, name);
        String c = code.strip();
        if (c.indexOf('.') >= 0) {
            throw new IllegalArgumentException(name + " code must not contain '.': '" + code + "'");
        }
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (!(ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-')) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "%s code must hold only letters, digits and '-': '%s' has U+%04X at %d", name,
                        printable(c), (int) ch, i + 1));
            }
        }
        return c;
    }

    /** @return the code with anything outside printable ASCII shown as '?' (for a message) */
    private static String printable(String c) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            b.append(ch >= 0x20 && ch < 0x7f ? ch : '?');
        }
        return b.toString();
    }

    /**
     * Parses {@code NET.STA.LOC.CHA}.
     *
     * @param code the dotted code, with an empty field for an empty location
     * @return the source id
     */
    public static SourceId parse(String code) {
        String[] parts = code.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("expected NET.STA.LOC.CHA, got '" + code + "'");
        }
        return new SourceId(parts[0], parts[1], parts[2], parts[3]);
    }

    /**
     * Parses an FDSN source identifier, {@code FDSN:NET_STA_LOC_B_S_SS}.
     *
     * @param sid the FDSN source identifier
     * @return the source id, with the band, source and subsource codes joined into the channel
     */
    public static SourceId fromFdsn(String sid) {
        String s = sid.startsWith("FDSN:") ? sid.substring(5) : sid;
        String[] p = s.split("_", -1);
        if (p.length != 6) {
            throw new IllegalArgumentException("expected FDSN:NET_STA_LOC_B_S_SS, got '" + sid + "'");
        }
        return new SourceId(p[0], p[1], p[2], p[3] + p[4] + p[5]);
    }

    /**
     * @return the FDSN source identifier, {@code FDSN:NET_STA_LOC_B_S_SS} (for a three-letter
     *     channel code; longer codes keep their band code and split the rest)
     */
    public String fdsn() {
        String band;
        String source;
        String sub;
        if (channel.length() == 3) {
            band = channel.substring(0, 1);
            source = channel.substring(1, 2);
            sub = channel.substring(2, 3);
        } else {
            band = "";
            source = channel;
            sub = "";
        }
        return "FDSN:" + network + "_" + station + "_" + location + "_" + band + "_" + source
                + "_" + sub;
    }

    /** @return the component code: the last character of the channel code (Z, N, E, 1, 2, ...) */
    public char component() {
        return channel.charAt(channel.length() - 1);
    }

    /** @return the channel code without its component, e.g. {@code HH} for {@code HHZ} */
    public String bandAndInstrument() {
        return channel.substring(0, channel.length() - 1);
    }

    /** @return this id with another channel code */
    SourceId withChannel(String newChannel) {
        return new SourceId(network, station, location, newChannel);
    }

    @Override
    public int compareTo(SourceId o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return network + "." + station + "." + location + "." + channel;
    }
}
