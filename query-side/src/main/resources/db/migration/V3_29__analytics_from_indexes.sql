-- Issue 7: the reports' SQL answered from indexes alone (index-only scans), measured with EXPLAIN ANALYZE at
-- 100,000 leads (docs/benchmarks/scale-2026-11-27-evening.md, "Night"). Each widened index keeps its leading
-- columns, so every query that read it still does; trailing key columns rather than INCLUDE: portable between
-- PostgreSQL and H2.
-- Time in stage (completed visits by stage and exit) and the SLA's overdue visits (by stage, open at an instant):
-- a month's completed visits 259 -> 31 ms (their rows are spread over the table).
drop index stage_visit_stage_exited_idx;
create index stage_visit_stage_exited_idx on stage_visit (stage, exited_ms, entered_ms, deadline_ms);
-- The SLA's offer promises and first follow-ups, kept or broken, by deadline: a month 14 -> 5 ms.
drop index stage_visit_deadline_idx;
create index stage_visit_deadline_idx on stage_visit (stage, deadline_ms, deadline_origin, entered_ms, exited_ms, exit_stage);
-- The funnel's stage of a lead as of a past instant (its visit open then): a month's cohort 507 -> 154 ms.
create index stage_visit_lead_entered_idx on stage_visit (lead_id, entered_ms, exited_ms, stage);
-- The follow-up rhythm kept or broken, by due time (a month 66 -> 8 ms), and waiting at an instant (38 -> 2 ms).
drop index follow_up_due_due_idx;
create index follow_up_due_due_idx on follow_up_due (due_ms, contact_ms, next_ms, visit_exited_ms);
drop index follow_up_due_closed_idx;
create index follow_up_due_closed_idx on follow_up_due (closed_ms, due_ms, contact_ms);
