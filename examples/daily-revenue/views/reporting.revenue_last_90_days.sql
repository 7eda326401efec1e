-- description: The last 90 days of revenue, zero-filled, with a rolling 7-day sum
--
-- The series starts 6 days earlier than shown so that the first shown day's 7-day sum is whole.
with days as (
    select d::date as day
    from generate_series(current_date - 96, current_date - 1, interval '1 day') as d
), filled as (
    select days.day,
           coalesce(r.order_count, 0)   as order_count,
           coalesce(r.revenue_cents, 0) as revenue_cents,
           sum(coalesce(r.revenue_cents, 0)) over (order by days.day rows between 6 preceding and current row)
                                        as revenue_7d_cents
    from days
    left join reporting.daily_revenue r on r.day = days.day
)
select day, order_count, revenue_cents, revenue_7d_cents::bigint
from filled
where day >= current_date - 90
