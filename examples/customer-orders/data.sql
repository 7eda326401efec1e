-- step: customers ${customers}
insert into shop.customers (id, name, email)
select g, 'Customer ' || g, 'customer' || g || '@example.com'
from generate_series(${from}, ${to}) as g;

-- step: addresses ${customers}
-- Every customer has a primary address; every fifth has a second, older one.
insert into shop.addresses (id, customer_id, city, state, is_primary)
select a.id, a.customer_id, c.city, c.state, a.is_primary
from generate_series(${from}, ${to}) as g
cross join lateral (values (g * 2, g, true), (g * 2 + 1, g, false)) as a(id, customer_id, is_primary)
cross join lateral (
    select (array['Los Angeles', 'San Francisco', 'Austin', 'Houston', 'New York', 'Buffalo', 'Seattle', 'Miami'])[k + 1] as city,
           (array['CA', 'CA', 'TX', 'TX', 'NY', 'NY', 'WA', 'FL'])[k + 1] as state
    from (select (abs(hashint4(a.id * 7 + ${seed})::bigint) % 8)::int as k) s
) c
where a.is_primary or g % 5 = 0;

-- step: products ${products}
insert into shop.products (id, name, price_cents)
select g, 'Product ' || g, 100 + abs(hashint4(g * 13 + ${seed})::bigint) % 10000
from generate_series(${from}, ${to}) as g;

-- step: orders ${orders}
-- Over the last year, up to yesterday.
insert into shop.orders (id, customer_id, purchased_at)
select g,
       1 + abs(hashint4(g * 7 + ${seed})::bigint) % ${customers},
       (current_date - 365)::timestamptz + (abs(hashint4(g * 11 + ${seed})::bigint) % (365 * 86400)) * interval '1 second'
from generate_series(${from}, ${to}) as g;

-- step: order_items ${orders}
-- One to three distinct products per order, at the product's price.
insert into shop.order_items (order_id, product_id, quantity, unit_price_cents)
select g, p.id, 1 + abs(hashint4(g * 17 + k + ${seed})::bigint) % 4, p.price_cents
from generate_series(${from}, ${to}) as g
cross join generate_series(0, (abs(hashint4(g * 19 + ${seed})::bigint) % 3)::int) as k
join shop.products p on p.id = 1 + (abs(hashint4(g * 23 + ${seed})::bigint) + k * 7919) % ${products}
on conflict do nothing;

-- step: index 1
create index if not exists orders_customer_idx on shop.orders (customer_id);
