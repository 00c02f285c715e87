package io.salespipeline.command.lead;

import io.salespipeline.events.PipelineRules;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The deployment's numbers of the sales process: the rules of the {@code default} pipeline and the
 * defaults of every pipeline that leaves a rule out (DOMAIN.md rule 7), and the allowed clock skew.
 *
 * @param offerPromise                 default time from starting an offer to its promised delivery (24 h)
 * @param followUpWindow               default and maximum time to the next follow-up without a stated
 *                                     reason, after an offer and after each undecided contact (48 h)
 * @param undecidedContactsToLetThemBuy undecided contacts after an offer that park the lead in
 *                                     LET_THEM_BUY (3)
 * @param afterSalesPlanWithin         time after a win by which after-sales should be planned (48 h)
 * @param clockSkew                    how far in the future a reported business time may lie (5 min)
 */
@ConfigurationProperties("pipeline.rules")
public record LeadRules(Duration offerPromise, Duration followUpWindow, Integer undecidedContactsToLetThemBuy,
                        Duration afterSalesPlanWithin, Duration clockSkew) {

    public LeadRules {
        offerPromise = offerPromise != null ? offerPromise : Duration.ofHours(24);
        followUpWindow = followUpWindow != null ? followUpWindow : Duration.ofHours(48);
        undecidedContactsToLetThemBuy = undecidedContactsToLetThemBuy != null ? undecidedContactsToLetThemBuy : 3;
        afterSalesPlanWithin = afterSalesPlanWithin != null ? afterSalesPlanWithin : Duration.ofHours(48);
        clockSkew = clockSkew != null ? clockSkew : Duration.ofMinutes(5);
        if (!positive(offerPromise) || !positive(followUpWindow) || !positive(afterSalesPlanWithin)) {
            throw new IllegalArgumentException("pipeline.rules durations must be positive");
        }
        if (undecidedContactsToLetThemBuy < 1) {
            throw new IllegalArgumentException("pipeline.rules.undecided-contacts-to-let-them-buy must be at least 1");
        }
    }

    public static LeadRules defaults() {
        return new LeadRules(null, null, null, null, null);
    }

    /** The rules a pipeline gets from the deployment. */
    public PipelineRules pipelineRules() {
        return new PipelineRules(offerPromise, followUpWindow, undecidedContactsToLetThemBuy, afterSalesPlanWithin);
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
