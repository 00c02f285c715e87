-- Issue 7: the funnel of one calendar month (UTC) from tallies instead of reading the month's cohort (13,000 leads
-- at 100,000, 30-40 ms). A lead's row keeps the end of its cohort (cohort_end_ms: the first instant of the month
-- after its registration) and its state then (month_end_*: the stage, the time to win and the value while won);
-- its stages reached by then are its first entries up to then. funnel_month_tally and won_month_tally count the
-- leads per cohort as funnel_tally and won_tally count them now. Kept by the projection; a rebuild fills the
-- tallies once.
-- The rows written before this migration have no cohort end (null): the state at a month's end is not in them,
-- and they are in no month's tally. While any row has none, the funnel of a month reads its cohort as before
-- (FunnelQuery); a replay of stage-visits (POST /api/admin/replays) writes every row anew, with its cohort.
-- Portable between PostgreSQL and H2.
alter table funnel_lead add column cohort_end_ms bigint;
alter table funnel_lead add column month_end_stage varchar(30);
alter table funnel_lead add column month_end_win_span_ms bigint;
alter table funnel_lead add column month_end_won_amount numeric(19, 4);
alter table funnel_lead add column month_end_won_currency varchar(3);
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

-- A rebuild under way filled fresh tables of the old shape: it starts over into fresh tables of the new one (as
-- V3_38).
delete from token_entry where processor_name = 'rebuild';
delete from dead_letter_entry where processing_group like '%@rebuild';
