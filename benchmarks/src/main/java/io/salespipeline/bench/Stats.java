package io.salespipeline.bench;

import java.util.Arrays;

/** Latency figures of one measurement, in milliseconds. */
record Stats(long count, double p50, double p90, double p95, double p99, double max) {

    static Stats ofNanos(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Stats(sorted.length, ms(at(sorted, 0.50)), ms(at(sorted, 0.90)), ms(at(sorted, 0.95)), ms(at(sorted, 0.99)),
                ms(sorted[sorted.length - 1]));
    }

    /** Nearest rank. */
    private static long at(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    static String f(double value) {
        return Double.isNaN(value) ? "–" : value >= 100 ? String.format("%.0f", value) : String.format("%.1f", value);
    }
}
