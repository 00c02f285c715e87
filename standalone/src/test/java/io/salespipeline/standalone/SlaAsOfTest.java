package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipeline.events.*;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLA counts only what existed as of {@code to}. Before issue 9 a reopened lead could start an offer
 * preparation with a months-old promise (the qualification's, never cleared): history like that is in old
 * logs. Such a preparation, started after {@code to} with a promise before it, is not an item as of {@code to}.
 */
class SlaAsOfTest extends StandaloneTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper objectMapper;

    @Test
    void aPromiseMadeAfterTo_isNoSlaItemAsOfTo_evenWhenItLiesBeforeTo() throws Exception {
        String pipeline = "old-log-" + Long.toHexString(System.nanoTime()); // only this test's lead carries it
        LeadId id = LeadId.newId();
        Instant t = Instant.parse("2026-03-02T08:00:00Z");
        List<LeadEvent> history = List.of(
                new LeadRegistered(id, new Company("Old log", null, null), new Contact("O", "o@old.example", null),
                        LeadSource.OTHER, false, "sales", null, new PipelineRef(pipeline, 1), t),
                new FirstContactRecorded(id, ContactChannel.PHONE, List.of(), null, List.of(), null, null,
                        Instant.parse("2026-03-03T08:00:00Z"), Instant.parse("2026-03-02T10:00:00Z")),
                new LeadQualified(id, Money.of("100.00", "PLN"), "x", Instant.parse("2026-03-04T08:00:00Z"),
                        Instant.parse("2026-03-02T11:00:00Z")),
                new LeadLost(id, LostReason.TIMING, null, null, Stage.CONTACTED, Instant.parse("2026-03-02T12:00:00Z")),
                new LeadReopened(id, "back", Stage.LOST, Stage.CONTACTED, null, null, Instant.parse("2026-05-10T08:00:00Z")),
                // the old bug: the qualification's promise of 03-04, reused on 05-10
                new OfferPreparationStarted(id, Instant.parse("2026-03-04T08:00:00Z"), Instant.parse("2026-05-10T09:00:00Z")));
        SyntheticLog.appendHistory(jdbc, objectMapper, id, history);
        // the report reads the stage visits: waits for them to apply the last event
        long last = jdbc.queryForObject("select max(global_index) from domain_event_entry where aggregate_identifier = ?",
                Long.class, id.toString());

        Http analyst = Http.on(port).as("analyst");
        JsonNode asOfApril = analyst.get("/api/analytics/sla?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&pipeline="
                + pipeline + "&minPosition=" + last).json();
        assertThat(asOfApril.get("offers").get("due").asInt()).as("no preparation existed by 04-01").isZero();
        JsonNode asOfJune = analyst.get("/api/analytics/sla?from=2026-03-01T00:00:00Z&to=2026-06-01T00:00:00Z&pipeline="
                + pipeline).json();
        assertThat(asOfJune.get("offers").get("due").asInt()).as("the preparation of 05-10 exists by 06-01").isEqualTo(1);
    }
}
