-- SQL tests of plan_usage. Subscription 10 has three usage records: a query that joins subscriptions
-- straight to usage_records counts its price three times (tests/naive/plan_usage.sql is that query;
-- ExampleSqlTestsTest proves these tests catch it).

insert into plans (id, name, region, price_cents) values
    (1, 'starter', 'eu',   1000),
    (2, 'pro',     'us',   5000),
    (3, 'unused',  'apac', 9000);
insert into subscriptions (id, plan_id, customer_id, status, monthly_price_cents, created_at) values
    (10, 1, 100, 'active',   1000, '2026-01-01'),
    (11, 1, 101, 'active',   1000, '2026-01-01'),
    (12, 1, 102, 'canceled', 1000, '2026-01-01'),
    (13, 1, 103, 'trial',       0, '2026-01-01'),
    (20, 2, 200, 'active',   5000, '2026-01-01');
insert into usage_records (id, subscription_id, api_calls, recorded_at) values
    (1, 10,   5, '2026-02-01'),
    (2, 10,   7, '2026-02-02'),
    (3, 10,   1, '2026-02-03'),
    (4, 11,   2, '2026-02-01'),
    (5, 12, 100, '2026-02-01'),
    (6, 20,  10, '2026-02-01'),
    (7, 20,  10, '2026-02-02');
refresh materialized view plan_usage;

-- test: revenue counts each active subscription once, however many usage records it has
-- expect rows:
--  plan_id | active_subscriptions | api_calls | monthly_revenue_cents
--        1 |                    2 |        15 |                  2000
--        2 |                    1 |        20 |                  5000
--        3 |                    0 |         0 |                     0
select plan_id, active_subscriptions, api_calls, monthly_revenue_cents from plan_usage;

-- test: total revenue is the sum of the active subscriptions' prices
-- expect: 7000
select sum(monthly_revenue_cents) from plan_usage;

-- test: never null, also for a plan without subscriptions
-- expect empty
select * from plan_usage where api_calls is null or monthly_revenue_cents is null or active_subscriptions is null;
