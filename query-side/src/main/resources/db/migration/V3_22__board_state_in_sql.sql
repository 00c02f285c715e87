-- Issue 7: the board and the lead list filter, count and page in SQL. Each lead's current board state
-- (stage and since when, next step, deadline; owner and value were there) in visit_lead, and the closed
-- periods of that state in board_period, so that "the board as of" is a range query. Portable between
-- PostgreSQL and H2.
alter table visit_lead add column state_from_ms bigint;
alter table visit_lead add column stage_entered_at timestamp(6) with time zone;
alter table visit_lead add column stage_entered_ms bigint;
alter table visit_lead add column next_action varchar(1000);
alter table visit_lead add column next_due_at timestamp(6) with time zone;
alter table visit_lead add column next_due_ms bigint;
alter table visit_lead add column deadline_ms bigint;
create index visit_lead_entered_idx on visit_lead (stage_entered_ms, lead_id);
create index visit_lead_stage_entered_idx on visit_lead (stage, stage_entered_ms, lead_id);
create index visit_lead_owner_entered_idx on visit_lead (owner, stage_entered_ms, lead_id);

create table board_period (
    lead_id          varchar(36)                 not null,
    from_ms          bigint                      not null,
    until_ms         bigint                      not null,
    span_class       integer                     not null,
    stage            varchar(30)                 not null,
    source           varchar(30)                 not null,
    pipeline_key     varchar(50)                 not null,
    pipeline_version integer                     not null,
    owner            varchar(100)                not null,
    stage_entered_at timestamp(6) with time zone not null,
    stage_entered_ms bigint                      not null,
    value_amount     numeric(19, 4),
    value_currency   varchar(3),
    next_action      varchar(1000),
    next_due_at      timestamp(6) with time zone,
    next_due_ms      bigint,
    deadline_ms      bigint,
    constraint board_period_pkey primary key (lead_id, from_ms)
);
create index board_period_span_idx on board_period (span_class, from_ms);
create index board_period_until_idx on board_period (until_ms);

-- The current state of the leads already projected, from their open visit and their latest next step; the
-- past periods need the log: a rebuild of stage-visits is requested (it resumes at start, into fresh
-- tables, while these answer).
update visit_lead set
    stage_entered_ms = (select v.entered_ms from stage_visit v where v.lead_id = visit_lead.lead_id and v.visit_no = visit_lead.visit_no),
    stage_entered_at = (select v.entered_at from stage_visit v where v.lead_id = visit_lead.lead_id and v.visit_no = visit_lead.visit_no),
    deadline_ms = (select v.deadline_ms from stage_visit v where v.lead_id = visit_lead.lead_id and v.visit_no = visit_lead.visit_no),
    next_action = (select f.action from lead_fact f where f.lead_id = visit_lead.lead_id and f.kind = 'NEXT_STEP'
                   order by f.occurred_ms desc, f.sequence desc limit 1),
    next_due_at = (select f.due_at from lead_fact f where f.lead_id = visit_lead.lead_id and f.kind = 'NEXT_STEP'
                   order by f.occurred_ms desc, f.sequence desc limit 1),
    next_due_ms = (select f.due_ms from lead_fact f where f.lead_id = visit_lead.lead_id and f.kind = 'NEXT_STEP'
                   order by f.occurred_ms desc, f.sequence desc limit 1);
update visit_lead set state_from_ms = stage_entered_ms;

delete from token_entry where processor_name = 'rebuild' and exists (select 1 from visit_lead);
delete from projection_rebuild where exists (select 1 from visit_lead);
insert into projection_rebuild (id, projections, started_at, head)
select 1, 'lead-views,pipeline-definitions,stage-visits', current_timestamp,
       coalesce((select max(global_index) from domain_event_entry), 0)
from (select count(*) as leads from visit_lead) projected where projected.leads > 0;
