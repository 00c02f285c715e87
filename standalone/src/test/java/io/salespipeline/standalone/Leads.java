package io.salespipeline.standalone;

import io.salespipeline.platform.testing.Http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Leads put in a given stage over HTTP by their owner, for tests that need one there. */
final class Leads {

    /** Where a lead is left: a stage, or a stage with a condition (qualified). */
    enum At { NEW, CONTACTED, QUALIFIED, OFFER_PREPARATION, OFFER_SENT, WON, LOST, AFTER_SALES }

    private Leads() {
    }

    /** Registers a lead owned by the user of {@code owner} and takes it to {@code at}; answers its id. */
    static String in(Http owner, At at) {
        Http.Response registered = owner.post("/api/leads", """
                {"company": {"name": "Fixture Sp. z o.o."}, "contact": {"name": "Fix", "phone": "+48 1"}, "source": "WEBSITE"}""");
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        String id = registered.json().get("leadId").asText();
        switch (at) {
            case NEW -> {
            }
            case CONTACTED -> contact(owner, id);
            case QUALIFIED -> qualify(owner, id);
            case OFFER_PREPARATION -> prepare(owner, id);
            case OFFER_SENT -> offer(owner, id);
            case WON -> {
                offer(owner, id);
                ok(owner.post("/api/leads/" + id + "/won", "{}"));
            }
            case LOST -> {
                contact(owner, id);
                ok(owner.post("/api/leads/" + id + "/lost", "{\"reason\": \"PRICE\"}"));
            }
            case AFTER_SALES -> {
                offer(owner, id);
                ok(owner.post("/api/leads/" + id + "/won", "{}"));
                // the owner hands the lead over to themselves: it stays theirs (the account manager becomes the owner)
                ok(owner.post("/api/leads/" + id + "/after-sales", """
                        {"accountManager": "%s", "nextContactAt": "%s", "purpose": "onboarding"}""".formatted(owner.user(), future(48))));
            }
        }
        return id;
    }

    static String future(long hours) {
        return Instant.now().plus(hours, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void contact(Http owner, String id) {
        ok(owner.post("/api/leads/" + id + "/first-contact", "{\"channel\": \"PHONE\", \"nextContactAt\": \"" + future(24) + "\"}"));
    }

    private static void qualify(Http owner, String id) {
        contact(owner, id);
        ok(owner.post("/api/leads/" + id + "/qualification",
                "{\"estimatedValue\": {\"amount\": \"1000.00\", \"currency\": \"PLN\"}, \"proposedService\": \"CRM\"}"));
    }

    private static void prepare(Http owner, String id) {
        qualify(owner, id);
        ok(owner.post("/api/leads/" + id + "/offer-preparation", "{}"));
    }

    private static void offer(Http owner, String id) {
        prepare(owner, id);
        ok(owner.post("/api/leads/" + id + "/offer",
                "{\"value\": {\"amount\": \"900.00\", \"currency\": \"PLN\"}, \"description\": \"CRM, 5 seats\"}"));
    }

    private static void ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }
}
