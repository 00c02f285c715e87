package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.platform.testing.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time in stage's visits open at the window's end ({@code to}): without filters they come from the tally of the
 * current states and the visits ended since, and answer what counting every visit answers: per stage, the visits
 * entered before {@code to} and not ended before it, and the median age of their entries at {@code to}
 * ({@code percentile_cont}'s interpolation), counted here from every row of {@code stage_visit}.
 */
class OpenAtTest extends StandaloneTest {

    private static final Instant END = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    private static final long WEEK_MS = 604_800_000L;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void openVisitsAtAnyEnd_areEveryVisitCounted() {
        Imports.generated(port, 200, END);
        Leads.in(as("sales"), Leads.At.OFFER_SENT);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(2));

        Http analyst = as("analyst");
        Instant weekStart = Instant.ofEpochMilli(Math.floorDiv(END.toEpochMilli(), WEEK_MS) * WEEK_MS);
        List<String> windows = new ArrayList<>(List.of(
                "from=1970-01-01T00:00:00Z", // to now
                "from=2000-01-01T00:00:00Z&to=" + END.minus(3, ChronoUnit.HOURS),
                "from=" + END.minus(60, ChronoUnit.DAYS) + "&to=" + END.minus(30, ChronoUnit.DAYS),
                "from=" + END.minus(200, ChronoUnit.DAYS) + "&to=" + END.minus(123, ChronoUnit.DAYS).plusSeconds(7 * 3600 + 61),
                "from=" + weekStart.minus(30, ChronoUnit.DAYS) + "&to=" + weekStart.minus(14, ChronoUnit.DAYS), // a week's start
                "from=" + weekStart.minus(30, ChronoUnit.DAYS) + "&to=" + weekStart.minus(14, ChronoUnit.DAYS).plusMillis(1),
                "from=" + END.minus(10, ChronoUnit.DAYS) + "&to=" + END.plus(30, ChronoUnit.DAYS),
                "from=1990-01-01T00:00:00Z&to=1990-02-01T00:00:00Z")); // before every visit
        // the first instants of calendar months (the visits ended since from entry_exit_tally), the next one's too
        java.time.YearMonth month = java.time.YearMonth.from(END.atOffset(java.time.ZoneOffset.UTC)).plusMonths(1);
        for (int k = 0; k < 14; k++, month = month.minusMonths(1)) {
            windows.add("from=1970-01-01T00:00:00Z&to=" + month.atDay(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
        }
        // just after the longest visit of each stage began: it ended almost its whole length after the end (the bound
        // of the visits ended since)
        jdbc.query("select v.stage, max(v.exited_ms - v.entered_ms) as longest from stage_visit v where v.exited_ms is not null"
                + " group by v.stage", rs -> {
            Long entered = jdbc.queryForObject("select min(entered_ms) from stage_visit where stage = ? and exited_ms - entered_ms = ?",
                    Long.class, rs.getString("stage"), rs.getLong("longest"));
            windows.add("from=1970-01-01T00:00:00Z&to=" + Instant.ofEpochMilli(entered + 1));
        });
        int withOpen = 0;
        for (String window : windows) {
            JsonNode answer = analyst.get("/api/analytics/time-in-stage?" + window).json();
            long to = Instant.parse(answer.get("to").asText()).toEpochMilli();
            Map<String, List<Object>> counted = openCounted(jdbc, to);
            Map<String, List<Object>> answered = new TreeMap<>();
            for (JsonNode stage : answer.get("stages")) {
                if (stage.get("openVisits").asLong() > 0) {
                    answered.put(stage.get("stage").asText(), List.of(stage.get("openVisits").asLong(), stage.get("openMedianAgeHours").asDouble()));
                }
            }
            assertThat(answered).as(window).isEqualTo(counted);
            withOpen += answered.size();
        }
        assertThat(windows).hasSizeGreaterThan(14);
        assertThat(withOpen).as("stages with open visits over the windows").isGreaterThan(30);
    }

    /**
     * Per stage with visits open at {@code to}: how many, and their median age at {@code to} in hours (two decimals,
     * rounded half up from the exact value), the median interpolated as {@code percentile_cont(0.5)}.
     */
    static Map<String, List<Object>> openCounted(JdbcTemplate jdbc, long to) {
        Map<String, List<Long>> entries = new TreeMap<>();
        jdbc.query("select stage, entered_ms, exited_ms from stage_visit", rs -> {
            long entered = rs.getLong("entered_ms");
            long exited = rs.getLong("exited_ms");
            boolean open = rs.wasNull();
            if (entered < to && (open || exited >= to)) {
                entries.computeIfAbsent(rs.getString("stage"), k -> new ArrayList<>()).add(entered);
            }
        });
        Map<String, List<Object>> counted = new TreeMap<>();
        entries.forEach((stage, list) -> {
            list.sort(null);
            int n = list.size();
            double position = 0.5 * (n - 1);
            int lower = (int) Math.floor(position);
            BigDecimal median = BigDecimal.valueOf(list.get(lower));
            if (position > lower) {
                median = median.add(BigDecimal.valueOf(list.get(lower + 1) - list.get(lower)).multiply(BigDecimal.valueOf(position - lower)));
            }
            double age = BigDecimal.valueOf(to).subtract(median).divide(BigDecimal.valueOf(3_600_000), 2, RoundingMode.HALF_UP).doubleValue();
            counted.put(stage, List.of((long) n, age));
        });
        return counted;
    }
}
