-- Benchmark 1 data: 10,000,000 orders over two years (2023-01-01 .. 2024-12-30 UTC), generated inside
-- PostgreSQL and deterministic: every value is a function of the row number through hashint4, so two
-- runs load byte-identical tables.
\set ON_ERROR_STOP on
\timing on
create schema if not exists reporting;
drop table if exists orders cascade;
create table orders (
    id          bigint      not null,
    customer_id int         not null,
    created_at  timestamptz not null,
    total_cents int         not null,
    status      text        not null check (status in ('paid', 'failed', 'pending'))
);
insert into orders (id, customer_id, created_at, total_cents, status)
select i,
       1 + (hashint4(i) & 2147483647) % 200000,
       timestamptz '2023-01-01 00:00:00+00'
           + ((hashint4(i + 1000000000) & 2147483647) % (730 * 86400)) * interval '1 second',
       100 + (hashint4(i + 2000000000) & 2147483647) % 50000,
       case when (hashint4(-i) & 2147483647) % 100 < 85 then 'paid'
            when (hashint4(-i) & 2147483647) % 100 < 95 then 'pending'
            else 'failed' end
from generate_series(1, 10000000) as g(i);
alter table orders add primary key (id);
vacuum (freeze, analyze) orders;
checkpoint;
select count(*) as orders, pg_size_pretty(pg_total_relation_size('orders')) as size from orders;
