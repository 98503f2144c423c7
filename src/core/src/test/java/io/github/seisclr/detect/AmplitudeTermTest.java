package io.github.seisclr.detect;

import io.github.seisclr.baseline.StaLta;
import io.github.seisclr.model.EncoderConfig;
import io.github.seisclr.signal.AlignedSegment;
import io.github.seisclr.signal.Butterworth;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AmplitudeTermTest {
    private static final EncoderConfig CONFIG = EncoderConfig.builder().build();
    private static final double RATE = CONFIG.sampleRate();
    private static final int STRIDE = EncoderConfig.FRAME_STRIDE;

    /** Gaussian noise with a loud 3 Hz wavelet at {@code atSeconds} on component {@code c}. */
    private static double[][] noiseWithEvent(long seed, int seconds, double atSeconds, int c, double amplitude) {
        Random r = new Random(seed);
        int n = (int) (seconds * RATE);
        double[][] x = new double[3][n];
        for (int q = 0; q < 3; q++) {
            for (int i = 0; i < n; i++) {
                x[q][i] = 1000 + r.nextGaussian(); // a DC offset, which the settled filter ignores
            }
        }
        int at = (int) (atSeconds * RATE);
        for (int i = at; i < Math.min(n, at + (int) (3 * RATE)); i++) {
            double t = (i - at) / RATE;
            x[c][i] += amplitude * Math.exp(-t) * Math.sin(2 * Math.PI * 3 * t);
        }
        return x;
    }

    private static AlignedSegment segment(double[][] x, boolean[] present) {
        return new AlignedSegment("XX.STA", Instant.EPOCH, RATE, x, present);
    }

    /** @return the term of every frame of the stretch, read as the batch detector reads it */
    private static double[] whole(double[][] x, boolean[] present) {
        return AmplitudeTerm.ofStretch(CONFIG, segment(x, present)::slice, x[0].length / STRIDE);
    }

    /**
     * The term as defined, the long way: ObsPy's filter and recursive STA/LTA over the whole array,
     * each average divided by the weight it has given so far ({@code i} updates by sample {@code i}).
     */
    private static double[] expected(double[] x, int frames) {
        double[] cft = unbiased(x);
        double[] out = new double[frames];
        for (int j = 0; j < frames; j++) {
            int i = j * STRIDE;
            out[j] = i < 12 * RATE || cft[i] <= 0 ? 0 : Math.max(0, Math.log(cft[i]) / 0.324 - 3);
        }
        return out;
    }

    private static double[] unbiased(double[] x) {
        double[] f = Butterworth.bandpass(4, CONFIG.bandLowHz(), CONFIG.bandHighHz(), RATE).filterSettled(x);
        int ns = (int) Math.round(0.5 * RATE);
        int nl = (int) Math.round(10 * RATE);
        double[] cft = StaLta.recursive(f, ns, nl);
        for (int i = 0; i < cft.length; i++) {
            cft[i] = unbiased(cft[i], i, RATE);
        }
        return cft;
    }

    /**
     * @return ObsPy's recursive ratio at sample {@code i} of a stretch, each average divided by the
     *     weight it has given so far ({@code i} updates: sample 0 is not used)
     */
    static double unbiased(double obspyRatio, int i, double rate) {
        int ns = (int) Math.round(0.5 * rate);
        int nl = (int) Math.round(10 * rate);
        return obspyRatio * (1 - Math.pow(1 - 1.0 / nl, i)) / Math.max(1e-300, 1 - Math.pow(1 - 1.0 / ns, i));
    }

    @Test
    void theTermIsTheGatedLogRatioOfRecursiveStaLtaOnTheBandPassedVerticalAtEachFramesFirstSample() {
        double[][] x = noiseWithEvent(1, 120, 60, 0, 50);
        int frames = x[0].length / STRIDE;
        double[] got = whole(x, new boolean[] {true, true, true});
        double[] want = expected(x[0], frames);
        assertArrayEquals(want, got, 1e-12);
        // the event lifts it: ln(ratio) beyond three prior spreads for a while after the onset
        int onset = (int) (60 * RATE / STRIDE);
        double peak = 0;
        for (int j = onset; j < onset + 2 * RATE / STRIDE; j++) {
            peak = Math.max(peak, got[j]);
        }
        assertTrue(peak > 5, "the term at a loud onset: " + peak);
        // and only there: in the noise before it the ratio seldom reaches the gate
        int lifted = 0;
        for (int j = (int) (12 * RATE / STRIDE); j < onset; j++) {
            lifted += got[j] > 0 ? 1 : 0;
        }
        assertTrue(lifted <= 0.01 * (onset - 12 * RATE / STRIDE), lifted + " noise frames with the term");
    }

    @Test
    void fedInPiecesAsAStreamItGivesTheSameValuesAsOverTheWholeStretch() {
        double[][] x = noiseWithEvent(2, 90, 40, 0, 30);
        boolean[] all = {true, true, true};
        int frames = x[0].length / STRIDE;
        double[] batch = whole(x, all);
        AmplitudeTerm term = new AmplitudeTerm(CONFIG, all);
        List<Double> got = new ArrayList<>();
        Random r = new Random(3);
        for (int from = 0; from < x[0].length; ) {
            int to = Math.min(x[0].length, from + 1 + r.nextInt(700));
            term.push(x, from, to, got::add);
            from = to;
        }
        assertEquals(frames, got.size());
        for (int j = 0; j < frames; j++) {
            assertEquals(batch[j], got.get(j), 0, "frame " + j);
        }
    }

    @Test
    void nothingInAStretchsFirstTwelveSecondsWhereTheLongTermAverageIsStillBuildingUp() {
        double[][] x = noiseWithEvent(4, 60, 10.5, 0, 1000);
        boolean[] all = {true, true, true};
        double[] got = whole(x, all);
        double[] cft = unbiased(x[0]);
        int at = (int) (11 * RATE);
        assertTrue(AmplitudeTerm.of(cft[at], 0.324) > 1, "the ratio at 11 s passes the gate: " + cft[at]);
        for (int j = 0; j < 12 * RATE / STRIDE; j++) {
            assertEquals(0, got[j], 0, "frame " + j);
        }
        assertTrue(got[(int) (12 * RATE / STRIDE)] > 0, "from 12 s on it counts: " + got[(int) (12 * RATE / STRIDE)]);
    }

    @Test
    void withoutAVerticalTheFirstComponentRecordedIsUsed() {
        double[][] x = noiseWithEvent(5, 60, 30, 1, 50);
        int frames = x[0].length / STRIDE;
        double[] got = whole(x, new boolean[] {false, true, true});
        assertArrayEquals(expected(x[1], frames), got, 1e-12);
        // with the vertical present the event on the north component is not seen
        double[] vertical = whole(x, new boolean[] {true, true, true});
        assertArrayEquals(expected(x[0], frames), vertical, 1e-12);
        assertTrue(java.util.Arrays.stream(got).max().orElse(0) > 5);
    }

    @Test
    void overAStretchLongerThanABlockTheAveragesRunOnAcrossTheBlocks() {
        // 20 min: the whole-stretch reader takes it in blocks of 65,536 samples
        double[][] x = noiseWithEvent(7, 1200, 700, 0, 40);
        int frames = x[0].length / STRIDE;
        double[] got = whole(x, new boolean[] {true, true, true});
        assertArrayEquals(expected(x[0], frames), got, 1e-9);
        assertTrue(got[(int) (700.5 * RATE / STRIDE)] > 5, "the event after the first block boundary");
    }

    @Test
    void inStationaryNoiseTheUnbiasedRatioStaysNearOneFromTheWarmUpOn() {
        // why the definition divides by the weights (the other tests hold the code to the definition):
        // ObsPy's recursive ratio starts its long-term average from zero, 1.43 times too high at 12 s
        double[][] x = noiseWithEvent(8, 40, 39, 0, 0);
        double[] f = Butterworth.bandpass(4, CONFIG.bandLowHz(), CONFIG.bandHighHz(), RATE).filterSettled(x[0]);
        double[] obspy = StaLta.recursive(f, (int) Math.round(0.5 * RATE), (int) Math.round(10 * RATE));
        double[] ours = unbiased(x[0]);
        double logObspy = 0;
        double logOurs = 0;
        int n = 0;
        for (int i = (int) (12 * RATE); i < (int) (16 * RATE); i++, n++) {
            logObspy += Math.log(obspy[i]);
            logOurs += Math.log(ours[i]);
        }
        assertTrue(Math.abs(logOurs / n) < 0.15, "mean log ratio 12-16 s, unbiased: " + logOurs / n);
        assertTrue(logObspy / n > logOurs / n + 0.25, "ObsPy's: " + logObspy / n);
    }

    @Test
    void theSpreadFollowsTheModelsBand() {
        assertEquals(0.324, AmplitudeTerm.spread(CONFIG), 1e-12, "the prior's own band, 1-20 Hz");
        EncoderConfig narrow = EncoderConfig.builder().band(2, 6.75).build();
        assertEquals(0.324 * 2, AmplitudeTerm.spread(narrow), 1e-12, "a quarter of the band, twice the spread");
        assertTrue(AmplitudeTerm.of(Math.exp(0.324 * 5), 0.324) > AmplitudeTerm.of(Math.exp(0.324 * 5), 0.648));
    }

    @Test
    void theSettingIsKeptByTheBuilderAndNewThresholds() {
        DetectorConfig off = DetectorConfig.builder().amplitudeTerm(false).build();
        assertTrue(DetectorConfig.defaults().amplitudeTerm());
        assertTrue(!off.withThresholds(8, 4).amplitudeTerm());
        assertTrue(!off.toBuilder().trim(0.3).build().amplitudeTerm());
    }

    @Test
    void samplesEndingBeforeTheLastFrameAreAnError() {
        double[][] x = noiseWithEvent(6, 30, 20, 0, 10);
        int frames = x[0].length / STRIDE;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AmplitudeTerm.ofStretch(CONFIG, segment(x, new boolean[] {true, true, true})::slice, frames + 1));
        assertTrue(e.getMessage().contains("frames"), e.getMessage());
    }
}
