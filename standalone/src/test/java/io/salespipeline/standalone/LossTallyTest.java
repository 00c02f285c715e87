package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loss tally ({@code loss_tally}) is the open visits of LOST and DISQUALIFIED counted, kept by the projection
 * batch by batch (a loss reopened in a later batch taken off); lost reasons over all history, which read it, answer
 * what reading every loss answers, now and as of earlier instants (the losses begun since taken off, those ended
 * since added back).
 */
class LossTallyTest extends StandaloneTest {

    private static final Instant END = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    /** A window that reads every loss (a {@code from} asked for, the beginning of history): the tally is not asked. */
    private static final String EVERY_LOSS_READ = "&from=1970-01-01T00:00:00Z";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void lostReasonsOverAllHistoryFromTheTally_areTheLossesCounted() {
        // histories of every path (lost from every stage, disqualified, reopened, with and without values and
        // competitors), the last of them within the hour before now, imported in chunks (many batches)
        Imports.generated(port, 200, END);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(2));
        // and a loss reopened over HTTP once the projection has counted it (an ended loss read back and taken off)
        Http sales = as("sales");
        String reopened = Leads.in(sales, Leads.At.LOST);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(1));
        long lostBefore = jdbc.queryForObject("select sum(visits) from loss_tally where stage = 'LOST' and group_by = 'reason'", Long.class);
        assertThat(sales.post("/api/leads/" + reopened + "/reopening", "{\"reason\": \"came back\"}").status()).isEqualTo(200);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(1));
        assertThat(jdbc.queryForObject("select sum(visits) from loss_tally where stage = 'LOST' and group_by = 'reason'", Long.class))
                .isEqualTo(lostBefore - 1);

        assertTallyIsTheLossesCounted(jdbc);

        Http analyst = as("analyst");
        Instant now = Instant.now();
        int compared = 0;
        for (String groupBy : List.of("reason", "stage", "source", "month", "competitor", "owner")) {
            List<String> ends = Arrays.asList(null, now.plus(1, ChronoUnit.HOURS).toString(),
                    END.minus(3, ChronoUnit.HOURS).toString(), END.minus(20, ChronoUnit.DAYS).toString());
            for (String to : ends) {
                String path = "/api/analytics/lost-reasons?groupBy=" + groupBy + (to == null ? "" : "&to=" + to);
                ObjectNode tallied = (ObjectNode) analyst.get(path).json();
                String end = tallied.get("to").asText();
                // the same end, so that "now" is the same instant for both
                ObjectNode counted = (ObjectNode) analyst.get("/api/analytics/lost-reasons?groupBy=" + groupBy + "&to=" + end
                        + EVERY_LOSS_READ).json();
                assertThat(tallied.get("from").asText()).isEqualTo("1970-01-01T00:00:00Z");
                tallied.remove("from");
                counted.remove("from");
                assertThat(tallied).as(path).isEqualTo(counted);
                assertThat(tallied.get("lost").asLong() + tallied.get("disqualified").asLong()).as(path).isPositive();
                compared++;
            }
        }
        assertThat(compared).isEqualTo(24);
        // the comparison means something: some losses were reopened (ended: the tally no longer counts them), some
        // began after the earlier ends
        assertThat(jdbc.queryForObject("select count(*) from stage_visit where stage in ('LOST', 'DISQUALIFIED') and exited_ms is not null",
                Long.class)).isPositive();
        assertThat(jdbc.queryForObject("select count(*) from stage_visit where stage = 'LOST' and entered_ms > ?",
                Long.class, END.minus(20, ChronoUnit.DAYS).toEpochMilli())).isPositive();
    }

    /** Every row of {@code loss_tally} is the open visits of LOST and DISQUALIFIED grouped and counted, none empty. */
    static void assertTallyIsTheLossesCounted(JdbcTemplate jdbc) {
        String row = "stage || '|' || group_by || '|' || case when has_key then 'k' else '-' end || '|' || group_key || '|'"
                + " || value_currency || '|' || visits || '|' || cast(value_sum as decimal(38, 4))";
        List<String> tally = jdbc.queryForList("select " + row + " from loss_tally order by 1", String.class);
        List<String> counted = new ArrayList<>();
        for (String[] grouping : new String[][]{{"reason", "reason"}, {"stage", "from_stage"}, {"source", "source"},
                {"month", "entered_month"}, {"competitor", "competitor"}}) {
            counted.addAll(jdbc.queryForList("select " + row + " from (select stage, '" + grouping[0] + "' as group_by,"
                    + " " + grouping[1] + " is not null as has_key, coalesce(" + grouping[1] + ", '') as group_key,"
                    + " coalesce(value_currency, '') as value_currency, count(*) as visits, coalesce(sum(value_amount), 0) as value_sum"
                    + " from stage_visit where stage in ('LOST', 'DISQUALIFIED') and exited_ms is null"
                    + " group by stage, " + grouping[1] + " is not null, coalesce(" + grouping[1] + ", ''), coalesce(value_currency, '')) c",
                    String.class));
        }
        counted.sort(null);
        assertThat(tally).isNotEmpty().isEqualTo(counted);
    }
}
