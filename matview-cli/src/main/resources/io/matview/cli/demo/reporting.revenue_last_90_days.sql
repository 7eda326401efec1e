-- description: The last 90 days of revenue, zero-filled, with a rolling 7-day sum
select d::date                                   as day,
       coalesce(r.revenue_cents, 0)              as revenue_cents,
       sum(coalesce(r.revenue_cents, 0)) over (order by d rows between 6 preceding and current row) as revenue_7d_cents
from generate_series(date '2026-12-31' - 89, date '2026-12-31', interval '1 day') as d
left join reporting.daily_revenue r on r.day = d::date
