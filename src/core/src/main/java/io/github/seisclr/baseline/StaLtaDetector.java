package io.github.seisclr.baseline;

import io.github.seisclr.io.SampleRates;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Alignment;
import io.github.seisclr.signal.Butterworth;
import io.github.seisclr.signal.SosFilter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic detector seisclr is compared with, as a seismologist would set it up in ObsPy:
 * band-pass the vertical (causal Butterworth, 4 corners, started from the steady state of the
 * stretch's first sample, so that a DC offset does not ring into its first seconds, which ObsPy
 * users prevent with {@code detrend("demean")} before the filter), recursive STA/LTA, {@code trigger_onset}
 * with on/off thresholds, triggers shorter than {@code minDurationSeconds} dropped; the trigger-on
 * time is the onset, and an AIC pick on the band-passed vertical refines it for pick comparisons.
 * A dead time after each trigger, a hard form of SeisComP scautopick's, is optional ({@link #commonSettings()}).
 */
public final class StaLtaDetector {
    private static final Logger LOG = LoggerFactory.getLogger(StaLtaDetector.class);
    private final double bandLowHz;
    private final double bandHighHz;
    private final double staSeconds;
    private final double ltaSeconds;
    private final double minDurationSeconds;
    private final double deadTimeSeconds;

    /** A trigger: on and off times, peak ratio, and an AIC-refined onset. */
    public record Onset(String station, Instant on, Instant off, double peak, Instant aicPick) {
    }

    /**
     * @param bandLowHz lower corner (Hz)
     * @param bandHighHz upper corner (Hz)
     * @param staSeconds short window (s)
     * @param ltaSeconds long window (s)
     * @param minDurationSeconds shortest trigger kept (s)
     */
    public StaLtaDetector(double bandLowHz, double bandHighHz, double staSeconds, double ltaSeconds,
                          double minDurationSeconds) {
        this(bandLowHz, bandHighHz, staSeconds, ltaSeconds, minDurationSeconds, 0);
    }

    /**
     * @param bandLowHz lower corner (Hz)
     * @param bandHighHz upper corner (Hz)
     * @param staSeconds short window (s)
     * @param ltaSeconds long window (s)
     * @param minDurationSeconds shortest trigger kept (s)
     * @param deadTimeSeconds after a trigger, no other starts within this long of its start (s; 0:
     *     none): an event's S and coda then do not trigger again (a hard form of the bar SeisComP's
     *     scautopick raises after each pick and lets decay over {@code thresholds.deadTime})
     */
    public StaLtaDetector(double bandLowHz, double bandHighHz, double staSeconds, double ltaSeconds,
                          double minDurationSeconds, double deadTimeSeconds) {
        if (!(bandLowHz > 0 && bandHighHz > bandLowHz && staSeconds > 0 && ltaSeconds > staSeconds
                && minDurationSeconds >= 0 && deadTimeSeconds >= 0)) {
            throw new IllegalArgumentException("STA/LTA settings out of range: band " + bandLowHz + "-" + bandHighHz
                    + " Hz, STA " + staSeconds + " s, LTA " + ltaSeconds + " s, shortest trigger " + minDurationSeconds
                    + " s, dead time " + deadTimeSeconds + " s");
        }
        this.bandLowHz = bandLowHz;
        this.bandHighHz = bandHighHz;
        this.staSeconds = staSeconds;
        this.ltaSeconds = ltaSeconds;
        this.minDurationSeconds = minDurationSeconds;
        this.deadTimeSeconds = deadTimeSeconds;
    }

    private static final double[][] COMMON_BANDS = {{1, 20}, {2, 15}, {3, 12}};
    private static final double[][] COMMON_WINDOWS = {{0.5, 10}, {1, 10}, {0.5, 5}, {1, 5}};
    private static final double[] COMMON_DEAD_TIMES = {0, 30};

    /**
     * The settings a comparison tries, {@link #defaults()} among them (ObsPy's tutorial setting),
     * fixed before any data were looked at through them ({@link #describeCommonSettings()}). The best
     * of them on a data set, chosen with its labels or its confirmations, is an upper figure for
     * STA/LTA there: a user setting STA/LTA up without them would not know which one it is.
     *
     * @return 24 settings, {@link #defaults()} first, triggers of at least 0.5 s
     */
    public static List<StaLtaDetector> commonSettings() {
        List<StaLtaDetector> out = new ArrayList<>();
        for (double[] b : COMMON_BANDS) {
            for (double[] w : COMMON_WINDOWS) {
                for (double dead : COMMON_DEAD_TIMES) {
                    out.add(new StaLtaDetector(b[0], b[1], w[0], w[1], 0.5, dead));
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * @return {@link #commonSettings()} in words: "bands 1-20, 2-15 and 3-12 Hz; STA / LTA 0.5 / 10,
     *     1 / 10, 0.5 / 5 and 1 / 5 s; no dead time or one of 30 s after each trigger"
     */
    public static String describeCommonSettings() {
        List<String> bands = java.util.Arrays.stream(COMMON_BANDS)
                .map(x -> SampleRates.format(x[0]) + "-" + SampleRates.format(x[1])).toList();
        List<String> windows = java.util.Arrays.stream(COMMON_WINDOWS)
                .map(x -> SampleRates.format(x[0]) + " / " + SampleRates.format(x[1])).toList();
        return "bands " + listed(bands) + " Hz; STA / LTA " + listed(windows) + " s; no dead time or one of "
                + SampleRates.format(COMMON_DEAD_TIMES[1]) + " s after each trigger";
    }

    private static String listed(List<String> items) {
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    /** @return the settings in a few words: "2-15 Hz, 1 s / 5 s, dead time 30 s" */
    public String describe() {
        return SampleRates.format(bandLowHz) + "-" + SampleRates.format(bandHighHz) + " Hz, "
                + SampleRates.format(staSeconds) + " s / " + SampleRates.format(ltaSeconds) + " s"
                + (deadTimeSeconds > 0 ? ", dead time " + SampleRates.format(deadTimeSeconds) + " s" : "");
    }

    /** @return the long window (s): the recursive STA/LTA is zero for this long from each stretch's start */
    public double ltaSeconds() {
        return ltaSeconds;
    }

    /** @return 1-20 Hz, STA 0.5 s, LTA 10 s, triggers of at least 0.5 s */
    public static StaLtaDetector defaults() {
        return new StaLtaDetector(1, 20, 0.5, 10, 0.5);
    }

    /** The characteristic function of one aligned stretch, with what is needed to pick. */
    public record Cft(String station, AlignedSegment segment, double[] ratio, double[] filtered) {
    }

    /**
     * @param station a station (its vertical, or first component, is used)
     * @return the STA/LTA of each aligned stretch at the station's own rate; none, with a warning
     *     naming the station, when its rate leaves no room for the band (an LH channel at 1 Hz
     *     against 1-20 Hz), as the detector leaves such channels out
     */
    public List<Cft> characteristic(StationStream station) {
        List<Cft> out = new ArrayList<>();
        double rate = station.components().values().iterator().next().get(0).sampleRate();
        if (0.45 * rate <= bandLowHz) {
            LOG.warn("{}: at {} Hz the data hold nothing of STA/LTA's {}-{} Hz band; left out of STA/LTA",
                    station.code(), rate, bandLowHz, bandHighHz);
            return out;
        }
        for (AlignedSegment seg : Alignment.align(station, rate, ltaSeconds * 2)) {
            int c = AlignedSegment.verticalOrFirst(seg.present());
            SosFilter bp = Butterworth.bandpass(4, bandLowHz, Math.min(bandHighHz, 0.45 * rate), rate);
            double[] f = bp.filterSettled(seg.data()[c]);
            double[] cft = StaLta.recursive(f, StaLta.nsamples(staSeconds, rate), StaLta.nsamples(ltaSeconds, rate));
            out.add(new Cft(station.station(), seg, cft, f));
        }
        return out;
    }

    /**
     * @param cfts characteristic functions from {@link #characteristic}
     * @param thrOn on threshold
     * @param thrOff off threshold
     * @return triggers
     */
    public List<Onset> triggers(List<Cft> cfts, double thrOn, double thrOff) {
        List<Onset> out = new ArrayList<>();
        for (Cft c : cfts) {
            double rate = c.segment().sampleRate();
            long lastOn = Long.MIN_VALUE;
            for (Trigger.Onset t : Trigger.onsets(c.ratio(), thrOn, Math.min(thrOff, thrOn))) {
                if ((t.off() - t.on() + 1) / rate < minDurationSeconds) {
                    continue;
                }
                if (lastOn != Long.MIN_VALUE && (t.on() - lastOn) / rate < deadTimeSeconds) {
                    continue;
                }
                lastOn = t.on();
                double peak = 0;
                for (int i = t.on(); i <= t.off(); i++) {
                    peak = Math.max(peak, c.ratio()[i]);
                }
                int a0 = (int) Math.max(0, t.on() - Math.round(2.5 * rate));
                int a1 = (int) Math.min(c.filtered().length, t.on() + Math.round(1.0 * rate));
                Instant aic = a1 - a0 >= 16
                        ? c.segment().timeOf(a0 + AicPicker.pick(Arrays.copyOfRange(c.filtered(), a0, a1)).index())
                        : c.segment().timeOf(t.on());
                out.add(new Onset(c.station(), c.segment().timeOf(t.on()), c.segment().timeOf(t.off()), peak, aic));
            }
        }
        return out;
    }
}
