package io.salespipeline.command.lead;

import io.salespipeline.events.*;
import io.salespipeline.events.commands.*;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static io.salespipeline.command.lead.LeadHistory.inStage;
import static io.salespipeline.events.Stage.*;

/**
 * The aggregate's own bounds ({@link CommandLimits}): whatever way a command arrives, a value that a
 * read model could not store (an amount beyond {@code numeric(19, 4)}, an instant outside 1970..9999, a
 * text longer than its column) is refused before anything is recorded; the extreme values inside the
 * bounds are accepted.
 */
class LeadLimitsTest extends LeadTestSupport {

    static final String MAX_AMOUNT = "999999999999999.9999";
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    @ParameterizedTest
    @ValueSource(strings = {"1000000000000000", "0.00001", "1.00000", "1E+16", "1E+2147483647", "1E-5"})
    void qualifyLead_isRejected_withAnAmountTheReadModelsCannotStore(String amount) {
        given(inStage(CONTACTED))
                .when(new QualifyLead(ID, new Money(new BigDecimal(amount), "PLN"), SERVICE, null, null))
                .expectNoEvents()
                .expectException(invalidField("estimatedValue.amount"));
    }

    @ParameterizedTest
    @ValueSource(strings = {MAX_AMOUNT, "0", "0.0001", "1E+14"})
    void sendOffer_isAccepted_withTheExtremeAmounts(String amount) {
        Money value = new Money(new BigDecimal(amount), "PLN");
        given(inStage(OFFER_PREPARATION))
                .when(new SendOffer(ID, value, DESCRIPTION, null, null, null))
                .expectSuccessfulHandlerExecution();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.9999995Z", "-999999999-01-01T00:00:00Z"})
    void registerLead_isRejected_withABusinessTimeOutside1970To9999(String occurredAt) {
        givenNoLead()
                .when(registerLead(OWNER, Instant.parse(occurredAt)))
                .expectNoEvents()
                .expectException(invalidField("occurredAt"));
    }

    @Test
    void registerLead_isAccepted_atTheEarliestSupportedInstant() {
        Instant earliest = Instant.parse("1970-01-01T00:00:00Z");
        givenNoLead()
                .when(registerLead(OWNER, earliest))
                .expectEvents(leadRegistered(OWNER, earliest));
    }

    @Test
    void scheduleNextStep_isAccepted_atTheLatestSupportedInstant_andRejectedAMicrosecondLater() {
        given(inStage(CONTACTED))
                .when(new ScheduleNextStep(ID, "call", LATEST, null))
                .expectEvents(new NextStepScheduled(ID, "call", LATEST, NOW));
        given(inStage(CONTACTED))
                .when(new ScheduleNextStep(ID, "call", LATEST.plusNanos(1000), null))
                .expectNoEvents()
                .expectException(invalidField("dueAt"));
    }

    @Test
    void recordFirstContact_isRejected_withADecisionDateAfter9999_orTooManyDecisionMakers() {
        given(inStage(INQUIRY_RECEIVED))
                .when(new RecordFirstContact(ID, ContactChannel.PHONE, List.of(), null, List.of(), LocalDate.of(10000, 1, 1),
                        null, NEXT_CONTACT, null))
                .expectNoEvents()
                .expectException(invalidField("decisionExpectedBy"));
        given(inStage(INQUIRY_RECEIVED))
                .when(new RecordFirstContact(ID, ContactChannel.PHONE, Collections.nCopies(51, "someone"), null, List.of(),
                        null, null, NEXT_CONTACT, null))
                .expectNoEvents()
                .expectException(invalidField("decisionMakers"));
        given(inStage(INQUIRY_RECEIVED))
                .when(new RecordFirstContact(ID, ContactChannel.PHONE, List.of(), null, List.of("x".repeat(301)),
                        null, null, NEXT_CONTACT, null))
                .expectNoEvents()
                .expectException(invalidField("competitors[0]"));
    }

    @Test
    void texts_areBoundedByTheColumnsTheyLandIn() {
        givenNoLead()
                .when(new RegisterLead(ID, new Company("c".repeat(301), null, null), CONTACT, LeadSource.OTHER, false, OWNER,
                        null, null, null))
                .expectNoEvents()
                .expectException(invalidField("company.name"));
        givenNoLead()
                .when(new RegisterLead(ID, COMPANY, CONTACT, LeadSource.OTHER, false, "o".repeat(101), null, null, null))
                .expectNoEvents()
                .expectException(invalidField("owner"));
        given(inStage(FOLLOW_UP))
                .when(new MarkLost(ID, LostReason.OTHER, "d".repeat(4001), null, null))
                .expectNoEvents()
                .expectException(invalidField("details"));
        given(inStage(FOLLOW_UP))
                .when(new MarkLost(ID, LostReason.OTHER, "d".repeat(4000), "r".repeat(300), null))
                .expectSuccessfulHandlerExecution();
        given(inStage(CONTACTED))
                .when(new ReassignLead(ID, "o".repeat(101), null))
                .expectNoEvents()
                .expectException(invalidField("owner"));
    }

    @Test
    void aCommandFromAUserWhoseNameIsLongerThanTheColumn_isRejected() {
        given(inStage(CONTACTED))
                .when(scheduleNextStep(), MetaData.from(new Actor("u".repeat(101), Set.of("MANAGER")).toMetaData()))
                .expectNoEvents()
                .expectException(invalidField("user"));
    }
}
