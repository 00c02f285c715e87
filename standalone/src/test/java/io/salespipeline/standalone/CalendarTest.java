package io.salespipeline.standalone;

import io.salespipeline.platform.testing.Http;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rule 9: the due items of a rep's leads as an RFC 5545 calendar, read back with ical4j (the library that
 * writes it): UIDs stable across requests, a change moves the event instead of adding one, a secret URL for
 * calendar apps that is revocable.
 */
class CalendarTest extends StandaloneTest {

    private static final DateTimeFormatter ICS_UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Test
    void theFeed_isParsedBack_withStableUids_andAChangeMovesTheEvent() throws Exception {
        Http sales = as("sales");
        Instant nextContact = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String lead = sales.post("/api/leads", """
                {"company": {"name": "Kalendarz Sp. z o.o."}, "contact": {"name": "K", "phone": "1"}, "source": "WEBSITE"}""")
                .json().get("leadId").asText();
        long contacted = position(sales.post("/api/leads/" + lead + "/first-contact",
                "{\"channel\": \"PHONE\", \"nextContactAt\": \"" + nextContact + "\"}"));

        // the calendar reads the stage visits: the command's position makes the read wait for them
        List<VEvent> first = eventsOf(lead, sales.get("/api/calendar.ics?minPosition=" + contacted));
        assertThat(first).hasSize(1);
        VEvent next = first.get(0);
        String uid = value(next, Property.UID);
        assertThat(uid).isEqualTo("next-step-" + lead + "@sales-pipeline");
        assertThat(value(next, Property.DTSTART)).isEqualTo(ICS_UTC.format(nextContact));
        assertThat(value(next, Property.SUMMARY)).isEqualTo("Kalendarz Sp. z o.o.: next contact");
        assertThat(value(next, Property.DESCRIPTION)).contains(lead);
        // the same request again: the same event
        List<VEvent> again = eventsOf(lead, sales.get("/api/calendar.ics"));
        assertThat(again).hasSize(1);
        assertThat(value(again.get(0), Property.UID)).isEqualTo(uid);
        assertThat(value(again.get(0), Property.DTSTART)).isEqualTo(ICS_UTC.format(nextContact));

        // a new date for the next step moves the event: same UID, new start, a higher SEQUENCE, nothing added
        Instant moved = nextContact.plus(1, ChronoUnit.DAYS);
        long stepped = position(sales.post("/api/leads/" + lead + "/next-step",
                "{\"action\": \"send the contract\", \"dueAt\": \"" + moved + "\"}"));
        List<VEvent> afterMove = eventsOf(lead, sales.get("/api/calendar.ics?minPosition=" + stepped));
        assertThat(afterMove).hasSize(1);
        assertThat(value(afterMove.get(0), Property.UID)).isEqualTo(uid);
        assertThat(value(afterMove.get(0), Property.DTSTART)).isEqualTo(ICS_UTC.format(moved));
        assertThat(value(afterMove.get(0), Property.SUMMARY)).isEqualTo("Kalendarz Sp. z o.o.: send the contract");
        assertThat(Integer.parseInt(value(afterMove.get(0), Property.SEQUENCE)))
                .isGreaterThan(Integer.parseInt(value(next, Property.SEQUENCE)));

        // the offer promise is an item of its own (the promise is also the board's next step: listed once)
        sales.post("/api/leads/" + lead + "/qualification", """
                {"estimatedValue": {"amount": "1000.00", "currency": "PLN"}, "proposedService": "audit"}""");
        Instant promise = Instant.now().plus(30, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        long preparation = position(sales.post("/api/leads/" + lead + "/offer-preparation",
                "{\"promisedBy\": \"" + promise + "\"}"));
        List<VEvent> preparing = eventsOf(lead, sales.get("/api/calendar.ics?minPosition=" + preparation));
        assertThat(preparing).extracting(e -> value(e, Property.UID)).containsExactly("offer-promise-" + lead + "@sales-pipeline");
        assertThat(value(preparing.get(0), Property.DTSTART)).isEqualTo(ICS_UTC.format(promise));
    }

    /** The next step listed is the lead's latest: one a follow-up agreed, then none once a follow-up agreed nothing. */
    @Test
    void aFollowUpsNextStep_isListed_andAFollowUpWithoutOne_clearsIt() throws Exception {
        Http sales = as("sales");
        String lead = Leads.in(sales, Leads.At.OFFER_SENT);
        Instant meeting = Instant.now().plus(20, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        long agreed = position(sales.post("/api/leads/" + lead + "/follow-ups", "{\"channel\": \"PHONE\", \"outcome\": \"NEGOTIATING\","
                + " \"nextStep\": {\"action\": \"meet the board\", \"dueAt\": \"" + meeting + "\"}}"));
        List<VEvent> withStep = eventsOf(lead, sales.get("/api/calendar.ics?minPosition=" + agreed));
        assertThat(withStep).extracting(e -> value(e, Property.UID))
                .containsExactlyInAnyOrder("next-step-" + lead + "@sales-pipeline", "follow-up-" + lead + "@sales-pipeline");
        VEvent step = withStep.stream().filter(e -> value(e, Property.UID).startsWith("next-step-")).findFirst().orElseThrow();
        assertThat(value(step, Property.DTSTART)).isEqualTo(ICS_UTC.format(meeting));
        assertThat(value(step, Property.SUMMARY)).isEqualTo("Fixture Sp. z o.o.: meet the board");

        long cleared = position(sales.post("/api/leads/" + lead + "/follow-ups", "{\"channel\": \"EMAIL\", \"outcome\": \"NO_ANSWER\"}"));
        assertThat(eventsOf(lead, sales.get("/api/calendar.ics?minPosition=" + cleared))).extracting(e -> value(e, Property.UID))
                .containsExactly("follow-up-" + lead + "@sales-pipeline");
    }

    @Test
    void aSecretUrl_servesTheFeedWithoutCredentials_untilRevoked() throws Exception {
        Http sales2 = as("sales2");
        String lead = sales2.post("/api/leads", """
                {"company": {"name": "Feed"}, "contact": {"name": "F", "phone": "1"}, "source": "OTHER"}""")
                .json().get("leadId").asText();
        long contacted = position(sales2.post("/api/leads/" + lead + "/first-contact", "{\"channel\": \"PHONE\", \"nextContactAt\": \""
                + Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS) + "\"}"));
        assertThat(sales2.get("/api/calendar.ics?minPosition=" + contacted).status()).isEqualTo(200);

        Http.Response issued = sales2.post("/api/calendar/feed-token", null);
        assertThat(issued.status()).isEqualTo(201);
        String url = issued.json().get("url").asText();
        Http.Response feed = Http.on(port).get(url);
        assertThat(feed.status()).isEqualTo(200);
        assertThat(feed.contentType()).startsWith("text/calendar");
        assertThat(eventsOf(lead, feed)).hasSize(1);

        // a new token replaces the old one; a revoked one answers 404
        String second = sales2.post("/api/calendar/feed-token", null).json().get("url").asText();
        assertThat(Http.on(port).get(url).status()).isEqualTo(404);
        assertThat(sales2.send("DELETE", "/api/calendar/feed-token", null).status()).isEqualTo(204);
        assertThat(Http.on(port).get(second).status()).isEqualTo(404);
    }

    @Test
    void managersReadAnyRepsCalendar_repsOnlyTheirOwn() throws Exception {
        String lead = as("sales2").post("/api/leads", """
                {"company": {"name": "Managed"}, "contact": {"name": "M", "phone": "1"}, "source": "OTHER"}""")
                .json().get("leadId").asText();
        long contacted = position(as("sales2").post("/api/leads/" + lead + "/first-contact", "{\"channel\": \"PHONE\", \"nextContactAt\": \""
                + Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS) + "\"}"));
        assertThat(eventsOf(lead, as("manager").get("/api/calendar.ics?user=sales2&minPosition=" + contacted))).hasSize(1);
        assertThat(eventsOf(lead, as("manager").get("/api/calendar.ics"))).isEmpty();
        Http.Response refused = as("sales").get("/api/calendar.ics?user=sales2");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(Http.on(port).get("/api/calendar.ics").status()).isEqualTo(401);
    }

    private static long position(Http.Response accepted) {
        assertThat(accepted.status()).as(accepted.toString()).isBetween(200, 299);
        return accepted.json().get("position").asLong();
    }

    private static List<VEvent> eventsOf(String lead, Http.Response response) throws Exception {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/calendar");
        Calendar calendar = new CalendarBuilder().build(new StringReader(response.body()));
        List<VEvent> events = calendar.getComponents(Component.VEVENT);
        return events.stream().filter(e -> value(e, Property.UID).contains(lead)).toList();
    }

    private static String value(VEvent event, String property) {
        return event.getProperty(property).map(Property::getValue).orElse(null);
    }
}
