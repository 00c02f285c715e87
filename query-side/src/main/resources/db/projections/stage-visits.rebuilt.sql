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

insert into loss_tally${suffix} (stage, group_by, has_key, group_key, value_currency, visits, value_sum)
select stage, 'reason', reason is not null, coalesce(reason, ''), coalesce(value_currency, ''), count(*), coalesce(sum(value_amount), 0)
from stage_visit${suffix} where stage in ('LOST', 'DISQUALIFIED') and exited_ms is null
group by stage, reason is not null, coalesce(reason, ''), coalesce(value_currency, '');
insert into loss_tally${suffix} (stage, group_by, has_key, group_key, value_currency, visits, value_sum)
select stage, 'stage', from_stage is not null, coalesce(from_stage, ''), coalesce(value_currency, ''), count(*), coalesce(sum(value_amount), 0)
from stage_visit${suffix} where stage in ('LOST', 'DISQUALIFIED') and exited_ms is null
group by stage, from_stage is not null, coalesce(from_stage, ''), coalesce(value_currency, '');
insert into loss_tally${suffix} (stage, group_by, has_key, group_key, value_currency, visits, value_sum)
select stage, 'source', true, source, coalesce(value_currency, ''), count(*), coalesce(sum(value_amount), 0)
from stage_visit${suffix} where stage in ('LOST', 'DISQUALIFIED') and exited_ms is null
group by stage, source, coalesce(value_currency, '');
insert into loss_tally${suffix} (stage, group_by, has_key, group_key, value_currency, visits, value_sum)
select stage, 'month', true, entered_month, coalesce(value_currency, ''), count(*), coalesce(sum(value_amount), 0)
from stage_visit${suffix} where stage in ('LOST', 'DISQUALIFIED') and exited_ms is null
group by stage, entered_month, coalesce(value_currency, '');
insert into loss_tally${suffix} (stage, group_by, has_key, group_key, value_currency, visits, value_sum)
select stage, 'competitor', competitor is not null, coalesce(competitor, ''), coalesce(value_currency, ''), count(*), coalesce(sum(value_amount), 0)
from stage_visit${suffix} where stage in ('LOST', 'DISQUALIFIED') and exited_ms is null
group by stage, competitor is not null, coalesce(competitor, ''), coalesce(value_currency, '');

insert into duration_tally${suffix} (stage, duration_bucket, visits, duration_sum)
select stage, duration_bucket, count(*), sum(duration_ms) from stage_visit${suffix} where duration_ms is not null
group by stage, duration_bucket;

insert into duration_month_tally${suffix} (exited_month, stage, duration_bucket, visits, duration_sum)
select exited_month, stage, duration_bucket, count(*), sum(duration_ms)
from stage_visit${suffix} where exited_month is not null
group by exited_month, stage, duration_bucket
order by exited_month, stage, duration_bucket;
insert into entry_exit_tally${suffix} (stage, entered_week, exited_month, visits)
select stage, case when entered_ms < 0 then 0 else entered_ms / 604800000 end, exited_month, count(*)
from stage_visit${suffix} where exited_month is not null
group by stage, case when entered_ms < 0 then 0 else entered_ms / 604800000 end, exited_month
order by stage, 2, exited_month;

insert into entry_tally${suffix} (stage, entered_week, leads)
select stage, case when coalesce(stage_entered_ms, registered_ms) < 0 then 0 else coalesce(stage_entered_ms, registered_ms) / 604800000 end,
       count(*)
from visit_lead${suffix}
group by stage, case when coalesce(stage_entered_ms, registered_ms) < 0 then 0 else coalesce(stage_entered_ms, registered_ms) / 604800000 end;

insert into funnel_tally${suffix} (stage, reached, leads)
select stage, case when contacted_ms is not null then 1 else 0 end + case when offer_preparation_ms is not null then 2 else 0 end + case when offer_sent_ms is not null then 4 else 0 end + case when follow_up_ms is not null then 8 else 0 end + case when let_them_buy_ms is not null then 16 else 0 end + case when won_ms is not null then 32 else 0 end + case when after_sales_ms is not null then 64 else 0 end + case when lost_ms is not null then 128 else 0 end + case when disqualified_ms is not null then 256 else 0 end, count(*)
from funnel_lead${suffix}
group by stage, case when contacted_ms is not null then 1 else 0 end + case when offer_preparation_ms is not null then 2 else 0 end + case when offer_sent_ms is not null then 4 else 0 end + case when follow_up_ms is not null then 8 else 0 end + case when let_them_buy_ms is not null then 16 else 0 end + case when won_ms is not null then 32 else 0 end + case when after_sales_ms is not null then 64 else 0 end + case when lost_ms is not null then 128 else 0 end + case when disqualified_ms is not null then 256 else 0 end;
insert into won_tally${suffix} (win_day, value_currency, leads, value_sum)
select case when win_span_ms < 0 then 0 else win_span_ms / 86400000 end, coalesce(won_currency, ''), count(*), coalesce(sum(won_amount), 0)
from funnel_lead${suffix} where win_span_ms is not null
group by case when win_span_ms < 0 then 0 else win_span_ms / 86400000 end, coalesce(won_currency, '');

insert into funnel_month_tally${suffix} (cohort_end_ms, stage, reached, leads)
select cohort_end_ms, month_end_stage, case when contacted_ms <= cohort_end_ms then 1 else 0 end + case when offer_preparation_ms <= cohort_end_ms then 2 else 0 end + case when offer_sent_ms <= cohort_end_ms then 4 else 0 end + case when follow_up_ms <= cohort_end_ms then 8 else 0 end + case when let_them_buy_ms <= cohort_end_ms then 16 else 0 end + case when won_ms <= cohort_end_ms then 32 else 0 end + case when after_sales_ms <= cohort_end_ms then 64 else 0 end + case when lost_ms <= cohort_end_ms then 128 else 0 end + case when disqualified_ms <= cohort_end_ms then 256 else 0 end, count(*)
from funnel_lead${suffix} where cohort_end_ms is not null
group by cohort_end_ms, month_end_stage, case when contacted_ms <= cohort_end_ms then 1 else 0 end + case when offer_preparation_ms <= cohort_end_ms then 2 else 0 end + case when offer_sent_ms <= cohort_end_ms then 4 else 0 end + case when follow_up_ms <= cohort_end_ms then 8 else 0 end + case when let_them_buy_ms <= cohort_end_ms then 16 else 0 end + case when won_ms <= cohort_end_ms then 32 else 0 end + case when after_sales_ms <= cohort_end_ms then 64 else 0 end + case when lost_ms <= cohort_end_ms then 128 else 0 end + case when disqualified_ms <= cohort_end_ms then 256 else 0 end
order by 1, 2, 3;
insert into won_month_tally${suffix} (cohort_end_ms, value_currency, leads, value_sum)
select cohort_end_ms, coalesce(month_end_won_currency, ''), count(*), coalesce(sum(month_end_won_amount), 0)
from funnel_lead${suffix} where cohort_end_ms is not null and month_end_win_span_ms is not null
group by cohort_end_ms, coalesce(month_end_won_currency, '')
order by 1, 2;

insert into sla_tally${suffix} (kind, outcome, due_day, item_day, items)
select kind, outcome, due_day, item_day, count(*)
from (select stage as kind, case when exited_ms > deadline_ms then 'LATE' else 'ON_TIME' end as outcome,
             case when deadline_ms >= 0 then deadline_ms / 86400000 else (deadline_ms - 86399999) / 86400000 end as due_day,
             case when greatest(deadline_ms, entered_ms) >= 0 then greatest(deadline_ms, entered_ms) / 86400000 else (greatest(deadline_ms, entered_ms) - 86399999) / 86400000 end as item_day
      from stage_visit${suffix}
      where exited_ms is not null and deadline_ms is not null
        and ((stage = 'OFFER_PREPARATION' and deadline_origin = 'OFFER_PREPARATION' and (exited_ms > deadline_ms or exit_stage = 'OFFER_SENT'))
          or (stage = 'OFFER_SENT' and deadline_origin = 'OFFER' and (exited_ms > deadline_ms or exit_stage = 'FOLLOW_UP')))) i
group by kind, outcome, due_day, item_day;
insert into sla_tally${suffix} (kind, outcome, due_day, item_day, items)
select kind, outcome, due_day, item_day, count(*)
from (select 'RHYTHM' as kind, case when next_ms is not null and next_ms <= due_ms then 'ON_TIME' else 'LATE' end as outcome,
             case when due_ms >= 0 then due_ms / 86400000 else (due_ms - 86399999) / 86400000 end as due_day,
             case when greatest(due_ms, contact_ms) >= 0 then greatest(due_ms, contact_ms) / 86400000 else (greatest(due_ms, contact_ms) - 86399999) / 86400000 end as item_day
      from follow_up_due${suffix}
      where closed_ms is not null
        and ((next_ms is not null and next_ms <= due_ms)
          or ((next_ms is null or next_ms > due_ms) and (visit_exited_ms is null or visit_exited_ms > due_ms)))) i
group by kind, outcome, due_day, item_day;
