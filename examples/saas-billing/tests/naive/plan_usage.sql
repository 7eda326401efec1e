-- materialized
-- unique: plan_id
-- description: THE WRONG QUERY, kept as a fixture: joins subscriptions straight to usage records, so each
--   subscription's price counts once per usage record. ExampleSqlTestsTest applies it in place of
--   views/plan_usage.sql and checks that tests/plan_usage.test.sql fails on it.
select p.id                                      as plan_id,
       p.name                                    as plan_name,
       p.region,
       count(s.id)                               as active_subscriptions,
       coalesce(sum(u.api_calls), 0)::bigint      as api_calls,
       coalesce(sum(s.monthly_price_cents), 0)::bigint as monthly_revenue_cents
from plans p
left join subscriptions s on s.plan_id = p.id and s.status = 'active'
left join usage_records u on u.subscription_id = s.id
group by p.id, p.name, p.region
