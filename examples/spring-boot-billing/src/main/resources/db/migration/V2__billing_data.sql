-- A small, fixed data set: twelve plans (four tiers in three regions), 600 subscriptions, 6000 usage records.
insert into plans (id, name, region, price_cents)
select g,
       (array['starter', 'team', 'business', 'enterprise'])[1 + (g - 1) / 3] || '-' || (array['eu', 'us', 'apac'])[1 + (g - 1) % 3],
       (array['eu', 'us', 'apac'])[1 + (g - 1) % 3],
       (array[900, 2900, 9900, 29900])[1 + (g - 1) / 3]
from generate_series(1, 12) as g;

insert into subscriptions (id, plan_id, customer_id, status, monthly_price_cents, created_at)
select g, p.id, 1 + g % 300,
       case when g % 10 < 7 then 'active' when g % 10 < 9 then 'canceled' else 'trial' end,
       p.price_cents,
       timestamptz '2025-01-01 00:00:00+00' + (g % 365) * interval '1 day'
from generate_series(1, 600) as g
join plans p on p.id = 1 + g % 12;

insert into usage_records (id, subscription_id, api_calls, recorded_at)
select g, 1 + g % 600, 1 + (g * 7) % 1000, timestamptz '2026-01-01 00:00:00+00' + (g % 30) * interval '1 day'
from generate_series(1, 6000) as g;
