-- The event store appends with Axon's JDBC engine, which leaves the global index to the database: the
-- column takes it from its own sequence (increment 1, no allocation gaps) in the insert itself, with no
-- separate nextval round trip per event. Same statement on PostgreSQL and H2.
alter table domain_event_entry alter column global_index set default nextval('domain_event_entry_seq');
