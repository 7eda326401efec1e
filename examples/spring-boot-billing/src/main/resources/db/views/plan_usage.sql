-- materialized
-- unique: plan_id
-- index: monthly_revenue_cents desc
-- refresh: every 5 minutes
-- description: Active subscriptions, API calls and monthly revenue per plan
--
-- Usage is summed per subscription first. Joining subscriptions straight to usage_records and
-- summing monthly_price_cents would count each subscription's price once per usage record.
with usage_per_subscription as (
    select subscription_id, sum(api_calls) as api_calls
    from usage_records
    group by subscription_id
)
select p.id                                      as plan_id,
       p.name                                    as plan_name,
       p.region,
       count(s.id)                               as active_subscriptions,
       coalesce(sum(u.api_calls), 0)::bigint      as api_calls,
       coalesce(sum(s.monthly_price_cents), 0)::bigint as monthly_revenue_cents
from plans p
left join subscriptions s on s.plan_id = p.id and s.status = 'active'
left join usage_per_subscription u on u.subscription_id = s.id
group by p.id, p.name, p.region
