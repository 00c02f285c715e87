-- Issue 7: the SLA report of any window (a month, say) from the tally, not only over all history. sla_tally now
-- counts the closed items per kind, outcome, day of their deadline (due_day: UTC days since 1970-01-01, floored)
-- and item day (item_day: the day of the later of the deadline and the item's beginning, its visit's entry or the
-- contact that set it; SlaTally holds the same definitions). The report sums the rows of the window's whole days
-- whose item day is before the day of its end (items that had begun by then), and reads by index ranges the items
-- due in its partial first and last days and the open items due in it. Refilled from the read models, as V3_36 filled
-- it. Portable between PostgreSQL and H2.
drop table sla_tally;
create table sla_tally (
    kind     varchar(30) not null,
    outcome  varchar(10) not null,
    due_day  bigint      not null,
    item_day bigint      not null,
    items    bigint      not null,
    constraint sla_tally_pkey primary key (kind, outcome, due_day, item_day)
);
insert into sla_tally (kind, outcome, due_day, item_day, items)
select kind, outcome, due_day, item_day, count(*)
from (select stage as kind, case when exited_ms > deadline_ms then 'LATE' else 'ON_TIME' end as outcome,
             case when deadline_ms >= 0 then deadline_ms / 86400000 else (deadline_ms - 86399999) / 86400000 end as due_day,
             case when greatest(deadline_ms, entered_ms) >= 0 then greatest(deadline_ms, entered_ms) / 86400000 else (greatest(deadline_ms, entered_ms) - 86399999) / 86400000 end as item_day
      from stage_visit
      where exited_ms is not null and deadline_ms is not null
        and ((stage = 'OFFER_PREPARATION' and deadline_origin = 'OFFER_PREPARATION' and (exited_ms > deadline_ms or exit_stage = 'OFFER_SENT'))
          or (stage = 'OFFER_SENT' and deadline_origin = 'OFFER' and (exited_ms > deadline_ms or exit_stage = 'FOLLOW_UP')))) i
group by kind, outcome, due_day, item_day;
insert into sla_tally (kind, outcome, due_day, item_day, items)
select kind, outcome, due_day, item_day, count(*)
from (select 'RHYTHM' as kind, case when next_ms is not null and next_ms <= due_ms then 'ON_TIME' else 'LATE' end as outcome,
             case when due_ms >= 0 then due_ms / 86400000 else (due_ms - 86399999) / 86400000 end as due_day,
             case when greatest(due_ms, contact_ms) >= 0 then greatest(due_ms, contact_ms) / 86400000 else (greatest(due_ms, contact_ms) - 86399999) / 86400000 end as item_day
      from follow_up_due
      where closed_ms is not null
        and ((next_ms is not null and next_ms <= due_ms)
          or ((next_ms is null or next_ms > due_ms) and (visit_exited_ms is null or visit_exited_ms > due_ms)))) i
group by kind, outcome, due_day, item_day;

-- A rebuild under way filled fresh tables of the old shape (its sla_tally__next has no day columns): it starts over
-- into fresh tables of the new one (with no token, the service creates them anew when it resumes the rebuild at
-- start), and what it had dead-lettered goes with its old tables.
delete from token_entry where processor_name = 'rebuild';
delete from dead_letter_entry where processing_group like '%@rebuild';
