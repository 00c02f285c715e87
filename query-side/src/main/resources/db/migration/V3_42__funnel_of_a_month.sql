-- Issue 7: the funnel of one calendar month (UTC) from tallies instead of reading the month's cohort (13,000 leads
-- at 100,000, 30-40 ms). A lead's row keeps the end of its cohort (cohort_end_ms: the first instant of the month
-- after its registration) and its state then (month_end_*: the stage, the time to win and the value while won);
-- its stages reached by then are its first entries up to then. funnel_month_tally and won_month_tally count the
-- leads per cohort as funnel_tally and won_tally count them now. Kept by the projection; a rebuild fills the
-- tallies once.
-- The rows written before this migration get theirs here: the month after registration by the integer arithmetic of
-- V3_43 (Months) and its first instant by its inverse (days from a civil date, H. Hinnant), the state then from the
-- lead's last visit entered by then (its last win by then while won), as the projection keeps them (on the
-- 100,000-lead benchmark database equal to the projection's for every lead; 5 s). A lead registered before 1970 gets
-- none, and while any row has none the funnel of a month reads its cohort (FunnelQuery). Portable between
-- PostgreSQL and H2.
alter table funnel_lead add column cohort_end_ms bigint;
alter table funnel_lead add column month_end_stage varchar(30);
alter table funnel_lead add column month_end_win_span_ms bigint;
alter table funnel_lead add column month_end_won_amount numeric(19, 4);
alter table funnel_lead add column month_end_won_currency varchar(3);
-- the month after registration's (its number: year * 12 + month - 1), then its first instant
update funnel_lead set cohort_end_ms = ((((registered_ms / 86400000 + 719468) / 146097) * 400 + ((((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) - ((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) / 1460 + ((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) / 36524 - ((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) / 146096) / 365)) * 12 + ((5 * (((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) - (365 * ((((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) - ((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) / 1460 + ((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) / 36524 - ((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) / 146096) / 365) + ((((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) - ((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) / 1460 + ((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) / 36524 - ((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) / 146096) / 365) / 4 - ((((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) - ((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) / 1460 + ((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) / 36524 - ((registered_ms / 86400000 + 719468) - ((registered_ms / 86400000 + 719468) / 146097) * 146097) / 146096) / 365) / 100)) + 2) / 153) + 2) + 1
where registered_ms >= 0;
update funnel_lead set cohort_end_ms = (((cohort_end_ms / 12 - case when mod(cohort_end_ms, 12) < 2 then 1 else 0 end) / 400) * 146097 + (((cohort_end_ms / 12 - case when mod(cohort_end_ms, 12) < 2 then 1 else 0 end) - ((cohort_end_ms / 12 - case when mod(cohort_end_ms, 12) < 2 then 1 else 0 end) / 400) * 400) * 365 + ((cohort_end_ms / 12 - case when mod(cohort_end_ms, 12) < 2 then 1 else 0 end) - ((cohort_end_ms / 12 - case when mod(cohort_end_ms, 12) < 2 then 1 else 0 end) / 400) * 400) / 4 - ((cohort_end_ms / 12 - case when mod(cohort_end_ms, 12) < 2 then 1 else 0 end) - ((cohort_end_ms / 12 - case when mod(cohort_end_ms, 12) < 2 then 1 else 0 end) / 400) * 400) / 100 + ((153 * mod(cohort_end_ms + 10, 12) + 2) / 5)) - 719468) * 86400000
where cohort_end_ms is not null;
-- the state at the cohort's end: that of the last visit entered by then; while won, the last win by then
update funnel_lead set month_end_stage = (select v.stage from stage_visit v where v.lead_id = funnel_lead.lead_id
    and v.visit_no = (select max(x.visit_no) from stage_visit x where x.lead_id = funnel_lead.lead_id and x.entered_ms <= funnel_lead.cohort_end_ms))
where cohort_end_ms is not null;
update funnel_lead set month_end_win_span_ms = (select v.entered_ms from stage_visit v where v.lead_id = funnel_lead.lead_id
        and v.visit_no = (select max(x.visit_no) from stage_visit x where x.lead_id = funnel_lead.lead_id and x.stage = 'WON'
                          and x.entered_ms <= funnel_lead.cohort_end_ms)) - registered_ms,
    month_end_won_amount = (select v.value_amount from stage_visit v where v.lead_id = funnel_lead.lead_id
        and v.visit_no = (select max(x.visit_no) from stage_visit x where x.lead_id = funnel_lead.lead_id and x.stage = 'WON'
                          and x.entered_ms <= funnel_lead.cohort_end_ms)),
    month_end_won_currency = (select v.value_currency from stage_visit v where v.lead_id = funnel_lead.lead_id
        and v.visit_no = (select max(x.visit_no) from stage_visit x where x.lead_id = funnel_lead.lead_id and x.stage = 'WON'
                          and x.entered_ms <= funnel_lead.cohort_end_ms))
where month_end_stage in ('WON', 'AFTER_SALES');
create index funnel_lead_cohort_win_span_idx on funnel_lead (cohort_end_ms, month_end_win_span_ms);

create table funnel_month_tally (
    cohort_end_ms bigint      not null,
    stage         varchar(30) not null,
    reached       integer     not null,
    leads         bigint      not null,
    constraint funnel_month_tally_pkey primary key (cohort_end_ms, stage, reached)
);
create table won_month_tally (
    cohort_end_ms  bigint         not null,
    value_currency varchar(3)     not null,
    leads          bigint         not null,
    value_sum      numeric(38, 4) not null,
    constraint won_month_tally_pkey primary key (cohort_end_ms, value_currency)
);

insert into funnel_month_tally (cohort_end_ms, stage, reached, leads)
select cohort_end_ms, month_end_stage, case when contacted_ms <= cohort_end_ms then 1 else 0 end + case when offer_preparation_ms <= cohort_end_ms then 2 else 0 end + case when offer_sent_ms <= cohort_end_ms then 4 else 0 end + case when follow_up_ms <= cohort_end_ms then 8 else 0 end + case when let_them_buy_ms <= cohort_end_ms then 16 else 0 end + case when won_ms <= cohort_end_ms then 32 else 0 end + case when after_sales_ms <= cohort_end_ms then 64 else 0 end + case when lost_ms <= cohort_end_ms then 128 else 0 end + case when disqualified_ms <= cohort_end_ms then 256 else 0 end, count(*)
from funnel_lead where cohort_end_ms is not null
group by cohort_end_ms, month_end_stage, case when contacted_ms <= cohort_end_ms then 1 else 0 end + case when offer_preparation_ms <= cohort_end_ms then 2 else 0 end + case when offer_sent_ms <= cohort_end_ms then 4 else 0 end + case when follow_up_ms <= cohort_end_ms then 8 else 0 end + case when let_them_buy_ms <= cohort_end_ms then 16 else 0 end + case when won_ms <= cohort_end_ms then 32 else 0 end + case when after_sales_ms <= cohort_end_ms then 64 else 0 end + case when lost_ms <= cohort_end_ms then 128 else 0 end + case when disqualified_ms <= cohort_end_ms then 256 else 0 end
order by 1, 2, 3;
insert into won_month_tally (cohort_end_ms, value_currency, leads, value_sum)
select cohort_end_ms, coalesce(month_end_won_currency, ''), count(*), coalesce(sum(month_end_won_amount), 0)
from funnel_lead where cohort_end_ms is not null and month_end_win_span_ms is not null
group by cohort_end_ms, coalesce(month_end_won_currency, '')
order by 1, 2;

-- A rebuild under way filled fresh tables of the old shape: it starts over into fresh tables of the new one (as
-- V3_38).
delete from token_entry where processor_name = 'rebuild';
delete from dead_letter_entry where processing_group like '%@rebuild';
