package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLA tally ({@code sla_tally}) is the SLA items that closed counted per kind and outcome, kept by the projection
 * batch by batch (items closed in the batch that opened them, and in a later one); the SLA report over all history,
 * which reads it, answers what reading every item answers.
 */
class SlaTallyTest extends StandaloneTest {

    private static final Instant END = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    /** A window that reads every item (a {@code from} asked for, the beginning of history): the tally is not asked. */
    private static final String EVERY_ITEM_READ = "&from=1970-01-01T00:00:00Z";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void slaOverAllHistoryFromTheTally_isEveryItemRead() {
        // histories of every path, on time and late, imported in chunks (many batches); and over HTTP, one event a
        // batch: an offer promise and a first follow-up kept, rhythm items answered and one closed by the visit's end
        Imports.generated(port, 200, END);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(2));
        Http sales = as("sales");
        String lead = Leads.in(sales, Leads.At.OFFER_SENT);
        // each command's event in a batch of its own (the next command waits for the stage visits to have it): the
        // items it closes were written by an earlier batch
        for (int i = 0; i < 3; i++) {
            applied(sales.post("/api/leads/" + lead + "/follow-ups", "{\"channel\": \"EMAIL\", \"outcome\": \"NEGOTIATING\"}"));
        }
        applied(sales.post("/api/leads/" + lead + "/won", "{}"));
        Leads.in(sales, Leads.At.OFFER_SENT);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(2));

        assertTallyIsTheItemsCounted(jdbc);

        Http analyst = as("analyst");
        Instant now = Instant.now();
        int compared = 0;
        for (String to : Arrays.asList(null, now.plus(1, ChronoUnit.HOURS).toString(), now.plus(30, ChronoUnit.DAYS).toString(),
                END.minus(3, ChronoUnit.HOURS).toString())) {
            String path = "/api/analytics/sla" + (to == null ? "" : "?to=" + to);
            ObjectNode tallied = (ObjectNode) analyst.get(path).json();
            String end = tallied.get("to").asText();
            ObjectNode counted = (ObjectNode) analyst.get("/api/analytics/sla?to=" + end + EVERY_ITEM_READ).json();
            assertThat(tallied.get("from").asText()).isEqualTo("1970-01-01T00:00:00Z");
            tallied.remove("from");
            counted.remove("from");
            assertThat(tallied).as(path).isEqualTo(counted);
            for (String kind : new String[]{"offers", "followUps", "followUpRhythm"}) {
                JsonNode kept = tallied.get(kind);
                assertThat(kept.get("onTime").asLong()).as(path + " " + kind).isPositive();
                assertThat(kept.get("late").asLong()).as(path + " " + kind).isPositive();
            }
            compared++;
        }
        assertThat(compared).isEqualTo(4);
    }

    /** Waits until the stage visits have applied the command that {@code accepted} answers. */
    private void applied(Http.Response accepted) {
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        long position = accepted.json().get("position").asLong();
        assertThat(as("analyst").get("/api/analytics/sla?minPosition=" + position).status()).isEqualTo(200);
    }

    /**
     * Every row of {@code sla_tally} is the closed items of a kind and outcome counted here, by the report's
     * definitions: a visit of OFFER_PREPARATION (deadline set by the preparation) or OFFER_SENT (set by the offer) that
     * ended after its deadline is late, one that ended by it in the stage that keeps it on time; a rhythm item closed
     * (answered, or its visit ended) is on time when answered by its due time, late when neither came by then.
     */
    static void assertTallyIsTheItemsCounted(JdbcTemplate jdbc) {
        Map<String, Long> counted = new TreeMap<>();
        jdbc.query("""
                select stage, deadline_origin, deadline_ms, exited_ms, exit_stage from stage_visit
                where exited_ms is not null and deadline_ms is not null""", rs -> {
            String stage = rs.getString("stage");
            String kept = stage.equals("OFFER_PREPARATION") && "OFFER_PREPARATION".equals(rs.getString("deadline_origin")) ? "OFFER_SENT"
                    : stage.equals("OFFER_SENT") && "OFFER".equals(rs.getString("deadline_origin")) ? "FOLLOW_UP" : null;
            if (kept == null) {
                return;
            }
            long deadline = rs.getLong("deadline_ms");
            long exited = rs.getLong("exited_ms");
            if (exited > deadline) {
                counted.merge(stage + "|LATE", 1L, Long::sum);
            } else if (kept.equals(rs.getString("exit_stage"))) {
                counted.merge(stage + "|ON_TIME", 1L, Long::sum);
            }
        });
        jdbc.query("select next_ms, due_ms, visit_exited_ms from follow_up_due where closed_ms is not null", rs -> {
            long due = rs.getLong("due_ms");
            long next = rs.getLong("next_ms");
            boolean answered = !rs.wasNull();
            long exited = rs.getLong("visit_exited_ms");
            boolean ended = !rs.wasNull();
            if (answered && next <= due) {
                counted.merge("RHYTHM|ON_TIME", 1L, Long::sum);
            } else if (!ended || exited > due) {
                counted.merge("RHYTHM|LATE", 1L, Long::sum);
            }
        });
        Map<String, Long> tally = new TreeMap<>();
        jdbc.query("select kind, outcome, items from sla_tally where items > 0", rs -> {
            tally.put(rs.getString("kind") + "|" + rs.getString("outcome"), rs.getLong("items"));
        });
        assertThat(tally).hasSize(6).isEqualTo(counted);
    }
}
