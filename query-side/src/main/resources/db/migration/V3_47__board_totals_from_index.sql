-- Issue 7: the totals of a past board count the current states begun by then (stage, state_from_ms), 5,600 of them
-- six months back at 100,000 leads, read row by row from the table (2,300 pages; a bitmap heap scan, 6.8 ms of the
-- statement's 16 ms). With the columns the totals read (pipeline and version, the values, and the filters' owner and
-- source) in visit_lead_stage_state_idx, they are read from the index alone. Its first columns stay what they were,
-- for the statements that select by them. Portable between PostgreSQL and H2.
drop index visit_lead_stage_state_idx;
create index visit_lead_stage_state_idx on visit_lead (stage, state_from_ms, pipeline_key, pipeline_version,
    offer_amount, offer_currency, estimate_amount, estimate_currency, owner, source);
