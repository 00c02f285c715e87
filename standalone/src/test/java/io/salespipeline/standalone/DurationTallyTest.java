package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.query.visits.DurationTally;
import io.salespipeline.query.visits.EntryTally;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The duration tally ({@code duration_tally}) is the completed visits counted and their lengths summed per stage and
 * length bucket, the entry tally ({@code entry_tally}) the leads' current states counted per stage and week of
 * entry, both kept by the projection batch by batch; time in stage over all history, which reads them, answers what
 * reading and sorting every visit answers.
 */
class DurationTallyTest extends StandaloneTest {

    private static final Instant END = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    /**
     * A window from the beginning of history (a {@code from} asked for): the completed visits are read one by one, not
     * from the tally; the open ones at its end from the current states' tally and the visits ended since, which
     * {@code OpenAtTest} checks against every visit counted.
     */
    private static final String EVERY_VISIT_READ = "&from=1970-01-01T00:00:00Z";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void timeInStageOverAllHistoryFromTheTallies_isEveryVisitSorted() {
        // histories of every path, the last of them within the hour before now, imported in chunks (many batches),
        // and a lead taken through its first stages over HTTP (visits completed in batches after their start)
        Imports.generated(port, 200, END);
        Leads.in(as("sales"), Leads.At.OFFER_SENT);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(2));

        assertTallyIsTheVisitsCounted(jdbc);
        assertEntryTallyIsTheLeadsCounted(jdbc);

        Http analyst = as("analyst");
        // nothing of the log is at or after now: the answers over all history as of now (and later) come from the tallies
        Instant now = Instant.now();
        assertThat(jdbc.queryForObject("select count(*) from stage_visit where exited_ms >= ? or entered_ms >= ?", Long.class,
                now.toEpochMilli(), now.toEpochMilli())).isZero();
        int compared = 0;
        for (String to : Arrays.asList(null, now.plus(1, ChronoUnit.HOURS).toString(), END.minus(3, ChronoUnit.HOURS).toString())) {
            String path = "/api/analytics/time-in-stage" + (to == null ? "" : "?to=" + to);
            ObjectNode tallied = (ObjectNode) analyst.get(path).json();
            String end = tallied.get("to").asText();
            ObjectNode counted = (ObjectNode) analyst.get("/api/analytics/time-in-stage?to=" + end + EVERY_VISIT_READ).json();
            assertThat(tallied.get("from").asText()).isEqualTo("1970-01-01T00:00:00Z");
            tallied.remove("from");
            counted.remove("from");
            assertThat(tallied).as(path).isEqualTo(counted);
            long visits = 0;
            long open = 0;
            for (JsonNode stage : tallied.get("stages")) {
                visits += stage.get("visits").asLong();
                open += stage.get("openVisits").asLong();
            }
            assertThat(visits).as(path).isGreaterThan(500);
            assertThat(open).as(path).isGreaterThan(100);
            compared++;
        }
        assertThat(compared).isEqualTo(3);
    }

    /**
     * Every completed visit keeps its length and the bucket of it, and every row of {@code duration_tally} is the
     * completed visits of a stage and bucket counted and summed.
     */
    static void assertTallyIsTheVisitsCounted(JdbcTemplate jdbc) {
        assertTallyIsTheVisitsCounted(jdbc, 21);
    }

    /** {@link #assertTallyIsTheVisitsCounted(JdbcTemplate)}, of a log that fills at least {@code rows} rows of the tally. */
    static void assertTallyIsTheVisitsCounted(JdbcTemplate jdbc, int rows) {
        assertThat(jdbc.queryForObject("""
                select count(*) from stage_visit
                where (exited_ms is null and (duration_ms is not null or duration_bucket is not null))
                   or (exited_ms is not null and (duration_ms is null or duration_ms <> exited_ms - entered_ms))""", Long.class))
                .isZero();
        jdbc.query("select duration_ms, duration_bucket from stage_visit where duration_ms is not null", rs -> {
            assertThat(rs.getInt("duration_bucket")).isEqualTo(DurationTally.bucket(rs.getLong("duration_ms")));
        });
        String row = "stage || '|' || duration_bucket || '|' || visits || '|' || duration_sum";
        List<String> tally = jdbc.queryForList("select " + row + " from duration_tally where visits > 0 order by 1", String.class);
        List<String> counted = jdbc.queryForList("select " + row + " from (select stage, duration_bucket, count(*) as visits,"
                + " sum(exited_ms - entered_ms) as duration_sum from stage_visit where exited_ms is not null"
                + " group by stage, duration_bucket) c order by 1", String.class);
        assertThat(tally).hasSizeGreaterThanOrEqualTo(rows).isEqualTo(counted);
    }

    /** Every row of {@code entry_tally} is {@code visit_lead} counted per stage and week of entry, none empty. */
    static void assertEntryTallyIsTheLeadsCounted(JdbcTemplate jdbc) {
        assertEntryTallyIsTheLeadsCounted(jdbc, 21);
    }

    /** {@link #assertEntryTallyIsTheLeadsCounted(JdbcTemplate)}, of a log that fills at least {@code rows} rows of the tally. */
    static void assertEntryTallyIsTheLeadsCounted(JdbcTemplate jdbc, int rows) {
        java.util.Map<String, Long> counted = new java.util.TreeMap<>();
        jdbc.query("select stage, stage_entered_ms from visit_lead", rs -> {
            counted.merge(rs.getString("stage") + "|" + EntryTally.week(rs.getLong("stage_entered_ms")), 1L, Long::sum);
        });
        java.util.Map<String, Long> tally = new java.util.TreeMap<>();
        jdbc.query("select stage, entered_week, leads from entry_tally", rs -> {
            tally.put(rs.getString("stage") + "|" + rs.getLong("entered_week"), rs.getLong("leads"));
        });
        assertThat(tally).hasSizeGreaterThanOrEqualTo(rows).isEqualTo(counted);
    }
}
