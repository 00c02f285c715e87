-- Issue 7: time in stage over all history without sorting every completed visit. A completed visit keeps its
-- length (duration_ms) and the bucket of it (duration_bucket: ten minutes wide below a day, an hour below a
-- week, a day beyond; DurationTally.bucket, the same integer arithmetic); duration_tally counts the completed
-- visits and sums their lengths per stage and bucket. A percentile is the bucket that holds its rank, then
-- that rank's length from stage_visit_duration_idx. Kept by the projection; a rebuild fills the tally once.
-- Portable between PostgreSQL and H2.
alter table stage_visit add column duration_ms bigint;
alter table stage_visit add column duration_bucket integer;
update stage_visit set duration_ms = exited_ms - entered_ms,
                       duration_bucket = case when (exited_ms - entered_ms) < 0 then -1 when (exited_ms - entered_ms) < 86400000 then (exited_ms - entered_ms) / 600000 when (exited_ms - entered_ms) < 604800000 then 144 + (exited_ms - entered_ms - 86400000) / 3600000 else 288 + (exited_ms - entered_ms - 604800000) / 86400000 end
where exited_ms is not null;
create index stage_visit_duration_idx on stage_visit (stage, duration_bucket, duration_ms);

create table duration_tally (
    stage           varchar(30) not null,
    duration_bucket integer     not null,
    visits          bigint      not null,
    duration_sum    bigint      not null,
    constraint duration_tally_pkey primary key (stage, duration_bucket)
);
insert into duration_tally (stage, duration_bucket, visits, duration_sum)
select stage, duration_bucket, count(*), sum(duration_ms) from stage_visit where duration_ms is not null
group by stage, duration_bucket;
