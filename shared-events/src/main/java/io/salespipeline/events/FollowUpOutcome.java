package io.salespipeline.events;

/** What a contact after the offer brought. */
public enum FollowUpOutcome {
    NO_DECISION, NEGOTIATING, CHANGES_REQUESTED, NO_ANSWER, POSITIVE;

    /**
     * A "maybe": neither a yes nor a no. Three of these after an offer move the lead to
     * {@link Stage#LET_THEM_BUY}.
     */
    public boolean isUndecided() {
        return this == NO_DECISION || this == NO_ANSWER;
    }
}
