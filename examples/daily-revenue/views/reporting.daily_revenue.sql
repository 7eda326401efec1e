-- materialized
-- unique: day
-- refresh: on change debounce 5s max staleness 1m
-- description: Paid orders and revenue per day
select created_at::date          as day,
       count(*)                  as order_count,
       sum(total_cents)::bigint  as revenue_cents
from orders
where status = 'paid'
group by 1
