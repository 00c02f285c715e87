package io.salespipeline.query.visits;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Calendar months (UTC) as the month tallies key them: a month's number is {@code year * 12 + month - 1}
 * (2026-09: 24320), the same integer arithmetic as V3_43's SQL. None before 1970: the month tallies hold no visit
 * that ended before then, and no window that begins before then is answered from them.
 */
public final class Months {

    private Months() {
    }

    /** The number of the month that holds {@code ms}; null before 1970. */
    public static Integer of(long ms) {
        if (ms < 0) {
            return null;
        }
        YearMonth month = YearMonth.from(Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC));
        return month.getYear() * 12 + month.getMonthValue() - 1;
    }

    /** The first instant of the month after the one that holds {@code ms} (before 1970 too). */
    public static long nextStart(long ms) {
        YearMonth month = YearMonth.from(Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC));
        return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** The first instant of month {@code number}. */
    public static long start(int number) {
        return YearMonth.of(Math.floorDiv(number, 12), Math.floorMod(number, 12) + 1).atDay(1).atStartOfDay()
                .toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** The number of the month that begins at {@code ms} (from 1970 on); null if {@code ms} begins none. */
    public static Integer beginningAt(long ms) {
        Integer month = of(ms);
        return month != null && start(month) == ms ? month : null;
    }

    /** The number of the month {@code [fromMs, toMs)} is (from 1970 on); null if it is no single calendar month. */
    public static Integer exactly(long fromMs, long toMs) {
        Integer month = beginningAt(fromMs);
        return month != null && start(month + 1) == toMs ? month : null;
    }
}
