-- incremental: by day from orders.created_at, window 2 days, real-time
-- unique: day
-- description: Paid orders and revenue per UTC day (issue 15: incremental refresh and real-time reads)
select (o.created_at at time zone 'UTC')::date as day,
       count(*) as order_count,
       sum(o.total_cents)::bigint as revenue_cents
from orders o
where o.status = 'paid'
group by 1
