-- Imports of lead histories (POST /api/imports). The file is kept in chunks of lines until they are
-- processed; a chunk's leads, its errors, the import's counters and the chunk's removal commit in one
-- transaction, so a restart resumes at the first chunk not done and never records a lead twice or half.
create table lead_import (
    id             varchar(36)                 not null,
    state          varchar(20)                 not null,
    requested_by   varchar(100)                not null,
    roles          varchar(200)                not null,
    lines          bigint                      not null,
    lines_done     bigint                      not null,
    leads_imported bigint                      not null,
    leads_rejected bigint                      not null,
    events         bigint                      not null,
    started_at     timestamp(6) with time zone not null,
    completed_at   timestamp(6) with time zone,
    detail         varchar(1000),
    constraint lead_import_pkey primary key (id)
);
create index lead_import_state_idx on lead_import (state);

-- Lines not processed yet, up to pipeline.imports.leads-per-transaction of them a chunk; done_upto is the
-- last line already processed (a chunk processed lead by lead after its batch failed).
create table lead_import_chunk (
    import_id  varchar(36) not null,
    chunk      integer     not null,
    first_line bigint      not null,
    last_line  bigint      not null,
    leads      integer     not null,
    done_upto  bigint      not null,
    data       bytea       not null,
    constraint lead_import_chunk_pkey primary key (import_id, chunk)
);

-- The rejected leads: the line, the lead (when the line names one), the command that failed and the
-- status it would have had over HTTP.
create table lead_import_error (
    import_id varchar(36)   not null,
    line      bigint        not null,
    lead_id   varchar(100),
    command   varchar(100),
    status    integer       not null,
    detail    varchar(4000) not null,
    constraint lead_import_error_pkey primary key (import_id, line)
);
