package io.salespipeline.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The bounds of every value a command may carry, chosen so that whatever is accepted fits every read
 * model that stores it: amounts in {@code numeric(19, 4)}, times as {@code timestamp(6)} and epoch
 * milliseconds, names and texts in the columns they land in. The HTTP request bodies declare them
 * (Bean Validation) and the Lead aggregate checks them again, so no other way in (an import, a new
 * endpoint) can record a value that a projection then fails on.
 */
public final class Limits {

    /** The earliest business time, date or due time accepted. */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** The latest one: the end of year 9999, to the microsecond (what {@code timestamp(6)} keeps). */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    public static final LocalDate EARLIEST_DATE = LocalDate.of(1970, 1, 1);
    public static final LocalDate LATEST_DATE = LocalDate.of(9999, 12, 31);
    public static final String TIME_RANGE = "between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z";
    public static final String DATE_RANGE = "between 1970-01-01 and 9999-12-31";

    /** Money amounts: at most 15 digits before the decimal point and 4 after ({@code numeric(19, 4)}). */
    public static final int AMOUNT_INTEGER_DIGITS = 15;
    public static final int AMOUNT_FRACTION_DIGITS = 4;
    public static final String AMOUNT_RANGE = "at most 15 digits before the decimal point and 4 after it";

    // lengths of the texts (in characters), by what they are
    public static final int USER_NAME = 100;
    public static final int PIPELINE_KEY = 50;
    public static final int COMPANY_NAME = 300;
    public static final int PERSON_NAME = 200;
    public static final int EMAIL = 320;
    public static final int PHONE = 50;
    public static final int TAX_ID = 50;
    public static final int ADDRESS = 500;
    public static final int SHORT_TEXT = 500;
    public static final int MEDIUM_TEXT = 1000;
    public static final int LONG_TEXT = 4000;
    /** Entries of a list (decision makers, competitors). */
    public static final int LIST_ITEMS = 50;
    /** The longest time a pipeline rule may set (an offer promise, a follow-up window): ten years. */
    public static final java.time.Duration LONGEST_RULE = java.time.Duration.ofDays(3650);

    private Limits() {
    }

    public static boolean isSupported(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    public static boolean isSupported(LocalDate date) {
        return !date.isBefore(EARLIEST_DATE) && !date.isAfter(LATEST_DATE);
    }

    /**
     * Whether every read model stores the amount exactly as written: at most 4 digits after the decimal
     * point (as written: {@code 1.00000} has 5) and at most 15 before it.
     */
    public static boolean isSupported(BigDecimal amount) {
        long fraction = Math.max(amount.scale(), 0);
        long integer = (long) amount.precision() - amount.scale(); // a scale near Integer.MIN_VALUE must not wrap
        return fraction <= AMOUNT_FRACTION_DIGITS && integer <= AMOUNT_INTEGER_DIGITS;
    }
}
