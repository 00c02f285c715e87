package io.salespipeline.command.lead;

import io.salespipeline.events.DisqualificationReason;
import io.salespipeline.events.LeadDisqualified;
import io.salespipeline.events.LeadLost;
import io.salespipeline.events.LostReason;
import io.salespipeline.events.commands.MarkLost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.salespipeline.command.lead.LeadHistory.inStage;
import static io.salespipeline.events.Stage.*;

class LeadValidationTest extends LeadTestSupport {

    @Test
    void markLost_isRejected_withoutReason() {
        given(inStage(FOLLOW_UP))
                .when(markLost(null, "they went quiet"))
                .expectNoEvents()
                .expectException(invalidField("reason"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void markLost_isRejected_forReasonOtherWithoutDetails(String details) {
        given(inStage(FOLLOW_UP))
                .when(markLost(LostReason.OTHER, details))
                .expectNoEvents()
                .expectException(invalidField("details"));
    }

    @Test
    void markLost_isAccepted_forReasonOtherWithDetails_keepingTheCompetitor() {
        given(inStage(FOLLOW_UP))
                .when(new MarkLost(ID, LostReason.OTHER, "the company was sold", "Globex", null))
                .expectEvents(new LeadLost(ID, LostReason.OTHER, "the company was sold", "Globex", FOLLOW_UP, NOW));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void disqualifyLead_isRejected_forReasonOtherWithoutDetails(String details) {
        given(inStage(CONTACTED))
                .when(disqualifyLead(DisqualificationReason.OTHER, details))
                .expectNoEvents()
                .expectException(invalidField("details"));
    }

    @Test
    void disqualifyLead_isRejected_withoutReason() {
        given(inStage(CONTACTED))
                .when(disqualifyLead(null, null))
                .expectNoEvents()
                .expectException(invalidField("reason"));
    }

    @Test
    void disqualifyLead_isAccepted_forReasonOtherWithDetails() {
        given(inStage(CONTACTED))
                .when(disqualifyLead(DisqualificationReason.OTHER, "a student project"))
                .expectEvents(new LeadDisqualified(ID, DisqualificationReason.OTHER, "a student project", CONTACTED, NOW));
    }
}
