package io.salespipeline.query.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How analytics round: hours and days to two decimals, shares and rates to four. */
public final class Numbers {

    private Numbers() {
    }

    public static Double hours(Number value) {
        return round(value, 2);
    }

    public static Double ratio(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP).doubleValue();
    }

    public static Double round(Number value, int decimals) {
        if (value == null) {
            return null;
        }
        return new BigDecimal(value.toString()).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }
}
