package io.salespipeline.command.lead;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The deadlines waiting in db-scheduler's {@code scheduled_tasks} (Axon's {@code DbSchedulerDeadlineManager}
 * schedules each one as a task named {@code AxonDeadline}), read at each scrape:
 * <ul>
 * <li>{@code pipeline_deadlines_pending}: scheduled and not yet fired (due or not);</li>
 * <li>{@code pipeline_deadlines_failing}: those whose last run failed and that the scheduler retries.</li>
 * </ul>
 */
@Component
class DeadlineMetrics implements MeterBinder {

    static final String TASK_NAME = "AxonDeadline";

    private final JdbcTemplate jdbc;

    DeadlineMetrics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("pipeline.deadlines.pending", this,
                        m -> m.count("select count(*) from scheduled_tasks where task_name = ?"))
                .description("Deadlines scheduled and not yet fired").register(registry);
        Gauge.builder("pipeline.deadlines.failing", this,
                        m -> m.count("select count(*) from scheduled_tasks where task_name = ? and consecutive_failures > 0"))
                .description("Deadlines whose last run failed (the scheduler retries them)").register(registry);
    }

    /** NaN when the database does not answer: a scrape shows the gap instead of failing. */
    private double count(String sql) {
        try {
            Long count = jdbc.queryForObject(sql, Long.class, TASK_NAME);
            return count == null ? 0 : count;
        } catch (DataAccessException e) {
            return Double.NaN;
        }
    }
}
