package io.salespipeline.query.visits;

import io.salespipeline.events.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts as the read models store them ({@code numeric(19, 4)}) and show them: at their own scale, at
 * least two decimals ({@code 9500.0000} reads back as {@code 9500.00}, {@code 1.2345} stays).
 */
public final class Amounts {

    private Amounts() {
    }

    public static BigDecimal normalized(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 2 ? stripped.setScale(2, RoundingMode.UNNECESSARY) : stripped;
    }

    public static Money money(BigDecimal amount, String currency) {
        return amount == null ? null : new Money(normalized(amount), currency);
    }
}
