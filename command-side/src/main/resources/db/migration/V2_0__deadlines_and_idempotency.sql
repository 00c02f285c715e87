-- ---------------------------------------------------------------------------------------------
-- db-scheduler 16.x (com.github.kagkarlsson:db-scheduler) - used by DbSchedulerDeadlineManager.
-- Not a JPA entity (plain JDBC), so Hibernate does not validate it.
-- Portable merge of db-scheduler's postgresql_tables.sql and its H2/HSQL variant:
-- text -> varchar(255) (H2 maps TEXT to CLOB), blob -> bytea.
-- ---------------------------------------------------------------------------------------------
create table scheduled_tasks (
    task_name            varchar(255)                not null,
    task_instance        varchar(255)                not null,
    task_data            bytea,
    execution_time       timestamp(6) with time zone not null,
    picked               boolean                     not null,
    picked_by            varchar(255),
    last_success         timestamp(6) with time zone,
    last_failure         timestamp(6) with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp(6) with time zone,
    version              bigint                      not null,
    priority             smallint,
    constraint scheduled_tasks_pkey primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);

-- Answers to commands sent with an Idempotency-Key, per user and key; written in the command's own
-- transaction, so a row exists exactly when the events it answered for do.
create table idempotency_record (
    principal       varchar(100)                not null,
    idempotency_key varchar(200)                not null,
    request_hash    varchar(64)                 not null,
    command         varchar(255)                not null,
    status          integer,
    lead_id         varchar(36),
    version         bigint,
    stage           varchar(30),
    created_at      timestamp(6) with time zone not null,
    constraint idempotency_record_pkey primary key (principal, idempotency_key)
);
create index idempotency_record_created_idx on idempotency_record (created_at);
