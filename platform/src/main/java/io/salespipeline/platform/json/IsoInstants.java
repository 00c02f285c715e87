package io.salespipeline.platform.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A parser for the one shape of instant this service writes, in its events, its event store's time stamps and
 * its answers: {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, UTC, 0 to 9 digits of fraction. A general
 * {@code DateTimeFormatter} parses it at several times the cost (about a tenth of a projection's CPU while
 * replaying or importing, JFR: docs/benchmarks); anything of another shape is for the general parser, so the
 * callers fall back to it and the answers are the same.
 */
public final class IsoInstants {

    private IsoInstants() {
    }

    /** The instant {@code text} writes in that shape; null if it is of another shape (or no valid date and time). */
    public static Instant parseCanonical(String text) {
        int n = text.length();
        if (n < 20 || n == 21 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z' || (n > 20 && text.charAt(19) != '.')) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (n > 20) {
            int fraction = digits(text, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = n - 1 - 20; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The number written by {@code text[from, to)}, or -1 if it is not all digits. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
