-- The tables of the stage-visits projection as its migrations (V3_x) leave them, for a rebuild into fresh
-- tables (${suffix}: "__next"; ${byteOrder}: a lead's id in byte order on PostgreSQL, V3_45); ProjectionTablesTest holds the
-- two the same.
create table visit_lead${suffix} (
    lead_id           varchar(36)${byteOrder}   not null,
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
    pipeline_key      varchar(50) default 'default' not null,
    pipeline_version  integer default 1 not null,
    state_from_ms     bigint,
    stage_entered_at  timestamp(6) with time zone,
    stage_entered_ms  bigint,
    next_action       varchar(1000),
    next_due_at       timestamp(6) with time zone,
    next_due_ms       bigint,
    deadline_ms       bigint,
    constraint visit_lead${suffix}_pkey primary key (lead_id)
);
create index visit_lead${suffix}_entered_idx on visit_lead${suffix}
    (stage_entered_ms, lead_id, state_from_ms, stage, next_due_ms, deadline_ms, owner, source, pipeline_key);
create index visit_lead${suffix}_stage_entered_idx on visit_lead${suffix}
    (stage, stage_entered_ms, lead_id, state_from_ms, next_due_ms, deadline_ms, owner, source, pipeline_key);
create index visit_lead${suffix}_owner_entered_idx on visit_lead${suffix} (owner, stage_entered_ms, lead_id);
create index visit_lead${suffix}_stage_state_idx on visit_lead${suffix}
    (stage, state_from_ms, pipeline_key, pipeline_version, offer_amount, offer_currency, estimate_amount, estimate_currency, owner, source);
create index visit_lead${suffix}_state_from_idx on visit_lead${suffix} (state_from_ms);
create index visit_lead${suffix}_stage_next_due_idx on visit_lead${suffix} (stage, next_due_ms, state_from_ms);
create index visit_lead${suffix}_stage_deadline_idx on visit_lead${suffix} (stage, deadline_ms, state_from_ms);

-- visit_lead counted per stage, owner, source, pipeline (and version) and currency ('' for no value): the
-- board's counts and values, the lead list's totals. A rebuild fills it once (stage-visits.rebuilt.sql).
create table lead_tally${suffix} (
    stage            varchar(30)    not null,
    owner            varchar(100)   not null,
    source           varchar(30)    not null,
    pipeline_key     varchar(50)    not null,
    pipeline_version integer        not null,
    value_currency   varchar(3)     not null,
    leads            bigint         not null,
    value_sum        numeric(38, 4) not null,
    constraint lead_tally${suffix}_pkey primary key (stage, owner, source, pipeline_key, pipeline_version, value_currency)
);

-- visit_lead counted per stage and week of entry into it (V3_33): the median age of the open visits.
-- A rebuild fills it once (stage-visits.rebuilt.sql).
create table entry_tally${suffix} (
    stage        varchar(30) not null,
    entered_week bigint      not null,
    leads        bigint      not null,
    constraint entry_tally${suffix}_pkey primary key (stage, entered_week)
);

-- The open visits of LOST and DISQUALIFIED counted per way of grouping, key and currency (V3_31):
-- lost reasons over all history. A rebuild fills it once (stage-visits.rebuilt.sql).
create table loss_tally${suffix} (
    stage          varchar(30)    not null,
    group_by       varchar(20)    not null,
    has_key        boolean        not null,
    group_key      varchar(300)   not null,
    value_currency varchar(3)     not null,
    visits         bigint         not null,
    value_sum      numeric(38, 4) not null,
    constraint loss_tally${suffix}_pkey primary key (stage, group_by, has_key, group_key, value_currency)
);

-- The board's state of each lead in the periods it stayed the same ([from_ms, until_ms), closed ones only:
-- the current one is in visit_lead). span_class k: until_ms - from_ms <= 4^k hours (k = 9: longer), so that
-- the periods around an instant are found by ranges of from_ms per class ("the board as of").
create table board_period${suffix} (
    lead_id          varchar(36)${byteOrder}                 not null,
    from_ms          bigint                      not null,
    until_ms         bigint                      not null,
    span_class       integer                     not null,
    stage            varchar(30)                 not null,
    source           varchar(30)                 not null,
    pipeline_key     varchar(50)                 not null,
    pipeline_version integer                     not null,
    owner            varchar(100)                not null,
    stage_entered_at timestamp(6) with time zone not null,
    stage_entered_ms bigint                      not null,
    value_amount     numeric(19, 4),
    value_currency   varchar(3),
    next_action      varchar(1000),
    next_due_at      timestamp(6) with time zone,
    next_due_ms      bigint,
    deadline_ms      bigint,
    constraint board_period${suffix}_pkey primary key (lead_id, from_ms)
);
create index board_period${suffix}_span_idx on board_period${suffix}
    (span_class, stage, from_ms, until_ms, stage_entered_ms, lead_id, next_due_ms, deadline_ms, owner, source,
     pipeline_key, pipeline_version, value_currency, value_amount);

create table stage_visit${suffix} (
    lead_id         varchar(36)${byteOrder}                 not null,
    visit_no        integer                     not null,
    stage           varchar(30)                 not null,
    source          varchar(30)                 not null,
    owner           varchar(100)                not null,
    entered_at      timestamp(6) with time zone not null,
    entered_ms      bigint                      not null,
    entered_month   varchar(7)                  not null,
    exited_at       timestamp(6) with time zone,
    exited_ms       bigint,
    exit_stage      varchar(30),
    deadline_at     timestamp(6) with time zone,
    deadline_ms     bigint,
    reason          varchar(30),
    details         varchar(4000),
    competitor      varchar(300),
    from_stage      varchar(30),
    value_amount    numeric(19, 4),
    value_currency  varchar(3),
    pipeline_key    varchar(50) default 'default' not null,
    deadline_origin varchar(20),
    duration_ms     bigint,
    duration_bucket integer,
    exited_month    integer,
    constraint stage_visit${suffix}_pkey primary key (lead_id, visit_no)
);
create index stage_visit${suffix}_stage_entered_idx on stage_visit${suffix}
    (stage, entered_ms, exited_ms, reason, from_stage, source, value_currency, value_amount);
create index stage_visit${suffix}_exited_idx on stage_visit${suffix} (exited_ms);
create index stage_visit${suffix}_deadline_idx on stage_visit${suffix}
    (stage, deadline_ms, deadline_origin, entered_ms, exited_ms, exit_stage);
create index stage_visit${suffix}_pipeline_idx on stage_visit${suffix} (pipeline_key);
create index stage_visit${suffix}_stage_exited_idx on stage_visit${suffix} (stage, exited_ms, entered_ms, deadline_ms, deadline_origin);
create index stage_visit${suffix}_lead_entered_idx on stage_visit${suffix} (lead_id, entered_ms, exited_ms, stage);
create index stage_visit${suffix}_duration_idx on stage_visit${suffix} (stage, duration_bucket, duration_ms);
create index stage_visit${suffix}_exited_month_idx on stage_visit${suffix} (stage, exited_month, duration_bucket, duration_ms);

-- The completed visits counted and their lengths summed per stage and length bucket (V3_32): time in stage over
-- all history. A rebuild fills it once (stage-visits.rebuilt.sql).
create table duration_tally${suffix} (
    stage           varchar(30) not null,
    duration_bucket integer     not null,
    visits          bigint      not null,
    duration_sum    bigint      not null,
    constraint duration_tally${suffix}_pkey primary key (stage, duration_bucket)
);

-- The same per calendar month of exit (V3_43; Months: year * 12 + month - 1, UTC): time in stage of one month. And
-- the completed visits counted per stage, week of entry and month of exit: the visits open at a month's first
-- instant that have ended since. A rebuild fills them once (stage-visits.rebuilt.sql).
create table duration_month_tally${suffix} (
    exited_month    integer     not null,
    stage           varchar(30) not null,
    duration_bucket integer     not null,
    visits          bigint      not null,
    duration_sum    bigint      not null,
    constraint duration_month_tally${suffix}_pkey primary key (exited_month, stage, duration_bucket)
);
create table entry_exit_tally${suffix} (
    stage        varchar(30) not null,
    entered_week bigint      not null,
    exited_month integer     not null,
    visits       bigint      not null,
    constraint entry_exit_tally${suffix}_pkey primary key (stage, entered_week, exited_month)
);

-- The SLA items that closed, per kind, outcome, day of their deadline and item day (V3_36, V3_37): the SLA report
-- without filters. A rebuild fills it once (stage-visits.rebuilt.sql).
create table sla_tally${suffix} (
    kind     varchar(30) not null,
    outcome  varchar(10) not null,
    due_day  bigint      not null,
    item_day bigint      not null,
    items    bigint      not null,
    constraint sla_tally${suffix}_pkey primary key (kind, outcome, due_day, item_day)
);

create table lead_fact${suffix} (
    lead_id     varchar(36)${byteOrder}                 not null,
    sequence    bigint                      not null,
    kind        varchar(20)                 not null,
    occurred_ms bigint                      not null,
    action      varchar(1000),
    due_at      timestamp(6) with time zone,
    due_ms      bigint,
    owner       varchar(100),
    constraint lead_fact${suffix}_pkey primary key (lead_id, sequence, kind)
);
create index lead_fact${suffix}_lookup_idx on lead_fact${suffix} (lead_id, kind, occurred_ms);

create table follow_up_due${suffix} (
    lead_id    varchar(36)${byteOrder}                 not null,
    sequence   bigint                      not null,
    visit_no   integer                     not null,
    contact_ms bigint                      not null,
    due_at     timestamp(6) with time zone not null,
    due_ms     bigint                      not null,
    next_ms    bigint,
    source          varchar(30) not null,
    pipeline_key    varchar(50) not null,
    visit_exited_ms bigint,
    closed_ms       bigint,
    constraint follow_up_due${suffix}_pkey primary key (lead_id, sequence)
);
create index follow_up_due${suffix}_due_idx on follow_up_due${suffix} (due_ms, contact_ms, next_ms, visit_exited_ms);
create index follow_up_due${suffix}_closed_idx on follow_up_due${suffix} (closed_ms, due_ms, contact_ms);

-- One row per lead for the funnel (V3_24): the cohort's columns, the stage now and since when, when the lead
-- first entered each stage, its last win; whether it entered each stage at most once, each entry after the one
-- before (one_pass, V3_38: its stage at any instant is then the stage it first entered last by then).
create table funnel_lead${suffix} (
    lead_id              varchar(36)${byteOrder}    not null,
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
    win_span_ms          bigint,
    one_pass             boolean        default true not null,
    cohort_end_ms          bigint,
    month_end_stage        varchar(30),
    month_end_win_span_ms  bigint,
    month_end_won_amount   numeric(19, 4),
    month_end_won_currency varchar(3),
    constraint funnel_lead${suffix}_pkey primary key (lead_id)
);
create index funnel_lead${suffix}_registered_idx on funnel_lead${suffix} (registered_ms);
create index funnel_lead${suffix}_win_span_idx on funnel_lead${suffix} (win_span_ms);
create index funnel_lead${suffix}_cohort_win_span_idx on funnel_lead${suffix} (cohort_end_ms, month_end_win_span_ms);

-- The leads per current stage and stages reached, and the leads won now per day of time to win and currency
-- (V3_35): the funnel over all history. A rebuild fills them once (stage-visits.rebuilt.sql).
create table funnel_tally${suffix} (
    stage   varchar(30) not null,
    reached integer     not null,
    leads   bigint      not null,
    constraint funnel_tally${suffix}_pkey primary key (stage, reached)
);
create table won_tally${suffix} (
    win_day        bigint         not null,
    value_currency varchar(3)     not null,
    leads          bigint         not null,
    value_sum      numeric(38, 4) not null,
    constraint won_tally${suffix}_pkey primary key (win_day, value_currency)
);

-- The same per cohort (V3_42): the leads registered in a calendar month (UTC) as they stood at its end
-- (cohort_end_ms, the next month's first instant), per stage then and stages reached by then; the leads won then,
-- per currency. The funnel of one month. A rebuild fills them once (stage-visits.rebuilt.sql).
create table funnel_month_tally${suffix} (
    cohort_end_ms bigint      not null,
    stage         varchar(30) not null,
    reached       integer     not null,
    leads         bigint      not null,
    constraint funnel_month_tally${suffix}_pkey primary key (cohort_end_ms, stage, reached)
);
create table won_month_tally${suffix} (
    cohort_end_ms  bigint         not null,
    value_currency varchar(3)     not null,
    leads          bigint         not null,
    value_sum      numeric(38, 4) not null,
    constraint won_month_tally${suffix}_pkey primary key (cohort_end_ms, value_currency)
);
