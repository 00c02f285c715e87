-- Stage visits (package io.salespipeline.query.visits): one row per entry of a lead into a stage, with
-- business times as timestamps (to read) and epoch milliseconds (to compute with, the same on PostgreSQL
-- and H2). The board, time in stage, losses, funnel and SLA are all queries over these tables, which is
-- what makes every one of them answerable as of any past instant.

-- per lead: what the projection needs to know to record the next event
create table visit_lead (
    lead_id           varchar(36)   not null,
    version           bigint        not null,
    source            varchar(30)   not null,
    owner             varchar(100)  not null,
    company_name      varchar(300)  not null,
    registered_ms     bigint        not null,
    stage             varchar(30)   not null,
    visit_no          integer       not null,
    offer_amount      numeric(19, 4),
    offer_currency    varchar(3),
    estimate_amount   numeric(19, 4),
    estimate_currency varchar(3),
    constraint visit_lead_pkey primary key (lead_id)
);
create index visit_lead_registered_idx on visit_lead (registered_ms);

create table stage_visit (
    lead_id        varchar(36)                 not null,
    visit_no       integer                     not null,
    stage          varchar(30)                 not null,
    source         varchar(30)                 not null,
    owner          varchar(100)                not null,
    entered_at     timestamp(6) with time zone not null,
    entered_ms     bigint                      not null,
    entered_month  varchar(7)                  not null,
    exited_at      timestamp(6) with time zone,
    exited_ms      bigint,
    exit_stage     varchar(30),
    -- OFFER_PREPARATION: the promised offer time; OFFER_SENT: the follow-up due time
    deadline_at    timestamp(6) with time zone,
    deadline_ms    bigint,
    -- LOST / DISQUALIFIED: why, from where, and the lead's value at that moment
    reason         varchar(30),
    details        varchar(4000),
    competitor     varchar(300),
    from_stage     varchar(30),
    value_amount   numeric(19, 4),
    value_currency varchar(3),
    constraint stage_visit_pkey primary key (lead_id, visit_no)
);
create index stage_visit_stage_entered_idx on stage_visit (stage, entered_ms);
create index stage_visit_exited_idx on stage_visit (exited_ms);
create index stage_visit_deadline_idx on stage_visit (stage, deadline_ms);

-- time-stamped facts a lead's state as of an instant needs besides its stage: value, next step, owner
create table lead_fact (
    lead_id     varchar(36)                 not null,
    sequence    bigint                      not null,
    kind        varchar(20)                 not null,
    occurred_ms bigint                      not null,
    amount      numeric(19, 4),
    currency    varchar(3),
    action      varchar(1000),
    due_at      timestamp(6) with time zone,
    due_ms      bigint,
    owner       varchar(100),
    constraint lead_fact_pkey primary key (lead_id, sequence, kind)
);
create index lead_fact_lookup_idx on lead_fact (lead_id, kind, occurred_ms);
