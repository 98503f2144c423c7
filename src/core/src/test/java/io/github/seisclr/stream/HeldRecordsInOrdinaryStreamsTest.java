package io.github.seisclr.stream;

import io.github.seisclr.io.SourceId;
import io.github.seisclr.io.Times;
import io.github.seisclr.io.Trace;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Ordinary streams (records in order or a little out of order, gaps, a clock step; no outage being
 * filled) that the third review of the held records (2026-12-07) found released later, or with a
 * record dropped, than at 011a947, before records came to be held ahead of the channel's data; each
 * failed before its mend. A channel is fed on its own, settling on its own newest time as the
 * station's other channels would, and read after each record as the station reads it.
 */
class HeldRecordsInOrdinaryStreamsTest {
    static final SourceId ID = SourceId.parse("XX.FEED..HHZ");
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    static Trace rec(double startSec, double lenSec) {
        double[] x = new double[(int) Math.round(lenSec * 100)];
        Random r = new Random(Math.round(startSec * 1000));
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.round(1000 + 40 * r.nextGaussian());
        }
        return Trace.of(ID, T0.plusNanos(Math.round(startSec * 1e9)), 100, x);
    }

    /** Feeds the records (settling on their own newest time, as the station's other channels would), draining after each. */
    static final class Feed {
        final List<StreamNotice> notices = new ArrayList<>();
        final ChannelFeed f = new ChannelFeed(ID, "XX.FEED..HH", StreamConfig.defaults(), 100, 1, notices::add);
        final List<ChannelFeedTest.Out> runs = new ArrayList<>();
        final ChannelFeedTest.Current current = new ChannelFeedTest.Current();
        long newest = Long.MIN_VALUE;

        /** @return a feed that has read the first 100 s, in order, as every case here begins */
        static Feed afterFirst100s() {
            Feed f = new Feed();
            for (int s = 0; s < 100; s += 10) {
                f.accept(rec(s, 10));
            }
            return f;
        }

        /** @return the end of the samples released so far (s after T0) */
        double accept(Trace t) {
            f.accept(t);
            newest = Math.max(newest, Times.toNanos(t.endExclusive()));
            f.settle(newest);
            ChannelFeedTest.drain(f, runs, current, false);
            long n = current.blocks.stream().mapToLong(b -> b.length).sum();
            if (n == 0 && !runs.isEmpty()) { // the run being read is closed: its end
                ChannelFeedTest.Out last = runs.get(runs.size() - 1);
                return (last.startNanos() + Math.round(last.samples().length * 1e9 / 100) - Times.toNanos(T0)) / 1e9;
            }
            return (current.startNanos + Math.round(n * 1e9 / 100) - Times.toNanos(T0)) / 1e9;
        }

        /** @return the samples read in all, after the end of input */
        long total() {
            f.flush();
            ChannelFeedTest.drain(f, runs, current, true);
            return runs.stream().mapToLong(r -> r.samples().length).sum();
        }
    }

    /**
     * Records strictly in order: 100 s, a 15 s gap, 30 s of data, a 300 s gap, more data. As at 011a947,
     * the 30 s stretch is released when the first record after the 300 s gap comes, and the run
     * after it when its 4th record comes (they came one record later, the first held on arrival).
     */
    @Test
    void inOrderRecordsAroundAShortStretchAreNotReleasedLater() {
        Feed f = Feed.afterFirst100s();
        for (int s : new int[] {115, 125, 135}) {
            f.accept(rec(s, 10));
        }
        double afterFirst = f.accept(rec(435, 10));
        f.accept(rec(445, 10));
        f.accept(rec(455, 10));
        double afterFourth = f.accept(rec(465, 10));
        assertEquals(144.99, afterFirst, 0.005, "the 30 s stretch once the next record came");
        assertEquals(474.99, afterFourth, 0.005, "the run after the 300 s gap");
    }

    /**
     * A 60 s gap; of the first records after it, 180..190 comes before 170..180 (10 s of jitter);
     * then the link goes down for a day. Everything up to 200 s is released at once, as at 011a947 (190..200
     * was held until data came again, a day later, as a record the data were catching up with).
     */
    @Test
    void jitterRightAfterAGapDoesNotHoldTheLastRecordBeforeAnOutage() {
        Feed f = Feed.afterFirst100s();
        f.accept(rec(160, 10));
        f.accept(rec(170, 10));
        f.accept(rec(190, 10));
        double released = f.accept(rec(180, 10));
        assertEquals(199.99, released, 0.005, "released before the outage");
    }

    /**
     * A 60 s gap, and the data logger's clock steps back by 2 s after its first record back
     * (168..178 after 160..170, say on GPS lock), that record coming before the first one. The 2 s
     * overlap is dropped (OVERLAP) and the rest kept, 10800 samples after the gap, as at 011a947 (the
     * whole record was dropped as a bad time stamp, and a gap made).
     */
    @Test
    void aClockSteppedBackAfterAGapKeepsTheRecordsOtherSamples() {
        Feed f = Feed.afterFirst100s();
        f.accept(rec(168, 10));
        f.accept(rec(160, 10));
        for (int s = 178; s < 260; s += 10) {
            f.accept(rec(s, 10));
        }
        assertEquals(10000 + 10800, f.total(), f.notices.stream().map(n -> n.kind() + " " + n.message()).toList().toString());
    }

    /**
     * Records strictly in order: 100 s, a 15 s gap, 30 s of data, a 300 s gap, 40 s of data, then
     * the link is down for a day. The 40 s are released when their 4th record comes, as at
     * 011a947 (they were held on arrival, with no record out of order, until data came again).
     */
    @Test
    void inOrderRecordsBeforeAnOutageAreNotHeldUntilItEnds() {
        Feed f = Feed.afterFirst100s();
        for (int s : new int[] {115, 125, 135}) {
            f.accept(rec(s, 10));
        }
        double released = 0;
        for (int s : new int[] {435, 445, 455, 465}) {
            released = f.accept(rec(s, 10));
        }
        assertEquals(474.99, released, 0.005, "released before the outage");
    }
}
