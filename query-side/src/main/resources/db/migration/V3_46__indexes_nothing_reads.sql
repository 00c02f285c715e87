-- Issue 7: indexes that no statement reads, which every rebuild built (21 MB of the ~700 MB of indexes it builds
-- at 100,000 leads) and every write kept. Each was checked against the statements that read its table, and over
-- the benchmark's reads plus the filtered boards, lists and reports (pg_stat_user_indexes: none used them):
-- - board_period_until_idx: board_period is read by span class and start (board_period_span_idx) and by its key;
--   no statement looks a period up by its end;
-- - visit_lead_registered_idx: no statement selects current states by registration (the funnel reads funnel_lead);
-- - funnel_lead_stage_entered_idx: the funnel counts its cohort from funnel_lead_registered_idx and the tallies;
--   no statement selects funnel rows by their stage's entry since the funnel's tallies (V3_35).
-- Portable between PostgreSQL and H2.
drop index board_period_until_idx;
drop index visit_lead_registered_idx;
drop index funnel_lead_stage_entered_idx;
