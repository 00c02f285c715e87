-- The views over the stage-visits projection's tables, as its migrations leave them: created again on the
-- fresh tables when a rebuild switches over (a view follows the table it was created on).
create or replace view lead_owner_period as
select lead_id, owner, occurred_ms as from_ms,
       lead(occurred_ms) over (partition by lead_id order by occurred_ms, sequence) as until_ms
from lead_fact
where kind = 'OWNER';
