-- Issue 7, from EXPLAIN ANALYZE at 110,000 leads / 1 M events (docs/benchmarks/sql-reads-2026-11-27.md): the
-- board asks each stage's periods around an instant, and each stage's current states that began by then.
drop index board_period_span_idx;
create index board_period_span_idx on board_period (span_class, stage, from_ms);
create index visit_lead_stage_state_idx on visit_lead (stage, state_from_ms);
