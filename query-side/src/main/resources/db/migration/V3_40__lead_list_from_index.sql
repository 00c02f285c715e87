-- Issue 7: a page of the lead list chosen from visit_lead_entered_idx alone. The list's order is (entry, lead); a
-- filter or flag that most leads do not meet (no next step, say) read a row of the table for every lead passed in
-- that order: at 100,000 leads a page of the leads without a next step read 3,700 rows to find its 80 (10 ms).
-- With the columns the filters and flags read in the index (all but the won leads' flag, which needs the
-- pipeline), the page's leads are chosen from it alone and only theirs read (1.7 ms). The order (entry, lead) is
-- the same as before, so every query that read it still does. Trailing key columns rather than INCLUDE: portable
-- between PostgreSQL and H2.
drop index visit_lead_entered_idx;
create index visit_lead_entered_idx on visit_lead
    (stage_entered_ms, lead_id, state_from_ms, stage, next_due_ms, deadline_ms, owner, source, pipeline_key);
