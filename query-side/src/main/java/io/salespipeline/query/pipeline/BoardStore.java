package io.salespipeline.query.pipeline;

import io.salespipeline.events.LeadSource;
import io.salespipeline.events.Money;
import io.salespipeline.events.NextStep;
import io.salespipeline.events.Stage;
import io.salespipeline.query.projection.ReadSnapshot;
import io.salespipeline.query.projection.Rows;
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

    private static final String ON_BOARD = Rows.literals(Arrays.stream(Stage.values()).filter(Stage::isOnBoard));

    /** The SQL of each flag, on a state {@code s} and its pipeline version {@code pv}, as of {@code :at}. */
    private static final Map<Flag, String> FLAG_SQL = Map.of(
            Flag.NO_NEXT_STEP, "(s.stage in (" + ON_BOARD + ") and s.next_due_ms is null)",
            Flag.NEXT_STEP_OVERDUE, "(s.stage in (" + ON_BOARD + ") and s.next_due_ms < :at)",
            Flag.OFFER_LATE, "(s.stage = 'OFFER_PREPARATION' and s.deadline_ms < :at)",
            Flag.FOLLOW_UP_OVERDUE, "(s.stage = 'OFFER_SENT' and s.deadline_ms < :at)",
            Flag.NO_AFTER_SALES_PLAN, "(s.stage = 'WON' and pv.uses_after_sales"
                    + " and :at - s.stage_entered_ms >= pv.after_sales_plan_within_ms)");

    private static final String ALL_STAGES = Rows.literals(Arrays.stream(Stage.values()));

    private static final String FLAGGED = FLAG_SQL.values().stream().collect(Collectors.joining(" or "));

    /** Flagged, true or false (a flag's comparison with a missing value is no flag, as in {@link #URGENCY}). */
    private static final String IS_FLAGGED = "coalesce((" + FLAGGED + "), false)";

    /**
     * Flagged, for a state of an open or after-sales stage: every flag but the won leads' one, which alone needs
     * the pipeline ({@code pv}), so that it is read from {@code visit_lead} alone.
     */
    private static final String IS_FLAGGED_ON_BOARD = "coalesce((" + FLAG_SQL.entrySet().stream()
            .filter(f -> f.getKey() != Flag.NO_AFTER_SALES_PLAN).map(Map.Entry::getValue).sorted()
            .collect(Collectors.joining(" or ")) + "), false)";

    /**
     * The flags of a state as one column, a bit each ({@code 1 << ordinal}): one integer read per row, where a column
     * per flag was five (reading them was a sixth of mapping a board's 400 rows).
     */
    private static final String FLAG_BITS = Arrays.stream(Flag.values())
            .map(f -> "case when " + FLAG_SQL.get(f) + " then " + (1 << f.ordinal()) + " else 0 end")
            .collect(Collectors.joining("\n       + ")) + " as flag_bits";

    /**
     * The closed periods that may hold a state as of {@code :at}: per span class, those that began within its length
     * before, as a union of one range of {@code board_period_span_idx} per class (the conditions on it are applied
     * to each), each read from the index alone: it holds every column but the ones only a lead shown reads.
     */
    private static final String AROUND_AT = spanClasses();

    private static String spanClasses() {
        List<String> classes = new ArrayList<>();
        long[] max = StageVisitStore.SPAN_CLASS_MAX_MS;
        for (int k = 0; k < max.length; k++) {
            // the instant cast: H2 types a parameter less an integer literal as an integer (an instant in ms is out of its range)
            classes.add("select * from board_period p where p.span_class = " + k + " and p.from_ms > cast(:at as bigint) - " + max[k]);
        }
        classes.add("select * from board_period p where p.span_class = " + max.length);
        return "(" + String.join("\n union all ", classes) + ")";
    }

    /** The columns of a lead's state in a closed period, {@code s}, as {@link StateMapper} reads them. */
    private static final String PERIOD_COLUMNS = "select s.lead_id, s.stage, s.source, s.pipeline_key, s.owner, s.stage_entered_at,"
            + " s.stage_entered_ms, s.value_amount, s.value_currency, s.next_action, s.next_due_at,";

    private static final String PIPELINE_VERSION =
            " left join pipeline_version pv on pv.pipeline_key = s.pipeline_key and pv.version = s.pipeline_version";

    /**
     * A won lead waits on the board for its after-sales plan only where its pipeline has after-sales (a version not
     * known yet counts as having it), in a statement joined to the pipeline version ({@code pv}, which its flags read).
     */
    private static final String SHOWN = " and (s.stage <> 'WON' or pv.uses_after_sales is null or pv.uses_after_sales)";

    /**
     * {@link #SHOWN} in a statement not joined to the pipeline version: the pipeline looked up for a won lead alone
     * (the totals read no other column of it). Joined to every state counted, the version was a third of a past
     * board's totals at 100,000 leads (a nested loop over the 5,600 current states, a hash join over the 6,600
     * periods). Not used where the version is joined anyway: a lookup per won lead there made the past board's leads
     * slower (about 0.8 ms of PostgreSQL's CPU a board).
     */
    private static final String SHOWN_ALONE = " and (s.stage <> 'WON' or not exists (select 1 from pipeline_version w"
            + " where w.pipeline_key = s.pipeline_key and w.version = s.pipeline_version and not w.uses_after_sales))";

    /** The order of urgency within a stage: flagged first, then the longest in the stage, then by id. */
    private static final String URGENCY = " order by case when " + FLAGGED + " then 0 else 1 end, s.stage_entered_ms, s.lead_id";

    private static final String STABLE = " order by s.stage_entered_ms, s.lead_id";

    /** {@link #URGENCY} of the leads read: flagged first, then the longest in the stage, then by id. */
    private static final java.util.Comparator<LeadState> URGENCY_ORDER = java.util.Comparator
            .comparingInt((LeadState s) -> s.flagged() ? 0 : 1).thenComparing(LeadState::enteredStageAt).thenComparing(LeadState::leadId);

    /** The value of a current state: the latest offer, else the estimate. */
    private static final String CURRENT_VALUE = "coalesce(s.offer_amount, s.estimate_amount)";
    private static final String CURRENT_CURRENCY = "case when s.offer_amount is not null then s.offer_currency else s.estimate_currency end";

    /** How far back of now the tally counts ({@link #tallyAnswers}): the states begun since are taken off one by one. */
    private static final java.time.Duration TALLY_HORIZON = java.time.Duration.ofDays(1);

    private final NamedParameterJdbcTemplate jdbc;
    /** The statements of one answer (a board's totals and its leads, a page's total and its items) see the same leads. */
    private final ReadSnapshot snapshot;

    public BoardStore(NamedParameterJdbcTemplate jdbc, ReadSnapshot snapshot) {
        this.jdbc = jdbc;
        this.snapshot = snapshot;
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

        boolean flagged() {
            return !flags.isEmpty();
        }
    }

    /** A board column's totals over all its leads: how many, and their values per currency. */
    public record StageTotals(long count, Map<String, String> value) {
    }

    public record Page(long total, List<LeadState> items) {
    }

    /** A board: each stage's totals over all its leads and at most {@code limit} of them, from one snapshot. */
    public record Board(Map<Stage, StageTotals> totals, Map<Stage, List<LeadState>> leads) {
    }

    /** The board as of {@code filter.at()}: {@link #boardTotals} and {@link #boardLeads}, counted and listed from one snapshot. */
    public Board board(Filter filter, int limit) {
        return snapshot.read(() -> {
            Probes probes = probes(filter);
            return new Board(boardTotals(filter, tallyAnswers(filter), probes.periodAround()), boardLeads(filter, limit, probes));
        });
    }

    /**
     * The totals of each board stage that has leads as of {@code filter.at()}: ({@code tally}) from the tally of
     * the current states ({@code lead_tally}: near now, {@link #tallyAnswers}), less the current states that
     * begin after {@code at}, plus the past periods around it; or ({@code tally} false) every state counted.
     * Both the same numbers ({@code LeadTallyTest}).
     */
    public Map<Stage, StageTotals> boardTotals(Filter filter, boolean tally) {
        return boardTotals(filter, tally, tally && probes(filter).periodAround());
    }

    /**
     * {@code periodAround} false ({@link Probes}): no current state begins after {@code at}, so no past period is
     * around it either, and the tally alone answers (near now: the board's usual question; its statement's planning
     * was 1.2 ms of the union's 1.9 ms at 100,000 leads).
     */
    private Map<Stage, StageTotals> boardTotals(Filter filter, boolean tally, boolean periodAround) {
        String sql = tally && !periodAround
                ? "select s.stage, case when s.value_currency = '' then null else s.value_currency end as value_currency,"
                + " sum(s.leads) as leads, sum(s.value_sum) as value_sum from lead_tally s"
                + " where s.leads <> 0" + conditions(filter) + SHOWN_ALONE + " group by s.stage, s.value_currency"
                : tally
                ? "select stage, value_currency, sum(leads) as leads, sum(value_sum) as value_sum from ("
                + "select s.stage, case when s.value_currency = '' then null else s.value_currency end as value_currency,"
                + " s.leads, s.value_sum from lead_tally s where s.leads <> 0" + conditions(filter) + SHOWN_ALONE
                + "\nunion all\n"
                + "select s.stage, " + CURRENT_CURRENCY + " as value_currency, -1 as leads, -" + CURRENT_VALUE + " as value_sum"
                + " from visit_lead s where s.state_from_ms > :at" + conditions(filter) + SHOWN_ALONE
                + "\nunion all\n"
                + "select s.stage, s.value_currency, 1 as leads, s.value_amount as value_sum" + periodsAroundFrom(filter, false) + SHOWN_ALONE
                + ") s group by stage, value_currency"
                // the current states begun by then read from visit_lead_stage_state_idx alone (it holds every column read here)
                : "select stage, value_currency, count(*) as leads, sum(value_amount) as value_sum from ("
                + "select s.stage, s.value_currency, s.value_amount" + periodsAroundFrom(filter, false) + SHOWN_ALONE
                + "\nunion all\n"
                + "select s.stage, " + CURRENT_CURRENCY + " as value_currency, " + CURRENT_VALUE + " as value_amount"
                + " from visit_lead s where s.state_from_ms <= :at" + conditions(filter) + SHOWN_ALONE
                + ") s group by stage, value_currency";
        Map<Stage, Long> counts = new LinkedHashMap<>();
        Map<Stage, Map<String, BigDecimal>> sums = new LinkedHashMap<>();
        jdbc.query(sql, params(filter), rs -> {
            long leads = rs.getLong("leads");
            if (leads == 0) {
                return; // a row of the tally whose leads all moved on
            }
            Stage stage = Stage.valueOf(rs.getString("stage"));
            counts.merge(stage, leads, Long::sum);
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

    /**
     * Whether the tally is the cheaper way to count as of {@code filter.at()}: it holds the current states, and
     * the states that begin after {@code at} are taken off one by one, few when {@code at} is near now. Either
     * way the numbers are the same.
     */
    private static boolean tallyAnswers(Filter filter) {
        return filter.flag() == null && !filter.at().isBefore(Instant.now().minus(TALLY_HORIZON));
    }

    /**
     * At most {@code limit} leads of each board stage, the most urgent first: flagged, then longest in the stage.
     * Each stage's most urgent {@code limit} of the current states and of the past periods (a bounded top-N
     * each, no sort of every lead), merged here. The flagged come first, so a stage's unflagged current states are
     * asked for only where fewer than {@code limit} of its leads are flagged: at 100,000 leads every column of the
     * board had 50 flagged leads, and the unflagged parts were 20 of the query's 24 ms (reading past the flagged
     * leads in the stage's index to find the first unflagged ones).
     */
    public Map<Stage, List<LeadState>> boardLeads(Filter filter, int limit) {
        return boardLeads(filter, limit, probes(filter));
    }

    private Map<Stage, List<LeadState>> boardLeads(Filter filter, int limit, Probes probes) {
        Map<Stage, List<LeadState>> byStage = new LinkedHashMap<>();
        if (limit == 0 || filter.stages().isEmpty()) {
            return byStage;
        }
        List<String> flaggedFirst = new ArrayList<>();
        for (Stage stage : filter.stages()) {
            String only = SHOWN + " and s.stage = '" + stage.name() + "'";
            if (probes.periodAround()) {
                flaggedFirst.add("(" + periods(filter, true, only, URGENCY + " limit :limit") + ")");
            }
            // the current flagged states, longest in the stage first: a read of the stage's index in order, up to :limit
            flaggedFirst.add("(" + current(filter, true, only + " and " + IS_FLAGGED, STABLE + " limit :limit") + ")");
        }
        MapSqlParameterSource params = params(filter).addValue("limit", limit);
        // planned once per connection: PostgreSQL kept planning this union afresh for each board (3.9 ms of planning
        // for 2.9 ms of execution at 100,000 leads; as of 6 months back 13 ms for 65 ms), its generic plan is as good
        // (0.2 ms for 2.8 ms; 0.5 ms for 56 ms). Not so the totals (generic 5.4 ms against 1.1 + 0.9 ms custom)
        List<LeadState> states = new ArrayList<>(snapshot.withGenericPlans(() -> jdbc.query(
                String.join("\nunion all\n", flaggedFirst), params, new StateMapper(filter.at()))));
        long[] flagged = new long[Stage.values().length];
        for (LeadState state : states) {
            if (state.flagged()) {
                flagged[state.stage().ordinal()]++;
            }
        }
        // of each stage the unflagged leads that fill its column: limit less its flagged ones (a parameter per
        // stage, :room_<stage>), not limit, which mapped up to twice the rows shown
        List<String> unflagged = new ArrayList<>();
        for (Stage stage : filter.stages()) {
            long room = limit - flagged[stage.ordinal()];
            if (room > 0) {
                String parameter = "room_" + stage.name().toLowerCase(java.util.Locale.ROOT);
                params.addValue(parameter, room);
                unflagged.addAll(unflaggedCurrent(filter, stage, probes, ":" + parameter));
            }
        }
        if (!unflagged.isEmpty()) {
            states.addAll(jdbc.query(String.join("\nunion all\n", unflagged), params, new StateMapper(filter.at())));
        }
        // each stage's leads in one pass (a filter of every lead per stage was a tenth of the board's CPU in Java)
        Map<Stage, List<LeadState>> merged = new java.util.EnumMap<>(Stage.class);
        for (LeadState state : states) {
            merged.computeIfAbsent(state.stage(), k -> new ArrayList<>()).add(state);
        }
        for (Stage stage : filter.stages()) {
            List<LeadState> top = merged.get(stage);
            if (top != null) {
                top.sort(URGENCY_ORDER);
                byStage.put(stage, List.copyOf(top.subList(0, Math.min(limit, top.size()))));
            }
        }
        return byStage;
    }

    /**
     * The SQL of the first {@code limit} (a parameter's name) current states of {@code stage} not flagged as of
     * {@code :at}, longest in the stage first.
     */
    private List<String> unflaggedCurrent(Filter filter, Stage stage, Probes probes, String limit) {
        String unflagged = SHOWN + " and s.stage = '" + stage.name() + "' and not " + IS_FLAGGED;
        if (stage.isOnBoard()) {
            // the first limit unflagged leads chosen from visit_lead_stage_entered_idx alone (it holds every
            // column a flag of these stages reads), past the flagged ones without reading their rows, most of
            // an old board's (AFTER_SALES at 100,000 leads: 7,400 rows read, 12 ms; by the index alone 5 ms)
            return List.of("(" + current(filter, true, unflagged + " and s.lead_id in (" + firstUnflagged(filter, stage, limit) + ")",
                    STABLE + " limit " + limit) + ")");
        }
        if (stage == Stage.WON) {
            // a won lead shown, of a known pipeline version, and not flagged waits for an after-sales plan not due
            // yet: it was won within its pipeline's window, so within the longest one (a range of the stage's
            // index instead of a scan past the old wins); the leads of a version not (yet) known apart
            List<String> parts = new ArrayList<>();
            parts.add("(" + current(filter, true, unflagged + " and pv.pipeline_key is not null and s.stage_entered_ms > :at - "
                    + "(select coalesce(max(w.after_sales_plan_within_ms), 0) from pipeline_version w)", STABLE + " limit " + limit) + ")");
            if (probes.versionUnknown()) {
                parts.add("(" + current(filter, true, unflagged + " and pv.pipeline_key is null", STABLE + " limit " + limit) + ")");
            }
            return parts;
        }
        return List.of("(" + current(filter, true, unflagged, STABLE + " limit " + limit) + ")");
    }

    /**
     * The first {@code limit} (a parameter's name) leads of an open or after-sales {@code stage} not flagged as of
     * {@code :at}, longest in the stage first: an index-only scan of {@code visit_lead_stage_entered_idx} (stage,
     * entry, lead; then the state's start, next step and deadline, and the filter's owner, source and pipeline).
     */
    private static String firstUnflagged(Filter filter, Stage stage, String limit) {
        return "select s.lead_id from visit_lead s where s.stage = '" + stage.name() + "' and s.state_from_ms <= :at"
                + conditions(filter) + " and not " + IS_FLAGGED_ON_BOARD + STABLE + " limit " + limit;
    }

    /**
     * {@code periodAround}: whether a past period may hold a lead's state as of {@code :at}. A closed period around
     * {@code :at} ends when its lead's next state begins, so its lead's current state began after {@code :at}; near
     * now there is none (the latest start, one end of {@code visit_lead_state_from_idx}: a plan that does not depend on
     * {@code :at}, where an {@code exists} over the range was planned once for all instants, as a scan of the table,
     * 24 ms at 100,000 leads), and the board's query leaves the periods
     * out. {@code versionUnknown}: whether a won lead's pipeline version is not (yet) in {@code pipeline_version}
     * (the tally's few rows against it).
     */
    private record Probes(boolean periodAround, boolean versionUnknown) {
    }

    /** 1 when a current state began after {@code :at}, so that a past period may hold a state as of it ({@link Probes}). */
    private static final String PERIOD_AROUND = "case when (select max(s.state_from_ms) from visit_lead s) > :at then 1 else 0 end";

    private Probes probes(Filter filter) {
        return jdbc.queryForObject("select " + PERIOD_AROUND + " as period_around,\n" + """
                       case when exists (select 1 from lead_tally t where t.stage = 'WON' and not exists (
                           select 1 from pipeline_version p where p.pipeline_key = t.pipeline_key and p.version = t.pipeline_version))
                            then 1 else 0 end as version_unknown""",
                params(filter), (rs, i) -> new Probes(rs.getInt("period_around") == 1, rs.getInt("version_unknown") == 1));
    }

    /**
     * A page of the leads, in a stable order (longest in their stage first, then by id), and how many there are,
     * from one snapshot.
     */
    public Page page(Filter filter, long offset, int size) {
        return snapshot.read(() -> pageOf(filter, offset, size));
    }

    private Page pageOf(Filter filter, long offset, int size) {
        MapSqlParameterSource params = params(filter).addValue("offset", offset).addValue("size", size)
                .addValue("window", offset + size);
        String flag = filter.flag() == null ? "" : " and " + FLAG_SQL.get(filter.flag());
        // near now (the list's instant) no past period holds a lead's state: the statements leave them out
        boolean periodAround = periodAround(filter);
        Long total = jdbc.queryForObject(tallyAnswers(filter) ? tallyCount(filter, periodAround) : count(filter, flag, periodAround),
                params, Long.class);
        if (total == null || total <= offset) {
            return new Page(total == null ? 0 : total, List.of());
        }
        // each part's first offset + size in the order, then the page of the two merged
        List<LeadState> items = jdbc.query(periodAround
                ? "select * from ((" + periods(filter, true, flag, STABLE + " limit :window") + ") union all ("
                + chosenCurrent(filter, flag, STABLE + " limit :window") + ")) s order by s.stage_entered_ms, s.lead_id limit :size offset :offset"
                : chosenCurrent(filter, flag, STABLE + " limit :size offset :offset"), params, new StateMapper(filter.at()));
        return new Page(total, items);
    }

    /** Whether a past period may hold a lead's state as of {@code filter.at()} ({@link Probes}). */
    private boolean periodAround(Filter filter) {
        return Integer.valueOf(1).equals(jdbc.queryForObject("select " + PERIOD_AROUND, params(filter), Integer.class));
    }

    /**
     * How many leads meet the filter as of {@code :at}, each counted: the past periods around it and the current
     * states begun by then. Joined to their pipeline only where the flag asks for it, so that the count of a flag
     * reads its index alone ({@code visit_lead_stage_next_due_idx}, {@code visit_lead_stage_deadline_idx}).
     */
    public static String count(Filter filter, String flag) {
        return count(filter, flag, true);
    }

    /** {@link #count}, the past periods left out where none is around {@code :at} ({@code periodAround} false). */
    private static String count(Filter filter, String flag, boolean periodAround) {
        String pipeline = flag.contains("pv.") ? PIPELINE_VERSION : "";
        String periods = "(select count(*)" + periodsAroundFrom(filter, !pipeline.isEmpty()) + flag + ") + ";
        return "select " + (periodAround ? periods : "")
                + "(select count(*) from visit_lead s" + pipeline + " where s.state_from_ms <= :at" + conditions(filter) + flag + ")";
    }

    /** How many leads meet the filter (no flag) as of {@code :at}: the tally, less the states begun after, plus the past periods. */
    public static String tallyCount(Filter filter) {
        return tallyCount(filter, true);
    }

    /** {@link #tallyCount}, the past periods left out where none is around {@code :at} ({@code periodAround} false). */
    private static String tallyCount(Filter filter, boolean periodAround) {
        return "select (select coalesce(sum(s.leads), 0) from lead_tally s where 1 = 1" + conditions(filter) + ")"
                + " - (select count(*) from visit_lead s where s.state_from_ms > :at" + conditions(filter) + ")"
                + (periodAround ? " + (select count(*)" + periodsAroundFrom(filter, false) + ")" : "");
    }

    /**
     * The closed periods around {@code :at} meeting the filter and {@code condition}, the first of them in the order
     * of {@code tail} (an order and a limit): chosen from {@code board_period_span_idx} alone, then only their rows
     * read (in no order: the callers order what they merge).
     */
    private static String periods(Filter filter, boolean company, String condition, String tail) {
        return PERIOD_COLUMNS
                + (company ? " (select c.company_name from visit_lead c where c.lead_id = s.lead_id) as company_name," : "")
                + FLAG_BITS + " from (select s.lead_id as chosen_lead, s.from_ms as chosen_from" + periodsAroundFrom(filter, true)
                + condition + tail + ") k"
                + " join board_period s on s.lead_id = k.chosen_lead and s.from_ms = k.chosen_from" + PIPELINE_VERSION;
    }

    /** From the periods around {@code :at} that meet the filter, {@code s}, with their pipeline version ({@code pv}) if asked. */
    private static String periodsAroundFrom(Filter filter, boolean version) {
        return " from " + AROUND_AT + " s" + (version ? PIPELINE_VERSION : "") + " where " + periodsAround(filter);
    }

    /** Of the periods of {@link #AROUND_AT}, those around {@code :at} that meet the filter. */
    private static String periodsAround(Filter filter) {
        return "s.from_ms <= :at and s.until_ms > :at"
                // the stage always named: the periods are found by (span class, stage, start)
                + (filter.stages() == null ? " and s.stage in (" + ALL_STAGES + ")" : "") + conditions(filter);
    }

    /**
     * The current states that began by {@code :at} meeting the filter and {@code condition}, the first of them in the
     * order of {@code tail} ({@link #STABLE}, a limit and offset), in that order: chosen from
     * {@code visit_lead_entered_idx} alone (entry, lead, then every column the filters and flags but the won leads'
     * read), then only their rows read. A page of the leads without a next step at 100,000 leads read 3,700 rows to
     * find its 80: 10 ms; from the index, 1.7 ms.
     */
    private static String chosenCurrent(Filter filter, String condition, String tail) {
        String pipeline = condition.contains("pv.") ? PIPELINE_VERSION : "";
        return current(filter, true, " and s.lead_id in (select s.lead_id from visit_lead s" + pipeline + " where s.state_from_ms <= :at"
                + conditions(filter) + condition + tail + ")", STABLE);
    }

    /** The current states that began by {@code :at}. */
    private static String current(Filter filter, boolean company, String condition, String tail) {
        return "select s.lead_id, s.stage, s.source, s.pipeline_key, s.owner, s.stage_entered_at, s.stage_entered_ms,"
                + " " + CURRENT_VALUE + " as value_amount, " + CURRENT_CURRENCY + " as value_currency,"
                + " s.next_action, s.next_due_at," + (company ? " s.company_name," : "")
                + FLAG_BITS + " from visit_lead s" + PIPELINE_VERSION
                + " where s.state_from_ms <= :at" + conditions(filter) + condition + tail;
    }

    private static String conditions(Filter filter) {
        return (filter.stages() != null ? " and s.stage in (:stages)" : "")
                + (filter.owner() != null ? " and s.owner = :owner" : "")
                + (filter.source() != null ? " and s.source = :source" : "")
                + (filter.pipeline() != null ? " and s.pipeline_key = :pipeline" : "");
    }

    /** The parameters of the SQL of {@code filter} ({@link #count}, {@link #tallyCount}). */
    public static MapSqlParameterSource params(Filter filter) {
        return new MapSqlParameterSource("at", filter.at().toEpochMilli())
                .addValue("stages", filter.stages() == null ? null : filter.stages().stream().map(Enum::name).toList())
                .addValue("owner", filter.owner(), Types.VARCHAR)
                .addValue("source", filter.source() == null ? null : filter.source().name(), Types.VARCHAR)
                .addValue("pipeline", filter.pipeline(), Types.VARCHAR);
    }

    /**
     * A lead's state from a row of {@link #periods} or {@link #current}: its columns found by name once per result,
     * then read by position (by name, the driver's lookup was a fifth of the mapping's CPU at 400 rows a board).
     */
    private static final class StateMapper implements org.springframework.jdbc.core.RowMapper<LeadState> {

        private static final Flag[] FLAGS = Flag.values();

        private final Instant at;
        private int leadId, companyName, owner, source, pipelineKey, stage, valueAmount, valueCurrency, stageEnteredAt,
                stageEnteredMs, nextAction, nextDueAt, flagBits;

        StateMapper(Instant at) {
            this.at = at;
        }

        @Override
        public LeadState mapRow(ResultSet rs, int rowNum) throws SQLException {
            if (rowNum == 0) {
                leadId = rs.findColumn("lead_id");
                companyName = rs.findColumn("company_name");
                owner = rs.findColumn("owner");
                source = rs.findColumn("source");
                pipelineKey = rs.findColumn("pipeline_key");
                stage = rs.findColumn("stage");
                valueAmount = rs.findColumn("value_amount");
                valueCurrency = rs.findColumn("value_currency");
                stageEnteredAt = rs.findColumn("stage_entered_at");
                stageEnteredMs = rs.findColumn("stage_entered_ms");
                nextAction = rs.findColumn("next_action");
                nextDueAt = rs.findColumn("next_due_at");
                flagBits = rs.findColumn("flag_bits");
            }
            int bits = rs.getInt(flagBits);
            Set<Flag> flags = EnumSet.noneOf(Flag.class);
            for (Flag flag : FLAGS) {
                if ((bits & (1 << flag.ordinal())) != 0) {
                    flags.add(flag);
                }
            }
            OffsetDateTime due = rs.getObject(nextDueAt, OffsetDateTime.class);
            long enteredMs = rs.getLong(stageEnteredMs);
            double hours = BigDecimal.valueOf(at.toEpochMilli() - enteredMs)
                    .divide(BigDecimal.valueOf(3_600_000), 2, RoundingMode.HALF_UP).doubleValue();
            return new LeadState(rs.getString(leadId), rs.getString(companyName), rs.getString(owner),
                    LeadSource.valueOf(rs.getString(source)), rs.getString(pipelineKey), Stage.valueOf(rs.getString(stage)),
                    Amounts.money(rs.getBigDecimal(valueAmount), rs.getString(valueCurrency)),
                    rs.getObject(stageEnteredAt, OffsetDateTime.class).toInstant(), hours,
                    due == null ? null : new NextStep(rs.getString(nextAction), due.toInstant()), flags);
        }
    }
}
