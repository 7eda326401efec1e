-- SQL tests of reporting.daily_revenue: run with
--   matview test --views examples/daily-revenue/views --setup examples/daily-revenue/schema.sql examples/daily-revenue/tests
-- psql can run this file too (after the views are applied): the directives are comments.

-- Paid, failed and pending orders on three days.
insert into orders (id, customer_id, created_at, total_cents, status) values
    (1, 1, '2026-03-01 09:00', 1000, 'paid'),
    (2, 2, '2026-03-01 17:30', 2500, 'paid'),
    (3, 3, '2026-03-01 18:00', 9900, 'failed'),
    (4, 4, '2026-03-02 08:00',  700, 'pending'),
    (5, 5, '2026-03-03 23:59',    1, 'paid');
refresh materialized view reporting.daily_revenue;

-- test: counts only paid orders
-- expect: 2
select order_count from reporting.daily_revenue where day = '2026-03-01';

-- test: a day with no paid order has no row
-- expect empty
select * from reporting.daily_revenue where day = '2026-03-02';

-- test: sums revenue correctly
-- expect rows:
--  day        | order_count | revenue_cents
-- ------------+-------------+---------------
--  2026-03-01 |           2 |          3500
--  2026-03-03 |           1 |             1
-- (2 rows)
select day, order_count, revenue_cents from reporting.daily_revenue order by day;

-- A paid order that arrives later shows after the next refresh, concurrently (unique: day).
insert into orders (id, customer_id, created_at, total_cents, status) values (6, 1, '2026-03-02 12:00', 400, 'paid');
refresh materialized view concurrently reporting.daily_revenue;

-- test: a concurrent refresh adds the new day
-- expect: 400
select revenue_cents from reporting.daily_revenue where day = '2026-03-02';
