-- Issue 7: the funnel's cohort counted per stage at the window's end reads apart the few leads whose current
-- stage began after it (their stage then is a lookup): found by this index instead of reading every lead.
create index funnel_lead_stage_entered_idx on funnel_lead (stage_entered_ms);
