-- Issue 9: pipelines, owners as of an instant, the follow-up rhythm, won values, the calendar's feed tokens.
-- Portable between PostgreSQL and H2.

-- The pipeline definitions, one row per version (package io.salespipeline.query.pipelines).
create table pipeline_version (
    pipeline_key               varchar(50)                 not null,
    version                    integer                     not null,
    uses_after_sales           boolean                     not null,
    after_sales_plan_within_ms bigint                      not null,
    defined_at                 timestamp(6) with time zone not null,
    definition                 varchar                     not null,
    constraint pipeline_version_pkey primary key (pipeline_key, version)
);

-- Which pipeline version a lead follows (immutable per lead).
alter table visit_lead add column pipeline_key varchar(50) default 'default' not null;
alter table visit_lead add column pipeline_version integer default 1 not null;
alter table stage_visit add column pipeline_key varchar(50) default 'default' not null;
alter table lead_view add column pipeline_key varchar(50) default 'default' not null;
create index stage_visit_pipeline_idx on stage_visit (pipeline_key);

-- What set a visit's deadline: OFFER_PREPARATION (the promise of StartOfferPreparation), OFFER (the follow-up
-- due of SendOffer) or REOPENING (a fresh one on reopening; a live deadline, not an SLA item).
alter table stage_visit add column deadline_origin varchar(20);
update stage_visit set deadline_origin = case stage when 'OFFER_PREPARATION' then 'OFFER_PREPARATION' else 'OFFER' end
where deadline_ms is not null;

-- The "3x48" rhythm: one row per follow-up that set the next one; next_ms is the next follow-up in the same
-- FOLLOW_UP visit, once it came.
create table follow_up_due (
    lead_id    varchar(36)                 not null,
    sequence   bigint                      not null,
    visit_no   integer                     not null,
    contact_ms bigint                      not null,
    due_at     timestamp(6) with time zone not null,
    due_ms     bigint                      not null,
    next_ms    bigint,
    constraint follow_up_due_pkey primary key (lead_id, sequence)
);
create index follow_up_due_due_idx on follow_up_due (due_ms);

-- Who owned a lead when: [from_ms, until_ms) from the time-stamped owner facts (registration, reassignment,
-- after-sales handover). Analytics ask it for the owner at the moment that decides each number.
create view lead_owner_period as
select lead_id, owner, occurred_ms as from_ms,
       lead(occurred_ms) over (partition by lead_id order by occurred_ms, sequence) as until_ms
from lead_fact
where kind = 'OWNER';

-- Secret calendar-feed URLs (package io.salespipeline.query.calendar): the SHA-256 of the token, per user.
create table calendar_feed_token (
    token_hash varchar(64)                 not null,
    username   varchar(100)                not null,
    created_at timestamp(6) with time zone not null,
    constraint calendar_feed_token_pkey primary key (token_hash),
    constraint calendar_feed_token_user_key unique (username)
);
