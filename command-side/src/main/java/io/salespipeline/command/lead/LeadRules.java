package io.salespipeline.command.lead;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The numbers of the sales process, configurable per deployment (DOMAIN.md rule 7).
 *
 * @param offerPromise                 default time from starting an offer to its promised delivery (24 h)
 * @param followUpWindow               default and maximum time from sending an offer to the first
 *                                     follow-up without a stated reason (48 h)
 * @param undecidedContactsToLetThemBuy undecided contacts after an offer that park the lead in
 *                                     LET_THEM_BUY (3)
 * @param clockSkew                    how far in the future a reported business time may lie (5 min)
 */
@ConfigurationProperties("pipeline.rules")
public record LeadRules(Duration offerPromise, Duration followUpWindow, Integer undecidedContactsToLetThemBuy,
                        Duration clockSkew) {

    public LeadRules {
        offerPromise = offerPromise != null ? offerPromise : Duration.ofHours(24);
        followUpWindow = followUpWindow != null ? followUpWindow : Duration.ofHours(48);
        undecidedContactsToLetThemBuy = undecidedContactsToLetThemBuy != null ? undecidedContactsToLetThemBuy : 3;
        clockSkew = clockSkew != null ? clockSkew : Duration.ofMinutes(5);
        if (offerPromise.isNegative() || offerPromise.isZero() || followUpWindow.isNegative() || followUpWindow.isZero()) {
            throw new IllegalArgumentException("pipeline.rules durations must be positive");
        }
        if (undecidedContactsToLetThemBuy < 1) {
            throw new IllegalArgumentException("pipeline.rules.undecided-contacts-to-let-them-buy must be at least 1");
        }
    }

    public static LeadRules defaults() {
        return new LeadRules(null, null, null, null);
    }
}
