-- Issue 7: the SLA's follow-up rhythm without a join per item. Each item of follow_up_due carries its lead's
-- source and pipeline (the report's filters), when its FOLLOW_UP visit ended, and closed_ms: when it stopped
-- waiting (the next follow-up came or the visit ended, whichever first; null while it waits), so that "overdue
-- as of :to" is a range of one index. Visits of a stage open at an instant are found by (stage, exited_ms).
-- Portable between PostgreSQL and H2.
alter table follow_up_due add column source varchar(30);
alter table follow_up_due add column pipeline_key varchar(50);
alter table follow_up_due add column visit_exited_ms bigint;
alter table follow_up_due add column closed_ms bigint;
update follow_up_due set source = (select v.source from stage_visit v where v.lead_id = follow_up_due.lead_id and v.visit_no = follow_up_due.visit_no),
                         pipeline_key = (select v.pipeline_key from stage_visit v where v.lead_id = follow_up_due.lead_id and v.visit_no = follow_up_due.visit_no),
                         visit_exited_ms = (select v.exited_ms from stage_visit v where v.lead_id = follow_up_due.lead_id and v.visit_no = follow_up_due.visit_no);
update follow_up_due set closed_ms = case when next_ms is null then visit_exited_ms
                                          when visit_exited_ms is null then next_ms
                                          when next_ms < visit_exited_ms then next_ms else visit_exited_ms end;
alter table follow_up_due alter column source set not null;
alter table follow_up_due alter column pipeline_key set not null;
create index follow_up_due_closed_idx on follow_up_due (closed_ms);
create index stage_visit_stage_exited_idx on stage_visit (stage, exited_ms);
