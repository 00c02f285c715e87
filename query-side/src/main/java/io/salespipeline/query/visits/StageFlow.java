package io.salespipeline.query.visits;

import io.salespipeline.events.*;

/**
 * Where each event leaves a lead, as the command side's stage machine decided it (API.md, "Stage
 * changes"). Events that do not move the lead keep its stage.
 */
public final class StageFlow {

    private StageFlow() {
    }

    public static Stage after(Stage current, LeadEvent event) {
        if (event instanceof LeadRegistered) {
            return Stage.INQUIRY_RECEIVED;
        } else if (event instanceof FirstContactRecorded) {
            return Stage.CONTACTED;
        } else if (event instanceof LeadDisqualified) {
            return Stage.DISQUALIFIED;
        } else if (event instanceof OfferPreparationStarted) {
            return Stage.OFFER_PREPARATION;
        } else if (event instanceof OfferSent) {
            return Stage.OFFER_SENT;
        } else if (event instanceof FollowUpRecorded) {
            return Stage.FOLLOW_UP;
        } else if (event instanceof LeadMovedToLetThemBuy) {
            return Stage.LET_THEM_BUY;
        } else if (event instanceof LeadWon) {
            return Stage.WON;
        } else if (event instanceof LeadLost) {
            return Stage.LOST;
        } else if (event instanceof AfterSalesStarted) {
            return Stage.AFTER_SALES;
        } else if (event instanceof LeadReopened reopened) {
            return reopened.toStage();
        }
        return current;
    }
}
