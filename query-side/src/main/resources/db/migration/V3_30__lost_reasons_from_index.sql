-- Issue 7: lost reasons read from an index alone. The final losses (and disqualifications) of a window are the
-- visits of LOST (DISQUALIFIED) entered in it and not left by its end; with the exit, the reason, the stage lost
-- from, the source and the value in the index, the report by reason, stage or source reads no row (all history at
-- 100,000 leads: 45,000 losses, 494 ms reading their rows spread over the table, 21-35 ms from the index).
-- The leading columns are the index's as before, so every query that read it still does.
drop index stage_visit_stage_entered_idx;
create index stage_visit_stage_entered_idx on stage_visit
    (stage, entered_ms, exited_ms, reason, from_stage, source, value_currency, value_amount);
