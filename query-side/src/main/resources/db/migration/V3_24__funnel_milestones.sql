-- Issue 7: the funnel from one row per lead. The cohort (registered in the window, of a source and pipeline),
-- when the lead first entered each stage, its stage now and since when, and its last win (when, final value):
-- "reached by :to" is a comparison per column, and the stage at :to is the current one unless it began after
-- :to (then stage_visit answers). Written by the stage-visits projection beside stage_visit; filled here from
-- stage_visit for an existing deployment. Portable between PostgreSQL and H2.
create table funnel_lead (
    lead_id              varchar(36)    not null,
    registered_ms        bigint         not null,
    source               varchar(30)    not null,
    pipeline_key         varchar(50)    not null,
    stage                varchar(30)    not null,
    stage_entered_ms     bigint         not null,
    contacted_ms         bigint,
    offer_preparation_ms bigint,
    offer_sent_ms        bigint,
    follow_up_ms         bigint,
    let_them_buy_ms      bigint,
    won_ms               bigint,
    after_sales_ms       bigint,
    lost_ms              bigint,
    disqualified_ms      bigint,
    last_won_ms          bigint,
    won_amount           numeric(19, 4),
    won_currency         varchar(3),
    constraint funnel_lead_pkey primary key (lead_id)
);
create index funnel_lead_registered_idx on funnel_lead (registered_ms);

insert into funnel_lead (lead_id, registered_ms, source, pipeline_key, stage, stage_entered_ms, contacted_ms,
                         offer_preparation_ms, offer_sent_ms, follow_up_ms, let_them_buy_ms, won_ms, after_sales_ms,
                         lost_ms, disqualified_ms, last_won_ms, won_amount, won_currency)
select l.lead_id, l.registered_ms, l.source, l.pipeline_key, l.stage,
       (select v.entered_ms from stage_visit v where v.lead_id = l.lead_id and v.visit_no = l.visit_no),
       (select min(v.entered_ms) from stage_visit v where v.lead_id = l.lead_id and v.stage = 'CONTACTED'),
       (select min(v.entered_ms) from stage_visit v where v.lead_id = l.lead_id and v.stage = 'OFFER_PREPARATION'),
       (select min(v.entered_ms) from stage_visit v where v.lead_id = l.lead_id and v.stage = 'OFFER_SENT'),
       (select min(v.entered_ms) from stage_visit v where v.lead_id = l.lead_id and v.stage = 'FOLLOW_UP'),
       (select min(v.entered_ms) from stage_visit v where v.lead_id = l.lead_id and v.stage = 'LET_THEM_BUY'),
       (select min(v.entered_ms) from stage_visit v where v.lead_id = l.lead_id and v.stage = 'WON'),
       (select min(v.entered_ms) from stage_visit v where v.lead_id = l.lead_id and v.stage = 'AFTER_SALES'),
       (select min(v.entered_ms) from stage_visit v where v.lead_id = l.lead_id and v.stage = 'LOST'),
       (select min(v.entered_ms) from stage_visit v where v.lead_id = l.lead_id and v.stage = 'DISQUALIFIED'),
       (select max(v.entered_ms) from stage_visit v where v.lead_id = l.lead_id and v.stage = 'WON'),
       (select v.value_amount from stage_visit v where v.lead_id = l.lead_id and v.visit_no =
            (select max(x.visit_no) from stage_visit x where x.lead_id = l.lead_id and x.stage = 'WON')),
       (select v.value_currency from stage_visit v where v.lead_id = l.lead_id and v.visit_no =
            (select max(x.visit_no) from stage_visit x where x.lead_id = l.lead_id and x.stage = 'WON'))
from visit_lead l;
