-- Lead views (package io.salespipeline.query.lead): one row per lead with everything captured about
-- it, and its timeline of events. Portable between PostgreSQL and H2.

create table lead_view (
    lead_id          varchar(36)                 not null,
    version          bigint                      not null,
    stage            varchar(30)                 not null,
    owner            varchar(100)                not null,
    source           varchar(30)                 not null,
    company_name     varchar(300)                not null,
    registered_at    timestamp(6) with time zone not null,
    stage_entered_at timestamp(6) with time zone not null,
    last_occurred_at timestamp(6) with time zone not null,
    active_contacts  integer                     not null,
    details          varchar                     not null,
    constraint lead_view_pkey primary key (lead_id)
);
create index lead_view_owner_idx on lead_view (owner);
create index lead_view_stage_idx on lead_view (stage);

create table lead_event (
    lead_id      varchar(36)                 not null,
    sequence     bigint                      not null,
    global_index bigint                      not null,
    type         varchar(100)                not null,
    occurred_at  timestamp(6) with time zone not null,
    recorded_at  timestamp(6) with time zone not null,
    stage_from   varchar(30),
    stage_to     varchar(30)                 not null,
    actor        varchar(100),
    data         varchar                     not null,
    constraint lead_event_pkey primary key (lead_id, sequence)
);
