package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.query.visits.DurationTally;
import io.salespipeline.query.visits.EntryTally;
import io.salespipeline.query.visits.Months;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
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

        // calendar months: from the month tallies (the completed visits of the month, the visits open at its end
        // ended since), as reading the visits answers (the pipeline asked for, every lead's, so that they are read)
        YearMonth month = YearMonth.from(END.atOffset(ZoneOffset.UTC)).plusMonths(1);
        long visits = 0;
        for (int k = 0; k < 14; k++, month = month.minusMonths(1)) {
            String window = "/api/analytics/time-in-stage?from=" + month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)
                    + "&to=" + month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            ObjectNode tallied = (ObjectNode) analyst.get(window).json();
            ObjectNode read = (ObjectNode) analyst.get(window + "&pipeline=default").json();
            assertThat(tallied).as(window).isEqualTo(read);
            for (JsonNode stage : tallied.get("stages")) {
                visits += stage.get("visits").asLong();
            }
        }
        assertThat(visits).as("visits completed in the months").isGreaterThan(500);
    }

    /** The month of each visit's exit as V3_43's SQL computes it (integer arithmetic) is the calendar's, as {@link Months}'. */
    @Test
    void theMigrationsMonthOfAnExit_isTheCalendars() throws Exception {
        String migration = new String(getClass().getResourceAsStream("/db/migration/V3_43__time_in_stage_of_a_month.sql").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        String set = "update stage_visit set exited_month = ";
        String expression = migration.substring(migration.indexOf(set) + set.length(), migration.indexOf("\nwhere exited_ms >= 0;"));
        java.util.Set<Long> instants = new java.util.TreeSet<>(); // a February's 28th day's last instant is the next month's start less one
        for (YearMonth m = YearMonth.of(1970, 1); m.isBefore(YearMonth.of(2170, 1)); m = m.plusMonths(1)) {
            long start = m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            instants.addAll(List.of(start, start + 1, start + 15 * 86_400_000L + 12_345, start + 27 * 86_400_000L + 86_399_999));
            if (start > 0) {
                instants.add(start - 1);
            }
        }
        String values = instants.stream().map(ms -> "(" + ms + ")").collect(java.util.stream.Collectors.joining(", "));
        java.util.Map<Long, Integer> computed = new java.util.HashMap<>();
        jdbc.query("select exited_ms, " + expression + " as m from (values " + values + ") as v(exited_ms)", rs -> {
            computed.put(rs.getLong("exited_ms"), rs.getInt("m"));
        });
        assertThat(computed).hasSize(instants.size());
        instants.forEach(ms -> assertThat(computed.get(ms)).as("%s", java.time.Instant.ofEpochMilli(ms)).isEqualTo(Months.of(ms)));
        assertThat(Months.of(YearMonth.of(2026, 9).atDay(30).atTime(23, 59).toInstant(ZoneOffset.UTC).toEpochMilli())).isEqualTo(2026 * 12 + 8);
        assertThat(Months.of(-1)).isNull();
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

        // per month of exit (the calendar's, UTC): each completed visit's, and the month tallies its visits counted
        java.util.Map<String, String> months = new java.util.TreeMap<>();
        java.util.Map<String, Long> entryExits = new java.util.TreeMap<>();
        java.util.Map<String, long[]> byMonth = new java.util.TreeMap<>();
        jdbc.query("select stage, entered_ms, exited_ms, duration_bucket, exited_month from stage_visit where exited_ms is not null", rs -> {
            long exited = rs.getLong("exited_ms");
            YearMonth calendar = YearMonth.from(java.time.Instant.ofEpochMilli(exited).atOffset(ZoneOffset.UTC));
            int month = calendar.getYear() * 12 + calendar.getMonthValue() - 1;
            assertThat(rs.getInt("exited_month")).isEqualTo(month);
            long[] visitsAndSum = byMonth.computeIfAbsent(month + "|" + rs.getString("stage") + "|" + rs.getInt("duration_bucket"), k -> new long[2]);
            visitsAndSum[0]++;
            visitsAndSum[1] += exited - rs.getLong("entered_ms");
            entryExits.merge(rs.getString("stage") + "|" + EntryTally.week(rs.getLong("entered_ms")) + "|" + month, 1L, Long::sum);
        });
        byMonth.forEach((key, v) -> months.put(key, v[0] + "|" + v[1]));
        java.util.Map<String, String> monthTally = new java.util.TreeMap<>();
        jdbc.query("select exited_month, stage, duration_bucket, visits, duration_sum from duration_month_tally where visits > 0", rs -> {
            monthTally.put(rs.getInt("exited_month") + "|" + rs.getString("stage") + "|" + rs.getInt("duration_bucket"),
                    rs.getLong("visits") + "|" + rs.getLong("duration_sum"));
        });
        java.util.Map<String, Long> entryExitTally = new java.util.TreeMap<>();
        jdbc.query("select stage, entered_week, exited_month, visits from entry_exit_tally where visits > 0", rs -> {
            entryExitTally.put(rs.getString("stage") + "|" + rs.getLong("entered_week") + "|" + rs.getInt("exited_month"), rs.getLong("visits"));
        });
        assertThat(monthTally).hasSizeGreaterThanOrEqualTo(rows).isEqualTo(months);
        assertThat(entryExitTally).hasSizeGreaterThanOrEqualTo(rows).isEqualTo(entryExits);
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
