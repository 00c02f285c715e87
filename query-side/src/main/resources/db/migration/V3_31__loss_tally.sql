-- Issue 7: lost reasons over all history from a tally of the losses (and disqualifications) instead of
-- reading every one at each request. The open visits of LOST and DISQUALIFIED (the leads lost or
-- disqualified now) counted per way of grouping (reason, stage lost from, source, month, competitor), key
-- and currency ('' for no value; has_key false for no key); the visits that began after the window's end or
-- ended after it are corrected for at the request, by ranges of stage_visit's indexes. The projection keeps
-- it by what each batch opens and closes; a rebuild fills it once. Portable between PostgreSQL and H2.
create table loss_tally (
    stage          varchar(30)    not null,
    group_by       varchar(20)    not null,
    has_key        boolean        not null,
    group_key      varchar(300)   not null,
    value_currency varchar(3)     not null,
    visits         bigint         not null,
    value_sum      numeric(38, 4) not null,
    constraint loss_tally_pkey primary key (stage, group_by, has_key, group_key, value_currency)
);

insert into loss_tally (stage, group_by, has_key, group_key, value_currency, visits, value_sum)
select stage, 'reason', reason is not null, coalesce(reason, ''), coalesce(value_currency, ''), count(*), coalesce(sum(value_amount), 0)
from stage_visit where stage in ('LOST', 'DISQUALIFIED') and exited_ms is null
group by stage, reason is not null, coalesce(reason, ''), coalesce(value_currency, '');
insert into loss_tally (stage, group_by, has_key, group_key, value_currency, visits, value_sum)
select stage, 'stage', from_stage is not null, coalesce(from_stage, ''), coalesce(value_currency, ''), count(*), coalesce(sum(value_amount), 0)
from stage_visit where stage in ('LOST', 'DISQUALIFIED') and exited_ms is null
group by stage, from_stage is not null, coalesce(from_stage, ''), coalesce(value_currency, '');
insert into loss_tally (stage, group_by, has_key, group_key, value_currency, visits, value_sum)
select stage, 'source', true, source, coalesce(value_currency, ''), count(*), coalesce(sum(value_amount), 0)
from stage_visit where stage in ('LOST', 'DISQUALIFIED') and exited_ms is null
group by stage, source, coalesce(value_currency, '');
insert into loss_tally (stage, group_by, has_key, group_key, value_currency, visits, value_sum)
select stage, 'month', true, entered_month, coalesce(value_currency, ''), count(*), coalesce(sum(value_amount), 0)
from stage_visit where stage in ('LOST', 'DISQUALIFIED') and exited_ms is null
group by stage, entered_month, coalesce(value_currency, '');
insert into loss_tally (stage, group_by, has_key, group_key, value_currency, visits, value_sum)
select stage, 'competitor', competitor is not null, coalesce(competitor, ''), coalesce(value_currency, ''), count(*), coalesce(sum(value_amount), 0)
from stage_visit where stage in ('LOST', 'DISQUALIFIED') and exited_ms is null
group by stage, competitor is not null, coalesce(competitor, ''), coalesce(value_currency, '');
