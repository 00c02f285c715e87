-- Issue 7: the median age of the visits open now without reading half of each stage's leads. The leads'
-- current states (visit_lead) counted per stage and week of entry into it (entered_week: the entry's
-- milliseconds over a week's, 0 for every entry before 1970's second week; EntryTally.week); the median's
-- rank is found in its week, then read in visit_lead_stage_entered_idx from that week's start. Kept by the
-- projection with lead_tally; a rebuild fills it once. Portable between PostgreSQL and H2.
create table entry_tally (
    stage        varchar(30) not null,
    entered_week bigint      not null,
    leads        bigint      not null,
    constraint entry_tally_pkey primary key (stage, entered_week)
);
insert into entry_tally (stage, entered_week, leads)
select stage, case when coalesce(stage_entered_ms, registered_ms) < 0 then 0 else coalesce(stage_entered_ms, registered_ms) / 604800000 end,
       count(*)
from visit_lead
group by stage, case when coalesce(stage_entered_ms, registered_ms) < 0 then 0 else coalesce(stage_entered_ms, registered_ms) / 604800000 end;
