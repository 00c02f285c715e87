package io.salespipeline.query.analytics.lostreasons;

import io.salespipeline.query.analytics.AnalyticsWindow;
import io.salespipeline.query.analytics.Filters;
import io.salespipeline.query.analytics.Numbers;
import io.salespipeline.query.analytics.lostreasons.LostReasonsController.Group;
import io.salespipeline.query.analytics.lostreasons.LostReasonsController.GroupBy;
import io.salespipeline.query.visits.Amounts;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SQL of lost reasons: the final losses (or disqualifications) as of the window's end that happened in it
 * (the visits of LOST or DISQUALIFIED entered in the window and not left by its end), grouped and summed; over all
 * history from the tally of the losses ({@code loss_tally}).
 */
@Repository
class LostReasonsQuery {

    private final NamedParameterJdbcTemplate jdbc;

    LostReasonsQuery(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The final losses (or disqualifications) as of {@code to} that happened in the window, grouped. */
    List<Group> groups(String stage, GroupBy groupBy, AnalyticsWindow window, Filters filters) {
        MapSqlParameterSource params = filters.bind(new MapSqlParameterSource("stage", stage)
                .addValue("from", window.fromMs()).addValue("to", window.toMs()).addValue("groupBy", groupBy.name()));
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        jdbc.query(fromTally(groupBy, window, filters) ? tallied(groupBy) : counted(groupBy, filters), params, rs -> {
            String key = rs.getString("group_key");
            counts.merge(key, rs.getLong("leads"), Long::sum);
            String currency = rs.getString("value_currency");
            BigDecimal value = rs.getBigDecimal("value_sum");
            Map<String, String> sums = values.computeIfAbsent(key, k -> new TreeMap<>());
            if (currency != null && !currency.isEmpty() && value != null) {
                sums.put(currency, Amounts.normalized(value).toPlainString());
            }
        });
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))))
                .map(e -> new Group(e.getKey(), e.getValue(), Numbers.ratio(e.getValue(), total), values.get(e.getKey())))
                .toList();
    }


    /**
     * Whether the tally ({@code loss_tally}) answers: over all history (no {@code from}), without filters, grouped
     * by what the tally keeps (all but the owner). The same numbers either way ({@code LossTallyTest}).
     */
    static boolean fromTally(GroupBy groupBy, AnalyticsWindow window, Filters filters) {
        return groupBy != GroupBy.owner && window.allHistory() && filters.none();
    }

    /** Every loss of the stage read: those entered in the window and not left by its end. */
    private static String counted(GroupBy groupBy, Filters filters) {
        return """
                select group_key, value_currency, count(*) as leads, sum(value_amount) as value_sum
                from (select""" + " " + groupBy.column() + """
                              as group_key, v.value_currency, v.value_amount
                      from stage_visit v
                      where v.stage = :stage and v.entered_ms >= :from and v.entered_ms < :to
                        and (v.exited_ms is null or v.exited_ms > :to)""" + filters.where("v", "v.entered_ms") + """
                     ) losses
                group by group_key, value_currency""";
    }

    /**
     * The tally (the open losses of the stage) less those that began before the window or after it, plus those that
     * began in it and ended after it (reopened since): index ranges of few rows, unless the window ends long ago.
     * ("+ 0": the ended ones are found by their end, {@code stage_visit_stage_exited_idx}, not among every loss.)
     */
    private static String tallied(GroupBy groupBy) {
        String visits = "select " + groupBy.column() + " as group_key, coalesce(v.value_currency, '') as value_currency, ";
        String taken = visits + "-1 as visits, -coalesce(v.value_amount, 0) as value_sum from stage_visit v"
                + " where v.stage = :stage and v.exited_ms is null and ";
        return """
                select group_key, value_currency, sum(visits) as leads, sum(value_sum) as value_sum
                from (select case when t.has_key then t.group_key end as group_key, t.value_currency, t.visits, t.value_sum
                      from loss_tally t where t.stage = :stage and t.group_by = :groupBy
                      union all
                      """ + taken + "v.entered_ms < :from\n      union all\n      " + taken + "v.entered_ms >= :to\n      union all\n      "
                + visits + """
                1 as visits, coalesce(v.value_amount, 0) as value_sum from stage_visit v
                      where v.stage = :stage and v.exited_ms > :to and v.entered_ms + 0 >= :from and v.entered_ms + 0 < :to
                     ) losses
                group by group_key, value_currency
                having sum(visits) <> 0""";
    }
}
