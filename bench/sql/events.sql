-- Benchmark 2 data: an append-only events table, seeded with 200,000 rows so that the view over it
-- is not trivially small; pgbench then appends to it.
\set ON_ERROR_STOP on
drop table if exists events cascade;
create table events (
    id         bigserial primary key,
    account    int         not null,
    amount     int         not null,
    created_at timestamptz not null default now()
);
insert into events (account, amount)
select 1 + (hashint4(i) & 2147483647) % 1000, 1 + (hashint4(-i) & 2147483647) % 10000
from generate_series(1, 200000) as g(i);
vacuum (analyze) events;
checkpoint;
