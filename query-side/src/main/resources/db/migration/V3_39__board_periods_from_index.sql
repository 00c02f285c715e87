-- Issue 7: the board as of a past instant from board_period_span_idx alone. The periods around an instant are
-- found per span class by a range of starts; their end (until_ms), which says whether a period holds the instant,
-- and everything the board's totals, filters, flags and order of urgency read were in the row: at 100,000 leads,
-- six months back, 12,700 index entries led to 7,400 heap pages read for the totals and again for each stage's
-- most urgent leads (35 of the totals' 67 ms). With these columns in the index, the periods are read from it alone
-- (each class's range an index-only scan) and only each stage's first leads from the table. The order (span class,
-- stage, start) is the same as before, so every query that read it still does. Trailing key columns rather than
-- INCLUDE: portable between PostgreSQL and H2.
drop index board_period_span_idx;
create index board_period_span_idx on board_period
    (span_class, stage, from_ms, until_ms, stage_entered_ms, lead_id, next_due_ms, deadline_ms, owner, source,
     pipeline_key, pipeline_version, value_currency, value_amount);
