package io.salespipeline.query.analytics;

import org.springframework.jdbc.core.namedparam.EmptySqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether a report can answer from the tallies the projection keeps of the leads and visits as they are now
 * ({@code duration_tally}, {@code entry_tally}, {@code funnel_tally}, {@code won_tally}): the window covers all
 * history (no {@code from}), no filter narrows it, and nothing of the read models began or ended at or after its
 * end (nor ended before 1970). Then "as of the end" is "now", and every visit completed by then, every lead
 * registered by then, is in the tallies. Four probes of indexes.
 */
@Component
public class WholeHistory {

    private final NamedParameterJdbcTemplate jdbc;

    WholeHistory(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether a current state has no entry time (1) or none has (0): then {@code entry_tally} counts by the registration. */
    private static final String UNKNOWN_ENTRIES =
            "(select count(*) from (select 1 from visit_lead s where s.stage_entered_ms is null fetch first 1 rows only) x)";

    /** Whether every current state ({@code visit_lead}) has its entry time, as {@code entry_tally} counts it. */
    public boolean entriesKnown() {
        Long unknown = jdbc.queryForObject("select " + UNKNOWN_ENTRIES, EmptySqlParameterSource.INSTANCE, Long.class);
        return unknown != null && unknown == 0;
    }

    public boolean answersFromTallies(AnalyticsWindow window, Filters filters) {
        if (!window.allHistory() || !filters.none()) {
            return false;
        }
        // a visit entered at or after the end is either open (a current state) or ended no earlier than it began.
        // The extremes, without parameters: a statement that compares with the window's end gets, once prepared, a
        // generic plan that reads every visit to find none (3 -> 250 ms at 100,000 leads). Without parameters, a
        // prepared statement (EmptySqlParameterSource) planned once per connection: planning these four probes was
        // 0.5 ms of their 0.6 ms each time as a plain statement
        return Boolean.TRUE.equals(jdbc.query("""
                select (select max(v.exited_ms) from stage_visit v) as last_exit,
                       (select min(v.exited_ms) from stage_visit v) as first_exit,
                       (select max(s.stage_entered_ms) from visit_lead s) as last_entry,
                       """ + UNKNOWN_ENTRIES + " as unknown_entries", EmptySqlParameterSource.INSTANCE, rs -> {
            rs.next();
            return before(rs, "last_exit", window.toMs()) && !before(rs, "first_exit", window.fromMs())
                    && before(rs, "last_entry", window.toMs()) && rs.getLong("unknown_entries") == 0;
        }));
    }

    /** Whether the column holds an instant before {@code ms} (none: true for a last, false for a first). */
    private static boolean before(java.sql.ResultSet rs, String column, long ms) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? column.startsWith("last") : value < ms;
    }
}
