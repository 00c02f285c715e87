-- The answer kept for an Idempotency-Key carries the command's position too (read-your-writes).
alter table idempotency_record add column event_position bigint;
