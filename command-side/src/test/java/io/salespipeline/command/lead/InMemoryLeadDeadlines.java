package io.salespipeline.command.lead;

import io.salespipeline.events.LeadId;
import org.axonframework.deadline.DeadlineManager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link LeadDeadlines} for aggregate tests: the ids in a map, the deadlines in the fixture's stub manager. */
class InMemoryLeadDeadlines implements LeadDeadlines {

    private final Map<String, List<String>> ids = new HashMap<>();

    @Override
    public void schedule(DeadlineManager manager, LeadId lead, String name, Instant at, Object payload) {
        ids.computeIfAbsent(lead + "/" + name, k -> new ArrayList<>()).add(manager.schedule(at, name, payload));
    }

    @Override
    public void cancel(DeadlineManager manager, LeadId lead, String name) {
        List<String> scheduled = ids.remove(lead + "/" + name);
        if (scheduled != null) {
            scheduled.forEach(id -> manager.cancelSchedule(name, id));
        }
    }
}
