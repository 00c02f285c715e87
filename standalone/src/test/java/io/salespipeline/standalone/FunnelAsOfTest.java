package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.platform.testing.Http;
import io.salespipeline.query.analytics.Numbers;
import io.salespipeline.query.visits.Amounts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The funnel of a window reads each lead's stage at the window's end from its own row when the lead passed each
 * stage once ({@code funnel_lead.one_pass}), and looks up its visits otherwise: either way it answers what counting
 * every lead's visits answers, counted here from every row of {@code stage_visit}: the cohort registered in
 * {@code [from, to)}, the stages each had reached by {@code to}, the stage each was in at {@code to} (the visit
 * entered by then and not ended by then), and of those won then, the last win's value and time to win.
 */
class FunnelAsOfTest extends StandaloneTest {

    private static final Instant END = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    private static final List<String> FUNNEL = List.of("INQUIRY_RECEIVED", "CONTACTED", "OFFER_PREPARATION", "OFFER_SENT",
            "FOLLOW_UP", "WON");

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theFunnelOfAnyWindow_isEveryLeadsVisitsCounted() {
        Imports.generated(port, 200, END);
        // two leads of no single pass: one contacted and taken into offer preparation at the same instant (a visit
        // of no length), one lost, reopened into a stage it had passed, and won
        Instant t0 = END.minus(40, ChronoUnit.DAYS);
        String tied = UUID.randomUUID().toString();
        String reopened = UUID.randomUUID().toString();
        String ndjson = line(tied, t0, List.of(
                "{\"command\":\"RecordFirstContact\",\"occurredAt\":\"" + t0.plus(1, ChronoUnit.HOURS) + "\",\"channel\":\"PHONE\",\"nextContactAt\":\"" + t0.plus(2, ChronoUnit.DAYS) + "\"}",
                "{\"command\":\"QualifyLead\",\"occurredAt\":\"" + t0.plus(1, ChronoUnit.HOURS) + "\",\"estimatedValue\":{\"amount\":\"10000.00\",\"currency\":\"PLN\"},\"proposedService\":\"support contract\"}",
                "{\"command\":\"StartOfferPreparation\",\"occurredAt\":\"" + t0.plus(1, ChronoUnit.HOURS) + "\"}",
                "{\"command\":\"SendOffer\",\"occurredAt\":\"" + t0.plus(5, ChronoUnit.HOURS) + "\",\"value\":{\"amount\":\"12000.00\",\"currency\":\"PLN\"},\"description\":\"support contract\"}",
                "{\"command\":\"MarkWon\",\"occurredAt\":\"" + t0.plus(3, ChronoUnit.DAYS) + "\"}"))
                + "\n" + line(reopened, t0, List.of(
                "{\"command\":\"RecordFirstContact\",\"occurredAt\":\"" + t0.plus(2, ChronoUnit.HOURS) + "\",\"channel\":\"EMAIL\",\"nextContactAt\":\"" + t0.plus(2, ChronoUnit.DAYS) + "\"}",
                "{\"command\":\"MarkLost\",\"occurredAt\":\"" + t0.plus(1, ChronoUnit.DAYS) + "\",\"reason\":\"PRICE\"}",
                "{\"command\":\"ReopenLead\",\"occurredAt\":\"" + t0.plus(2, ChronoUnit.DAYS) + "\",\"reason\":\"new budget\",\"stage\":\"CONTACTED\"}",
                "{\"command\":\"QualifyLead\",\"occurredAt\":\"" + t0.plus(60, ChronoUnit.HOURS) + "\",\"estimatedValue\":{\"amount\":\"10000.00\",\"currency\":\"PLN\"},\"proposedService\":\"support contract\"}",
                "{\"command\":\"StartOfferPreparation\",\"occurredAt\":\"" + t0.plus(3, ChronoUnit.DAYS) + "\"}",
                "{\"command\":\"SendOffer\",\"occurredAt\":\"" + t0.plus(4, ChronoUnit.DAYS) + "\",\"value\":{\"amount\":\"7000.50\",\"currency\":\"EUR\"},\"description\":\"training\"}",
                "{\"command\":\"MarkWon\",\"occurredAt\":\"" + t0.plus(6, ChronoUnit.DAYS) + "\"}"));
        JsonNode imported = Imports.run(port, "manager", ndjson);
        assertThat(imported.get("leadsImported").asLong()).as(imported.toString()).isEqualTo(2);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(2));
        // and a lead reopened over HTTP in a later batch than its loss (the projection updates its row), into the stage
        // it had been lost from, then taken into offer preparation
        Http sales = as("sales");
        String later = Leads.in(sales, Leads.At.LOST);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(1));
        assertThat(jdbc.queryForObject("select one_pass from funnel_lead where lead_id = ?", Boolean.class, later)).isTrue();
        assertThat(sales.post("/api/leads/" + later + "/reopening", "{\"reason\": \"came back\", \"stage\": \"CONTACTED\"}").status())
                .isEqualTo(200);
        sleep(50);
        assertThat(sales.post("/api/leads/" + later + "/qualification",
                "{\"estimatedValue\": {\"amount\": \"1000.00\", \"currency\": \"PLN\"}, \"proposedService\": \"CRM\"}").status()).isEqualTo(200);
        assertThat(sales.post("/api/leads/" + later + "/offer-preparation", "{}").status()).isEqualTo(200);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(1));
        assertThat(jdbc.queryForList("select one_pass from funnel_lead where lead_id in (?, ?, ?)", Boolean.class, tied, reopened, later))
                .containsExactly(false, false, false);
        // leads whose rows change in later batches (over HTTP, each step once the projection has the one before)
        // before and after the end of the month they were registered in: the state at its end stays as it was then
        Instant monthEnd = YearMonth.from(END.atOffset(ZoneOffset.UTC)).minusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        String contactedByMonthEnd = registered(sales, monthEnd.minus(3, ChronoUnit.DAYS));
        step(sales, contactedByMonthEnd, "first-contact", "\"channel\": \"PHONE\", \"nextContactAt\": \"" + monthEnd.plus(1, ChronoUnit.DAYS) + "\"",
                monthEnd.minus(2, ChronoUnit.DAYS));
        step(sales, contactedByMonthEnd, "qualification", "\"estimatedValue\": {\"amount\": \"1000.00\", \"currency\": \"PLN\"}, \"proposedService\": \"CRM\"",
                monthEnd.plus(1, ChronoUnit.DAYS));
        step(sales, contactedByMonthEnd, "offer-preparation", null, monthEnd.plus(26, ChronoUnit.HOURS));
        String wonByMonthEnd = registered(sales, monthEnd.minus(6, ChronoUnit.DAYS));
        step(sales, wonByMonthEnd, "first-contact", "\"channel\": \"PHONE\", \"nextContactAt\": \"" + monthEnd.minus(4, ChronoUnit.DAYS) + "\"",
                monthEnd.minus(5, ChronoUnit.DAYS));
        step(sales, wonByMonthEnd, "qualification", "\"estimatedValue\": {\"amount\": \"1000.00\", \"currency\": \"PLN\"}, \"proposedService\": \"CRM\"",
                monthEnd.minus(5, ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS));
        step(sales, wonByMonthEnd, "offer-preparation", null, monthEnd.minus(4, ChronoUnit.DAYS));
        step(sales, wonByMonthEnd, "offer", "\"value\": {\"amount\": \"777.70\", \"currency\": \"EUR\"}, \"description\": \"CRM\"",
                monthEnd.minus(4, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS));
        step(sales, wonByMonthEnd, "won", null, monthEnd.minus(1, ChronoUnit.DAYS));
        step(sales, wonByMonthEnd, "after-sales", "\"accountManager\": \"sales\", \"nextContactAt\": \"" + monthEnd.plus(5, ChronoUnit.DAYS)
                + "\", \"purpose\": \"onboarding\"", monthEnd.plus(2, ChronoUnit.DAYS));
        String lostByMonthEnd = registered(sales, monthEnd.minus(3, ChronoUnit.DAYS));
        step(sales, lostByMonthEnd, "first-contact", "\"channel\": \"EMAIL\", \"nextContactAt\": \"" + monthEnd + "\"",
                monthEnd.minus(2, ChronoUnit.DAYS));
        step(sales, lostByMonthEnd, "lost", "\"reason\": \"PRICE\"", monthEnd);
        step(sales, lostByMonthEnd, "reopening", "\"reason\": \"came back\", \"stage\": \"CONTACTED\"", monthEnd.plusMillis(1));
        assertThat(jdbc.queryForList("select month_end_stage from funnel_lead where lead_id in (?, ?, ?) order by registered_ms, lead_id",
                String.class, wonByMonthEnd, contactedByMonthEnd, lostByMonthEnd))
                .containsExactlyInAnyOrder("WON", "CONTACTED", "LOST");
        assertThat(jdbc.queryForObject("select count(*) from funnel_lead where one_pass", Long.class)).isGreaterThan(100);
        assertThat(jdbc.queryForObject("select count(*) from funnel_lead where not one_pass", Long.class)).isGreaterThan(5);

        List<String> windows = new ArrayList<>();
        for (int k = 0; k < 13; k++) {
            Instant to = END.minus(30L * k, ChronoUnit.DAYS).plus(7L * k, ChronoUnit.HOURS).plusSeconds(13 * 60 + k);
            windows.add("from=" + to.minus(61, ChronoUnit.DAYS) + "&to=" + to);
        }
        // around the instant of no length, and each step of the reopened lead
        Instant from = t0.minus(1, ChronoUnit.DAYS);
        for (Instant to : List.of(t0.plus(1, ChronoUnit.HOURS), t0.plus(1, ChronoUnit.HOURS).minusMillis(1),
                t0.plus(1, ChronoUnit.HOURS).plusMillis(1), t0.plus(25, ChronoUnit.HOURS), t0.plus(2, ChronoUnit.DAYS),
                t0.plus(5, ChronoUnit.DAYS), t0.plus(6, ChronoUnit.DAYS), t0.plus(8, ChronoUnit.DAYS))) {
            windows.add("from=" + from + "&to=" + to);
        }
        // the HTTP lead just after its reopening
        long reopenedAt = jdbc.queryForObject("select max(entered_ms) from stage_visit where lead_id = ? and stage = 'CONTACTED'",
                Long.class, later);
        windows.add("from=" + END + "&to=" + Instant.ofEpochMilli(reopenedAt + 1));
        windows.add("from=1970-01-01T00:00:00Z&to=" + END.minus(100, ChronoUnit.DAYS)); // every lead, read lead by lead
        windows.add("from=" + END.minus(200, ChronoUnit.DAYS) + "&to=" + END.minus(90, ChronoUnit.DAYS) + "&source=REFERRAL");

        // calendar months (UTC), answered from the tallies of each lead's state at its month's end: the thirteen
        // before END's, END's own (its end still to come), and the month of the instant of no length
        YearMonth endMonth = YearMonth.from(END.atOffset(ZoneOffset.UTC));
        YearMonth t0Month = YearMonth.from(t0.atOffset(ZoneOffset.UTC));
        List<YearMonth> months = new ArrayList<>();
        for (int k = 0; k <= 13; k++) {
            months.add(endMonth.minusMonths(k));
        }
        if (!months.contains(t0Month)) {
            months.add(t0Month);
        }
        for (YearMonth month : months) {
            windows.add("from=" + month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)
                    + "&to=" + month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        }
        assertThat(jdbc.queryForObject("select count(*) from funnel_lead where cohort_end_ms is null", Long.class))
                .as("leads whose month's end is unknown (the month tallies then not read)").isZero();
        assertThat(jdbc.queryForObject("select count(distinct cohort_end_ms) from funnel_month_tally where leads > 0", Long.class))
                .isGreaterThanOrEqualTo(12);

        Map<String, List<Visit>> visits = visits();
        Http analyst = as("analyst");
        long won = 0;
        long cohorts = 0;
        for (String window : windows) {
            JsonNode answer = analyst.get("/api/analytics/funnel?" + window).json();
            long fromMs = Instant.parse(answer.get("from").asText()).toEpochMilli();
            long toMs = Instant.parse(answer.get("to").asText()).toEpochMilli();
            String source = window.contains("source=") ? window.substring(window.indexOf("source=") + 7) : null;
            Map<String, Object> counted = counted(visits, fromMs, toMs, source);
            Map<String, Object> answered = new LinkedHashMap<>();
            answered.put("cohort", answer.get("cohort").asLong());
            Map<String, Long> reached = new LinkedHashMap<>();
            answer.get("stages").forEach(s -> reached.put(s.get("stage").asText(), s.get("reached").asLong()));
            answered.put("reached", reached);
            answered.put("won", answer.get("won").asLong());
            answered.put("lost", answer.get("lost").asLong());
            answered.put("disqualified", answer.get("disqualified").asLong());
            answered.put("open", answer.get("open").asLong());
            Map<String, String> wonValue = new TreeMap<>();
            answer.get("wonValue").fields().forEachRemaining(e -> wonValue.put(e.getKey(), e.getValue().asText()));
            answered.put("wonValue", wonValue);
            answered.put("medianDaysToWin", answer.get("medianDaysToWin").isNull() ? null : answer.get("medianDaysToWin").asDouble());
            assertThat(answered).as(window).isEqualTo(counted);
            won += answer.get("won").asLong();
            cohorts += answer.get("cohort").asLong();
        }
        assertThat(cohorts).as("leads in the windows' cohorts").isGreaterThan(300);
        assertThat(won).as("won leads in the windows").isGreaterThan(20);
    }

    private record Visit(int visitNo, String stage, String source, long entered, Long exited, BigDecimal amount, String currency) {
    }

    /** Every lead's visits, in order. */
    private Map<String, List<Visit>> visits() {
        Map<String, List<Visit>> visits = new HashMap<>();
        jdbc.query("select lead_id, visit_no, stage, source, entered_ms, exited_ms, value_amount, value_currency from stage_visit"
                + " order by lead_id, visit_no", rs -> {
            long exited = rs.getLong("exited_ms");
            Long exitedMs = rs.wasNull() ? null : exited;
            visits.computeIfAbsent(rs.getString("lead_id"), k -> new ArrayList<>()).add(new Visit(rs.getInt("visit_no"),
                    rs.getString("stage"), rs.getString("source"), rs.getLong("entered_ms"), exitedMs,
                    rs.getBigDecimal("value_amount"), rs.getString("value_currency")));
        });
        return visits;
    }

    /** The funnel of the leads registered in {@code [from, to)}, as of {@code to}, from their visits. */
    private static Map<String, Object> counted(Map<String, List<Visit>> visits, long from, long to, String source) {
        long cohort = 0;
        Map<String, Long> reached = new HashMap<>();
        Map<String, Long> then = new HashMap<>();
        Map<String, BigDecimal> values = new TreeMap<>();
        List<Long> spans = new ArrayList<>();
        for (List<Visit> lead : visits.values()) {
            Visit registration = lead.get(0);
            assertThat(registration.visitNo()).isZero();
            if (registration.entered() < from || registration.entered() >= to || (source != null && !source.equals(registration.source()))) {
                continue;
            }
            cohort++;
            Visit open = null;
            Visit lastWin = null;
            java.util.Set<String> stages = new java.util.HashSet<>();
            for (Visit v : lead) {
                if (v.entered() <= to) {
                    stages.add(v.stage());
                    if (v.exited() == null || v.exited() > to) {
                        open = v;
                    }
                    if (v.stage().equals("WON")) {
                        lastWin = v;
                    }
                }
            }
            stages.forEach(s -> reached.merge(s, 1L, Long::sum));
            assertThat(open).isNotNull();
            then.merge(open.stage(), 1L, Long::sum);
            if (open.stage().equals("WON") || open.stage().equals("AFTER_SALES")) {
                spans.add(lastWin.entered() - registration.entered());
                if (lastWin.amount() != null) {
                    values.merge(lastWin.currency(), lastWin.amount(), BigDecimal::add);
                }
            }
        }
        Map<String, Object> counted = new LinkedHashMap<>();
        counted.put("cohort", cohort);
        Map<String, Long> funnel = new LinkedHashMap<>();
        FUNNEL.forEach(stage -> funnel.put(stage, reached.getOrDefault(stage, 0L)));
        counted.put("reached", funnel);
        long won = then.getOrDefault("WON", 0L) + then.getOrDefault("AFTER_SALES", 0L);
        long lost = then.getOrDefault("LOST", 0L);
        long disqualified = then.getOrDefault("DISQUALIFIED", 0L);
        counted.put("won", won);
        counted.put("lost", lost);
        counted.put("disqualified", disqualified);
        counted.put("open", cohort - won - lost - disqualified);
        Map<String, String> wonValue = new TreeMap<>();
        values.forEach((currency, sum) -> wonValue.put(currency, Amounts.normalized(sum).toPlainString()));
        counted.put("wonValue", wonValue);
        Double median = null;
        if (!spans.isEmpty()) {
            spans.sort(null);
            double position = 0.5 * (spans.size() - 1);
            int lower = (int) Math.floor(position);
            double low = spans.get(lower) / 86_400_000.0;
            double high = spans.get(Math.min(lower + 1, spans.size() - 1)) / 86_400_000.0;
            median = Numbers.round(low + (high - low) * (position - lower), 2);
        }
        counted.put("medianDaysToWin", median);
        return counted;
    }

    /** An import line: the lead registered at {@code at} from the website, then {@code commands}. */
    /** A lead registered over HTTP at {@code at}, once the projection has it. */
    private String registered(Http sales, Instant at) {
        Http.Response registered = sales.post("/api/leads", """
                {"company": {"name": "Month End Sp. z o.o."}, "contact": {"name": "Ann", "phone": "+48 2"}, "source": "REFERRAL",
                 "occurredAt": "%s"}""".formatted(at));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(1));
        return registered.json().get("leadId").asText();
    }

    /** A command of the lead over HTTP ({@code fields}: its body's fields but occurredAt), once the projection has it. */
    private void step(Http sales, String leadId, String command, String fields, Instant at) {
        Http.Response response = sales.post("/api/leads/" + leadId + "/" + command,
                "{" + (fields == null ? "" : fields + ", ") + "\"occurredAt\": \"" + at + "\"}");
        assertThat(response.status()).as(command + ": " + response).isEqualTo(200);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(1));
    }

    private static String line(String leadId, Instant at, List<String> commands) {
        return "{\"leadId\":\"" + leadId + "\",\"commands\":[{\"command\":\"RegisterLead\",\"occurredAt\":\"" + at + "\","
                + "\"company\":{\"name\":\"One Pass Test " + leadId.substring(0, 8) + "\",\"address\":\"Kraków\"},"
                + "\"contact\":{\"name\":\"Anna Nowak\",\"email\":\"anna@example.pl\"},\"source\":\"WEBSITE\","
                + "\"owner\":\"sales\",\"pipeline\":\"default\"}," + String.join(",", commands) + "]}";
    }
}
