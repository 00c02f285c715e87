package io.salespipeline.events;

/** Why a lead was judged not worth an offer. */
public enum DisqualificationReason {
    BUDGET_TOO_LOW, ORDER_TOO_SMALL, TIMELINE, NOT_A_FIT, OTHER
}
