-- Issue 7: the SLA report over all history without reading every item. sla_tally counts the items that
-- closed per kind (OFFER_PREPARATION: offer promises; OFFER_SENT: first follow-ups; RHYTHM: the follow-up
-- rhythm's items) and outcome (ON_TIME, LATE; an item that ended before its deadline without being kept is
-- neither and not counted); SlaTally holds the same definitions. The report takes off the closed items whose
-- deadline is not before the window's end and adds the open items whose deadline passed, as late: for the open
-- visits a range of stage_visit_stage_exited_idx, which now holds the deadline's origin too, so that it is read
-- alone. Kept by the projection; a rebuild fills the tally once. Portable between PostgreSQL and H2.
create table sla_tally (
    kind    varchar(30) not null,
    outcome varchar(10) not null,
    items   bigint      not null,
    constraint sla_tally_pkey primary key (kind, outcome)
);
insert into sla_tally (kind, outcome, items)
select stage, case when exited_ms > deadline_ms then 'LATE' else 'ON_TIME' end, count(*)
from stage_visit
where exited_ms is not null and deadline_ms is not null
  and ((stage = 'OFFER_PREPARATION' and deadline_origin = 'OFFER_PREPARATION' and (exited_ms > deadline_ms or exit_stage = 'OFFER_SENT'))
    or (stage = 'OFFER_SENT' and deadline_origin = 'OFFER' and (exited_ms > deadline_ms or exit_stage = 'FOLLOW_UP')))
group by stage, case when exited_ms > deadline_ms then 'LATE' else 'ON_TIME' end;
insert into sla_tally (kind, outcome, items)
select 'RHYTHM', case when next_ms is not null and next_ms <= due_ms then 'ON_TIME' else 'LATE' end, count(*)
from follow_up_due
where closed_ms is not null
  and ((next_ms is not null and next_ms <= due_ms)
    or ((next_ms is null or next_ms > due_ms) and (visit_exited_ms is null or visit_exited_ms > due_ms)))
group by case when next_ms is not null and next_ms <= due_ms then 'ON_TIME' else 'LATE' end;

drop index stage_visit_stage_exited_idx;
create index stage_visit_stage_exited_idx on stage_visit (stage, exited_ms, entered_ms, deadline_ms, deadline_origin);
