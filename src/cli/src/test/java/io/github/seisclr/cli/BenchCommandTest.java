package io.github.seisclr.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The figures {@code bench} prints. */
class BenchCommandTest {
    /**
     * Regression (black-box review): with a few picks the 90th percentile of the stream's latencies
     * came out below their median ("median 9.0 s, 90th percentile 8.2 s"): the median was the upper
     * middle value and the percentile floored. Both are interpolated now, as NumPy's are.
     */
    @Test
    void theNinetiethPercentileIsNeverBelowTheMedian() {
        assertEquals("median 8.6 s, 90th percentile 8.9 s, max 9.0 s", BenchCommand.percentiles(List.of(9.0, 8.2)));
        assertEquals(2.5, BenchCommand.quantile(new double[] {1, 2, 3, 4}, 0.5), 1e-12);
        assertEquals(3.7, BenchCommand.quantile(new double[] {1, 2, 3, 4}, 0.9), 1e-12);
        assertEquals(5.0, BenchCommand.quantile(new double[] {5}, 0.9), 1e-12);
        for (int n = 1; n < 12; n++) {
            double[] v = new java.util.Random(n).doubles(n).sorted().toArray();
            double median = BenchCommand.quantile(v, 0.5);
            double p90 = BenchCommand.quantile(v, 0.9);
            assertEquals(true, median <= p90 && p90 <= v[n - 1] && median >= v[0], n + " values");
        }
    }
}
