-- materialized
-- unique: day
-- refresh: every 5 minutes
-- description: Paid orders and revenue per day
select created_at::date            as day,
       count(*)                    as order_count,
       sum(total_cents)::bigint    as revenue_cents
from public.orders
where status = 'paid'
group by 1
