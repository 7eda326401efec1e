-- incremental: by day from orders.created_at, window 2 days, real-time
-- unique: day
-- refresh: on change debounce 5s max staleness 1m
-- description: Paid orders and revenue per day
--
-- Matview keeps the days in a table and each refresh recomputes only the last 2 days (and the days
-- that late writes touched); a read computes the days of the window live (real-time), so an order is
-- counted as soon as it commits. Days are those of the refresh's time zone (UTC, the directive's default).
select created_at::date          as day,
       count(*)                  as order_count,
       sum(total_cents)::bigint  as revenue_cents
from orders
where status = 'paid'
group by 1
