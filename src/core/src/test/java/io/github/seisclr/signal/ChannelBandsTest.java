package io.github.seisclr.signal;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.StationStream;
import io.github.seisclr.io.Trace;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelBandsTest {
    private static final Instant T0 = Instant.parse("2010-02-27T06:50:00.069539Z");

    private static List<Trace> station(double rate, long... startOffsetsMillis) {
        List<Trace> out = new ArrayList<>();
        char[] comps = {'Z', '1', '2'};
        for (int c = 0; c < startOffsetsMillis.length; c++) {
            out.add(Trace.of(new SourceId("IU", "COLA", "00", "LH" + comps[c]), T0.plusMillis(startOffsetsMillis[c]), rate,
                    new double[600]));
        }
        return out;
    }

    /**
     * Review: a station's components below the band share one reason, said once after their names,
     * though their data start milliseconds apart (real data); the reason names the earliest start.
     */
    @Test
    void componentsStartingApartShareOneReason() {
        StationStream s = StationStream.of(station(1, 5, 0, 12)).get(0);
        Map<SourceId, ChannelBands.Refusal> refused = new LinkedHashMap<>();
        assertNull(ChannelBands.usable(s, 1, 20, refused, new HashSet<>()));
        assertEquals(3, refused.size());
        String d = ChannelBands.describe(refused);
        assertEquals(d.indexOf("Nyquist"), d.lastIndexOf("Nyquist"), d);
        assertTrue(d.startsWith("IU.COLA.00.LHZ, IU.COLA.00.LH1, IU.COLA.00.LH2 at 1 Hz (Nyquist frequency 0.5 Hz) from "
                + T0 + " lies below the model's band 1-20 Hz"), d);
    }

    @Test
    void differentRatesKeepTheirOwnReasons() {
        List<Trace> t = new ArrayList<>(station(1, 0));
        t.add(Trace.of(new SourceId("IU", "COLA", "00", "VH1"), T0, 0.1, new double[60]));
        Map<SourceId, ChannelBands.Refusal> refused = new LinkedHashMap<>();
        for (StationStream s : StationStream.of(t)) {
            ChannelBands.usable(s, 1, 20, refused, new HashSet<>());
        }
        String d = ChannelBands.describe(refused);
        assertTrue(d.contains("IU.COLA.00.LHZ at 1 Hz") && d.contains("IU.COLA.00.VH1 at 0.1 Hz") && d.contains("; "), d);
    }

    /**
     * Review (a new user, 2026-12-08): training on 20 Hz data for a 1-20 Hz band was warned of "fewer
     * and later detections", detection's words. Training says what the model learns, and what to give.
     */
    @Test
    void partOfTheBandIsSaidInTrainingsWords() {
        List<SourceId> ids = List.of(new SourceId("BW", "KW1", "", "EHZ"));
        assertTrue(ChannelBands.narrowBand(ids, 20, 1, 20).endsWith("fewer and later detections than on data at 40 Hz"
                + " or more"), ChannelBands.narrowBand(ids, 20, 1, 20));
        String t = ChannelBands.narrowTrainingBand(ids, 20, 1, 20);
        assertEquals("BW.KW1..EHZ at 20 Hz holds only 1-10 Hz of the 1-20 Hz band trained for: the model learns that"
                + " part from them alone (train with a --rate and --band the data hold, e.g. --rate 20 --band 1,8)", t);
    }
}
