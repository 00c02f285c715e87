package io.salespipeline.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.Stage;
import io.salespipeline.history.HistoryGenerator;
import io.salespipeline.query.pipeline.BoardStore;
import io.salespipeline.query.pipeline.BoardStore.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lead tally ({@code lead_tally}) is {@code visit_lead} counted, kept by the projection batch by batch; the
 * board's counts and values and the lead list's totals from it are those of counting every lead's state, now
 * and as of earlier instants (the states begun since taken off, the past periods added).
 */
class LeadTallyTest extends StandaloneTest {

    private static final Instant END = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    NamedParameterJdbcTemplate named;

    @Autowired
    BoardStore board;

    @Test
    void theTallyIsTheLeadsCounted_andGivesTheBoardsAndTheListsNumbersAtEveryInstant() {
        // histories of every path (reassigned, revised, reopened, won with after-sales, lost, disqualified), the
        // last of them within the hour before now, imported in chunks (many batches of the projection)
        HistoryGenerator generator = new HistoryGenerator(ThreadLocalRandom.current().nextLong(), END);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            lines.add(generator.next().line());
        }
        JsonNode imported = Imports.run(port, "manager", String.join("\n", lines));
        assertThat(imported.get("leadsImported").asLong()).as(imported.toString()).isEqualTo(600);
        ReadModels.awaitCaughtUp(jdbc, Duration.ofMinutes(2));

        assertTallyIsTheLeadsCounted(jdbc);

        List<String> owners = jdbc.queryForList("select distinct owner from visit_lead order by owner limit 3", String.class);
        List<String> ownerFilters = new ArrayList<>(owners);
        ownerFilters.add(null);
        List<LeadSource> sources = new ArrayList<>(Arrays.asList(LeadSource.values()));
        sources.add(null);
        List<List<Stage>> stageFilters = new ArrayList<>();
        stageFilters.add(null);
        stageFilters.add(Arrays.stream(Stage.values()).filter(Stage::isOnBoard).toList());
        for (Stage stage : Stage.values()) {
            stageFilters.add(List.of(stage));
        }
        Instant now = Instant.now();
        int compared = 0;
        for (Instant at : List.of(now.plus(1, ChronoUnit.HOURS), now, END.minus(3, ChronoUnit.HOURS), END.minus(20, ChronoUnit.DAYS))) {
            for (String owner : ownerFilters) {
                for (LeadSource source : sources) {
                    for (List<Stage> stages : stageFilters) {
                        for (String pipeline : Arrays.asList(null, "default")) {
                            Filter filter = new Filter(at, stages, owner, source, pipeline, null);
                            String what = "as of " + at + ", owner " + owner + ", source " + source + ", stages " + stages
                                    + ", pipeline " + pipeline;
                            if (stages == null || stages.size() > 1) {
                                assertThat(board.boardTotals(new Filter(at, stages == null ? List.of(Stage.values()) : stages,
                                        owner, source, pipeline, null), true))
                                        .as("board totals " + what)
                                        .isEqualTo(board.boardTotals(new Filter(at, stages == null ? List.of(Stage.values()) : stages,
                                                owner, source, pipeline, null), false));
                            }
                            MapSqlParameterSource params = BoardStore.params(filter);
                            assertThat(named.queryForObject(BoardStore.tallyCount(filter), params, Long.class)).as("lead list total " + what)
                                    .isEqualTo(named.queryForObject(BoardStore.count(filter, ""), params, Long.class));
                            compared++;
                        }
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(1000);

        // a flag's total (counted from its index) is the number of leads its pages list
        long flagged = 0;
        for (Instant at : List.of(now, END.minus(3, ChronoUnit.HOURS), END.minus(20, ChronoUnit.DAYS))) {
            for (BoardStore.Flag flag : BoardStore.Flag.values()) {
                for (LeadSource source : Arrays.asList(null, LeadSource.REFERRAL)) {
                    Filter filter = new Filter(at, null, null, source, null, flag);
                    long total = board.page(filter, 0, 1).total();
                    long listed = 0;
                    for (long offset = 0; ; offset += 500) {
                        int items = board.page(filter, offset, 500).items().size();
                        listed += items;
                        if (items < 500) {
                            break;
                        }
                    }
                    assertThat(total).as("total of " + flag + " as of " + at + ", source " + source).isEqualTo(listed);
                    flagged += total;
                }
            }
        }
        assertThat(flagged).isPositive();
        // the comparison means something: the leads are spread over stages, owners and sources, and as of the
        // earlier instants some of the current states had not begun
        assertThat(jdbc.queryForObject("select count(*) from lead_tally where leads > 0", Long.class)).isGreaterThan(20);
        assertThat(jdbc.queryForObject("select count(*) from visit_lead where state_from_ms > ?", Long.class,
                END.minus(3, ChronoUnit.HOURS).toEpochMilli())).isPositive();
    }

    /** Every row of {@code lead_tally} is {@code visit_lead} grouped and counted, and no row is without leads. */
    static void assertTallyIsTheLeadsCounted(JdbcTemplate jdbc) {
        String order = " order by stage, owner, source, pipeline_key, pipeline_version, value_currency";
        List<String> tally = jdbc.queryForList("""
                select stage || '|' || owner || '|' || source || '|' || pipeline_key || '|' || pipeline_version || '|'
                       || value_currency || '|' || leads || '|' || cast(value_sum as decimal(38, 4)) from lead_tally""" + order, String.class);
        List<String> counted = jdbc.queryForList("""
                select stage || '|' || owner || '|' || source || '|' || pipeline_key || '|' || pipeline_version || '|'
                       || value_currency || '|' || leads || '|' || cast(value_sum as decimal(38, 4)) from (
                    select stage, owner, source, pipeline_key, pipeline_version,
                           case when offer_amount is not null then offer_currency when estimate_amount is not null
                                then estimate_currency else '' end as value_currency,
                           count(*) as leads, sum(coalesce(offer_amount, estimate_amount, 0)) as value_sum
                    from visit_lead
                    group by stage, owner, source, pipeline_key, pipeline_version,
                             case when offer_amount is not null then offer_currency when estimate_amount is not null
                                  then estimate_currency else '' end) counted""" + order, String.class);
        assertThat(tally).isNotEmpty().isEqualTo(counted);
    }
}
