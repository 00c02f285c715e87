package io.salespipeline.events;

import java.time.Duration;

/**
 * A pipeline's own numbers (DOMAIN.md rule 7).
 *
 * @param offerPromise                  default time from starting an offer to its promised delivery (24 h)
 * @param followUpWindow                default and maximum time to the next follow-up without a stated
 *                                      reason, after an offer and after each undecided contact (48 h)
 * @param undecidedContactsToLetThemBuy undecided contacts after an offer that park the lead (3)
 * @param afterSalesPlanWithin          time after a win by which after-sales should be planned (48 h)
 */
public record PipelineRules(Duration offerPromise, Duration followUpWindow, Integer undecidedContactsToLetThemBuy,
                            Duration afterSalesPlanWithin) {

    /** These rules with the missing ones taken from {@code defaults}. */
    public PipelineRules orElse(PipelineRules defaults) {
        return new PipelineRules(offerPromise != null ? offerPromise : defaults.offerPromise(),
                followUpWindow != null ? followUpWindow : defaults.followUpWindow(),
                undecidedContactsToLetThemBuy != null ? undecidedContactsToLetThemBuy : defaults.undecidedContactsToLetThemBuy(),
                afterSalesPlanWithin != null ? afterSalesPlanWithin : defaults.afterSalesPlanWithin());
    }
}
