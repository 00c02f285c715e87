-- A rebuild of read models into fresh tables under way (package io.salespipeline.query.replay): which
-- projections, since when, up to which position at least; at most one row. It lets a rebuild resume after
-- a restart of the service.
create table projection_rebuild (
    id          integer                     not null,
    projections varchar(1000)               not null,
    started_at  timestamp(6) with time zone not null,
    head        bigint                      not null,
    constraint projection_rebuild_pkey primary key (id)
);
