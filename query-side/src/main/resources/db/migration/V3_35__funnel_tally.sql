-- Issue 7: the funnel over all history from tallies instead of reading every lead. funnel_tally counts the
-- leads per current stage and set of stages reached (reached: one bit per stage, CONTACTED 1, OFFER_PREPARATION
-- 2, ... DISQUALIFIED 256, in the order of Stage; FunnelTally.bit). won_tally counts the leads won now (WON or
-- AFTER_SALES) and sums their final value per day of their time to win and currency; win_span_ms (last win less
-- registration, while the lead is won) and its index give the median time to win at its rank. Kept by the
-- projection; a rebuild fills the tallies once. Portable between PostgreSQL and H2.
alter table funnel_lead add column win_span_ms bigint;
update funnel_lead set win_span_ms = last_won_ms - registered_ms
where stage in ('WON', 'AFTER_SALES') and last_won_ms is not null;
create index funnel_lead_win_span_idx on funnel_lead (win_span_ms);

create table funnel_tally (
    stage   varchar(30) not null,
    reached integer     not null,
    leads   bigint      not null,
    constraint funnel_tally_pkey primary key (stage, reached)
);
create table won_tally (
    win_day        bigint         not null,
    value_currency varchar(3)     not null,
    leads          bigint         not null,
    value_sum      numeric(38, 4) not null,
    constraint won_tally_pkey primary key (win_day, value_currency)
);

insert into funnel_tally (stage, reached, leads)
select stage, case when contacted_ms is not null then 1 else 0 end + case when offer_preparation_ms is not null then 2 else 0 end + case when offer_sent_ms is not null then 4 else 0 end + case when follow_up_ms is not null then 8 else 0 end + case when let_them_buy_ms is not null then 16 else 0 end + case when won_ms is not null then 32 else 0 end + case when after_sales_ms is not null then 64 else 0 end + case when lost_ms is not null then 128 else 0 end + case when disqualified_ms is not null then 256 else 0 end, count(*)
from funnel_lead
group by stage, case when contacted_ms is not null then 1 else 0 end + case when offer_preparation_ms is not null then 2 else 0 end + case when offer_sent_ms is not null then 4 else 0 end + case when follow_up_ms is not null then 8 else 0 end + case when let_them_buy_ms is not null then 16 else 0 end + case when won_ms is not null then 32 else 0 end + case when after_sales_ms is not null then 64 else 0 end + case when lost_ms is not null then 128 else 0 end + case when disqualified_ms is not null then 256 else 0 end;
insert into won_tally (win_day, value_currency, leads, value_sum)
select case when win_span_ms < 0 then 0 else win_span_ms / 86400000 end, coalesce(won_currency, ''), count(*), coalesce(sum(won_amount), 0)
from funnel_lead where win_span_ms is not null
group by case when win_span_ms < 0 then 0 else win_span_ms / 86400000 end, coalesce(won_currency, '');
