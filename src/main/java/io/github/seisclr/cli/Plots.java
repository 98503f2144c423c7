package io.github.seisclr.cli;

import io.github.seisclr.io.Trace;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Stacked waveform panels as PNG, with vertical marks (picks, truth) at given times. */
final class Plots {
    private Plots() {
    }

    /** A vertical line at a time, with a label and colour. */
    record Mark(Instant time, String label, Color color) {
    }

    /**
     * @param file PNG to write
     * @param title figure title
     * @param panels traces, one panel each, cut to [from, to]
     * @param extra additional named curves on their own panels (time, value), may be empty
     * @param marks vertical lines drawn on every panel
     */
    static void waveforms(Path file, String title, List<Trace> panels, Map<String, double[][]> extra,
                          Instant from, Instant to, List<Mark> marks) throws IOException {
        int width = 1200;
        int panelHeight = 190;
        int count = panels.size() + extra.size();
        BufferedImage img = new BufferedImage(width, panelHeight * count + 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.drawString(title, 10, 20);
        int y = 30;
        for (Trace t : panels) {
            Trace cut = t.slice(from, to);
            double[] x = new double[cut.length()];
            double[] v = cut.samples();
            double t0 = Duration.between(from, cut.start()).toNanos() / 1e9;
            for (int i = 0; i < x.length; i++) {
                x[i] = t0 + i / cut.sampleRate();
            }
            g.drawImage(BitmapEncoder.getBufferedImage(chart(t.id().toString(), x, v, from, marks, width, panelHeight)),
                    0, y, null);
            y += panelHeight;
        }
        for (Map.Entry<String, double[][]> e : extra.entrySet()) {
            g.drawImage(BitmapEncoder.getBufferedImage(chart(e.getKey(), e.getValue()[0], e.getValue()[1], from,
                    marks, width, panelHeight)), 0, y, null);
            y += panelHeight;
        }
        g.dispose();
        Outputs.write("--plot", file, out -> javax.imageio.ImageIO.write(img, "png", out));
    }

    private static XYChart chart(String name, double[] x, double[] v, Instant from, List<Mark> marks, int w, int h) {
        XYChart c = new XYChartBuilder().width(w).height(h).xAxisTitle("seconds after " + from).build();
        c.getStyler().setLegendVisible(true);
        c.getStyler().setChartTitleVisible(false);
        c.getStyler().setPlotGridLinesVisible(false);
        c.getStyler().setMarkerSize(0);
        XYSeries s = c.addSeries(name, x, v);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(Color.DARK_GRAY);
        s.setLineStyle(new BasicStroke(0.8f));
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double d : v) {
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        for (Mark m : marks) {
            double t = Duration.between(from, m.time()).toNanos() / 1e9;
            XYSeries line = c.addSeries(m.label() + " " + (c.getSeriesMap().size()), new double[] {t, t},
                    new double[] {min, max});
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(m.color());
            line.setShowInLegend(false);
        }
        return c;
    }
}
