-- materialized
-- unique: day
-- description: The same query as a materialized view: the contender refreshed with a plain REFRESH
select (o.created_at at time zone 'UTC')::date as day,
       count(*) as order_count,
       sum(o.total_cents)::bigint as revenue_cents
from orders o
where o.status = 'paid'
group by 1
