package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The board as of past instants held by closed periods of every length: the periods around an instant are found
 * per span class (a period of class k lasts at most 4^k hours; the last class is longer), each class by a range
 * of starts. Leads registered together stay new for lengths of every class (20 minutes to 11 years), then are
 * contacted; as of the middle of each length, the leads whose wait is longer than that are still new, the others
 * contacted, counted here from the lengths alone. The leads are a fresh owner's, so other tests' leads do not count.
 */
class BoardAsOfSpansTest extends StandaloneTest {

    /** Across every span class: up to 1 h, 4 h, 16 h, 64 h, 256 h, 1,024 h, 4,096 h, 16,384 h, 65,536 h, and longer. */
    private static final List<Duration> WAITS = List.of(Duration.ofMinutes(20), Duration.ofHours(3), Duration.ofHours(12),
            Duration.ofDays(2), Duration.ofDays(9), Duration.ofDays(30), Duration.ofDays(120), Duration.ofDays(400),
            Duration.ofDays(1500), Duration.ofDays(4000));

    @Test
    void theBoardAsOfAnInstant_countsAndListsTheLeadsWhosePeriodOfAnyLengthHoldsIt() {
        Http manager = as("manager");
        String owner = "spans-" + UUID.randomUUID().toString().substring(0, 8);
        Instant registered = Instant.now().minus(Duration.ofDays(4100)).truncatedTo(ChronoUnit.SECONDS);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < WAITS.size(); i++) {
            Http.Response r = manager.post("/api/leads", """
                    {"company": {"name": "Span %d"}, "contact": {"name": "C", "phone": "1"}, "source": "REFERRAL", "owner": "%s",
                     "occurredAt": "%s"}""".formatted(i, owner, registered));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            ids.add(r.json().get("leadId").asText());
        }
        for (int i = 0; i < WAITS.size(); i++) {
            Instant contacted = registered.plus(WAITS.get(i));
            Http.Response r = manager.post("/api/leads/" + ids.get(i) + "/first-contact", """
                    {"channel": "PHONE", "nextContactAt": "%s", "occurredAt": "%s"}"""
                    .formatted(contacted.plus(Duration.ofDays(1)), contacted));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        for (String id : ids) {
            awaitVersion(manager, id, 1);
        }

        for (Duration wait : WAITS) {
            Instant at = registered.plus(wait.dividedBy(2));
            List<String> waiting = new ArrayList<>();
            List<String> contacted = new ArrayList<>();
            for (int j = 0; j < WAITS.size(); j++) {
                (registered.plus(WAITS.get(j)).isAfter(at) ? waiting : contacted).add(ids.get(j));
            }
            JsonNode board = manager.get("/api/pipeline?owner=" + owner + "&limit=20&at=" + at).json();
            assertThat(stage(board, "INQUIRY_RECEIVED").get("count").asLong()).as("new as of %s", at).isEqualTo(waiting.size());
            assertThat(stage(board, "INQUIRY_RECEIVED").get("leads").findValuesAsText("leadId"))
                    .as("new as of %s", at).containsExactlyInAnyOrderElementsOf(waiting);
            assertThat(stage(board, "CONTACTED").get("count").asLong()).as("contacted as of %s", at).isEqualTo(contacted.size());
            assertThat(stage(board, "CONTACTED").get("leads").findValuesAsText("leadId"))
                    .as("contacted as of %s", at).containsExactlyInAnyOrderElementsOf(contacted);
        }
    }
}
