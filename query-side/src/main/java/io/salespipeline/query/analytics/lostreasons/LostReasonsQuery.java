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
 * (the visits of LOST or DISQUALIFIED entered in the window and not left by its end), grouped and summed.
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
                .addValue("from", window.fromMs()).addValue("to", window.toMs()));
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        jdbc.query("""
                select group_key, value_currency, count(*) as leads, sum(value_amount) as value_sum
                from (select""" + " " + groupBy.column() + """
                              as group_key, v.value_currency, v.value_amount
                      from stage_visit v
                      where v.stage = :stage and v.entered_ms >= :from and v.entered_ms < :to
                        and (v.exited_ms is null or v.exited_ms > :to)""" + filters.where("v", "v.entered_ms") + """
                     ) losses
                group by group_key, value_currency""", params, rs -> {
            String key = rs.getString("group_key");
            counts.merge(key, rs.getLong("leads"), Long::sum);
            String currency = rs.getString("value_currency");
            BigDecimal value = rs.getBigDecimal("value_sum");
            Map<String, String> sums = values.computeIfAbsent(key, k -> new TreeMap<>());
            if (currency != null && value != null) {
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

}
