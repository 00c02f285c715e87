package io.salespipeline.command.lead;

import io.salespipeline.events.LeadId;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The schedule ids in {@code lead_deadline}, written in the command's own transaction (like the
 * deadline itself), so they exist exactly when the deadline does.
 * <p>
 * A lead created in the current unit of work (an imported history, {@link #markNew}) has no deadline in the
 * database but those scheduled in that unit of work: cancelling any other is known to find nothing and
 * asks nothing of the database.
 */
@Component
public class JdbcLeadDeadlines implements LeadDeadlines {

    private static final String NEW_LEADS = JdbcLeadDeadlines.class.getName() + ".new";
    private static final String SCHEDULED = JdbcLeadDeadlines.class.getName() + ".scheduled";

    private final JdbcTemplate jdbc;

    public JdbcLeadDeadlines(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The leads that the current (root) unit of work creates: none of them has a deadline stored before it. */
    public static void markNew(Collection<String> leadIds) {
        resource(NEW_LEADS).addAll(leadIds);
    }

    /** Whether a deadline was scheduled for the lead in the current (root) unit of work. */
    public static boolean scheduledInThisUnitOfWork(String leadId) {
        return CurrentUnitOfWork.isStarted() && resource(SCHEDULED).stream().anyMatch(k -> k.startsWith(leadId + "/"));
    }

    @Override
    public void schedule(DeadlineManager manager, LeadId lead, String name, Instant at, Object payload) {
        String id = manager.schedule(at, name, payload);
        jdbc.update("insert into lead_deadline (lead_id, deadline_name, schedule_id, due_at) values (?, ?, ?, ?)",
                lead.toString(), name, id, java.sql.Timestamp.from(at));
        if (CurrentUnitOfWork.isStarted()) {
            resource(SCHEDULED).add(lead + "/" + name);
        }
    }

    @Override
    public void cancel(DeadlineManager manager, LeadId lead, String name) {
        if (CurrentUnitOfWork.isStarted()) {
            Set<String> fresh = CurrentUnitOfWork.get().root().getResource(NEW_LEADS);
            if (fresh != null && fresh.contains(lead.toString()) && !resource(SCHEDULED).contains(lead + "/" + name)) {
                return;
            }
        }
        jdbc.queryForList("select schedule_id from lead_deadline where lead_id = ? and deadline_name = ?",
                String.class, lead.toString(), name).forEach(id -> manager.cancelSchedule(name, id));
        jdbc.update("delete from lead_deadline where lead_id = ? and deadline_name = ?", lead.toString(), name);
    }

    private static Set<String> resource(String key) {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(key, k -> new HashSet<>());
    }
}
