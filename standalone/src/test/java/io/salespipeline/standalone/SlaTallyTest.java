package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipeline.events.*;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLA tally ({@code sla_tally}) is the SLA items that closed counted per kind, outcome, day of the deadline and
 * item day, kept by the projection batch by batch (items closed in the batch that opened them, and in a later one);
 * the SLA report of any window without filters, which reads it for the window's whole days, answers what counting
 * every item answers (counted here, from the read models' rows, by the report's definitions).
 */
class SlaTallyTest extends StandaloneTest {

    private static final Instant END = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    private static final long DAY_MS = 86_400_000L;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper objectMapper;

    @Test
    void slaFromTheTally_isEveryItemCounted_overAllHistoryAndAnyWindow() {
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
        // and items that began after their deadline (old logs): their item day is the day they began
        oldLogLead();
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(2));

        assertTallyIsTheItemsCounted(jdbc);

        Http analyst = as("analyst");
        Instant now = Instant.now();
        List<String> windows = new ArrayList<>();
        for (Instant to : Arrays.asList(null, now.plus(1, ChronoUnit.HOURS), now.plus(30, ChronoUnit.DAYS), END.minus(3, ChronoUnit.HOURS))) {
            windows.add(to == null ? "" : "to=" + to); // all history
        }
        Instant month = END.truncatedTo(ChronoUnit.DAYS).minus(60, ChronoUnit.DAYS);
        windows.add("from=" + month + "&to=" + month.plus(30, ChronoUnit.DAYS)); // whole days
        windows.add("from=" + month.plusSeconds(5 * 3600 + 13 * 60 + 7) + "&to=" + month.plus(41, ChronoUnit.DAYS).plusSeconds(7 * 3600 + 1));
        windows.add("from=" + month.plusSeconds(3600) + "&to=" + month.plusSeconds(20 * 3600)); // within a day: no whole day
        windows.add("from=" + month.minus(1, ChronoUnit.DAYS).plusSeconds(13 * 3600) + "&to=" + month.plus(1, ChronoUnit.DAYS).plusSeconds(2 * 3600));
        // the old log's items: begun on the day of the window's end, after it and before it
        windows.add("from=2025-03-01T00:00:00Z&to=2025-05-10T08:30:00Z");
        windows.add("from=2025-03-01T00:00:00Z&to=2025-05-10T12:00:00Z");
        windows.add("from=2025-07-20T00:00:00Z&to=2025-08-12T09:00:00Z");
        windows.add("from=2025-07-20T00:00:00Z&to=2025-08-12T11:00:00Z");
        windows.add("from=2025-03-01T00:00:00Z&to=2025-05-11T00:00:00Z");
        int withItems = 0;
        int overdue = 0;
        for (String window : windows) {
            JsonNode answer = analyst.get("/api/analytics/sla" + (window.isEmpty() ? "" : "?" + window)).json();
            long from = Instant.parse(answer.get("from").asText()).toEpochMilli();
            long to = Instant.parse(answer.get("to").asText()).toEpochMilli();
            Map<String, List<Long>> counted = itemsCounted(jdbc, from, to);
            for (String kind : new String[]{"offers", "followUps", "followUpRhythm"}) {
                JsonNode kept = answer.get(kind);
                assertThat(List.of(kept.get("due").asLong(), kept.get("onTime").asLong(), kept.get("late").asLong()))
                        .as(window + " " + kind).isEqualTo(counted.get(kind));
                withItems += kept.get("due").asLong() > 0 ? 1 : 0;
                assertThat(answer.get("overdueNow").get(kind).asLong()).as(window + " overdue " + kind)
                        .isEqualTo(counted.get("overdue").get(List.of("offers", "followUps", "followUpRhythm").indexOf(kind)));
                overdue += answer.get("overdueNow").get(kind).asLong() > 0 ? 1 : 0;
            }
        }
        assertThat(withItems).as("windows and kinds with items").isGreaterThan(20);
        assertThat(overdue).as("windows and kinds with items overdue at the end").isGreaterThan(10);
        JsonNode whole = analyst.get("/api/analytics/sla").json();
        for (String kind : new String[]{"offers", "followUps", "followUpRhythm"}) {
            assertThat(whole.get(kind).get("onTime").asLong()).as(kind).isPositive();
            assertThat(whole.get(kind).get("late").asLong()).as(kind).isPositive();
        }
    }

    /** Waits until the stage visits have applied the command that {@code accepted} answers. */
    private void applied(Http.Response accepted) {
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        long position = accepted.json().get("position").asLong();
        assertThat(as("analyst").get("/api/analytics/sla?minPosition=" + position).status()).isEqualTo(200);
    }

    /**
     * A lead of an old log (written to the event store as such logs hold it; the commands refuse it today): an offer
     * preparation started on 2025-05-10 09:00 with the promise of 03-04, the offer sent on 08-11 (late; the longest
     * preparation of all, overdue at 05-10 12:00 until nearly its whole length after); a follow-up on 08-12 10:00
     * setting the next one due on 08-01, answered on 08-13 (late).
     */
    private void oldLogLead() {
        String pipeline = "old-log-sla-" + Long.toHexString(System.nanoTime());
        LeadId id = LeadId.newId();
        List<LeadEvent> history = List.of(
                new LeadRegistered(id, new Company("Old log SLA", null, null), new Contact("O", "o@old.example", null),
                        LeadSource.OTHER, false, "sales", null, new PipelineRef(pipeline, 1), Instant.parse("2025-03-02T08:00:00Z")),
                new FirstContactRecorded(id, ContactChannel.PHONE, List.of(), null, List.of(), null, null,
                        Instant.parse("2025-03-03T08:00:00Z"), Instant.parse("2025-03-02T10:00:00Z")),
                new LeadQualified(id, Money.of("100.00", "PLN"), "x", Instant.parse("2025-03-04T08:00:00Z"),
                        Instant.parse("2025-03-02T11:00:00Z")),
                new LeadLost(id, LostReason.TIMING, null, null, Stage.CONTACTED, Instant.parse("2025-03-02T12:00:00Z")),
                new LeadReopened(id, "back", Stage.LOST, Stage.CONTACTED, null, null, Instant.parse("2025-05-10T08:00:00Z")),
                new OfferPreparationStarted(id, Instant.parse("2025-03-04T08:00:00Z"), Instant.parse("2025-05-10T09:00:00Z")),
                new OfferSent(id, Money.of("100.00", "PLN"), "offer", Instant.parse("2025-08-13T11:00:00Z"), null,
                        Instant.parse("2025-08-11T11:00:00Z")),
                new FollowUpRecorded(id, ContactChannel.EMAIL, FollowUpOutcome.NEGOTIATING, null, null,
                        Instant.parse("2025-08-01T10:00:00Z"), null, Instant.parse("2025-08-12T10:00:00Z")),
                new FollowUpRecorded(id, ContactChannel.EMAIL, FollowUpOutcome.NEGOTIATING, null, null,
                        Instant.parse("2025-08-15T10:00:00Z"), null, Instant.parse("2025-08-13T10:00:00Z")));
        SyntheticLog.appendHistory(jdbc, objectMapper, id, history);
    }

    /**
     * The SLA items due in {@code [from, to)} that existed as of {@code to}, per kind: due, on time, late; and
     * ({@code overdue}) the offers, first follow-ups and rhythm items overdue at {@code to}; counted from every row of
     * the read models by the report's definitions (API.md), not by its SQL.
     */
    static Map<String, List<Long>> itemsCounted(JdbcTemplate jdbc, long from, long to) {
        long[] overdue = new long[3];
        // overdue at the end: begun by then, due before it, and neither left (the visit) nor answered or ended (the
        // rhythm item) by then; a visit whatever set its deadline
        jdbc.query("select stage, deadline_ms, entered_ms, exited_ms from stage_visit where deadline_ms is not null"
                + " and stage in ('OFFER_PREPARATION', 'OFFER_SENT')", rs -> {
            long exited = rs.getLong("exited_ms");
            boolean open = rs.wasNull();
            if (rs.getLong("entered_ms") <= to && rs.getLong("deadline_ms") < to && (open || exited > to)) {
                overdue[rs.getString("stage").equals("OFFER_PREPARATION") ? 0 : 1]++;
            }
        });
        jdbc.query("select contact_ms, due_ms, closed_ms from follow_up_due", rs -> {
            long closed = rs.getLong("closed_ms");
            boolean waiting = rs.wasNull();
            if (rs.getLong("contact_ms") <= to && rs.getLong("due_ms") < to && (waiting || closed > to)) {
                overdue[2]++;
            }
        });
        Map<String, long[]> counts = new TreeMap<>();
        for (String kind : new String[]{"offers", "followUps", "followUpRhythm"}) {
            counts.put(kind, new long[2]);
        }
        jdbc.query("""
                select stage, deadline_origin, deadline_ms, entered_ms, exited_ms, exit_stage from stage_visit
                where deadline_ms is not null""", rs -> {
            String stage = rs.getString("stage");
            String origin = rs.getString("deadline_origin");
            String kind = stage.equals("OFFER_PREPARATION") && "OFFER_PREPARATION".equals(origin) ? "offers"
                    : stage.equals("OFFER_SENT") && "OFFER".equals(origin) ? "followUps" : null;
            long deadline = rs.getLong("deadline_ms");
            if (kind == null || deadline < from || deadline >= to || rs.getLong("entered_ms") > to) {
                return;
            }
            long exited = rs.getLong("exited_ms");
            boolean open = rs.wasNull();
            String keptBy = kind.equals("offers") ? "OFFER_SENT" : "FOLLOW_UP";
            if (open || exited > deadline) {
                counts.get(kind)[1]++;
            } else if (keptBy.equals(rs.getString("exit_stage"))) {
                counts.get(kind)[0]++;
            }
        });
        jdbc.query("select contact_ms, due_ms, next_ms, visit_exited_ms from follow_up_due", rs -> {
            long due = rs.getLong("due_ms");
            if (due < from || due >= to || rs.getLong("contact_ms") > to) {
                return;
            }
            long next = rs.getLong("next_ms");
            boolean answered = !rs.wasNull();
            long exited = rs.getLong("visit_exited_ms");
            boolean ended = !rs.wasNull();
            if (answered && next <= due) {
                counts.get("followUpRhythm")[0]++;
            } else if (!ended || exited > due) {
                counts.get("followUpRhythm")[1]++;
            }
        });
        Map<String, List<Long>> counted = new TreeMap<>();
        counts.forEach((kind, c) -> counted.put(kind, List.of(c[0] + c[1], c[0], c[1])));
        counted.put("overdue", List.of(overdue[0], overdue[1], overdue[2]));
        return counted;
    }

    /**
     * Every row of {@code sla_tally} is the closed items of a kind, outcome, deadline's day and item day counted here,
     * by the report's definitions: a visit of OFFER_PREPARATION (deadline set by the preparation) or OFFER_SENT (set
     * by the offer) that ended after its deadline is late, one that ended by it in the stage that keeps it on time; a
     * rhythm item closed (answered, or its visit ended) is on time when answered by its due time, late when neither
     * came by then. The item day: the day of the later of the deadline and the visit's entry (the contact that set
     * the rhythm item).
     */
    static void assertTallyIsTheItemsCounted(JdbcTemplate jdbc) {
        assertTallyIsTheItemsCounted(jdbc, 7);
    }

    /** {@link #assertTallyIsTheItemsCounted(JdbcTemplate)}, of a log that fills at least {@code rows} rows of the tally. */
    static void assertTallyIsTheItemsCounted(JdbcTemplate jdbc, int rows) {
        Map<String, Long> counted = new TreeMap<>();
        jdbc.query("""
                select stage, deadline_origin, deadline_ms, entered_ms, exited_ms, exit_stage from stage_visit
                where exited_ms is not null and deadline_ms is not null""", rs -> {
            String stage = rs.getString("stage");
            String kept = stage.equals("OFFER_PREPARATION") && "OFFER_PREPARATION".equals(rs.getString("deadline_origin")) ? "OFFER_SENT"
                    : stage.equals("OFFER_SENT") && "OFFER".equals(rs.getString("deadline_origin")) ? "FOLLOW_UP" : null;
            if (kept == null) {
                return;
            }
            long deadline = rs.getLong("deadline_ms");
            long exited = rs.getLong("exited_ms");
            String days = days(deadline, rs.getLong("entered_ms"));
            if (exited > deadline) {
                counted.merge(stage + "|LATE|" + days, 1L, Long::sum);
            } else if (kept.equals(rs.getString("exit_stage"))) {
                counted.merge(stage + "|ON_TIME|" + days, 1L, Long::sum);
            }
        });
        jdbc.query("select contact_ms, next_ms, due_ms, visit_exited_ms from follow_up_due where closed_ms is not null", rs -> {
            long due = rs.getLong("due_ms");
            String days = days(due, rs.getLong("contact_ms"));
            long next = rs.getLong("next_ms");
            boolean answered = !rs.wasNull();
            long exited = rs.getLong("visit_exited_ms");
            boolean ended = !rs.wasNull();
            if (answered && next <= due) {
                counted.merge("RHYTHM|ON_TIME|" + days, 1L, Long::sum);
            } else if (!ended || exited > due) {
                counted.merge("RHYTHM|LATE|" + days, 1L, Long::sum);
            }
        });
        Map<String, Long> tally = new TreeMap<>();
        jdbc.query("select kind, outcome, due_day, item_day, items from sla_tally where items > 0", rs -> {
            tally.put(rs.getString("kind") + "|" + rs.getString("outcome") + "|" + rs.getLong("due_day") + "|" + rs.getLong("item_day"),
                    rs.getLong("items"));
        });
        assertThat(tally).hasSizeGreaterThanOrEqualTo(rows).isEqualTo(counted);
    }

    /** The deadline's day and the item day, as the tally keys them (UTC days since 1970-01-01, floored). */
    private static String days(long deadlineMs, long beganMs) {
        return Math.floorDiv(deadlineMs, DAY_MS) + "|" + Math.floorDiv(Math.max(deadlineMs, beganMs), DAY_MS);
    }
}
