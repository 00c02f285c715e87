package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.events.Stage;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.query.visits.FunnelTally;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The funnel's tallies ({@code funnel_tally}: leads per current stage and stages reached; {@code won_tally}: the
 * leads won now per day of time to win and currency) are {@code funnel_lead} counted, kept by the projection batch
 * by batch; the funnel over all history, which reads them, answers what reading every lead answers. The same of
 * the month tallies (the leads as they stood at the end of the month they were registered in).
 */
class FunnelTallyTest extends StandaloneTest {

    private static final Instant END = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    /** A window that reads every lead (a {@code from} asked for, the beginning of history): the tallies are not asked. */
    private static final String EVERY_LEAD_READ = "&from=1970-01-01T00:00:00Z";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theFunnelOverAllHistoryFromTheTallies_isEveryLeadRead() {
        // histories of every path (won with after-sales, lost and reopened, disqualified), imported in chunks, and
        // leads taken on over HTTP once the projection has their rows (a row changed in a later batch: won, lost,
        // reopened)
        Imports.generated(port, 200, END);
        Http sales = as("sales");
        String won = Leads.in(sales, Leads.At.OFFER_SENT);
        String lost = Leads.in(sales, Leads.At.LOST);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(2));
        assertThat(sales.post("/api/leads/" + won + "/won", "{}").status()).isEqualTo(200);
        assertThat(sales.post("/api/leads/" + lost + "/reopening", "{\"reason\": \"came back\"}").status()).isEqualTo(200);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(1));
        assertThat(jdbc.queryForObject("select win_span_ms from funnel_lead where lead_id = ?", Long.class, won)).isNotNull();

        assertTalliesAreTheLeadsCounted(jdbc);

        Http analyst = as("analyst");
        int compared = 0;
        for (String to : Arrays.asList(null, Instant.now().plus(1, ChronoUnit.HOURS).toString(), END.minus(3, ChronoUnit.HOURS).toString())) {
            String path = "/api/analytics/funnel" + (to == null ? "" : "?to=" + to);
            ObjectNode tallied = (ObjectNode) analyst.get(path).json();
            ObjectNode counted = (ObjectNode) analyst.get("/api/analytics/funnel?to=" + tallied.get("to").asText() + EVERY_LEAD_READ).json();
            assertThat(tallied.get("from").asText()).isEqualTo("1970-01-01T00:00:00Z");
            tallied.remove("from");
            counted.remove("from");
            assertThat(tallied).as(path).isEqualTo(counted);
            assertThat(tallied.get("won").asLong()).as(path).isGreaterThan(20);
            assertThat(tallied.get("medianDaysToWin").isNumber()).as(path).isTrue();
            assertThat(tallied.get("wonValue").size()).as(path).isPositive();
            compared++;
        }
        assertThat(compared).isEqualTo(3);
    }

    /**
     * V3_42 gives the rows written before it their cohort's end and their state then from the visits; those are what
     * the projection keeps: its statements, run on a copy of the rows without them, answer the projection's values.
     */
    @Test
    void theMigrationsStateAtTheCohortsEnd_isTheProjections() throws Exception {
        Imports.generated(port, 200, END);
        Http sales = as("sales");
        String won = Leads.in(sales, Leads.At.AFTER_SALES);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(2));
        String migration = new String(getClass().getResourceAsStream("/db/migration/V3_42__funnel_of_a_month.sql").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        String statements = migration.lines().filter(line -> !line.startsWith("--")).collect(java.util.stream.Collectors.joining("\n"));
        List<String> updates = Arrays.stream(statements.split(";")).map(String::strip)
                .filter(statement -> statement.startsWith("update funnel_lead")).toList();
        assertThat(updates).hasSize(4);
        String copy = "funnel_lead_v3_42";
        jdbc.execute("create table " + copy + " as select lead_id, registered_ms, cast(null as bigint) as cohort_end_ms,"
                + " cast(null as varchar(30)) as month_end_stage, cast(null as bigint) as month_end_win_span_ms,"
                + " cast(null as numeric(19, 4)) as month_end_won_amount, cast(null as varchar(3)) as month_end_won_currency from funnel_lead");
        try {
            updates.forEach(update -> jdbc.update(update.replace("funnel_lead", copy)));
            String columns = "f.lead_id || '|' || f.cohort_end_ms || '|' || f.month_end_stage || '|' || coalesce(cast(f.month_end_win_span_ms as varchar), '-')"
                    + " || '|' || case when f.month_end_win_span_ms is null then '-' else coalesce(cast(f.month_end_won_amount as varchar), '')"
                    + " || coalesce(f.month_end_won_currency, '') end";
            List<String> projected = jdbc.queryForList("select " + columns + " from funnel_lead f order by 1", String.class);
            List<String> migrated = jdbc.queryForList("select " + columns + " from " + copy + " f order by 1", String.class);
            assertThat(migrated).hasSizeGreaterThan(200).isEqualTo(projected);
            assertThat(projected.stream().filter(row -> row.startsWith(won)).findFirst().orElseThrow()).contains("|AFTER_SALES|");
        } finally {
            jdbc.execute("drop table " + copy);
        }
    }

    /** Every row of the funnel's tallies is {@code funnel_lead} counted (and summed), none empty. */
    static void assertTalliesAreTheLeadsCounted(JdbcTemplate jdbc) {
        assertTalliesAreTheLeadsCounted(jdbc, 11);
    }

    /** {@link #assertTalliesAreTheLeadsCounted(JdbcTemplate)}, of a log that fills at least {@code rows} rows of each tally. */
    static void assertTalliesAreTheLeadsCounted(JdbcTemplate jdbc, int rows) {
        assertThat(jdbc.queryForObject("""
                select count(*) from funnel_lead
                where (stage in ('WON', 'AFTER_SALES') and last_won_ms is not null
                       and (win_span_ms is null or win_span_ms <> last_won_ms - registered_ms))
                   or (not (stage in ('WON', 'AFTER_SALES') and last_won_ms is not null) and win_span_ms is not null)""", Long.class))
                .isZero();
        Map<String, Long> leads = new TreeMap<>();
        Map<String, String> won = new TreeMap<>();
        Map<String, BigDecimal> wonValues = new TreeMap<>();
        Map<String, Long> wonLeads = new TreeMap<>();
        jdbc.query("select * from funnel_lead", rs -> {
            int reached = 0;
            for (Stage stage : Stage.values()) {
                if (stage != Stage.INQUIRY_RECEIVED) {
                    rs.getLong(stage.name().toLowerCase(java.util.Locale.ROOT) + "_ms");
                    reached |= rs.wasNull() ? 0 : FunnelTally.bit(stage);
                }
            }
            leads.merge(rs.getString("stage") + "|" + reached, 1L, Long::sum);
            long span = rs.getLong("win_span_ms");
            if (!rs.wasNull()) {
                String currency = rs.getString("won_currency");
                String key = FunnelTally.winDay(span) + "|" + (currency == null ? "" : currency);
                wonLeads.merge(key, 1L, Long::sum);
                BigDecimal amount = rs.getBigDecimal("won_amount");
                wonValues.merge(key, amount == null ? BigDecimal.ZERO : amount, BigDecimal::add);
            }
        });
        wonLeads.forEach((key, count) -> won.put(key, count + "|" + wonValues.get(key).stripTrailingZeros().toPlainString()));
        Map<String, Long> leadsTally = new TreeMap<>();
        jdbc.query("select stage, reached, leads from funnel_tally", rs -> {
            leadsTally.put(rs.getString("stage") + "|" + rs.getInt("reached"), rs.getLong("leads"));
        });
        Map<String, String> wonTally = new TreeMap<>();
        jdbc.query("select win_day, value_currency, leads, value_sum from won_tally", rs -> {
            wonTally.put(rs.getLong("win_day") + "|" + rs.getString("value_currency"),
                    rs.getLong("leads") + "|" + rs.getBigDecimal("value_sum").stripTrailingZeros().toPlainString());
        });
        assertThat(leadsTally).hasSizeGreaterThanOrEqualTo(rows).isEqualTo(leads);
        assertThat(wonTally).hasSizeGreaterThanOrEqualTo(rows).isEqualTo(won);
        // a cohort's wins by its month's end are fewer: a few rows (none asked of a small log)
        assertMonthTalliesAreTheLeadsCounted(jdbc, Math.min(rows, 3), rows > 1 ? 3 : 0);
    }

    /**
     * Every row of the month tallies ({@code funnel_month_tally}, {@code won_month_tally}) is {@code funnel_lead}
     * counted per cohort as the leads stood at its end: the stage then, the first entries by then, the value while
     * won then; every lead in a cohort of the month it was registered in.
     */
    static void assertMonthTalliesAreTheLeadsCounted(JdbcTemplate jdbc, int leadRows, int wonRows) {
        Map<String, Long> leads = new TreeMap<>();
        Map<String, Long> wonLeads = new TreeMap<>();
        Map<String, BigDecimal> wonValues = new TreeMap<>();
        jdbc.query("select * from funnel_lead", rs -> {
            long registered = rs.getLong("registered_ms");
            long end = rs.getLong("cohort_end_ms");
            assertThat(rs.wasNull()).as("a lead without its cohort").isFalse();
            assertThat(end).isEqualTo(FunnelTally.cohortEnd(registered));
            int reached = 0;
            for (Stage stage : Stage.values()) {
                if (stage != Stage.INQUIRY_RECEIVED) {
                    long first = rs.getLong(stage.name().toLowerCase(java.util.Locale.ROOT) + "_ms");
                    reached |= rs.wasNull() || first > end ? 0 : FunnelTally.bit(stage);
                }
            }
            leads.merge(end + "|" + rs.getString("month_end_stage") + "|" + reached, 1L, Long::sum);
            rs.getLong("month_end_win_span_ms");
            if (!rs.wasNull()) {
                String currency = rs.getString("month_end_won_currency");
                String key = end + "|" + (currency == null ? "" : currency);
                wonLeads.merge(key, 1L, Long::sum);
                BigDecimal amount = rs.getBigDecimal("month_end_won_amount");
                wonValues.merge(key, amount == null ? BigDecimal.ZERO : amount, BigDecimal::add);
            }
        });
        Map<String, String> won = new TreeMap<>();
        wonLeads.forEach((key, count) -> won.put(key, count + "|" + wonValues.get(key).stripTrailingZeros().toPlainString()));
        Map<String, Long> leadsTally = new TreeMap<>();
        jdbc.query("select cohort_end_ms, stage, reached, leads from funnel_month_tally", rs -> {
            leadsTally.put(rs.getLong("cohort_end_ms") + "|" + rs.getString("stage") + "|" + rs.getInt("reached"), rs.getLong("leads"));
        });
        Map<String, String> wonTally = new TreeMap<>();
        jdbc.query("select cohort_end_ms, value_currency, leads, value_sum from won_month_tally", rs -> {
            wonTally.put(rs.getLong("cohort_end_ms") + "|" + rs.getString("value_currency"),
                    rs.getLong("leads") + "|" + rs.getBigDecimal("value_sum").stripTrailingZeros().toPlainString());
        });
        assertThat(leadsTally).hasSizeGreaterThanOrEqualTo(leadRows).isEqualTo(leads);
        assertThat(wonTally).hasSizeGreaterThanOrEqualTo(wonRows).isEqualTo(won);
    }
}
