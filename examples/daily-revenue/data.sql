-- step: orders ${orders}
-- Two years of orders up to yesterday (the dates follow the day the data is generated; everything
-- else follows the seed). About 1 in 8 orders failed and 1 in 16 is pending. Days 100 and 700 of
-- the two years had an outage: no orders, so the 90-day view shows its zero-filling.
insert into orders (id, customer_id, created_at, total_cents, status)
select g,
       1 + abs(hashint4(g * 7 + ${seed})::bigint) % 20000,
       (current_date - 730)::timestamptz + d.day * interval '1 day'
           + (abs(hashint4(g * 11 + ${seed})::bigint) % 86400) * interval '1 second',
       500 + abs(hashint4(g * 13 + ${seed})::bigint) % 20000,
       case when abs(hashint4(g * 17 + ${seed})::bigint) % 16 < 2 then 'failed'
            when abs(hashint4(g * 17 + ${seed})::bigint) % 16 = 2 then 'pending'
            else 'paid' end
from generate_series(${from}, ${to}) as g
cross join lateral (select abs(hashint4(g * 3 + ${seed})::bigint) % 730 as day) d
where d.day not in (100, 700);

-- step: index 1
create index if not exists orders_created_at_idx on orders (created_at);
