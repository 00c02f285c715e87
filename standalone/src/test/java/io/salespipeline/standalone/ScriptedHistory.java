package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.platform.testing.Http;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A fixed sales history of 37 leads (L01 … L37), scripted once per test JVM through the HTTP command API
 * with an explicit business time ({@code occurredAt}) on every command: L01 … L32 between 2026-03-02 and
 * 2026-06-10, then (issue 9) three late events on old leads, a second pipeline for referrals and L33 … L37
 * between 2026-07-01 and 2026-08-06. {@link ScriptedHistoryTest} checks the analytics against numbers worked out by hand from
 * this script; the table of the scenario is in that class.
 *
 * <p>Times are written {@code "MM-DDTHH:MM"} and mean that instant of 2026 in UTC ({@link #t(String)}).
 * Leads are registered by their owner ({@code sales} or {@code sales2}); every later command is sent by
 * {@code manager}, who may act on any lead and reassign it.
 */
final class ScriptedHistory {

    private static final ObjectMapper JSON = new ObjectMapper();

    /*
     * The history lives in the run's database (TestDatabase.url(), one per JVM), not in a Spring context:
     * it is scripted once per JVM. Were a second context started on another port, it reads the same
     * database, so scripting again would only duplicate the history.
     */
    private static ScriptedHistory instance;
    /** Set when scripting failed: later tests fail with that cause instead of scripting a second, partial history. */
    private static Throwable scriptingFailure;

    private final Map<String, ScriptedLead> leads = new LinkedHashMap<>();
    private final int port;
    private final Http manager;

    private ScriptedHistory(int port) {
        this.port = port;
        this.manager = Http.on(port).as("manager");
    }

    /** The scripted history, scripted on first use, once the views have caught up with it. */
    static synchronized ScriptedHistory ensure(int port) {
        if (scriptingFailure != null) {
            throw new AssertionError("scripting the history failed in an earlier test", scriptingFailure);
        }
        if (instance == null) {
            try {
                ScriptedHistory history = new ScriptedHistory(port);
                history.script();
                instance = history;
            } catch (RuntimeException | Error e) {
                scriptingFailure = e;
                throw e;
            }
        }
        instance.awaitProjections(port);
        return instance;
    }

    /** The lead id of a scripted lead ("L07"). */
    String id(String name) {
        ScriptedLead lead = leads.get(name);
        if (lead == null) {
            throw new IllegalArgumentException("no scripted lead " + name);
        }
        return lead.id;
    }

    /** The scripted lead's name of a lead id, or null for a lead this history did not create. */
    String name(String leadId) {
        return leads.values().stream().filter(l -> l.id.equals(leadId)).map(l -> l.name).findFirst().orElse(null);
    }

    /** {@code "03-02T08:00"} → {@code "2026-03-02T08:00:00Z"}. */
    static String t(String monthDayTime) {
        return "2026-" + monthDayTime + ":00Z";
    }

    // --- the scenario ------------------------------------------------------------------------------

    private void script() {
        // L01 won from FOLLOW_UP, after-sales
        lead("L01", "sales", "WEBSITE", "03-02T08:00")
                .firstContact("03-02T12:00", "03-03T10:00")
                .qualify("03-03T09:00", "10000.00", "PLN")
                .startOfferPreparation("03-03T10:00", "03-04T10:00")
                .sendOffer("03-04T09:00", "10000.00", "PLN", "03-06T09:00")
                .followUp("03-05T09:00", "NEGOTIATING", "03-06T09:00")
                .won("03-06T10:00", "10000.00", "PLN")
                .afterSales("03-07T10:00", "04-07T10:00", "sales");
        // L02 won straight from OFFER_SENT (before the follow-up was due), no after-sales; offer exactly at the promise
        lead("L02", "sales2", "REFERRAL", "03-02T10:00")
                .firstContact("03-02T16:00", "03-04T10:00")
                .qualify("03-03T10:00", "5000.00", "EUR")
                .startOfferPreparation("03-04T10:00", "03-05T10:00")
                .sendOffer("03-05T10:00", "5000.00", "EUR", "03-07T10:00")
                .won("03-06T14:00", "5000.00", "EUR");
        // L03 offer late vs. its promise; three undecided follow-ups → LET_THEM_BUY; won from there
        lead("L03", "sales", "COLD_CALL", "03-03T08:00")
                .firstContact("03-03T10:00", "03-04T09:00")
                .qualify("03-04T09:00", "7000.00", "PLN")
                .startOfferPreparation("03-04T11:00", "03-05T11:00")
                .sendOffer("03-05T17:00", "7000.00", "PLN", "03-07T17:00")
                .followUp("03-06T17:00", "NO_ANSWER", "03-08T10:00")
                .followUp("03-08T10:00", "NO_DECISION", "03-10T10:00")
                .followUpIntoLetThemBuy("03-10T10:00", "NO_ANSWER")
                .won("03-20T10:00", "7000.00", "PLN");
        // L04 offer revised 22000 → 19000, won, after-sales
        lead("L04", "sales2", "NETWORKING", "03-03T12:00")
                .firstContact("03-03T15:00", "03-05T10:00")
                .qualify("03-04T10:00", "20000.00", "PLN")
                .startOfferPreparation("03-05T10:00", "03-06T10:00")
                .sendOffer("03-06T08:00", "22000.00", "PLN", "03-08T08:00")
                .followUp("03-07T08:00", "NEGOTIATING", "03-09T08:00")
                .reviseOffer("03-08T09:00", "19000.00", "PLN")
                .won("03-09T12:00", "19000.00", "PLN")
                .afterSales("03-10T12:00", "04-10T10:00", "sales2");
        // L05 lost from INQUIRY_RECEIVED
        lead("L05", "sales", "SOCIAL_MEDIA", "03-04T09:00")
                .lost("03-09T09:00", "NO_RESPONSE", null, null);
        // L06 lost from CONTACTED (qualified: value = the estimate)
        lead("L06", "sales2", "GOOGLE_ADS", "03-04T11:00")
                .firstContact("03-04T14:00", "03-06T10:00")
                .qualify("03-05T10:00", "8000.00", "PLN")
                .lost("03-12T14:00", "TIMING", null, null);
        // L07 lost from OFFER_PREPARATION with OTHER, before its promise (offer SLA: not judged)
        lead("L07", "sales", "REFERRAL", "03-05T08:00")
                .firstContact("03-05T10:00", "03-06T10:00")
                .qualify("03-06T09:00", "12000.00", "PLN")
                .startOfferPreparation("03-06T10:00", "03-09T10:00")
                .lost("03-07T16:00", "OTHER", "the client merged into its parent company", null);
        // L08 lost from OFFER_SENT to a competitor, after the follow-up was due (follow-up late)
        lead("L08", "sales2", "WEBSITE", "03-05T12:00")
                .firstContact("03-05T13:00", "03-06T15:00")
                .qualify("03-06T11:00", "18000.00", "PLN")
                .startOfferPreparation("03-06T13:00", "03-07T13:00")
                .sendOffer("03-07T12:00", "20000.00", "PLN", "03-09T12:00")
                .lost("03-11T12:00", "COMPETITOR", null, "Acme CRM");
        // L09 offer late, follow-up late, reassigned sales → sales2, revised 15000 → 13000, lost from FOLLOW_UP
        lead("L09", "sales", "COLD_CALL", "03-06T08:00")
                .firstContact("03-06T12:00", "03-07T10:00")
                .qualify("03-07T10:00", "15000.00", "PLN")
                .startOfferPreparation("03-07T12:00", "03-08T12:00")
                .sendOffer("03-08T18:00", "15000.00", "PLN", "03-10T18:00")
                .reassign("03-09T10:00", "sales2")
                .followUp("03-11T08:00", "CHANGES_REQUESTED", null)
                .reviseOffer("03-11T15:00", "13000.00", "PLN")
                .lost("03-13T15:00", "PRICE", null, null);
        // L10 follow-up exactly at its due time; three undecided → LET_THEM_BUY; lost from there in April
        lead("L10", "sales2", "NETWORKING", "03-06T10:00")
                .firstContact("03-06T13:00", "03-08T10:00")
                .qualify("03-07T09:00", "9000.00", "EUR")
                .startOfferPreparation("03-09T13:00", "03-10T13:00")
                .sendOffer("03-10T09:00", "9000.00", "EUR", "03-12T09:00")
                .followUp("03-12T09:00", "NO_DECISION", "03-14T09:00")
                .followUp("03-14T09:00", "NO_ANSWER", "03-16T09:00")
                .followUpIntoLetThemBuy("03-16T09:00", "NO_DECISION")
                .lost("04-06T09:00", "NO_DECISION", null, null);
        // L11 lost in March from OFFER_SENT (PRICE), reopened in April back into OFFER_SENT (2nd visit),
        //     revised 30000 → 27000, lost again in May from FOLLOW_UP to a competitor
        lead("L11", "sales", "WEBSITE", "03-09T08:00")
                .firstContact("03-09T11:00", "03-10T10:00")
                .qualify("03-10T10:00", "30000.00", "PLN")
                .startOfferPreparation("03-10T11:00", "03-11T11:00")
                .sendOffer("03-11T10:00", "30000.00", "PLN", "03-13T10:00")
                .lost("03-12T16:00", "PRICE", null, null)
                .reopen("04-08T10:00", null, "OFFER_SENT")
                .reviseOffer("04-09T10:00", "27000.00", "PLN")
                .followUp("04-10T10:00", "NEGOTIATING", "04-14T10:00")
                .lost("05-05T10:00", "COMPETITOR", null, "Beta Systems");
        // L12 lost in March from FOLLOW_UP, reopened in April (default: back into FOLLOW_UP), won, after-sales;
        //     offer exactly at its promise
        lead("L12", "sales2", "REFERRAL", "03-09T10:00")
                .firstContact("03-09T12:00", "03-10T12:00")
                .qualify("03-10T12:00", "11000.00", "EUR")
                .startOfferPreparation("03-10T14:00", "03-11T14:00")
                .sendOffer("03-11T14:00", "11000.00", "EUR", "03-13T14:00")
                .followUp("03-12T14:00", "NEGOTIATING", "03-14T14:00")
                .lost("03-16T14:00", "TIMING", null, null)
                .reopen("04-13T14:00", null, "FOLLOW_UP")
                .won("04-15T14:00", "11000.00", "EUR")
                .afterSales("04-17T14:00", "05-17T10:00", "sales2");
        // L13 lost in March from CONTACTED, reopened in March into CONTACTED, reassigned sales → sales2,
        //     lost again in April from CONTACTED
        lead("L13", "sales", "GOOGLE_ADS", "03-10T08:00")
                .firstContact("03-10T10:00", "03-12T10:00")
                .lost("03-13T10:00", "NO_BUDGET", null, null)
                .reopen("03-23T10:00", "CONTACTED", "CONTACTED")
                .reassign("03-25T10:00", "sales2")
                .lost("04-03T10:00", "NEEDS_NOT_MET", null, null);
        // L14 follow-up late; still in FOLLOW_UP on 06-01, lost only on 06-10
        lead("L14", "sales2", "SOCIAL_MEDIA", "05-04T09:00")
                .firstContact("05-04T11:00", "05-05T10:00")
                .qualify("05-05T10:00", "6000.00", "PLN")
                .startOfferPreparation("05-05T11:00", "05-06T11:00")
                .sendOffer("05-06T10:00", "6000.00", "PLN", "05-08T10:00")
                .followUp("05-09T10:00", "NO_DECISION", "05-20T10:00")
                .lost("06-10T10:00", "NO_RESPONSE", null, null);
        // L15 follow-up late; lost in May from FOLLOW_UP, reopened and won in June
        lead("L15", "sales", "OTHER", "04-20T09:00")
                .firstContact("04-20T15:00", "04-22T10:00")
                .qualify("04-21T10:00", "4000.00", "PLN")
                .startOfferPreparation("04-21T12:00", "04-22T12:00")
                .sendOffer("04-22T10:00", "4500.00", "PLN", "04-24T10:00")
                .followUp("04-25T10:00", "POSITIVE", null)
                .lost("05-12T10:00", "NEEDS_NOT_MET", null, null)
                .reopen("06-03T10:00", null, "FOLLOW_UP")
                .won("06-05T10:00", "4500.00", "PLN");
        // L16 disqualified from INQUIRY_RECEIVED
        lead("L16", "sales2", "COLD_CALL", "03-11T09:00")
                .disqualify("03-11T15:00", "ORDER_TOO_SMALL");
        // L17, L18 disqualified from CONTACTED
        lead("L17", "sales", "WEBSITE", "03-12T09:00")
                .firstContact("03-12T13:00", "03-13T10:00")
                .disqualify("03-14T13:00", "BUDGET_TOO_LOW");
        lead("L18", "sales2", "SOCIAL_MEDIA", "04-06T09:00")
                .firstContact("04-06T12:00", "04-07T10:00")
                .disqualify("04-08T12:00", "NOT_A_FIT");
        // L19 undecided, negotiating, undecided, undecided → LET_THEM_BUY on the 4th follow-up; stays there
        lead("L19", "sales", "NETWORKING", "03-16T08:00")
                .firstContact("03-16T10:00", "03-17T10:00")
                .qualify("03-17T10:00", "16000.00", "PLN")
                .startOfferPreparation("03-17T12:00", "03-18T12:00")
                .sendOffer("03-18T11:00", "16000.00", "PLN", "03-20T11:00")
                .followUp("03-19T11:00", "NO_ANSWER", "03-21T11:00")
                .followUp("03-21T11:00", "NEGOTIATING", "03-23T11:00")
                .followUp("03-23T11:00", "NO_DECISION", "03-25T11:00")
                .followUpIntoLetThemBuy("03-25T11:00", "NO_ANSWER");
        // L20 … L24 still open at the end, one in each of INQUIRY_RECEIVED … FOLLOW_UP
        lead("L20", "sales2", "WEBSITE", "05-18T09:00");
        lead("L21", "sales", "REFERRAL", "05-19T09:00")
                .firstContact("05-19T13:00", "05-21T10:00")
                .qualify("05-20T10:00", "3000.00", "EUR");
        lead("L22", "sales2", "GOOGLE_ADS", "05-20T08:00")
                .firstContact("05-20T10:00", "05-21T10:00")
                .qualify("05-21T09:00", "25000.00", "PLN")
                .startOfferPreparation("05-21T10:00", "05-22T10:00");
        lead("L23", "sales", "COLD_CALL", "05-21T08:00")
                .firstContact("05-21T09:00", "05-22T09:00")
                .qualify("05-22T09:00", "14000.00", "PLN")
                .startOfferPreparation("05-22T10:00", "05-23T10:00")
                .sendOffer("05-23T09:00", "14000.00", "PLN", "05-25T09:00");
        lead("L24", "sales2", "NETWORKING", "05-11T09:00")
                .firstContact("05-11T12:00", "05-12T10:00")
                .qualify("05-12T10:00", "10000.00", "EUR")
                .startOfferPreparation("05-12T12:00", "05-13T12:00")
                .sendOffer("05-13T11:00", "10000.00", "EUR", "05-15T11:00")
                .followUp("05-14T11:00", "NEGOTIATING", "06-25T10:00")
                .reassign("05-15T10:00", "sales");
        // L25 offer late, won in April, no after-sales
        lead("L25", "sales", "SOCIAL_MEDIA", "04-01T09:00")
                .firstContact("04-01T11:00", "04-02T10:00")
                .qualify("04-02T10:00", "6000.00", "PLN")
                .startOfferPreparation("04-02T11:00", "04-03T11:00")
                .sendOffer("04-03T15:00", "6500.00", "PLN", "04-05T15:00")
                .followUp("04-05T11:00", "POSITIVE", "04-07T11:00")
                .won("04-07T09:00", "6500.00", "PLN");
        // L26 follow-up due 72 h after the offer (with a reason), revised 8000 → 7600, won, after-sales
        lead("L26", "sales2", "OTHER", "04-27T10:00")
                .firstContact("04-27T14:00", "04-28T10:00")
                .qualify("04-28T10:00", "8000.00", "EUR")
                .startOfferPreparation("04-28T14:00", "04-29T14:00")
                .sendOffer("04-29T10:00", "8000.00", "EUR", "05-02T10:00", "the client's office is closed on 1 May")
                .followUp("04-30T16:00", "NEGOTIATING", "05-04T10:00")
                .reviseOffer("05-04T12:00", "7600.00", "EUR")
                .won("05-06T10:00", "7600.00", "EUR")
                .afterSales("05-07T10:00", "06-07T10:00", "sales2");
        // L27 in FOLLOW_UP on 06-01, won only on 06-03
        lead("L27", "sales", "WEBSITE", "05-25T09:00")
                .firstContact("05-25T12:00", "05-26T10:00")
                .qualify("05-26T10:00", "5000.00", "PLN")
                .startOfferPreparation("05-26T12:00", "05-27T12:00")
                .sendOffer("05-27T10:00", "5000.00", "PLN", "05-29T10:00")
                .followUp("05-28T10:00", "NEGOTIATING", "06-03T10:00")
                .won("06-03T12:00", "5000.00", "PLN");
        // L28, L29 registered in June (outside the analytics window)
        lead("L28", "sales2", "REFERRAL", "06-02T09:00")
                .firstContact("06-02T15:00", "06-04T10:00");
        lead("L29", "sales", "GOOGLE_ADS", "06-08T10:00");
        // L30 lost from INQUIRY_RECEIVED in April
        lead("L30", "sales2", "COLD_CALL", "04-14T09:00")
                .lost("04-17T15:00", "NO_RESPONSE", null, null);
        // L31 lost from OFFER_SENT to a competitor before the follow-up was due (follow-up SLA: not judged)
        lead("L31", "sales", "REFERRAL", "04-06T10:00")
                .firstContact("04-06T14:00", "04-07T10:00")
                .qualify("04-07T10:00", "9500.00", "PLN")
                .startOfferPreparation("04-07T14:00", "04-08T14:00")
                .sendOffer("04-08T13:00", "10000.00", "PLN", "04-10T13:00")
                .lost("04-09T17:00", "COMPETITOR", null, "Acme CRM");
        // L32 offer late, revised 12500 → 11500 EUR, lost from FOLLOW_UP in May
        lead("L32", "sales2", "WEBSITE", "05-04T12:00")
                .firstContact("05-04T16:00", "05-05T10:00")
                .qualify("05-05T10:00", "12000.00", "EUR")
                .startOfferPreparation("05-05T16:00", "05-06T16:00")
                .sendOffer("05-06T20:00", "12500.00", "EUR", "05-08T20:00")
                .followUp("05-08T08:00", "CHANGES_REQUESTED", "05-11T10:00")
                .reviseOffer("05-09T10:00", "11500.00", "EUR")
                .lost("05-14T08:00", "PRICE", null, null);

        // --- issue 9: everything below happens after 06-20, so none of the numbers above changes -------------
        // closed leads are reassigned and corrected; an open one is reassigned after every `to` above
        leads.get("L09").reassign("07-02T09:00", "sales");
        leads.get("L22").reassign("07-02T10:00", "sales");
        leads.get("L05").correctEmail("07-02T11:00", "l05.new@example.com");
        // referrals get a pipeline of their own, without offer preparation and without let-them-buy; the referrals
        // above stay on the version of `default` they were registered with
        definePipeline("polecenia", """
                {"name": "Polecenia", "sources": ["REFERRAL"],
                 "stages": [{"stage": "INQUIRY_RECEIVED", "label": "Polecenie wpłynęło"},
                            {"stage": "CONTACTED", "label": "Rozmowa z polecającym"},
                            {"stage": "OFFER_SENT", "label": "Oferta wysłana"},
                            {"stage": "FOLLOW_UP", "label": "Kolejny kontakt"},
                            {"stage": "WON", "label": "Wygrane"}, {"stage": "AFTER_SALES", "label": "Opieka"},
                            {"stage": "LOST", "label": "Przegrane"}, {"stage": "DISQUALIFIED", "label": "Odrzucone"}],
                 "rules": {"followUpWindow": "PT72H", "afterSalesPlanWithin": "PT24H"}}""");
        // L33 (polecenia) offer straight after qualification; three undecided follow-ups park nothing; won, no plan
        lead("L33", "sales", "REFERRAL", "07-01T09:00")
                .firstContact("07-01T12:00", "07-02T10:00")
                .qualify("07-02T10:00", "20000.00", "PLN")
                .sendOffer("07-02T12:00", "20000.00", "PLN", "07-05T12:00")
                .followUp("07-04T12:00", "NO_DECISION", "07-07T10:00")
                .followUp("07-07T10:00", "NO_ANSWER", "07-10T10:00")
                .followUp("07-10T12:00", "NO_DECISION", null)
                .won("07-12T12:00", "19000.00", "PLN");
        // L34 (polecenia) first follow-up late, the next one never came; lost to a competitor
        lead("L34", "sales2", "REFERRAL", "07-02T09:00")
                .firstContact("07-02T11:00", "07-03T10:00")
                .qualify("07-03T10:00", "8000.00", "EUR")
                .sendOffer("07-03T12:00", "8000.00", "EUR", "07-06T12:00")
                .followUp("07-07T12:00", "NEGOTIATING", null)
                .lost("07-15T12:00", "COMPETITOR", null, "Acme CRM");
        // L35 (default) won with a plan: handed over to the account manager ewa, who records an after-sales contact
        lead("L35", "sales", "WEBSITE", "07-01T10:00")
                .firstContact("07-01T14:00", "07-02T10:00")
                .qualify("07-02T09:00", "15000.00", "PLN")
                .startOfferPreparation("07-02T10:00", "07-03T10:00")
                .sendOffer("07-03T09:00", "15000.00", "PLN", "07-05T09:00")
                .followUp("07-04T09:00", "POSITIVE", "07-05T09:00")
                .won("07-05T09:00", "14000.00", "PLN")
                .afterSales("07-06T09:00", "08-06T10:00", "ewa")
                .afterSalesContact("08-06T10:00", "09-06T10:00");
        // L36 (default) follow-up late under sales; a manager hands it to sales2 after the due time, who follows up
        lead("L36", "sales", "COLD_CALL", "07-06T09:00")
                .firstContact("07-06T11:00", "07-07T10:00")
                .qualify("07-07T09:00", "9000.00", "PLN")
                .startOfferPreparation("07-07T10:00", "07-08T10:00")
                .sendOffer("07-08T09:00", "9000.00", "PLN", "07-10T09:00")
                .reassign("07-11T09:00", "sales2")
                .followUp("07-12T09:00", "NEGOTIATING", "07-14T08:00")
                .followUp("07-14T08:00", "NO_DECISION", null);
        // L37 (polecenia) disqualified
        lead("L37", "sales2", "REFERRAL", "07-08T09:00")
                .firstContact("07-08T12:00", "07-09T10:00")
                .disqualify("07-09T12:00", "NOT_A_FIT");
    }

    private void definePipeline(String key, String body) {
        Http.Response r = Http.on(port).as("admin").send("PUT", "/api/pipelines/" + key, body);
        if (r.status() != 201) {
            fail("PUT /api/pipelines/" + key + " failed: " + r);
        }
    }

    /** Events each lead ends with (LET_THEM_BUY adds one automatic event); checked against the script's own count. */
    static final Map<String, Integer> EXPECTED_EVENTS = Map.ofEntries(
            Map.entry("L01", 8), Map.entry("L02", 6), Map.entry("L03", 10), Map.entry("L04", 9),
            Map.entry("L05", 3), Map.entry("L06", 4), Map.entry("L07", 5), Map.entry("L08", 6),
            Map.entry("L09", 10), Map.entry("L10", 10), Map.entry("L11", 10), Map.entry("L12", 10),
            Map.entry("L13", 6), Map.entry("L14", 7), Map.entry("L15", 9), Map.entry("L16", 2),
            Map.entry("L17", 3), Map.entry("L18", 3), Map.entry("L19", 10), Map.entry("L20", 1),
            Map.entry("L21", 3), Map.entry("L22", 5), Map.entry("L23", 5), Map.entry("L24", 7),
            Map.entry("L25", 7), Map.entry("L26", 9), Map.entry("L27", 7), Map.entry("L28", 2),
            Map.entry("L29", 1), Map.entry("L30", 2), Map.entry("L31", 6), Map.entry("L32", 8),
            // issue 9: L05, L09, L22 one more event each (see the script)
            Map.entry("L33", 8), Map.entry("L34", 6), Map.entry("L35", 9), Map.entry("L36", 8), Map.entry("L37", 3));

    /** Polls each lead's view until its version is the number of events expected for it. */
    private void awaitProjections(int readPort) {
        Http reader = Http.on(readPort).as("manager");
        assertThat(leads.keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED_EVENTS.keySet());
        Instant until = Instant.now().plusSeconds(60);
        for (ScriptedLead lead : leads.values()) {
            int expected = EXPECTED_EVENTS.get(lead.name);
            assertThat(lead.events).as("events scripted for %s", lead.name).isEqualTo(expected);
            while (true) {
                Http.Response r = reader.get("/api/leads/" + lead.id);
                if (r.status() == 200) {
                    long version = r.json().get("version").asLong();
                    assertThat(version).as("version of %s in the views", lead.name).isLessThanOrEqualTo(expected);
                    if (version == expected) {
                        break;
                    }
                }
                if (Instant.now().isAfter(until)) {
                    fail("lead " + lead.name + " did not reach version " + expected + " in the views: " + r);
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ScriptedLead lead(String name, String owner, String source, String at) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("company").put("name", name + " Sp. z o.o.").put("taxId", "PL" + name.substring(1) + "000");
        body.putObject("contact").put("name", "Contact " + name).put("email", name.toLowerCase() + "@example.com");
        body.put("source", source);
        body.put("priorContact", false);
        body.put("occurredAt", t(at));
        Http.Response r = Http.on(port).as(owner).post("/api/leads", body.toString());
        if (r.status() != 201) {
            fail(name + ": registration failed: " + r);
        }
        JsonNode result = r.json();
        assertThat(result.get("version").asLong()).as("%s version after registration", name).isEqualTo(1);
        assertThat(result.get("stage").asText()).isEqualTo("INQUIRY_RECEIVED");
        ScriptedLead lead = new ScriptedLead(name, result.get("leadId").asText());
        leads.put(name, lead);
        return lead;
    }

    /** One scripted lead: sends its commands as {@code manager} and counts the events they record. */
    final class ScriptedLead {
        final String name;
        final String id;
        int events = 1;

        ScriptedLead(String name, String id) {
            this.name = name;
            this.id = id;
        }

        ScriptedLead firstContact(String at, String nextContactAt) {
            ObjectNode b = body(at).put("channel", "PHONE").put("needs", "a CRM for the sales team")
                    .put("nextContactAt", t(nextContactAt));
            return send("first-contact", b, "CONTACTED", 0);
        }

        ScriptedLead qualify(String at, String amount, String currency) {
            ObjectNode b = body(at).put("proposedService", "CRM licences and onboarding");
            money(b, "estimatedValue", amount, currency);
            return send("qualification", b, "CONTACTED", 0);
        }

        ScriptedLead disqualify(String at, String reason) {
            return send("disqualification", body(at).put("reason", reason), "DISQUALIFIED", 0);
        }

        ScriptedLead startOfferPreparation(String at, String promisedBy) {
            return send("offer-preparation", body(at).put("promisedBy", t(promisedBy)), "OFFER_PREPARATION", 0);
        }

        ScriptedLead sendOffer(String at, String amount, String currency, String followUpDueAt) {
            return sendOffer(at, amount, currency, followUpDueAt, null);
        }

        ScriptedLead sendOffer(String at, String amount, String currency, String followUpDueAt, String delayReason) {
            ObjectNode b = body(at).put("description", "CRM offer for " + name).put("followUpDueAt", t(followUpDueAt));
            if (delayReason != null) {
                b.put("followUpDelayReason", delayReason);
            }
            money(b, "value", amount, currency);
            return send("offer", b, "OFFER_SENT", 0);
        }

        ScriptedLead reviseOffer(String at, String amount, String currency) {
            ObjectNode b = body(at).put("description", "revised CRM offer for " + name);
            money(b, "value", amount, currency);
            return send("offer-revisions", b, null, 0);
        }

        /** A follow-up that leaves the lead in FOLLOW_UP; {@code nextStepDueAt} null: no next step agreed. */
        ScriptedLead followUp(String at, String outcome, String nextStepDueAt) {
            return send("follow-ups", followUpBody(at, outcome, nextStepDueAt), "FOLLOW_UP", 0);
        }

        /** The third undecided follow-up after the offer: the lead moves to LET_THEM_BUY by itself (one more event). */
        ScriptedLead followUpIntoLetThemBuy(String at, String outcome) {
            return send("follow-ups", followUpBody(at, outcome, null), "LET_THEM_BUY", 1);
        }

        ScriptedLead won(String at, String amount, String currency) {
            ObjectNode b = body(at).put("notes", "signed");
            money(b, "finalValue", amount, currency);
            return send("won", b, "WON", 0);
        }

        ScriptedLead lost(String at, String reason, String details, String competitor) {
            ObjectNode b = body(at).put("reason", reason);
            if (details != null) {
                b.put("details", details);
            }
            if (competitor != null) {
                b.put("competitor", competitor);
            }
            return send("lost", b, "LOST", 0);
        }

        /** Hands the client over to {@code accountManager}, who owns the lead from then on. */
        ScriptedLead afterSales(String at, String nextContactAt, String accountManager) {
            ObjectNode b = body(at).put("accountManager", accountManager).put("nextContactAt", t(nextContactAt))
                    .put("purpose", "onboarding check");
            return send("after-sales", b, "AFTER_SALES", 0);
        }

        ScriptedLead afterSalesContact(String at, String nextContactAt) {
            ObjectNode b = body(at).put("channel", "MEETING").put("notes", "all good").put("nextContactAt", t(nextContactAt))
                    .put("purpose", "quarterly review");
            return send("after-sales/contacts", b, "AFTER_SALES", 0);
        }

        ScriptedLead correctEmail(String at, String email) {
            ObjectNode b = body(at);
            b.putObject("contact").put("email", email);
            Http.Response r = manager.patch("/api/leads/" + id + "/contact", b.toString());
            if (r.status() != 200) {
                fail(name + ": PATCH contact failed: " + r);
            }
            events++;
            return this;
        }

        /** {@code stage} null: the default (the stage the lead left); {@code expectedStage} the stage it must land in. */
        ScriptedLead reopen(String at, String stage, String expectedStage) {
            ObjectNode b = body(at).put("reason", "the client came back");
            if (stage != null) {
                b.put("stage", stage);
            }
            return send("reopening", b, expectedStage, 0);
        }

        ScriptedLead reassign(String at, String owner) {
            return send("owner", body(at).put("owner", owner), null, 0);
        }

        private ObjectNode followUpBody(String at, String outcome, String nextStepDueAt) {
            ObjectNode b = body(at).put("channel", "PHONE").put("outcome", outcome).put("notes", outcome.toLowerCase());
            if (nextStepDueAt != null) {
                b.putObject("nextStep").put("action", "call the client").put("dueAt", t(nextStepDueAt));
            }
            return b;
        }

        /** Sends a command; {@code expectedStage} null: the stage does not change. */
        private ScriptedLead send(String action, ObjectNode body, String expectedStage, int automaticEvents) {
            Http.Response r = manager.post("/api/leads/" + id + "/" + action, body.toString());
            if (r.status() != 200) {
                fail(name + ": POST " + action + " " + body + " failed: " + r);
            }
            events += 1 + automaticEvents;
            JsonNode result = r.json();
            assertThat(result.get("version").asLong()).as("%s version after %s at %s", name, action, body.get("occurredAt"))
                    .isEqualTo(events);
            if (expectedStage != null) {
                assertThat(result.get("stage").asText()).as("%s stage after %s", name, action).isEqualTo(expectedStage);
            }
            return this;
        }

        private ObjectNode body(String at) {
            return JSON.createObjectNode().put("occurredAt", t(at));
        }

        private void money(ObjectNode b, String field, String amount, String currency) {
            b.putObject(field).put("amount", amount).put("currency", currency);
        }
    }
}
