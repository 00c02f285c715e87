-- Run on a rebuild's fresh tables of the stage-visits projection once they are filled, before they are
-- switched in: what the projection keeps per batch in its live tables but a rebuild computes once (its
-- segments would wait on each other's locks of the same rows). The same as V3_26 does on upgrade.
insert into lead_tally${suffix} (stage, owner, source, pipeline_key, pipeline_version, value_currency, leads, value_sum)
select stage, owner, source, pipeline_key, pipeline_version,
       case when offer_amount is not null then offer_currency when estimate_amount is not null then estimate_currency else '' end,
       count(*), sum(coalesce(offer_amount, estimate_amount, 0))
from visit_lead${suffix}
group by stage, owner, source, pipeline_key, pipeline_version,
         case when offer_amount is not null then offer_currency when estimate_amount is not null then estimate_currency else '' end;
