-- Axon Framework 4.13 JPA tables + db-scheduler table.
-- Portable: PostgreSQL 15 and H2 2.3.x (regular mode or MODE=PostgreSQL).
-- Column names follow Spring Boot's CamelCaseToUnderscoresNamingStrategy (the Boot default).
-- Binary columns are BYTEA (on H2, BYTEA is an alias for BINARY VARYING), never OID/BLOB.
-- This matches Hibernate 6.6 validation only if META-INF/orm.xml maps the
-- Axon @Lob byte[] attributes WITHOUT <lob/> (see axon-notes.md section 2).
-- Instant columns (dead_letter_entry) are TIMESTAMP WITH TIME ZONE, because Hibernate 6.6 maps
-- java.time.Instant to SqlTypes.TIMESTAMP_UTC; a plain TIMESTAMP column fails ddl-auto=validate.

-- ---------------------------------------------------------------------------------------------
-- Sequences
-- ---------------------------------------------------------------------------------------------
-- DomainEventEntry.globalIndex: its own sequence, increment 1 (orm.xml: allocation-size="1").
create sequence domain_event_entry_seq start with 1 increment by 1;
-- AssociationValueEntry.id: plain @GeneratedValue -> Hibernate 6 implicit name "<table>_seq", increment 50.
create sequence association_value_entry_seq start with 1 increment by 50;

-- ---------------------------------------------------------------------------------------------
-- Event store (org.axonframework.eventsourcing.eventstore.jpa)
-- ---------------------------------------------------------------------------------------------
create table domain_event_entry (
    global_index         bigint       not null,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    event_identifier     varchar(255) not null,
    meta_data            bytea,
    payload              bytea        not null,
    payload_revision     varchar(255),
    payload_type         varchar(255) not null,
    time_stamp           varchar(255) not null,
    constraint domain_event_entry_pkey primary key (global_index),
    constraint domain_event_entry_aggregate_seq_uk unique (aggregate_identifier, sequence_number),
    constraint domain_event_entry_event_id_uk unique (event_identifier)
);

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null,
    meta_data            bytea,
    payload              bytea        not null,
    payload_revision     varchar(255),
    payload_type         varchar(255) not null,
    time_stamp           varchar(255) not null,
    constraint snapshot_event_entry_pkey primary key (aggregate_identifier, sequence_number, type),
    constraint snapshot_event_entry_event_id_uk unique (event_identifier)
);

-- ---------------------------------------------------------------------------------------------
-- Token store (org.axonframework.eventhandling.tokenstore.jpa)
-- ---------------------------------------------------------------------------------------------
create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    owner          varchar(255),
    timestamp      varchar(255) not null,
    token          bytea,
    token_type     varchar(255),
    constraint token_entry_pkey primary key (processor_name, segment)
);

-- ---------------------------------------------------------------------------------------------
-- Sagas (org.axonframework.modelling.saga.repository.jpa) - registered by Axon's autoconfig
-- even if the app has no sagas, so they must exist for ddl-auto=validate.
-- ---------------------------------------------------------------------------------------------
create table saga_entry (
    saga_id         varchar(255) not null,
    revision        varchar(255),
    saga_type       varchar(255),
    serialized_saga bytea,
    constraint saga_entry_pkey primary key (saga_id)
);

create table association_value_entry (
    id                bigint       not null,
    association_key   varchar(255) not null,
    association_value varchar(255),
    saga_id           varchar(255) not null,
    saga_type         varchar(255),
    constraint association_value_entry_pkey primary key (id)
);
create index association_value_entry_type_key_value_idx
    on association_value_entry (saga_type, association_key, association_value);
create index association_value_entry_id_type_idx
    on association_value_entry (saga_id, saga_type);

-- ---------------------------------------------------------------------------------------------
-- Dead-letter queue (org.axonframework.eventhandling.deadletter.jpa)
-- DeadLetterEntry + @Embedded DeadLetterEventEntry (columns inlined)
-- ---------------------------------------------------------------------------------------------
create table dead_letter_entry (
    dead_letter_id       varchar(255)              not null,
    processing_group     varchar(255)              not null,
    sequence_identifier  varchar(255)              not null,
    sequence_index       bigint                    not null,
    -- embedded DeadLetterEventEntry
    message_type         varchar(255)              not null,
    event_identifier     varchar(255)              not null,
    time_stamp           varchar(255)              not null,
    payload_type         varchar(255)              not null,
    payload_revision     varchar(255),
    payload              bytea                     not null,
    meta_data            bytea,
    type                 varchar(255),
    aggregate_identifier varchar(255),
    sequence_number      bigint,
    token_type           varchar(255),
    token                bytea,
    -- DeadLetterEntry
    enqueued_at          timestamp(6) with time zone not null,
    last_touched         timestamp(6) with time zone,
    processing_started   timestamp(6) with time zone,
    cause_type           varchar(255),
    cause_message        varchar(1023),
    diagnostics          bytea,
    constraint dead_letter_entry_pkey primary key (dead_letter_id),
    constraint dead_letter_entry_group_seq_index_uk
        unique (processing_group, sequence_identifier, sequence_index)
);
create index dead_letter_entry_group_idx
    on dead_letter_entry (processing_group);
create index dead_letter_entry_group_seq_idx
    on dead_letter_entry (processing_group, sequence_identifier);
