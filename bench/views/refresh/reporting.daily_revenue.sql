-- materialized
-- unique: day
-- description: Paid orders and revenue per UTC day (benchmark 1: refresh overhead)
select (o.created_at at time zone 'UTC')::date as day,
       count(*) as order_count,
       sum(o.total_cents)::bigint as revenue_cents
from orders o
where o.status = 'paid'
group by 1
