-- The table of the pipeline-definitions projection as its migrations (V3_x) leave it, for a rebuild into
-- a fresh table (${suffix}: "__next"); ProjectionTablesTest holds the two the same.
create table pipeline_version${suffix} (
    pipeline_key               varchar(50)                 not null,
    version                    integer                     not null,
    uses_after_sales           boolean                     not null,
    after_sales_plan_within_ms bigint                      not null,
    defined_at                 timestamp(6) with time zone not null,
    definition                 varchar                     not null,
    constraint pipeline_version${suffix}_pkey primary key (pipeline_key, version)
);
