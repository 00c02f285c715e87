package io.salespipeline.command.lead;

import io.salespipeline.events.*;
import io.salespipeline.events.commands.RecordAfterSalesContact;
import io.salespipeline.events.commands.StartAfterSales;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static io.salespipeline.command.lead.LeadHistory.inStage;
import static io.salespipeline.events.FollowUpOutcome.NEGOTIATING;
import static io.salespipeline.events.Stage.*;

/** Rule 6: after the first purchase, after-sales is planned, the client handed over, each contact plans the next. */
class LeadAfterSalesTest extends LeadTestSupport {

    private static final Instant IN_30_DAYS = NOW.plus(Duration.ofDays(30));
    private static final MetaData CAROL = new Actor("carol", Set.of("SALES")).toMetaData();
    private static final MetaData ALICE = new Actor(OWNER, Set.of("SALES")).toMetaData();

    private static RecordAfterSalesContact afterSalesContact(Instant next) {
        return new RecordAfterSalesContact(ID, ContactChannel.MEETING, "onboarding went well", next, "quarterly review", null);
    }

    @Test
    void startAfterSales_handsTheLeadOverToTheAccountManager() {
        given(inStage(WON))
                .when(new StartAfterSales(ID, "carol", IN_30_DAYS, "onboarding", null), ALICE)
                .expectEvents(new AfterSalesStarted(ID, "carol", IN_30_DAYS, "onboarding", OWNER, NOW))
                .expectResultMessagePayload(result(inStage(WON).version() + 1, AFTER_SALES));
    }

    @Test
    void afterTheHandover_theAccountManagerOwnsTheLead_andThePreviousRepNoLonger() {
        given(inStage(AFTER_SALES))
                .when(afterSalesContact(IN_30_DAYS), CAROL)
                .expectEvents(new AfterSalesContactRecorded(ID, ContactChannel.MEETING, "onboarding went well", IN_30_DAYS,
                        "quarterly review", NOW));
        given(inStage(AFTER_SALES))
                .when(afterSalesContact(IN_30_DAYS), ALICE)
                .expectNoEvents()
                .expectException(LeadAccessDeniedException.class);
    }

    @Test
    void recordAfterSalesContact_isRejected_withoutTheNextContact() {
        given(inStage(AFTER_SALES))
                .when(afterSalesContact(null))
                .expectNoEvents()
                .expectException(invalidField("nextContactAt"));
    }

    @Test
    void recordAfterSalesContact_isRejected_whenTheNextContactIsBeforeIt() {
        given(inStage(AFTER_SALES))
                .when(afterSalesContact(NOW.minus(Duration.ofMinutes(1))))
                .expectNoEvents()
                .expectException(ruleViolation("NEXT_CONTACT_IN_PAST"));
    }

    @Test
    void recordAfterSalesContact_isRejected_beforeAfterSalesStarted() {
        given(inStage(WON))
                .when(afterSalesContact(IN_30_DAYS))
                .expectNoEvents()
                .expectException(illegalTransition(WON, "RecordAfterSalesContact", ALLOWED.get(WON)));
    }
}
