package io.salespipeline.query.analytics;

import io.salespipeline.events.Stage;
import org.springframework.jdbc.core.namedparam.EmptySqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The longest completed visit of each stage: a visit open at an instant {@code t} that has ended since ended by
 * {@code t} plus its stage's longest visit, so that "the visits open at {@code t} and ended since" are a range of
 * days of exits, not every exit since {@code t} (a report as of two months back at 100,000 leads read 130,000
 * exits). The last entry of {@code stage_visit_duration_idx} (stage, length bucket, length) per stage.
 */
@Component
public class LongestVisits {

    private final NamedParameterJdbcTemplate jdbc;

    LongestVisits(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Per stage of {@code stages} with a completed visit, the longest one's length in milliseconds. */
    public Map<Stage, Long> of(Collection<Stage> stages) {
        Map<Stage, Long> longest = new EnumMap<>(Stage.class);
        if (stages.isEmpty()) {
            return longest;
        }
        jdbc.query("select " + stages.stream().map(stage -> "(select v.duration_ms from stage_visit v where v.stage = '"
                + stage.name() + "' and v.duration_bucket is not null order by v.duration_bucket desc, v.duration_ms desc"
                + " fetch first 1 rows only) as " + stage.name().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", ")),
                EmptySqlParameterSource.INSTANCE, rs -> {
            for (Stage stage : stages) {
                long length = rs.getLong(stage.name().toLowerCase(java.util.Locale.ROOT));
                if (!rs.wasNull()) {
                    longest.put(stage, length);
                }
            }
        });
        return longest;
    }

    /**
     * The last instant by which a visit of a stage whose longest visit is {@code longest} (none: null), open at
     * {@code t}, has ended if it ended after {@code t}: {@code t} itself when none has ended yet (an empty range).
     */
    public static long endedBy(long t, Long longest) {
        if (longest == null || longest <= 0) {
            return t;
        }
        return t > Long.MAX_VALUE - longest ? Long.MAX_VALUE : t + longest;
    }
}
