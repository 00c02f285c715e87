package io.salespipeline.command.lead;

import io.salespipeline.events.LeadId;
import org.axonframework.deadline.DeadlineManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The schedule ids in {@code lead_deadline}, written in the command's own transaction (like the
 * deadline itself), so they exist exactly when the deadline does.
 */
@Component
public class JdbcLeadDeadlines implements LeadDeadlines {

    private final JdbcTemplate jdbc;

    public JdbcLeadDeadlines(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void schedule(DeadlineManager manager, LeadId lead, String name, Instant at, Object payload) {
        String id = manager.schedule(at, name, payload);
        jdbc.update("insert into lead_deadline (lead_id, deadline_name, schedule_id, due_at) values (?, ?, ?, ?)",
                lead.toString(), name, id, java.sql.Timestamp.from(at));
    }

    @Override
    public void cancel(DeadlineManager manager, LeadId lead, String name) {
        jdbc.queryForList("select schedule_id from lead_deadline where lead_id = ? and deadline_name = ?",
                String.class, lead.toString(), name).forEach(id -> manager.cancelSchedule(name, id));
        jdbc.update("delete from lead_deadline where lead_id = ? and deadline_name = ?", lead.toString(), name);
    }
}
