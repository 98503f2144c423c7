package io.github.seisclr.io;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The channels of one sensor at one station: same network, station, location and band/instrument
 * code, one entry per component. Three-component sensors are {@code Z/N/E} or {@code Z/1/2}
 * (also {@code 3/1/2} for some borehole and ocean-bottom sensors); a station with only a vertical
 * component is a stream with one component.
 *
 * @param network network code
 * @param station station code
 * @param location location code (may be empty)
 * @param bandAndInstrument the channel code without its component, e.g. {@code HH}
 * @param components each component's segments in time order, keyed by component code
 */
public record StationStream(String network, String station, String location,
                            String bandAndInstrument, Map<Character, List<Trace>> components) {

    /**
     * Orders components vertical first, then north/1, then east/2, then the rest.
     *
     * @throws IllegalArgumentException where a trace's channel is not this stream's under its key (API
     *     review: another station's channel given as a component was scored as one, without a word)
     */
    public StationStream {
        for (Map.Entry<Character, List<Trace>> e : components.entrySet()) {
            for (Trace t : e.getValue()) {
                SourceId id = t.id();
                if (!id.network().equals(network) || !id.station().equals(station) || !id.location().equals(location)
                        || !id.bandAndInstrument().equals(bandAndInstrument) || id.component() != e.getKey()) {
                    throw new IllegalArgumentException("channel " + id + " given as component " + e.getKey() + " of "
                            + code(network, station, location, bandAndInstrument) + ": a station stream holds its own"
                            + " channels, each under its component code (StationStream.of groups traces so)");
                }
            }
        }
        Map<Character, List<Trace>> ordered = new LinkedHashMap<>();
        for (char c : new char[] {'Z', '3', 'N', '1', 'E', '2'}) {
            if (components.containsKey(c)) {
                ordered.put(c, List.copyOf(components.get(c)));
            }
        }
        components.forEach((c, t) -> ordered.putIfAbsent(c, List.copyOf(t)));
        components = Collections.unmodifiableMap(ordered);
    }

    /**
     * Groups traces into station streams, one per network, station, location and band/instrument
     * code, each component's segments in time order.
     *
     * @param traces traces of any channels
     * @return the streams, ordered by {@link #code()}
     */
    public static List<StationStream> of(Collection<Trace> traces) {
        Map<String, Map<Character, List<Trace>>> groups = new TreeMap<>();
        Map<String, SourceId> first = new LinkedHashMap<>();
        for (Trace t : traces) {
            String key = codeOf(t.id());
            first.putIfAbsent(key, t.id());
            groups.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(t.id().component(),
                    c -> new ArrayList<>()).add(t);
        }
        List<StationStream> out = new ArrayList<>();
        for (Map.Entry<String, Map<Character, List<Trace>>> g : groups.entrySet()) {
            g.getValue().values().forEach(l -> l.sort(Comparator.comparingLong(Trace::startNanos)));
            SourceId id = first.get(g.getKey());
            out.add(new StationStream(id.network(), id.station(), id.location(), id.bandAndInstrument(), g.getValue()));
        }
        return out;
    }

    /** @return {@code NET.STA.LOC.BI}, e.g. {@code BW.KW1..EH} */
    public String code() {
        return code(network, station, location, bandAndInstrument);
    }

    /**
     * @param channel any channel of a station
     * @return the {@link #code()} of the station stream it belongs to, {@code NET.STA.LOC.BI}
     */
    public static String codeOf(SourceId channel) {
        return code(channel.network(), channel.station(), channel.location(), channel.bandAndInstrument());
    }

    /**
     * @param code a station stream's code, {@code NET.STA.LOC.BI} (as {@link #code()})
     * @return its station, {@code NET.STA}: what a station's several sensors (locations, band codes)
     *     share; the code itself when it has no second part
     */
    public static String networkStation(String code) {
        int first = code.indexOf('.');
        int second = first < 0 ? -1 : code.indexOf('.', first + 1);
        return second < 0 ? code : code.substring(0, second);
    }

    private static String code(String network, String station, String location, String bandAndInstrument) {
        return network + "." + station + "." + location + "." + bandAndInstrument;
    }

    /**
     * The model's input slot of a component code, the same for files and streams: {@code Z} (or
     * {@code 3}) the vertical, slot 0; {@code N} (or {@code 1}) slot 1; {@code E} (or {@code 2})
     * slot 2. A slot is the same whatever else the station has: a station with {@code Z} and
     * {@code E} only leaves slot 1 empty.
     *
     * @param component a channel's component code
     * @return its slot, or -1 for codes that are none of these
     */
    public static int slot(char component) {
        return switch (component) {
            case 'Z', '3' -> 0;
            case 'N', '1' -> 1;
            case 'E', '2' -> 2;
            default -> -1;
        };
    }

    /**
     * The inverse of {@link #slot}, for naming a set of slots: {@code Z}, {@code N}, {@code E} for
     * slots 0, 1, 2.
     *
     * @param slots for slots 0, 1, 2: whether each is in the set
     * @return the codes of the slots in the set, in slot order ({@code "ZN"}, {@code "Z"}, empty for none)
     */
    public static String slotCodes(boolean[] slots) {
        StringBuilder out = new StringBuilder(3);
        for (int c = 0; c < 3; c++) {
            if (slots[c]) {
                out.append("ZNE".charAt(c));
            }
        }
        return out.toString();
    }

    /**
     * Which of two codes of one slot a station uses when it has both: {@code Z} before {@code 3},
     * {@code N} before {@code 1}, {@code E} before {@code 2}. (A station with {@code Z}, {@code 2}
     * and {@code 3} uses {@code Z} as its vertical and {@code 2} in slot 2; its {@code 3} is left
     * out.)
     *
     * @param component a component code with a {@link #slot}
     * @return 0 for the preferred code of its slot, 1 for the other
     */
    public static int rank(char component) {
        return component == 'Z' || component == 'N' || component == 'E' ? 0 : 1;
    }

    /**
     * @param slot 0 (vertical), 1 or 2 ({@link #slot(char)})
     * @return the code this station uses in the slot, when it has one
     */
    public Optional<Character> componentIn(int slot) {
        return preferred(components.keySet(), slot);
    }

    /**
     * @param codes a station's component codes
     * @param slot 0 (vertical), 1 or 2 ({@link #slot(char)})
     * @return the code among them that takes the slot (the preferred one, {@link #rank}), if any
     */
    public static Optional<Character> preferred(Collection<Character> codes, int slot) {
        return codes.stream().filter(c -> slot(c) == slot).min(Comparator.comparingInt(StationStream::rank));
    }

    /** @return the vertical component's segments ({@code Z}, or {@code 3}), when present */
    public Optional<List<Trace>> vertical() {
        return componentIn(0).map(components::get);
    }

    /**
     * @return the horizontal components' segments that the station uses, slot 1 ({@code N}, or
     *     {@code 1}) then slot 2 ({@code E}, or {@code 2}); a missing slot is left out
     */
    public List<List<Trace>> horizontals() {
        List<List<Trace>> out = new ArrayList<>();
        for (int slot = 1; slot <= 2; slot++) {
            componentIn(slot).ifPresent(c -> out.add(components.get(c)));
        }
        return out;
    }

    /** @return true when a vertical and two horizontal components are present */
    public boolean isThreeComponent() {
        return vertical().isPresent() && horizontals().size() == 2;
    }

    /** @return earliest sample time over all components */
    public Instant start() {
        return components.values().stream().flatMap(List::stream).map(Trace::start)
                .min(Instant::compareTo).orElseThrow();
    }

    /** @return latest sample time over all components */
    public Instant end() {
        return components.values().stream().flatMap(List::stream).map(Trace::end)
                .max(Instant::compareTo).orElseThrow();
    }
}
