package io.salespipeline.query.pipeline;

import io.salespipeline.events.LeadSource;
import io.salespipeline.events.Money;
import io.salespipeline.events.NextStep;
import io.salespipeline.events.Stage;
import io.salespipeline.query.visits.Amounts;
import io.salespipeline.query.visits.StageVisitStore;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The leads' board state as of an instant, filtered, counted, summed and paged in SQL. A lead's state as of
 * {@code at} is its current one ({@code visit_lead}) if that began by then, else the closed period of
 * {@code board_period} around {@code at}, found per span class by a range of its start (a period of class k
 * lasts at most 4^k hours, so it began at most that long before {@code at}). Flags are computed in SQL, so
 * that they filter and order.
 */
@Repository
public class BoardStore {

    private static final String ON_BOARD = Arrays.stream(Stage.values()).filter(Stage::isOnBoard)
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));

    /** The SQL of each flag, on a state {@code s} and its pipeline version {@code pv}, as of {@code :at}. */
    private static final Map<Flag, String> FLAG_SQL = Map.of(
            Flag.NO_NEXT_STEP, "(s.stage in (" + ON_BOARD + ") and s.next_due_ms is null)",
            Flag.NEXT_STEP_OVERDUE, "(s.stage in (" + ON_BOARD + ") and s.next_due_ms < :at)",
            Flag.OFFER_LATE, "(s.stage = 'OFFER_PREPARATION' and s.deadline_ms < :at)",
            Flag.FOLLOW_UP_OVERDUE, "(s.stage = 'OFFER_SENT' and s.deadline_ms < :at)",
            Flag.NO_AFTER_SALES_PLAN, "(s.stage = 'WON' and pv.uses_after_sales"
                    + " and :at - s.stage_entered_ms >= pv.after_sales_plan_within_ms)");

    private static final String FLAGGED = FLAG_SQL.values().stream().collect(Collectors.joining(" or "));

    private static final String FLAG_COLUMNS = Arrays.stream(Flag.values())
            .map(f -> "case when " + FLAG_SQL.get(f) + " then 1 else 0 end as flag_" + f.name().toLowerCase(java.util.Locale.ROOT))
            .collect(Collectors.joining(",\n       "));

    /** The closed periods around {@code :at}: per span class, those that began within its length before. */
    private static final String AROUND_AT = spanClasses();

    private static String spanClasses() {
        List<String> classes = new ArrayList<>();
        long[] max = StageVisitStore.SPAN_CLASS_MAX_MS;
        for (int k = 0; k < max.length; k++) {
            classes.add("(p.span_class = " + k + " and p.from_ms > :at - " + max[k] + ")");
        }
        classes.add("p.span_class = " + max.length);
        return "(" + String.join(" or ", classes) + ")";
    }

    private static final String PIPELINE_VERSION =
            " left join pipeline_version pv on pv.pipeline_key = s.pipeline_key and pv.version = s.pipeline_version";

    /** A won lead waits on the board for its after-sales plan only where its pipeline has after-sales. */
    private static final String SHOWN = " (s.stage <> 'WON' or pv.uses_after_sales is null or pv.uses_after_sales)";

    private final NamedParameterJdbcTemplate jdbc;

    public BoardStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public enum Flag {
        NO_NEXT_STEP, NEXT_STEP_OVERDUE, OFFER_LATE, FOLLOW_UP_OVERDUE, NO_AFTER_SALES_PLAN
    }

    /** Which leads: of these stages (none: all), owned as of {@code at} by {@code owner}, of a source, pipeline, flag. */
    public record Filter(Instant at, Collection<Stage> stages, String owner, LeadSource source, String pipeline, Flag flag) {
    }

    /** A lead's state as of an instant, as the board and the lead list show it. */
    public record LeadState(String leadId, String company, String owner, LeadSource source, String pipeline, Stage stage,
                            Money value, Instant enteredStageAt, double hoursInStage, NextStep nextStep, Set<Flag> flags) {
    }

    /** A board column's totals over all its leads: how many, and their values per currency. */
    public record StageTotals(long count, Map<String, String> value) {
    }

    /** The totals of each board stage that has leads as of {@code filter.at()}. */
    public Map<Stage, StageTotals> boardTotals(Filter filter) {
        MapSqlParameterSource params = params(filter);
        Map<Stage, Long> counts = new LinkedHashMap<>();
        Map<Stage, Map<String, BigDecimal>> sums = new LinkedHashMap<>();
        jdbc.query("select s.stage, s.value_currency, count(*) as leads, sum(s.value_amount) as value_sum from ("
                + states(filter) + ") s" + PIPELINE_VERSION + " where" + SHOWN + flagCondition(filter)
                + " group by s.stage, s.value_currency", params, rs -> {
            Stage stage = Stage.valueOf(rs.getString("stage"));
            counts.merge(stage, rs.getLong("leads"), Long::sum);
            String currency = rs.getString("value_currency");
            BigDecimal sum = rs.getBigDecimal("value_sum");
            if (currency != null && sum != null) {
                sums.computeIfAbsent(stage, k -> new TreeMap<>()).merge(currency, sum, BigDecimal::add);
            }
        });
        Map<Stage, StageTotals> totals = new LinkedHashMap<>();
        counts.forEach((stage, count) -> {
            Map<String, String> value = new LinkedHashMap<>();
            sums.getOrDefault(stage, Map.of()).forEach((currency, sum) -> value.put(currency, Amounts.normalized(sum).toPlainString()));
            totals.put(stage, new StageTotals(count, value));
        });
        return totals;
    }

    /** At most {@code limit} leads of each board stage, the most urgent first: flagged, then longest in the stage. */
    public Map<Stage, List<LeadState>> boardLeads(Filter filter, int limit) {
        Map<Stage, List<LeadState>> byStage = new LinkedHashMap<>();
        if (limit == 0) {
            return byStage;
        }
        MapSqlParameterSource params = params(filter).addValue("limit", limit);
        jdbc.query("select r.*, l.company_name from (select s.*, " + FLAG_COLUMNS
                + ", row_number() over (partition by s.stage order by case when " + FLAGGED
                + " then 0 else 1 end, s.stage_entered_ms, s.lead_id) as rank_in_stage from (" + states(filter) + ") s"
                + PIPELINE_VERSION + " where" + SHOWN + flagCondition(filter) + ") r"
                + " join visit_lead l on l.lead_id = r.lead_id where r.rank_in_stage <= :limit order by r.stage, r.rank_in_stage",
                params, rs -> {
                    LeadState state = state(rs, filter.at());
                    byStage.computeIfAbsent(state.stage(), k -> new ArrayList<>()).add(state);
                });
        return byStage;
    }

    /** A page of the leads, in a stable order (longest in their stage first, then by id), and how many there are. */
    public Page page(Filter filter, long offset, int size) {
        MapSqlParameterSource params = params(filter).addValue("offset", offset).addValue("size", size);
        String from = " from (" + states(filter) + ") s" + PIPELINE_VERSION + " where 1 = 1" + flagCondition(filter);
        Long total = jdbc.queryForObject("select count(*)" + from, params, Long.class);
        List<LeadState> items = total == null || total <= offset ? List.of() : jdbc.query(
                "select s.*, l.company_name, " + FLAG_COLUMNS + from.replace(" where 1 = 1",
                        " join visit_lead l on l.lead_id = s.lead_id where 1 = 1")
                        + " order by s.stage_entered_ms, s.lead_id limit :size offset :offset",
                params, (rs, i) -> state(rs, filter.at()));
        return new Page(total == null ? 0 : total, items);
    }

    public record Page(long total, List<LeadState> items) {
    }

    /**
     * Every lead's board state as of {@code :at} meeting the filter's conditions on the state itself: the
     * closed period around {@code :at}, or the current state if it began by then.
     */
    private static String states(Filter filter) {
        return """
                select p.lead_id, p.stage, p.source, p.pipeline_key, p.pipeline_version, p.owner, p.stage_entered_at,
                       p.stage_entered_ms, p.value_amount, p.value_currency, p.next_action, p.next_due_at, p.next_due_ms,
                       p.deadline_ms
                from board_period p
                where p.from_ms <= :at and p.until_ms > :at and""" + " " + AROUND_AT + conditions("p", filter) + """

                union all
                select l.lead_id, l.stage, l.source, l.pipeline_key, l.pipeline_version, l.owner, l.stage_entered_at,
                       l.stage_entered_ms, coalesce(l.offer_amount, l.estimate_amount) as value_amount,
                       case when l.offer_amount is not null then l.offer_currency else l.estimate_currency end as value_currency,
                       l.next_action, l.next_due_at, l.next_due_ms, l.deadline_ms
                from visit_lead l
                where l.state_from_ms <= :at""" + conditions("l", filter);
    }

    private static String conditions(String alias, Filter filter) {
        return (filter.stages() != null ? " and " + alias + ".stage in (:stages)" : "")
                + (filter.owner() != null ? " and " + alias + ".owner = :owner" : "")
                + (filter.source() != null ? " and " + alias + ".source = :source" : "")
                + (filter.pipeline() != null ? " and " + alias + ".pipeline_key = :pipeline" : "");
    }

    private static String flagCondition(Filter filter) {
        return filter.flag() == null ? "" : " and " + FLAG_SQL.get(filter.flag());
    }

    private static MapSqlParameterSource params(Filter filter) {
        return new MapSqlParameterSource("at", filter.at().toEpochMilli())
                .addValue("stages", filter.stages() == null ? null : filter.stages().stream().map(Enum::name).toList())
                .addValue("owner", filter.owner(), Types.VARCHAR)
                .addValue("source", filter.source() == null ? null : filter.source().name(), Types.VARCHAR)
                .addValue("pipeline", filter.pipeline(), Types.VARCHAR);
    }

    private static LeadState state(ResultSet rs, Instant at) throws SQLException {
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        for (Flag flag : Flag.values()) {
            if (rs.getInt("flag_" + flag.name().toLowerCase(java.util.Locale.ROOT)) == 1) {
                flags.add(flag);
            }
        }
        OffsetDateTime due = rs.getObject("next_due_at", OffsetDateTime.class);
        long enteredMs = rs.getLong("stage_entered_ms");
        double hours = BigDecimal.valueOf(at.toEpochMilli() - enteredMs)
                .divide(BigDecimal.valueOf(3_600_000), 2, RoundingMode.HALF_UP).doubleValue();
        return new LeadState(rs.getString("lead_id"), rs.getString("company_name"), rs.getString("owner"),
                LeadSource.valueOf(rs.getString("source")), rs.getString("pipeline_key"), Stage.valueOf(rs.getString("stage")),
                Amounts.money(rs.getBigDecimal("value_amount"), rs.getString("value_currency")),
                rs.getObject("stage_entered_at", OffsetDateTime.class).toInstant(), hours,
                due == null ? null : new NextStep(rs.getString("next_action"), due.toInstant()), flags);
    }
}
