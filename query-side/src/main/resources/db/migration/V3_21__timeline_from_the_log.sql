-- A lead's timeline is read from the event log itself (domain_event_entry: every event in order, with its
-- position, recording time and sender); the projection's copy of it is no longer written.
drop table lead_event;
