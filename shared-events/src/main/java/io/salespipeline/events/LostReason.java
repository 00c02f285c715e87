package io.salespipeline.events;

/** Why a lead was lost; mandatory, because loss analytics run on it. */
public enum LostReason {
    PRICE, COMPETITOR, NO_BUDGET, NO_DECISION, TIMING, NEEDS_NOT_MET, NO_RESPONSE, OTHER;

    /** {@code OTHER} says nothing by itself, so it needs details. */
    public boolean requiresDetails() {
        return this == OTHER;
    }
}
