-- Issue 7: the board's counts and values and the lead list's totals from a tally of the leads' current states
-- (visit_lead counted per stage, owner, source, pipeline, its version and the value's currency; '' for no
-- value) instead of counting every lead at each request. The projection keeps it by what each batch changes.
-- Current states that begin after the instant asked for (business times ahead of the clock) are taken off
-- by a range of state_from_ms. Portable between PostgreSQL and H2.
create table lead_tally (
    stage            varchar(30)    not null,
    owner            varchar(100)   not null,
    source           varchar(30)    not null,
    pipeline_key     varchar(50)    not null,
    pipeline_version integer        not null,
    value_currency   varchar(3)     not null,
    leads            bigint         not null,
    value_sum        numeric(38, 4) not null,
    constraint lead_tally_pkey primary key (stage, owner, source, pipeline_key, pipeline_version, value_currency)
);
create index visit_lead_state_from_idx on visit_lead (state_from_ms);

insert into lead_tally (stage, owner, source, pipeline_key, pipeline_version, value_currency, leads, value_sum)
select stage, owner, source, pipeline_key, pipeline_version,
       case when offer_amount is not null then offer_currency when estimate_amount is not null then estimate_currency else '' end,
       count(*), sum(coalesce(offer_amount, estimate_amount, 0))
from visit_lead
group by stage, owner, source, pipeline_key, pipeline_version,
         case when offer_amount is not null then offer_currency when estimate_amount is not null then estimate_currency else '' end;
