package io.github.seisclr.signal;

import io.github.seisclr.io.SampleRates;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which of a station's channels can feed a model of a given band: the same rule for detection
 * and for training, so that a model never learns from channels that detection would refuse.
 */
public final class ChannelBands {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelBands.class);

    private ChannelBands() {
    }

    /**
     * Leaves out the channels whose Nyquist frequency lies at or below the band (1 Hz data for a
     * 1-20 Hz model): the band-pass would leave nothing of them but noise and resampling artefacts,
     * detections on them would be invented and a model trained on them would learn the artefacts.
     * Says so once per channel; warns once per channel where only part of the band is present, and
     * about a usable channel that no input slot takes ({@link StationStream#slot}).
     *
     * @param s a station
     * @param lowHz the band's lower edge
     * @param highHz the band's upper edge
     * @param refused where to add each channel left out, with the reason (a channel already in it
     *     is not warned about again)
     * @param warned the warnings already given (a run that reads a station in pieces passes the same set)
     * @return the station with the usable channels, {@code s} itself when all are, or null when none is
     */
    public static StationStream usable(StationStream s, double lowHz, double highHz, Map<SourceId, String> refused,
                                       Set<Object> warned) {
        Map<Character, List<Trace>> keep = new LinkedHashMap<>();
        Map<SourceId, String> newlyRefused = new LinkedHashMap<>();
        Map<Double, List<SourceId>> narrow = new java.util.TreeMap<>(); // by rate: channels with part of the band
        s.components().forEach((c, traces) -> {
            List<Trace> ok = new ArrayList<>();
            for (Trace t : traces) {
                double nyquist = t.sampleRate() / 2;
                if (nyquist <= lowHz) {
                    String line = String.format(Locale.ROOT, "%s at %s Hz (Nyquist frequency %s Hz) from %s lies"
                            + " below the model's band %s-%s Hz; use data recorded at %s Hz or more, or a model trained"
                            + " for this rate", t.id(), num(t.sampleRate()), num(nyquist), t.start(), num(lowHz),
                            num(highHz), num(2 * highHz));
                    if (refused.putIfAbsent(t.id(), line) == null) {
                        newlyRefused.put(t.id(), line);
                    }
                } else {
                    if (nyquist < highHz && ok.isEmpty() && warned.add(t.id())) {
                        narrow.computeIfAbsent(t.sampleRate(), r -> new ArrayList<>()).add(t.id());
                    }
                    ok.add(t);
                }
            }
            if (!ok.isEmpty()) {
                keep.put(c, ok);
            }
        });
        // one line per station and rate: its components mostly share their rate, and so their reason
        narrow.forEach((rate, ids) -> LOG.warn("{} at {} Hz {} only {}-{} Hz of the model's {}-{} Hz band: fewer and later"
                + " detections than on data at {} Hz or more", ids.stream().map(SourceId::toString)
                .collect(java.util.stream.Collectors.joining(", ")), num(rate), ids.size() == 1 ? "holds" : "hold",
                num(lowHz), num(rate / 2), num(lowHz), num(highHz), num(2 * highHz)));
        if (!newlyRefused.isEmpty()) {
            LOG.warn("{}: not used: {}", s.code(), describe(newlyRefused));
        }
        if (keep.isEmpty()) {
            return null;
        }
        warnUnused(keep, warned);
        return keep.size() == s.components().size() && keep.values().stream().mapToInt(List::size).sum()
                == s.components().values().stream().mapToInt(List::size).sum() ? s
                : new StationStream(s.network(), s.station(), s.location(), s.bandAndInstrument(), keep);
    }

    /**
     * The channels {@link #usable} left out, each reason said once: channels whose reasons differ
     * only in the channel's name (a station's three components at 1 Hz from the same time) are
     * listed together before it ({@code XX.A..LHZ, XX.A..LHN at 1 Hz ...}), in the order refused.
     *
     * @param refused the channels left out, with their reasons, as {@link #usable} fills it
     * @return the reasons, separated by "; "
     */
    public static String describe(Map<SourceId, String> refused) {
        // grouped by the reason without the channel's name and the time its data start (a station's
        // components start milliseconds apart); the group names its earliest start
        Map<String, List<String>> names = new LinkedHashMap<>();
        Map<String, Instant> earliest = new java.util.HashMap<>();
        refused.forEach((id, line) -> {
            String name = id.toString();
            String reason = line.startsWith(name) ? line.substring(name.length()) : ": " + line;
            java.util.regex.Matcher m = FROM.matcher(reason);
            Instant from = null;
            if (m.find()) {
                try {
                    from = Instant.parse(m.group(1));
                    reason = reason.substring(0, m.start()) + FROM_SLOT + reason.substring(m.end());
                } catch (java.time.format.DateTimeParseException notATime) {
                    from = null;
                }
            }
            names.computeIfAbsent(reason, r -> new ArrayList<>()).add(name);
            if (from != null) {
                earliest.merge(reason, from, (a, b) -> a.isBefore(b) ? a : b);
            }
        });
        List<String> parts = new ArrayList<>();
        names.forEach((reason, ids) -> parts.add(String.join(", ", ids) + (earliest.containsKey(reason)
                ? reason.replace(FROM_SLOT, " from " + earliest.get(reason) + " ") : reason)));
        return String.join("; ", parts);
    }

    /** Where a refusal names the time its channel's data start ({@link #usable}'s wording). */
    private static final java.util.regex.Pattern FROM = java.util.regex.Pattern.compile(" from (\\S+) ");
    private static final String FROM_SLOT = " from \u0000 ";

    /**
     * Warns once per channel about a usable channel that no slot takes ({@link StationStream#slot}):
     * a code that is none of Z/3, N/1, E/2, or the other code of a slot that the station also has
     * (its {@code 3} beside a {@code Z}). A stream reports the same channels as
     * {@code CHANNEL_IGNORED}.
     */
    private static void warnUnused(Map<Character, List<Trace>> keep, Set<Object> warned) {
        keep.forEach((c, traces) -> {
            int slot = StationStream.slot(c);
            Character used = slot < 0 ? null : StationStream.preferred(keep.keySet(), slot).orElseThrow();
            SourceId id = traces.get(0).id();
            if (!c.equals(used) && warned.add(Map.entry("not used", id))) {
                LOG.warn("{} not used: {}", id, slot < 0 ? "component " + c + " is not Z/3, N/1 or E/2"
                        : "the station's " + used + " takes its place (Z before 3, N before 1, E before 2)");
            }
        });
    }

    private static String num(double v) {
        return SampleRates.format(v);
    }
}
