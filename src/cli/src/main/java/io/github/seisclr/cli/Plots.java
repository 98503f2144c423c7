package io.github.seisclr.cli;

import io.github.seisclr.detect.Detection;
import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import io.github.seisclr.model.EncoderConfig;
import io.github.seisclr.pick.Phase;
import io.github.seisclr.pick.Pick;
import io.github.seisclr.score.ScoreTrace;
import io.github.seisclr.signal.Butterworth;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Detection figures as PNG, for a seismologist to judge a detection: each component band-passed
 * to the model's band (zero-phase, 2 corners, as the picker filters; microseism and long-period
 * drift removed), the score with its on and off levels, then each component raw (counts as
 * recorded); picks drawn as lines with their uncertainty shaded, the trigger on and off as dashed
 * grey lines. Every panel shares one time axis, in seconds from a reference time (the P pick, or
 * the trigger on), named with its absolute time in the header.
 *
 * <p>The panel data ({@link Figure}) are built apart from the drawing, so that what a chart is
 * handed can be tested without pixels. Gaps are not bridged: each gap-free stretch is its own
 * curve, and the stretches missing from the window are named in the panel's title.
 */
final class Plots {
    private Plots() {
    }

    /** Width of a figure (pixels). */
    static final int WIDTH = 1200;
    /** Height of one panel (pixels). */
    static final int PANEL_HEIGHT = 150;
    /** Height of the header above the panels (pixels). */
    static final int HEADER_HEIGHT = 62;
    /** Seconds of data shown before and after a detection (its picks' uncertainty included). */
    static final double PAD_SECONDS = 10;
    /** Width of the y axis, its tick labels included (pixels): the same on every panel. */
    private static final int Y_AXIS_WIDTH = 64;
    /** Points above which a curve is drawn from its per-pixel minima and maxima. */
    private static final int DRAW_POINTS = 4 * WIDTH;
    private static final Color TRACE = new Color(40, 40, 40);
    private static final Color SETTLING = new Color(175, 175, 175);
    private static final Color LEVEL = new Color(215, 120, 0);
    private static final Color TRIGGER = new Color(120, 120, 120);
    static final Color P_COLOR = new Color(215, 25, 28);
    static final Color S_COLOR = new Color(30, 80, 220);

    /**
     * The model's band and rate, as the detector uses them.
     *
     * @param lowHz band-pass lower corner (Hz)
     * @param highHz band-pass upper corner (Hz)
     * @param modelRate the rate the detector resamples to (Hz)
     */
    record Band(double lowHz, double highHz, double modelRate) {
        static Band of(EncoderConfig c) {
            return new Band(c.bandLowHz(), c.bandHighHz(), c.sampleRate());
        }

        String label() {
            return String.format(Locale.ROOT, "band-passed %.1f-%.1f Hz", lowHz, highHz);
        }
    }

    /**
     * A figure's time frame.
     *
     * @param from first time shown
     * @param to last time shown
     * @param zero the time at 0 s on the axis
     */
    record Window(Instant from, Instant to, Instant zero) {
        /** @return seconds from {@link #zero} to {@code t} */
        double seconds(Instant t) {
            return Duration.between(zero, t).toNanos() / 1e9;
        }
    }

    /** An uncertainty span, from {@code lower} to {@code upper}. */
    record Span(Instant lower, Instant upper) {
    }

    /**
     * The span a pick's uncertainty covers.
     *
     * @param p a pick
     * @return from {@code time - lowerUncertainty} to {@code time + upperUncertainty}
     */
    static Span span(Pick p) {
        return new Span(p.time().minusNanos(Math.round(p.lowerUncertaintySeconds() * 1e9)),
                p.time().plusNanos(Math.round(p.upperUncertaintySeconds() * 1e9)));
    }

    /**
     * A vertical line at a time on every panel, with a shaded span around it where {@code lower}
     * is before {@code upper}.
     *
     * @param time the line
     * @param lower start of the shaded span
     * @param upper end of the shaded span
     * @param label what it is, e.g. {@code P}
     * @param color its colour
     * @param dashed whether the line is dashed
     */
    record Mark(Instant time, Instant lower, Instant upper, String label, Color color, boolean dashed) {
        /** @return a plain line */
        static Mark line(Instant time, String label, Color color) {
            return new Mark(time, time, time, label, color, false);
        }

        /** @return a dashed line (trigger on and off) */
        static Mark dashed(Instant time, String label, Color color) {
            return new Mark(time, time, time, label, color, true);
        }

        /** @return a pick: red P, blue S, its uncertainty ({@link #span}) shaded */
        static Mark pick(Pick p) {
            Span s = span(p);
            return new Mark(p.time(), s.lower(), s.upper(), p.phase().name(),
                    p.phase() == Phase.P ? P_COLOR : S_COLOR, false);
        }
    }

    /**
     * One gap-free stretch of a curve.
     *
     * @param x seconds from the window's zero
     * @param y values
     * @param settling whether it lies within {@link #settleSeconds} of where the data start or stop
     *     (band-passed only): the filter's start-up may show there, and it is drawn pale
     */
    record Curve(double[] x, double[] y, boolean settling) {
        Curve(double[] x, double[] y) {
            this(x, y, false);
        }
    }

    /**
     * A horizontal line across a panel (a threshold).
     *
     * @param value where
     * @param dashed whether dashed
     */
    record Level(double value, boolean dashed) {
    }

    /**
     * One panel of a figure.
     *
     * @param title the panel's title: what it shows, the channel, gaps
     * @param curves its gap-free stretches, drawn unjoined; empty when there is no data to show
     * @param levels horizontal lines
     */
    record Panel(String title, List<Curve> curves, List<Level> levels) {
    }

    /**
     * A whole figure: header lines, the time frame, panels top to bottom, marks drawn on every panel.
     *
     * @param header lines of text above the panels
     * @param window the time frame
     * @param panels band-passed components, score, raw components
     * @param marks lines and shaded spans on every panel
     */
    record Figure(List<String> header, Window window, List<Panel> panels, List<Mark> marks) {
        /** @return the figure's height in pixels when drawn */
        int height() {
            return HEADER_HEIGHT + panels.size() * PANEL_HEIGHT;
        }
    }

    /**
     * The figure of one detection: {@value #PAD_SECONDS} s before its start (or its earliest pick's
     * uncertainty) to as long after its end, cut to the station's data; time from the P pick, or
     * from the trigger on without one.
     *
     * @param s the detection's station
     * @param d the detection
     * @param picks its picks
     * @param scores the run's score traces (those of other stations are left out)
     * @param thresholdOff the trigger-off level of the run
     * @param band the model's band and rate
     * @return the figure
     */
    /**
     * @param d a detection
     * @param picks its picks
     * @return the first and last time its figure covers before the {@value #PAD_SECONDS} s either
     *     side: the detection and its picks' uncertainty spans
     */
    static Instant[] extent(Detection d, List<Pick> picks) {
        Instant first = d.start();
        Instant last = d.end();
        for (Pick p : picks) {
            Span sp = span(p);
            first = min(first, sp.lower());
            last = max(last, sp.upper());
        }
        return new Instant[] {first, last};
    }

    static Figure detection(StationStream s, Detection d, List<Pick> picks, List<ScoreTrace> scores,
                            double thresholdOff, Band band) {
        Instant[] shown = extent(d, picks);
        Instant first = shown[0];
        Instant last = shown[1];
        Instant zero = d.start();
        String zeroName = "the trigger on (no P pick)";
        for (Pick p : picks) {
            if (p.phase() == Phase.P) {
                zero = p.time();
                zeroName = "the P pick";
            }
        }
        long pad = Math.round(PAD_SECONDS * 1e9);
        Instant from = first.minusNanos(pad);
        Instant to = last.plusNanos(pad);
        List<String> clipped = new ArrayList<>();
        if (from.isBefore(s.start())) {
            from = s.start();
            clipped.add("at the start of the data");
        }
        if (to.isAfter(s.end())) {
            to = s.end();
            clipped.add("at the end of the data");
        }
        List<Mark> marks = new ArrayList<>();
        marks.add(Mark.dashed(d.start(), "on", TRIGGER));
        marks.add(Mark.dashed(d.end(), "off", TRIGGER));
        picks.stream().sorted(Comparator.comparing(Pick::time)).map(Mark::pick).forEach(marks::add);
        List<String> header = new ArrayList<>();
        header.add(String.format(Locale.ROOT, "%s   detection %s   %s to %s   peak score %.1f%s", d.station(), d.id(),
                d.start(), d.end(), d.peakScore(), Double.isFinite(d.snr()) ? String.format(Locale.ROOT,
                        ", SNR %.1f", d.snr()) : ""));
        StringBuilder picked = new StringBuilder();
        for (Pick p : picks) {
            Span sp = span(p);
            double before = Duration.between(sp.lower(), p.time()).toNanos() / 1e9;
            double after = Duration.between(p.time(), sp.upper()).toNanos() / 1e9;
            picked.append(String.format(Locale.ROOT, "   %s %+.2f s %s on %s", p.phase(),
                    Duration.between(zero, p.time()).toNanos() / 1e9, Math.abs(before - after) < 0.005
                            ? String.format(Locale.ROOT, "\u00b1 %.2f s", after)
                            : String.format(Locale.ROOT, "-%.2f/+%.2f s", before, after), p.channel().channel()));
        }
        header.add("time: seconds after " + zeroName + ", " + zero + (clipped.isEmpty() ? ""
                : " (window cut " + String.join(" and ", clipped) + ")") + (picks.isEmpty() ? "   no picks" : picked));
        header.add("red: P, blue: S, shaded: their uncertainty; dashed grey: trigger on and off. Top: " + band.label()
                + " (the model's band, zero-phase); middle: score; bottom: raw counts");
        return figure(header, s, new Window(from, to, zero), band, scores, d.thresholdOn(), thresholdOff, marks);
    }

    /**
     * A figure of a station over a window: each component band-passed, the score, each component raw.
     *
     * @param header lines above the panels
     * @param s the station
     * @param w the time frame
     * @param band the model's band and rate
     * @param scores score traces (those of other stations are left out)
     * @param on trigger-on level
     * @param off trigger-off level
     * @param marks lines and spans on every panel
     * @return the figure
     */
    static Figure figure(List<String> header, StationStream s, Window w, Band band, List<ScoreTrace> scores,
                         double on, double off, List<Mark> marks) {
        List<Panel> panels = new ArrayList<>(bandPassed(s, w, band));
        panels.add(score(scores, s.code(), w, on, off));
        panels.addAll(raw(s, w, band));
        return new Figure(List.copyOf(header), w, panels, List.copyOf(marks));
    }

    /**
     * Each component band-passed to the model's band, zero-phase (2 corners, as the picker): each
     * gap-free segment is filtered over the window and {@link #marginSeconds} either side of it,
     * then cut to the window, so that the filter's start-up does not show; where the data themselves
     * start or stop inside the window (gaps, the ends of the data) they are extended by odd
     * reflection first ({@link #bandPass}).
     *
     * @param s the station
     * @param w the time frame
     * @param band the model's band and rate
     * @return one panel per component present, vertical first
     */
    static List<Panel> bandPassed(StationStream s, Window w, Band band) {
        List<Panel> out = new ArrayList<>();
        Duration margin = Duration.ofNanos(Math.round(marginSeconds(band) * 1e9));
        for (List<Trace> segments : s.components().values()) {
            if (segments.isEmpty()) {
                continue;
            }
            List<Curve> curves = new ArrayList<>();
            TreeSet<Double> tooLow = new TreeSet<>();
            for (Trace t : inWindow(segments, w)) {
                double high = Math.min(band.highHz(), 0.45 * t.sampleRate());
                if (!(band.lowHz() < high)) {
                    tooLow.add(t.sampleRate());
                    continue;
                }
                Trace wide = cut(t, w.from().minus(margin), w.to().plus(margin));
                if (wide == null) {
                    continue;
                }
                double[] y = bandPass(wide.samples(), band.lowHz(), high, t.sampleRate(), marginSeconds(band));
                Trace filtered = cut(Trace.of(t.id(), wide.start(), t.sampleRate(), y), w.from(), w.to());
                if (filtered != null) {
                    // where the data start or stop (not where the margin cut them) the filter settles
                    long settle = Math.round(settleSeconds(band) * 1e9);
                    Instant settledFrom = wide.start().equals(t.start()) ? t.start().plusNanos(settle) : null;
                    Instant settledTo = wide.end().equals(t.end()) ? t.end().minusNanos(settle) : null;
                    curves.addAll(split(curve(filtered, w), w, settledFrom, settledTo));
                }
            }
            String note = tooLow.isEmpty() ? "" : "; not band-passed at " + rates(tooLow)
                    + " (Nyquist frequency at or below the band: the detector leaves it out)";
            if (curves.stream().anyMatch(Curve::settling)) {
                note += String.format(Locale.ROOT, "; pale: within %s s of a data edge (filter start-up)",
                        num(settleSeconds(band)));
            }
            out.add(new Panel(band.label() + "   " + channelTitle(segments, w, band) + note, curves, List.of()));
        }
        return out;
    }

    /**
     * Each component as recorded.
     *
     * @param s the station
     * @param w the time frame
     * @param band the model's band and rate (for the note on resampling)
     * @return one panel per component present, vertical first
     */
    static List<Panel> raw(StationStream s, Window w, Band band) {
        List<Panel> out = new ArrayList<>();
        for (List<Trace> segments : s.components().values()) {
            if (segments.isEmpty()) {
                continue;
            }
            List<Curve> curves = new ArrayList<>();
            for (Trace t : inWindow(segments, w)) {
                Trace c = cut(t, w.from(), w.to());
                if (c != null) {
                    curves.add(curve(c, w));
                }
            }
            out.add(new Panel("raw (counts)   " + channelTitle(segments, w, band), curves, List.of()));
        }
        return out;
    }

    /**
     * The score of one station over the window, each score trace (one per aligned stretch) its own
     * curve, with the on (solid) and off (dashed) levels.
     *
     * @param scores score traces of any stations
     * @param station the station's code
     * @param w the time frame
     * @param on trigger-on level
     * @param off trigger-off level
     * @return the panel
     */
    static Panel score(List<ScoreTrace> scores, String station, Window w, double on, double off) {
        List<Curve> curves = new ArrayList<>();
        for (ScoreTrace sc : scores) {
            if (!sc.station().equals(station) || sc.length() == 0) {
                continue;
            }
            double lead = Duration.between(sc.start(), w.from()).toNanos() / 1e9 * sc.rate();
            double tail = Duration.between(sc.start(), w.to()).toNanos() / 1e9 * sc.rate();
            // in long: a trace years after the window (the same station in another event's window)
            // has a tail below -2^31 values, which an int would wrap into a huge positive index
            long i0 = (long) Math.max(0, Math.ceil(lead - 1e-6));
            long i1 = Math.min(sc.length() - 1L, (long) Math.floor(tail + 1e-6));
            if (i0 > i1) {
                continue;
            }
            double[] x = new double[(int) (i1 - i0 + 1)];
            double[] y = new double[x.length];
            double x0 = w.seconds(sc.start());
            for (int i = (int) i0; i <= i1; i++) {
                x[(int) (i - i0)] = x0 + i / sc.rate();
                y[(int) (i - i0)] = sc.value(i);
            }
            curves.add(new Curve(x, y));
        }
        return new Panel(String.format(Locale.ROOT, "score (robust standard deviations above the background)   on %.1f"
                + " (solid), off %.1f (dashed)%s", on, off, curves.isEmpty() ? "   no score in this window" : ""),
                curves, List.of(new Level(on, false), new Level(off, true)));
    }

    /** @return seconds after a data edge (a gap, the ends of the data) the band-pass takes to settle: two periods of the lower corner */
    static double settleSeconds(Band band) {
        return 2 / band.lowHz();
    }

    /**
     * Splits a band-passed curve into its settling stretches (before {@code settledFrom}, after
     * {@code settledTo}; null where the data go on) and the rest; neighbours share their boundary
     * point, so that the line is unbroken.
     */
    private static List<Curve> split(Curve c, Window w, Instant settledFrom, Instant settledTo) {
        int n = c.x().length;
        int a = 0;
        int b = n;
        if (settledFrom != null) {
            double limit = w.seconds(settledFrom);
            while (a < n && c.x()[a] < limit) {
                a++;
            }
        }
        if (settledTo != null) {
            double limit = w.seconds(settledTo);
            while (b > a && c.x()[b - 1] > limit) {
                b--;
            }
        }
        List<Curve> out = new ArrayList<>();
        if (a > 0) {
            int to = Math.min(n, a + 1);
            out.add(new Curve(Arrays.copyOfRange(c.x(), 0, to), Arrays.copyOfRange(c.y(), 0, to), true));
        }
        if (b > a) {
            out.add(new Curve(Arrays.copyOfRange(c.x(), a, b), Arrays.copyOfRange(c.y(), a, b), false));
        }
        if (b < n) {
            int from = Math.max(0, b - 1);
            out.add(new Curve(Arrays.copyOfRange(c.x(), from, n), Arrays.copyOfRange(c.y(), from, n), true));
        }
        return out;
    }

    /** @return seconds filtered beyond the window either side: ten periods of the lower corner, at least 10 s */
    static double marginSeconds(Band band) {
        return Math.max(10, 10 / band.lowHz());
    }

    /** @return the segments with a sample in the window, in time order */
    private static List<Trace> inWindow(List<Trace> segments, Window w) {
        return segments.stream().filter(t -> !t.end().isBefore(w.from()) && !t.start().isAfter(w.to()))
                .sorted(Comparator.comparing(Trace::start)).toList();
    }

    /** @return the samples of {@code t} from {@code from} to {@code to}, or null when none lies there */
    private static Trace cut(Trace t, Instant from, Instant to) {
        if (t.end().isBefore(from) || t.start().isAfter(to)) {
            return null;
        }
        try {
            return t.slice(from, to);
        } catch (IllegalArgumentException e) {
            return null; // the window falls between two samples
        }
    }

    private static Curve curve(Trace t, Window w) {
        double[] x = new double[t.length()];
        double x0 = w.seconds(t.start());
        for (int i = 0; i < x.length; i++) {
            x[i] = x0 + i / t.sampleRate();
        }
        return new Curve(x, t.samples());
    }

    /**
     * Band-passes zero-phase (2 corners) with the ends extended by odd reflection (as SciPy's
     * {@code filtfilt}): where a segment starts or stops inside the window (a gap, the ends of the
     * data) the trace runs on smoothly, so the filter's start-up shows far less than on a bare cut.
     */
    static double[] bandPass(double[] samples, double lowHz, double highHz, double rate, double padSeconds) {
        int n = samples.length;
        if (n < 2) {
            return new double[n];
        }
        int pad = (int) Math.min(n - 1, Math.round(padSeconds * rate));
        double[] x = new double[n + 2 * pad];
        double mean = 0;
        for (double v : samples) {
            mean += v / n;
        }
        for (int i = 0; i < n; i++) {
            x[pad + i] = samples[i] - mean;
        }
        double first = x[pad];
        double last = x[pad + n - 1];
        for (int i = 1; i <= pad; i++) {
            x[pad - i] = 2 * first - x[pad + i];
            x[pad + n - 1 + i] = 2 * last - x[pad + n - 1 - i];
        }
        // the extension's outer ends start and stop the filter: tapered, far from the data
        taper(x, pad / 2);
        double[] y = Butterworth.bandpass(2, lowHz, highHz, rate).filterZeroPhase(x);
        return Arrays.copyOfRange(y, pad, pad + n);
    }

    /** Cosine taper over {@code n} samples at each end. */
    private static void taper(double[] x, int n) {
        for (int i = 0; i < n && i < x.length; i++) {
            double g = 0.5 * (1 - Math.cos(Math.PI * i / n));
            x[i] *= g;
            x[x.length - 1 - i] *= g;
        }
    }

    /** @return the channel, its rate (and the detector's resampling), and the stretches of the window without data */
    private static String channelTitle(List<Trace> segments, Window w, Band band) {
        SourceId id = segments.get(0).id();
        List<Trace> in = inWindow(segments, w);
        TreeSet<Double> rates = new TreeSet<>();
        in.forEach(t -> rates.add(t.sampleRate()));
        StringBuilder b = new StringBuilder(id.toString());
        if (!rates.isEmpty()) {
            b.append("   ").append(rates(rates));
            if (rates.stream().anyMatch(r -> Math.abs(r - band.modelRate()) > 1e-9)) {
                b.append(" (resampled to ").append(num(band.modelRate())).append(" Hz for the detector)");
            }
        }
        List<String> gaps = gaps(in, w);
        if (in.isEmpty()) {
            b.append("   no data in this window");
        } else if (!gaps.isEmpty()) {
            b.append("   no data ").append(String.join(", ", gaps.subList(0, Math.min(3, gaps.size()))))
                    .append(gaps.size() > 3 ? " and " + (gaps.size() - 3) + " more" : "");
        }
        return b.toString();
    }

    /** @return the stretches of the window that no segment covers, as "a to b s" */
    private static List<String> gaps(List<Trace> in, Window w) {
        List<String> out = new ArrayList<>();
        Instant covered = w.from();
        for (Trace t : in) {
            // more than one and a half sample periods without a sample is a gap
            if (t.start().isAfter(covered.plusNanos(Math.round(1.5e9 / t.sampleRate())))) {
                out.add(String.format(Locale.ROOT, "%.1f to %.1f s", w.seconds(covered), w.seconds(t.start())));
            }
            covered = max(covered, t.end());
        }
        if (!in.isEmpty() && w.to().isAfter(covered.plusNanos(Math.round(1.5e9 / in.get(in.size() - 1).sampleRate())))) {
            out.add(String.format(Locale.ROOT, "%.1f to %.1f s", w.seconds(covered), w.seconds(w.to())));
        }
        return out;
    }

    private static String rates(java.util.Collection<Double> rates) {
        return String.join("/", rates.stream().map(Plots::num).toList()) + " Hz";
    }

    private static String num(double v) {
        return new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }

    /**
     * Draws a figure and writes it atomically ({@link Outputs#write}).
     *
     * @param option the option that named the output, for an error message
     * @param file the PNG
     * @param f the figure
     */
    static void write(String option, Path file, Figure f) {
        BufferedImage img = render(f);
        Outputs.write(option, file, out -> {
            if (!javax.imageio.ImageIO.write(img, "png", out)) {
                throw new java.io.IOException("no PNG writer in this Java runtime");
            }
        });
    }

    /** @return the figure drawn: {@link #WIDTH} by {@link Figure#height()} pixels */
    static BufferedImage render(Figure f) {
        BufferedImage img = new BufferedImage(WIDTH, f.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setColor(Color.BLACK);
            int y = 18;
            for (int i = 0; i < f.header().size() && i < 3; i++) {
                g.setFont(new Font(Font.SANS_SERIF, i == 0 ? Font.BOLD : Font.PLAIN, i == 0 ? 14 : 12));
                g.drawString(f.header().get(i), 10, y);
                y += 18;
            }
            y = HEADER_HEIGHT;
            for (Panel p : f.panels()) {
                g.drawImage(BitmapEncoder.getBufferedImage(chart(p, f.window(), f.marks())), 0, y, null);
                y += PANEL_HEIGHT;
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static XYChart chart(Panel p, Window w, List<Mark> marks) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(p.title()).build();
        XYStyler st = c.getStyler();
        st.setLegendVisible(false);
        st.setChartTitleVisible(true);
        st.setChartTitleBoxVisible(false);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setChartTitlePadding(2);
        st.setChartPadding(6);
        st.setPlotGridLinesVisible(false);
        st.setXAxisTitleVisible(false);
        st.setYAxisTitleVisible(false);
        // one width of y axis on every panel (labels of at most 8 characters), so that all panels
        // share one time axis on the page; the x axis spans the window exactly
        st.setAxisTickLabelsFont(new Font(Font.MONOSPACED, Font.PLAIN, 10));
        st.setyAxisTickLabelsFormattingFunction(Plots::tick);
        st.setYAxisLeftWidthHint(Y_AXIS_WIDTH);
        st.setPlotContentSize(1.0);
        st.setMarkerSize(0);
        double x0 = w.seconds(w.from());
        double x1 = Math.max(w.seconds(w.to()), x0 + 1e-3);
        st.setXAxisMin(x0);
        st.setXAxisMax(x1);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Curve cv : p.curves()) {
            for (double v : cv.y()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        for (Level l : p.levels()) {
            lo = Math.min(lo, l.value());
            hi = Math.max(hi, l.value());
        }
        if (!(lo <= hi)) {
            lo = -1;
            hi = 1;
        } else if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
            double half = Math.max(1, Math.abs(hi) * 0.1);
            lo -= half;
            hi += half;
        }
        double pad = (hi - lo) * 0.05;
        lo -= pad;
        hi += pad;
        st.setYAxisMin(lo);
        st.setYAxisMax(hi);
        int n = 0;
        // spans first, under everything else
        for (Mark m : marks) {
            double a = Math.max(x0, w.seconds(m.lower()));
            double b = Math.min(x1, w.seconds(m.upper()));
            if (m.lower().isBefore(m.upper()) && a < b) {
                XYSeries s = c.addSeries("span" + n++, new double[] {a, b, b, a}, new double[] {lo, lo, hi, hi});
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                Color fill = new Color(m.color().getRed(), m.color().getGreen(), m.color().getBlue(), 55);
                s.setFillColor(fill);
                s.setLineColor(fill);
                s.setMarker(SeriesMarkers.NONE);
            }
        }
        for (Curve cv : p.curves()) {
            double[][] xy = decimate(cv, DRAW_POINTS);
            XYSeries s = c.addSeries("curve" + n++, xy[0], xy[1]);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(cv.settling() ? SETTLING : TRACE);
            s.setLineStyle(new BasicStroke(0.8f));
        }
        for (Level l : p.levels()) {
            XYSeries s = c.addSeries("level" + n++, new double[] {x0, x1}, new double[] {l.value(), l.value()});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(LEVEL);
            s.setLineStyle(l.dashed() ? dashed(1.2f) : new BasicStroke(1.2f));
        }
        for (Mark m : marks) {
            double t = w.seconds(m.time());
            if (t < x0 || t > x1) {
                continue;
            }
            XYSeries s = c.addSeries(m.label() + " " + n++, new double[] {t, t}, new double[] {lo, hi});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(m.color());
            s.setLineStyle(m.dashed() ? dashed(1f) : new BasicStroke(1.4f));
        }
        if (n == 0) {
            // XChart draws no axes without a series: an invisible one
            XYSeries s = c.addSeries("empty", new double[] {x0, x1}, new double[] {0, 0});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(new Color(0, 0, 0, 0));
        }
        return c;
    }

    private static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f);
    }

    /**
     * @return at most about {@code max} points: the curve itself, or its minimum and maximum in
     *     each of {@code max / 2} equal runs of samples (the envelope is kept)
     */
    static double[][] decimate(Curve c, int max) {
        int n = c.x().length;
        if (n <= max) {
            return new double[][] {c.x(), c.y()};
        }
        int buckets = max / 2;
        double[] x = new double[2 * buckets];
        double[] y = new double[2 * buckets];
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            int lo = from;
            int hi = from;
            for (int i = from; i < to; i++) {
                if (c.y()[i] < c.y()[lo]) {
                    lo = i;
                }
                if (c.y()[i] > c.y()[hi]) {
                    hi = i;
                }
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            x[2 * b] = c.x()[first];
            y[2 * b] = c.y()[first];
            x[2 * b + 1] = c.x()[second];
            y[2 * b + 1] = c.y()[second];
        }
        return new double[][] {x, y};
    }

    /** @return a y tick label of at most 8 characters */
    static String tick(Double v) {
        double a = Math.abs(v);
        return a == 0 ? "0" : a >= 1e5 || a < 1e-2 ? String.format(Locale.ROOT, "%.1e", v)
                : new DecimalFormat("0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** @return the picks of a detection */
    static List<Pick> picksOf(Iterable<Pick> picks, String detectionId) {
        List<Pick> out = new ArrayList<>();
        for (Pick p : picks) {
            if (p.detectionId().equals(detectionId)) {
                out.add(p);
            }
        }
        return out;
    }

    /** @return the station stream of a code, or null */
    static StationStream station(List<StationStream> stations, String code) {
        return stations.stream().filter(x -> x.code().equals(code)).findFirst().orElse(null);
    }
}
