-- step: plans ${plans}
-- Four tiers in three regions; the tier sets the price.
insert into plans (id, name, region, price_cents)
select g,
       (array['starter', 'team', 'business', 'enterprise'])[1 + (g - 1) / 3] || '-' || (array['eu', 'us', 'apac'])[1 + (g - 1) % 3],
       (array['eu', 'us', 'apac'])[1 + (g - 1) % 3],
       (array[900, 2900, 9900, 29900])[1 + (g - 1) / 3]
from generate_series(${from}, ${to}) as g;

-- step: subscriptions ${subscriptions}
-- 70% active, 20% canceled, 10% trial; the price is the plan's.
insert into subscriptions (id, plan_id, customer_id, status, monthly_price_cents, created_at)
select g,
       p.id,
       1 + abs(hashint4(g * 31 + ${seed})::bigint) % greatest(${subscriptions} / 2, 1),
       case when abs(hashint4(g * 17 + ${seed})::bigint) % 10 < 7 then 'active'
            when abs(hashint4(g * 17 + ${seed})::bigint) % 10 < 9 then 'canceled'
            else 'trial' end,
       p.price_cents,
       timestamptz '2025-01-01 00:00:00+00' + (abs(hashint4(g * 13 + ${seed})::bigint) % 730) * interval '1 day'
from generate_series(${from}, ${to}) as g
join plans p on p.id = 1 + abs(hashint4(g * 7 + ${seed})::bigint) % 12;

-- step: usage_records ${usage_records}
-- About ten usage records per subscription, spread over the last 30 days of the data.
insert into usage_records (id, subscription_id, api_calls, recorded_at)
select g,
       1 + abs(hashint4(g * 11 + ${seed})::bigint) % ${subscriptions},
       abs(hashint4(g * 5 + ${seed})::bigint) % 1000,
       timestamptz '2026-12-01 00:00:00+00' + (abs(hashint4(g * 3 + ${seed})::bigint) % 2592000) * interval '1 second'
from generate_series(${from}, ${to}) as g;

-- step: index 1
create index if not exists usage_records_subscription_idx on usage_records (subscription_id);
