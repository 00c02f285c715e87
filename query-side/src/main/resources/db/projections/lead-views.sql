-- The tables of the lead-views projection as its migrations (V3_x) leave them, for a rebuild into fresh
-- tables (${suffix}: "__next"; ${byteOrder}: a lead's id in byte order on PostgreSQL, V3_45); ProjectionTablesTest holds the
-- two the same.
create table lead_view${suffix} (
    lead_id          varchar(36)${byteOrder}                 not null,
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
    pipeline_key     varchar(50) default 'default' not null,
    constraint lead_view${suffix}_pkey primary key (lead_id)
);
