package io.github.seisclr.signal;

import io.github.seisclr.io.SampleRates;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import io.github.seisclr.io.Warnings;
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
     * about a usable channel that no input slot takes ({@link StationStream#slot}). A station none of
     * whose channels any slot takes (a hydrophone alone, U/V/W channels) is left out whole, its
     * channels refused as {@link Refusal#noComponent}.
     *
     * @param s a station
     * @param lowHz the band's lower edge
     * @param highHz the band's upper edge
     * @param refused where to add each channel left out, with the reason (a channel already in it
     *     is not warned about again)
     * @param warned the warnings already given (a run that reads a station in pieces passes the same set)
     * @return the station with the usable channels, {@code s} itself when all are, or null when none is
     */
    public static StationStream usable(StationStream s, double lowHz, double highHz, Map<SourceId, Refusal> refused,
                                       Set<Object> warned) {
        return usable(s, lowHz, highHz, refused, warned, false);
    }

    /**
     * As {@link #usable(StationStream, double, double, Map, Set)}, for training where {@code
     * training} is true: the warning about part of the band then says what it means for the model
     * trained (review: training was warned of "fewer and later detections").
     *
     * @param s a station
     * @param lowHz the band's lower edge
     * @param highHz the band's upper edge
     * @param refused where to add each channel left out
     * @param warned the warnings already given
     * @param training whether the channels are read to train a model
     * @return the station with the usable channels, {@code s} itself when all are, or null when none is
     */
    public static StationStream usable(StationStream s, double lowHz, double highHz, Map<SourceId, Refusal> refused,
                                       Set<Object> warned, boolean training) {
        Map<Character, List<Trace>> keep = new LinkedHashMap<>();
        Map<SourceId, Refusal> newlyRefused = new LinkedHashMap<>();
        Map<Double, List<SourceId>> narrow = new java.util.TreeMap<>(); // by rate: channels with part of the band
        s.components().forEach((c, traces) -> {
            List<Trace> ok = new ArrayList<>();
            for (Trace t : traces) {
                double nyquist = t.sampleRate() / 2;
                if (!usableRate(t.sampleRate(), lowHz)) {
                    Refusal r = new Refusal(t.id(), t.sampleRate(), t.start(), lowHz, highHz);
                    if (refused.putIfAbsent(t.id(), r) == null) {
                        newlyRefused.put(t.id(), r);
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
        // review: a hydrophone alone (HDH), or U/V/W channels, in band but no component the model reads,
        // scored nothing and exited 0; they are refused as channels below the band are
        boolean noneSlotted = !keep.isEmpty() && keep.keySet().stream().allMatch(c -> StationStream.slot(c) < 0);
        if (noneSlotted) {
            keep.values().forEach(traces -> traces.forEach(t -> {
                Refusal r = new Refusal(t.id(), t.sampleRate(), t.start(), lowHz, highHz, true);
                if (refused.putIfAbsent(t.id(), r) == null) {
                    newlyRefused.put(t.id(), r);
                }
            }));
            keep.clear();
        }
        // one line per station and rate: its components mostly share their rate, and so their reason
        narrow.forEach((rate, ids) -> Warnings.say(LOG, training ? narrowTrainingBand(ids, rate, lowHz, highHz)
                : narrowBand(ids, rate, lowHz, highHz)));
        if (!newlyRefused.isEmpty()) {
            Warnings.say(LOG, "{}: not used: {}", s.code(), describe(newlyRefused));
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
     * @param rate a channel's sample rate (Hz)
     * @param lowHz the band's lower edge
     * @return whether a channel at that rate can be used: its Nyquist frequency lies above the band's
     *     lower edge ({@link #usable})
     */
    public static boolean usableRate(double rate, double lowHz) {
        return rate / 2 > lowHz;
    }

    /**
     * @param ids channels at {@code rate}, whose Nyquist frequency lies inside the band
     * @param rate their sample rate (Hz)
     * @param lowHz the band's lower edge
     * @param highHz the band's upper edge
     * @return the warning that they hold only part of the band (batch and stream say it alike)
     */
    public static String narrowBand(List<SourceId> ids, double rate, double lowHz, double highHz) {
        return String.format(Locale.ROOT, "%s at %s Hz %s only %s-%s Hz of the model's %s-%s Hz band: fewer and later"
                + " detections than on data at %s Hz or more", ids.stream().map(SourceId::toString)
                .collect(java.util.stream.Collectors.joining(", ")), num(rate), ids.size() == 1 ? "holds" : "hold",
                num(lowHz), num(rate / 2), num(lowHz), num(highHz), num(2 * highHz));
    }

    /**
     * @param ids channels at {@code rate}, whose Nyquist frequency lies inside the band
     * @param rate their sample rate (Hz)
     * @param lowHz the band's lower edge
     * @param highHz the band's upper edge
     * @return the warning, when training, that they hold only part of the band
     */
    static String narrowTrainingBand(List<SourceId> ids, double rate, double lowHz, double highHz) {
        double high = 0.4 * rate; // four fifths of the Nyquist frequency, as the default band's 20 Hz of 50 Hz
        return String.format(Locale.ROOT, "%s at %s Hz %s only %s-%s Hz of the %s-%s Hz band trained for: the model"
                + " learns that part from them alone (train with a --rate and --band the data hold%s)", ids.stream()
                .map(SourceId::toString).collect(java.util.stream.Collectors.joining(", ")), num(rate),
                ids.size() == 1 ? "holds" : "hold", num(lowHz), num(rate / 2), num(lowHz), num(highHz),
                high > lowHz ? ", e.g. --rate " + num(rate) + " --band " + num(lowHz) + "," + num(high) : "");
    }

    /**
     * A channel {@link #usable} left out: its Nyquist frequency lies at or below the model's band, or
     * its station has no component the model reads.
     *
     * @param id the channel
     * @param rate its sample rate (Hz)
     * @param start when its data left out start
     * @param lowHz the model band's lower edge
     * @param highHz the model band's upper edge
     * @param noComponent true where the channel is left out because neither it nor any other channel
     *     of its station is a Z/3, N/1 or E/2 component (a hydrophone alone, U/V/W channels), not for
     *     its rate
     */
    public record Refusal(SourceId id, double rate, Instant start, double lowHz, double highHz, boolean noComponent) {
        /** A channel left out for its rate: its Nyquist frequency lies at or below the model's band. */
        public Refusal(SourceId id, double rate, Instant start, double lowHz, double highHz) {
            this(id, rate, start, lowHz, highHz, false);
        }

        /** @return the reason, after the channels' names and their data's start */
        private String reason() {
            if (noComponent) {
                return " is no component the model reads (Z or 3, N or 1, E or 2: a hydrophone or pressure channel,"
                        + " or U/V/W channels, are not), and no channel of its stream (" + StationStream.codeOf(id)
                        + ") is";
            }
            return String.format(Locale.ROOT, " lies below the model's band %s-%s Hz; use data recorded at %s Hz or"
                    + " more, or a model trained for this rate", num(lowHz), num(highHz), num(2 * highHz));
        }

        /** @return what is refused and why, as a sentence naming the channel */
        @Override
        public String toString() {
            return describe(Map.of(id, this));
        }
    }

    /**
     * The refusal of a run none of whose channels can be used, or nothing where one can.
     *
     * @param refused the channels left out ({@link #usable})
     * @param anyUsable whether some station had a channel to use
     * @param source the file(s) or stream read, for the error; may be null
     * @param what how the error begins: "no channel can be used: " (detection), "no channel can be used
     *     for training: " (training)
     * @throws io.github.seisclr.BadInputException where channels were left out and none was usable:
     *     {@code UNUSABLE_CHANNEL} where none is a component the model reads, else {@code BAD_SAMPLE_RATE}
     */
    public static void requireUsable(Map<SourceId, Refusal> refused, boolean anyUsable, String source, String what) {
        if (refused.isEmpty() || anyUsable) {
            return;
        }
        boolean components = refused.values().stream().allMatch(Refusal::noComponent);
        throw new io.github.seisclr.BadInputException(components
                ? io.github.seisclr.BadInputException.Problem.UNUSABLE_CHANNEL
                : io.github.seisclr.BadInputException.Problem.BAD_SAMPLE_RATE,
                source, refused.keySet().iterator().next().toString(), null, -1, what + describe(refused));
    }

    /**
     * The channels {@link #usable} left out, each reason said once: channels of one rate and band
     * (a station's three components at 1 Hz) are listed together, with the earliest start of their
     * data ({@code XX.A..LHZ, XX.A..LHN at 1 Hz (Nyquist frequency 0.5 Hz) from ... lies below ...}),
     * in the order refused.
     *
     * @param refused the channels left out, as {@link #usable} fills it
     * @return the reasons, separated by "; "
     */
    public static String describe(Map<SourceId, Refusal> refused) {
        Map<List<Object>, List<Refusal>> byReason = new LinkedHashMap<>();
        refused.values().forEach(r -> byReason.computeIfAbsent(List.of(r.rate(), r.lowHz(), r.highHz(),
                r.noComponent()), k -> new ArrayList<>()).add(r));
        List<String> parts = new ArrayList<>();
        byReason.values().forEach(group -> {
            Refusal first = group.get(0);
            Instant from = group.stream().map(Refusal::start).min(Instant::compareTo).orElseThrow();
            parts.add(String.format(Locale.ROOT, "%s at %s Hz (Nyquist frequency %s Hz) from %s%s",
                    group.stream().map(r -> r.id().toString()).collect(java.util.stream.Collectors.joining(", ")),
                    num(first.rate()), num(first.rate() / 2), from, first.reason()));
        });
        return String.join("; ", parts);
    }

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
                Warnings.say(LOG, "{} not used: {}", id, slot < 0 ? "component " + c + " is not Z/3, N/1 or E/2"
                        : "the station's " + used + " takes its place (Z before 3, N before 1, E before 2)");
            }
        });
    }

    private static String num(double v) {
        return SampleRates.format(v);
    }
}
