package io.salespipeline.command.lead;

import io.salespipeline.events.PipelineRules;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The deployment's numbers of the sales process ({@code pipeline.rules}): the rules of the {@code default}
 * pipeline and the defaults of every pipeline that leaves a rule out (docs/domain.md rule 7), and the allowed
 * clock skew. A change defines a new version of {@code default} at start-up.
 *
 * @param offerPromise                  default time from starting an offer to its promised delivery
 * @param followUpWindow                default and maximum time to the next follow-up without a stated reason,
 *                                      after an offer and after each undecided contact
 * @param undecidedContactsToLetThemBuy undecided contacts after an offer that park the lead in LET_THEM_BUY
 * @param afterSalesPlanWithin          time after a win by which after-sales should be planned
 * @param clockSkew                     how far in the future a reported business time may lie
 */
public record LeadRules(
        @DefaultValue("24h") @DurationMin(nanos = 0, inclusive = false) Duration offerPromise,
        @DefaultValue("48h") @DurationMin(nanos = 0, inclusive = false) Duration followUpWindow,
        @DefaultValue("3") @Min(1) int undecidedContactsToLetThemBuy,
        @DefaultValue("48h") @DurationMin(nanos = 0, inclusive = false) Duration afterSalesPlanWithin,
        @DefaultValue("5m") @DurationMin(nanos = 0) Duration clockSkew) {

    /** The rules as configured by nothing: the defaults written above, bound from an empty configuration. */
    public static LeadRules defaults() {
        return new Binder().bindOrCreate("pipeline.rules", LeadRules.class);
    }

    /** The rules a pipeline gets from the deployment. */
    public PipelineRules pipelineRules() {
        return new PipelineRules(offerPromise, followUpWindow, undecidedContactsToLetThemBuy, afterSalesPlanWithin);
    }
}
