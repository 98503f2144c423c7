package io.github.seisclr.eval;

import java.util.Arrays;

/**
 * Statistics of pick residuals (pick - reference, seconds) as seismologists report them.
 *
 * @param count residuals
 * @param missing reference picks with no pick
 * @param mean mean residual
 * @param std standard deviation
 * @param mae mean absolute residual
 * @param within01 share with |residual| at most 0.1 s
 * @param within02 share at most 0.2 s
 * @param within05 share at most 0.5 s
 */
public record Residuals(int count, int missing, double mean, double std, double mae, double within01,
                        double within02, double within05) {

    /**
     * @param residuals seconds
     * @param missing references without a pick
     * @return the statistics (NaN where undefined)
     */
    public static Residuals of(double[] residuals, int missing) {
        int n = residuals.length;
        if (n == 0) {
            return new Residuals(0, missing, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = Arrays.stream(residuals).average().orElse(Double.NaN);
        double var = Arrays.stream(residuals).map(r -> (r - mean) * (r - mean)).sum() / Math.max(1, n - 1);
        double mae = Arrays.stream(residuals).map(Math::abs).average().orElse(Double.NaN);
        return new Residuals(n, missing, mean, Math.sqrt(var), mae, share(residuals, 0.1), share(residuals, 0.2),
                share(residuals, 0.5));
    }

    private static double share(double[] r, double limit) {
        return (double) Arrays.stream(r).filter(x -> Math.abs(x) <= limit + 1e-12).count() / r.length;
    }
}
