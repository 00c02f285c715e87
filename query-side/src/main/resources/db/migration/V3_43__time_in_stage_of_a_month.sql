-- Issue 7: time in stage of one calendar month (UTC) from tallies instead of reading and sorting every visit that
-- ended in it (59,000 at 100,000 leads, 20-28 ms). A completed visit keeps the month it ended in (exited_month:
-- year * 12 + month - 1, Months; none before 1970); duration_month_tally counts and sums them per month, stage and
-- length bucket as duration_tally does over all history, and a percentile is read at its rank in
-- stage_visit_exited_month_idx (stage, month, bucket, length). entry_exit_tally counts them per stage, week of entry
-- and month of exit: the visits open at a month's first instant that have ended since are those entered in the
-- weeks before it that ended in that month or later (no range of exits read). Kept by the projection; a rebuild
-- fills the tallies once, in the order of their keys (a month's rows together: read by a range of the key, 2.5 ->
-- 0.7 ms at 100,000 leads).
-- The month of each completed visit from its exit in whole days since 1970 by integer arithmetic (the civil-from-days
-- algorithm of H. Hinnant: the year and month of a day, March-based, so that February's length is the year's last
-- day; equal to PostgreSQL's calendar for every day and hour 1970-2169), as Months computes it. Portable between
-- PostgreSQL and H2.
alter table stage_visit add column exited_month integer;
update stage_visit set exited_month = ((((exited_ms / 86400000 + 719468) / 146097) * 400 + ((((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) - ((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) / 1460 + ((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) / 36524 - ((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) / 146096) / 365)) * 12 + ((5 * (((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) - (365 * ((((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) - ((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) / 1460 + ((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) / 36524 - ((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) / 146096) / 365) + ((((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) - ((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) / 1460 + ((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) / 36524 - ((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) / 146096) / 365) / 4 - ((((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) - ((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) / 1460 + ((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) / 36524 - ((exited_ms / 86400000 + 719468) - ((exited_ms / 86400000 + 719468) / 146097) * 146097) / 146096) / 365) / 100)) + 2) / 153) + 2)
where exited_ms >= 0;
create index stage_visit_exited_month_idx on stage_visit (stage, exited_month, duration_bucket, duration_ms);

create table duration_month_tally (
    exited_month    integer     not null,
    stage           varchar(30) not null,
    duration_bucket integer     not null,
    visits          bigint      not null,
    duration_sum    bigint      not null,
    constraint duration_month_tally_pkey primary key (exited_month, stage, duration_bucket)
);
create table entry_exit_tally (
    stage        varchar(30) not null,
    entered_week bigint      not null,
    exited_month integer     not null,
    visits       bigint      not null,
    constraint entry_exit_tally_pkey primary key (stage, entered_week, exited_month)
);
insert into duration_month_tally (exited_month, stage, duration_bucket, visits, duration_sum)
select exited_month, stage, duration_bucket, count(*), sum(duration_ms)
from stage_visit where exited_month is not null
group by exited_month, stage, duration_bucket
order by exited_month, stage, duration_bucket;
insert into entry_exit_tally (stage, entered_week, exited_month, visits)
select stage, case when entered_ms < 0 then 0 else entered_ms / 604800000 end, exited_month, count(*)
from stage_visit where exited_month is not null
group by stage, case when entered_ms < 0 then 0 else entered_ms / 604800000 end, exited_month
order by stage, 2, exited_month;

-- A rebuild under way filled fresh tables of the old shape: it starts over into fresh tables of the new one (as
-- V3_38).
delete from token_entry where processor_name = 'rebuild';
delete from dead_letter_entry where processing_group like '%@rebuild';
