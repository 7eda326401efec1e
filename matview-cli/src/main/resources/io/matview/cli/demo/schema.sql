-- Demo data: two years of orders, generated inside PostgreSQL, the same on every run (seeded).
create table if not exists public.orders (
    id          bigint primary key,
    customer_id integer     not null,
    created_at  timestamptz not null,
    total_cents integer     not null,
    status      text        not null check (status in ('paid', 'failed', 'pending'))
);

insert into public.orders (id, customer_id, created_at, total_cents, status)
select g,
       1 + (hashint4(g) & 1023),
       timestamptz '2025-01-01 00:00:00+00' + (g % 730) * interval '1 day' + (hashint4(g * 7) & 86399) * interval '1 second',
       500 + (hashint4(g * 13) & 32767),
       case when (hashint4(g * 31) & 15) = 0 then 'failed' when (hashint4(g * 31) & 15) = 1 then 'pending' else 'paid' end
from generate_series(1, 100000) as g
where not exists (select 1 from public.orders);
