-- Issue 7: the funnel of a window (a month, say) without a lookup per lead. funnel_lead.one_pass: the lead entered
-- each stage at most once, each entry strictly after the one before (93 % of the leads at 100,000). Such a lead's
-- stage at any instant is the stage it first entered last by then, which its own row holds; the funnel looks up
-- the visit open at the window's end only for the others (and for the won among them, their last win). Filled from
-- stage_visit; the projection keeps it. Portable between PostgreSQL and H2.
alter table funnel_lead add column one_pass boolean default true not null;
update funnel_lead set one_pass = false where lead_id in (
    select v.lead_id from stage_visit v join stage_visit p on p.lead_id = v.lead_id and p.visit_no = v.visit_no - 1
    where v.entered_ms <= p.entered_ms
    union
    select lead_id from stage_visit group by lead_id, stage having count(*) > 1);

-- A rebuild under way filled fresh tables of the old shape (its funnel_lead__next has no one_pass): it starts over
-- into fresh tables of the new one (with no token, the service creates them anew when it resumes the rebuild at
-- start), and what it had dead-lettered goes with its old tables.
delete from token_entry where processor_name = 'rebuild';
delete from dead_letter_entry where processing_group like '%@rebuild';
