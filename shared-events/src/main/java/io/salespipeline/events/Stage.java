package io.salespipeline.events;

/** The stages of the sales process, in process order (DOMAIN.md). */
public enum Stage {
    INQUIRY_RECEIVED,
    CONTACTED,
    OFFER_PREPARATION,
    OFFER_SENT,
    FOLLOW_UP,
    LET_THEM_BUY,
    WON,
    AFTER_SALES,
    LOST,
    DISQUALIFIED;

    /** Open stages: the lead is still being worked on and may still be won or lost. */
    public boolean isOpen() {
        return ordinal() <= LET_THEM_BUY.ordinal();
    }

    /** Closed without a sale: only a reopening brings such a lead back. */
    public boolean isClosedWithoutSale() {
        return this == LOST || this == DISQUALIFIED;
    }

    /**
     * Stages whose leads need a next step (flagged on the board without one): the open ones and after-sales.
     * The board also shows WON, where a won lead waits for its after-sales plan.
     */
    public boolean isOnBoard() {
        return isOpen() || this == AFTER_SALES;
    }
}
