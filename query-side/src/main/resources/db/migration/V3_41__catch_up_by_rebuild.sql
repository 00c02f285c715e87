-- Issue 7: read models far behind the log (after a bulk import, or a query side started on a long log) catch up
-- by a rebuild into fresh tables rather than event by event in their live tables, with their own processors paused
-- meanwhile (package io.salespipeline.query.replay). The flag says which kind of rebuild is under way, so that one
-- resumed after a restart pauses them again.
alter table projection_rebuild add column catch_up boolean default false not null;
