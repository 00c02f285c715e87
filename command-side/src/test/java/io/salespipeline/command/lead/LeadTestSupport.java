package io.salespipeline.command.lead;

import io.salespipeline.command.pipeline.DefaultPipeline;
import io.salespipeline.events.*;
import io.salespipeline.events.commands.*;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.TestExecutor;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

import static io.salespipeline.events.Stage.*;

/** Fixture, fixed clock, command builders and exception matchers shared by the Lead aggregate tests. */
abstract class LeadTestSupport {

    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    static final Instant START = NOW.minus(Duration.ofHours(30));
    static final LeadId ID = new LeadId(UUID.fromString("0b6f4c1e-8a59-4d0e-9d43-5b1f3c2a7e10"));
    static final String OWNER = "alice";
    static final Company COMPANY = new Company("Acme Sp. z o.o.", "PL5260001246", "ul. Prosta 1, Warszawa");
    static final Contact CONTACT = new Contact("Jan Kowalski", "jan@acme.example", "+48 600 100 200");
    static final Money ESTIMATE = Money.of("10000.00", "PLN");
    static final Money OFFER = Money.of("12000.00", "PLN");
    static final String SERVICE = "CRM rollout";
    static final String DESCRIPTION = "CRM rollout for 50 users";
    static final Instant NEXT_CONTACT = NOW.plus(Duration.ofDays(2));

    /**
     * What {@link StageMachine}'s table allows a lead of {@link LeadHistory#inStage} in the default pipeline,
     * per stage, in process order (its CONTACTED lead is not qualified yet).
     */
    static final Map<Stage, List<String>> ALLOWED = Map.of(
            INQUIRY_RECEIVED, List.of("RecordFirstContact", "DisqualifyLead", "MarkLost", "ScheduleNextStep",
                    "ReassignLead", "UpdateContactDetails"),
            CONTACTED, List.of("QualifyLead", "DisqualifyLead", "MarkLost", "ScheduleNextStep",
                    "ReassignLead", "UpdateContactDetails"),
            OFFER_PREPARATION, List.of("SendOffer", "MarkLost", "ScheduleNextStep", "ReassignLead", "UpdateContactDetails"),
            OFFER_SENT, List.of("ReviseOffer", "RecordFollowUp", "MarkWon", "MarkLost", "ScheduleNextStep",
                    "ReassignLead", "UpdateContactDetails"),
            FOLLOW_UP, List.of("ReviseOffer", "RecordFollowUp", "MarkWon", "MarkLost", "ScheduleNextStep",
                    "ReassignLead", "UpdateContactDetails"),
            LET_THEM_BUY, List.of("MarkWon", "MarkLost", "ReopenLead", "ScheduleNextStep", "ReassignLead",
                    "UpdateContactDetails"),
            WON, List.of("StartAfterSales", "ScheduleNextStep", "ReassignLead", "UpdateContactDetails"),
            AFTER_SALES, List.of("RecordAfterSalesContact", "ScheduleNextStep", "ReassignLead", "UpdateContactDetails"),
            LOST, List.of("ReopenLead", "ReassignLead", "UpdateContactDetails"),
            DISQUALIFIED, List.of("ReopenLead", "ReassignLead", "UpdateContactDetails"));

    /** The default pipeline of the fixtures: every stage, the default rules. */
    /** The default rules but for the follow-up window. */
    static LeadRules rulesWithFollowUpWindow(Duration window) {
        LeadRules d = LeadRules.defaults();
        return new LeadRules(d.offerPromise(), window, d.undecidedContactsToLetThemBuy(), d.afterSalesPlanWithin(),
                d.clockSkew());
    }

    /** The default rules but for the undecided contacts that park a lead. */
    static LeadRules rulesWithUndecidedContacts(int contacts) {
        LeadRules d = LeadRules.defaults();
        return new LeadRules(d.offerPromise(), d.followUpWindow(), contacts, d.afterSalesPlanWithin(), d.clockSkew());
    }

    static final PipelineDefinition DEFAULT_PIPELINE = DefaultPipeline.firstVersion(LeadRules.defaults());

    FixtureConfiguration<Lead> fixture;

    @BeforeEach
    void createFixture() {
        fixture = fixtureWith(LeadRules.defaults());
    }

    /** A fixture whose default pipeline has {@code rules}, beside the other pipelines given. */
    static FixtureConfiguration<Lead> fixtureWith(LeadRules rules, PipelineDefinition... others) {
        return new AggregateTestFixture<>(Lead.class)
                .registerCommandTargetResolver(new LeadCommandTargetResolver())
                .registerInjectableResource(new LeadPolicy(rules,
                        new FixedPipelines(DefaultPipeline.firstVersion(rules), others), Clock.fixed(NOW, ZoneOffset.UTC)))
                .registerInjectableResource(new InMemoryLeadDeadlines());
    }

    TestExecutor<Lead> given(LeadHistory history) {
        return fixture.givenCurrentTime(NOW).andGiven(history.events());
    }

    TestExecutor<Lead> givenNoLead() {
        return fixture.givenCurrentTime(NOW);
    }

    static LeadCommandResult result(long version, Stage stage) {
        return new LeadCommandResult(ID, version, stage);
    }

    // --- commands (occurredAt null: now on the policy's clock) -----------------------------------

    static RegisterLead registerLead(String owner) {
        return registerLead(owner, null);
    }

    static RegisterLead registerLead(String owner, Instant occurredAt) {
        return new RegisterLead(ID, COMPANY, CONTACT, LeadSource.REFERRAL, true, owner, "met at a fair", null, occurredAt);
    }

    static LeadRegistered leadRegistered(String owner, Instant at) {
        return new LeadRegistered(ID, COMPANY, CONTACT, LeadSource.REFERRAL, true, owner, "met at a fair",
                DEFAULT_PIPELINE.ref(), at);
    }

    static RecordFirstContact recordFirstContact() {
        return new RecordFirstContact(ID, ContactChannel.MEETING, List.of("Jan Kowalski", "Anna Nowak"), "a CRM",
                List.of("Globex"), LocalDate.of(2026, 4, 15), ESTIMATE, NEXT_CONTACT, null);
    }

    static QualifyLead qualifyLead() {
        return new QualifyLead(ID, ESTIMATE, SERVICE, null, null);
    }

    static DisqualifyLead disqualifyLead(DisqualificationReason reason, String details) {
        return new DisqualifyLead(ID, reason, details, null);
    }

    static StartOfferPreparation startOfferPreparation() {
        return startOfferPreparation(null, null);
    }

    static StartOfferPreparation startOfferPreparation(Instant promisedBy, Instant occurredAt) {
        return new StartOfferPreparation(ID, promisedBy, occurredAt);
    }

    static SendOffer sendOffer() {
        return sendOffer(null, null, null);
    }

    static SendOffer sendOffer(Instant followUpDueAt, String delayReason, Instant occurredAt) {
        return new SendOffer(ID, OFFER, DESCRIPTION, followUpDueAt, delayReason, occurredAt);
    }

    static ReviseOffer reviseOffer(Money value) {
        return new ReviseOffer(ID, value, "10% off", null);
    }

    static RecordFollowUp recordFollowUp(FollowUpOutcome outcome) {
        return recordFollowUp(outcome, null);
    }

    static RecordFollowUp recordFollowUp(FollowUpOutcome outcome, Instant occurredAt) {
        return new RecordFollowUp(ID, ContactChannel.PHONE, outcome, null, null, null, null, occurredAt);
    }

    static MarkWon markWon(Money finalValue) {
        return new MarkWon(ID, finalValue, null, null);
    }

    static MarkLost markLost(LostReason reason, String details) {
        return new MarkLost(ID, reason, details, null, null);
    }

    static StartAfterSales startAfterSales() {
        return new StartAfterSales(ID, "carol", NOW.plus(Duration.ofDays(30)), "onboarding", null);
    }

    static ReopenLead reopenLead(Stage stage) {
        return new ReopenLead(ID, "the client came back", stage, null);
    }

    static ScheduleNextStep scheduleNextStep() {
        return new ScheduleNextStep(ID, "call back", NEXT_CONTACT, null);
    }

    static ReassignLead reassignLead(String owner) {
        return new ReassignLead(ID, owner, null);
    }

    static UpdateContactDetails updateContactDetails(Contact contact, Company company) {
        return new UpdateContactDetails(ID, contact, company, null);
    }

    static List<Object> oneOfEachCommandOnALead() {
        return List.of(recordFirstContact(), qualifyLead(), disqualifyLead(DisqualificationReason.NOT_A_FIT, null),
                startOfferPreparation(), sendOffer(), reviseOffer(OFFER), recordFollowUp(FollowUpOutcome.NO_DECISION),
                markWon(null), markLost(LostReason.PRICE, null), startAfterSales(), reopenLead(null), scheduleNextStep(),
                reassignLead("bob"), updateContactDetails(new Contact(null, "new@acme.example", null), null));
    }

    // --- expected events ------------------------------------------------------------------------

    static FollowUpRecorded followUpRecorded(FollowUpOutcome outcome) {
        return followUpRecorded(outcome, NOW);
    }

    /** A follow-up at {@code at} that leaves the lead in FOLLOW_UP: the next one is due 48 h later. */
    static FollowUpRecorded followUpRecorded(FollowUpOutcome outcome, Instant at) {
        return new FollowUpRecorded(ID, ContactChannel.PHONE, outcome, null, null, at.plus(Duration.ofHours(48)), null, at);
    }

    /** A follow-up now that parks the lead in LET_THEM_BUY: no next one is due. */
    static FollowUpRecorded followUpParking(FollowUpOutcome outcome) {
        return new FollowUpRecorded(ID, ContactChannel.PHONE, outcome, null, null, null, null, NOW);
    }

    static LeadReopened leadReopened(Stage from, Stage to) {
        return new LeadReopened(ID, "the client came back", from, to,
                to == OFFER_PREPARATION ? NOW.plus(Duration.ofHours(24)) : null,
                to == OFFER_SENT ? NOW.plus(Duration.ofHours(48)) : null, NOW);
    }

    // --- exception matchers ---------------------------------------------------------------------

    static Matcher<IllegalTransitionException> illegalTransition(Stage stage, String command, List<String> allowed) {
        return exception(IllegalTransitionException.class,
                "IllegalTransitionException for " + command + " in " + stage + " allowing " + allowed,
                e -> e.stage() == stage && e.command().equals(command) && e.allowedCommands().equals(allowed),
                e -> e.command() + " in " + e.stage() + " allowing " + e.allowedCommands());
    }

    static Matcher<BusinessRuleViolationException> ruleViolation(String rule) {
        return exception(BusinessRuleViolationException.class, "BusinessRuleViolationException " + rule,
                e -> e.rule().equals(rule), BusinessRuleViolationException::rule);
    }

    static Matcher<InvalidCommandException> invalidField(String field) {
        return exception(InvalidCommandException.class, "InvalidCommandException on " + field,
                e -> e.field().equals(field), InvalidCommandException::field);
    }

    static Matcher<VersionMismatchException> versionMismatch(long expected, long actual) {
        return exception(VersionMismatchException.class, "VersionMismatchException " + expected + " vs " + actual,
                e -> e.expected() == expected && e.actual() == actual, e -> e.expected() + " vs " + e.actual());
    }

    private static <E extends Throwable> Matcher<E> exception(Class<E> type, String description, Predicate<E> check,
                                                             Function<E, String> detail) {
        return new TypeSafeMatcher<>(type) {
            @Override
            protected boolean matchesSafely(E e) {
                return check.test(e);
            }

            @Override
            public void describeTo(Description d) {
                d.appendText(description);
            }

            @Override
            protected void describeMismatchSafely(E e, Description d) {
                d.appendText("was ").appendText(detail.apply(e)).appendText(": ").appendText(String.valueOf(e.getMessage()));
            }
        };
    }
}
