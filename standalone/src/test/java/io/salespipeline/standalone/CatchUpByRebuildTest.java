package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.query.replay.ReplayService;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Projections far behind the log (a bulk import written while they were away) catch up by a rebuild: their own
 * processors wait meanwhile, their tables answer as they were, and once switched in every event of the log is in
 * them exactly once and they follow the log again.
 */
class CatchUpByRebuildTest extends StandaloneTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper objectMapper;

    @Autowired
    ReplayService replays;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void projectionsFarBehind_catchUpByARebuild_whileTheirProcessorsWait_andFollowTheLogAgainAfterIt() {
        Http sales = Http.on(port).as("sales");
        Http manager = Http.on(port).as("manager");
        JsonNode registered = sales.post("/api/leads", """
                {"company": {"name": "Before the import"}, "contact": {"name": "B", "phone": "1"}, "source": "REFERRAL",
                 "occurredAt": "2026-04-01T08:00:00Z"}""").json();
        String before = registered.get("leadId").asText();
        awaitVersion(manager, before, 1);
        JsonNode answered = manager.get("/api/leads/" + before).json();

        List<String> projections = replays.projections();
        List<StreamingEventProcessor> live = projections.stream()
                .map(name -> processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow()).toList();
        live.forEach(StreamingEventProcessor::shutDown);
        try {
            // history written while the projections were away (as an import's chunks would be)
            long events = 0;
            for (int week = 0; week < 18; week += 3) {
                events += SyntheticLog.append(jdbc, objectMapper, 70, Instant.parse("2025-11-02T08:00:00Z").plus(java.time.Duration.ofDays(7L * week)));
            }

            Duration hour = Duration.ofHours(1);
            assertThat(replays.catchUpIfBehind(events + 1_000_000L, 0.0, 1, Duration.ZERO)).as("not that far behind").isEmpty();
            assertThat(replays.catchUpIfBehind(events, 1.0, 1, Duration.ZERO)).as("not that share of the log behind").isEmpty();
            assertThat(replays.catchUpIfBehind(events * 5, 0.0, 1, Duration.ZERO))
                    .as("a fifth of that far behind, while the log does not grow").isEmpty();
            // back, they would follow the log event by event
            live.forEach(StreamingEventProcessor::start);
            await(() -> live.stream().allMatch(StreamingEventProcessor::isRunning), running -> running);
            // a tenth of that far behind while the log grew by as much (an import has begun), they are paused;
            // while the log grows (the import goes on), the rebuild waits
            long more = SyntheticLog.append(jdbc, objectMapper, 70, Instant.parse("2026-03-02T08:00:00Z"));
            assertThat(more * 10).as("not far behind on its own").isGreaterThan(events + more);
            assertThat(replays.catchUpIfBehind(more * 10, 0.0, 1, hour)).isEmpty();
            assertThat(live).as("paused for the catch-up").noneMatch(StreamingEventProcessor::isRunning);
            SyntheticLog.append(jdbc, objectMapper, 10, Instant.parse("2026-03-09T08:00:00Z"));
            assertThat(replays.catchUpIfBehind(events / 2, 0.0, 1, hour)).as("the log still grows").isEmpty();
            assertThat(live).as("still paused").noneMatch(StreamingEventProcessor::isRunning);
            assertThat(manager.get("/api/admin/replays/current").status()).isEqualTo(403);
            assertThat(Http.on(port).as("admin").get("/api/admin/replays/current").json().get("state").asText()).isNotEqualTo("RUNNING");
            // it stopped growing: the rebuild starts
            long head = head();
            assertThat(replays.catchUpIfBehind(events / 2, 0.0, 1, hour)).containsExactlyInAnyOrderElementsOf(projections);
            assertThat(replays.catchUpIfBehind(1, 0.0, Long.MAX_VALUE, Duration.ZERO)).as("one catch-up at a time").isEmpty();
            assertThat(live).as("the projections' processors wait while the rebuild runs").noneMatch(StreamingEventProcessor::isRunning);

            Http admin = Http.on(port).as("admin");
            JsonNode progress = admin.get("/api/admin/replays/current").json();
            for (Instant until = Instant.now().plusSeconds(120); !progress.get("state").asText().equals("COMPLETED")
                    && Instant.now().isBefore(until); progress = admin.get("/api/admin/replays/current").json()) {
                assertThat(progress.get("catchUp").asBoolean()).isTrue();
                if (progress.get("state").asText().equals("RUNNING")) {
                    // their processors wait; their tables answer as they did. (The switch-over starts the processors
                    // once it has marked the rebuild completed: what was seen counts if it is still running after.)
                    boolean waiting = live.stream().noneMatch(StreamingEventProcessor::isRunning);
                    JsonNode answer = manager.get("/api/leads/" + before).json();
                    if (admin.get("/api/admin/replays/current").json().get("state").asText().equals("RUNNING")) {
                        assertThat(waiting).as("the projections' processors wait while the rebuild runs").isTrue();
                        assertThat(answer).isEqualTo(answered);
                    }
                }
                sleep(20);
            }
            assertThat(progress.get("state").asText()).isEqualTo("COMPLETED");
            assertThat(live).allMatch(StreamingEventProcessor::isRunning);
            // every event of the log in the switched-in tables exactly once (each lead's version counts its events)
            Long stored = jdbc.queryForObject("select count(*) from domain_event_entry where type = 'Lead'", Long.class);
            assertThat(jdbc.queryForObject("select coalesce(sum(version), 0) from lead_view", Long.class)).isEqualTo(stored);
            assertThat(jdbc.queryForObject("select coalesce(sum(version), 0) from visit_lead", Long.class)).isEqualTo(stored);
            assertThat(head()).isEqualTo(head);
            LeadTallyTest.assertTallyIsTheLeadsCounted(jdbc);
            LossTallyTest.assertTallyIsTheLossesCounted(jdbc);
            DurationTallyTest.assertTallyIsTheVisitsCounted(jdbc);
            DurationTallyTest.assertEntryTallyIsTheLeadsCounted(jdbc);
            SlaTallyTest.assertTallyIsTheItemsCounted(jdbc);
            assertThat(manager.get("/api/leads/" + before).json()).isEqualTo(answered);

            // and they follow the log again: a command's position is read at once
            JsonNode after = sales.post("/api/leads", """
                    {"company": {"name": "After the import"}, "contact": {"name": "A", "phone": "2"}, "source": "WEBSITE"}""").json();
            Http.Response read = manager.get("/api/leads/" + after.get("leadId").asText() + "?minPosition=" + after.get("position").asLong());
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
        } finally {
            live.stream().filter(p -> !p.isRunning()).forEach(StreamingEventProcessor::start);
        }
    }

    private long head() {
        return jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
    }
}
