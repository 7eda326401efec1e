-- SQL tests of reporting.revenue_last_90_days: the last 90 days (yesterday back), zero-filled, with a
-- rolling 7-day sum. The orders are placed relative to today, so the file holds on any day.

insert into orders (id, customer_id, created_at, total_cents, status) values
    (1, 1, current_date -  1 + time '12:00',  100, 'paid'),
    (2, 1, current_date -  7 + time '12:00',  200, 'paid'),
    (3, 1, current_date -  8 + time '12:00',  400, 'paid'),
    (4, 1, current_date - 95 + time '12:00',  800, 'paid'),
    (5, 1, current_date -  1 + time '13:00', 9999, 'failed'),
    (6, 1, current_date      + time '00:30', 1600, 'paid');
refresh materialized view reporting.daily_revenue;

-- test: shows exactly the 90 days before today
-- expect rows:
--  days | from_90_days_ago | to_yesterday
--  90   | true             | true
select count(*) as days,
       min(day) = current_date - 90 as from_90_days_ago,
       max(day) = current_date - 1 as to_yesterday
from reporting.revenue_last_90_days;

-- test: zero-filled days: every day without a paid order is there with zeros
-- expect: 87
select count(*) from reporting.revenue_last_90_days where order_count = 0 and revenue_cents = 0;

-- test: never null
-- expect empty
select * from reporting.revenue_last_90_days
where day is null or order_count is null or revenue_cents is null or revenue_7d_cents is null;

-- test: rolling window boundaries: a day's 7-day sum covers it and the 6 days before, no more
-- expect rows:
--  days_ago | revenue_cents | revenue_7d_cents
--         1 |           100 |              300
--         7 |           200 |              600
--         8 |           400 |              400
--        88 |             0 |                0
--        89 |             0 |              800
--        90 |             0 |              800
select current_date - day as days_ago, revenue_cents, revenue_7d_cents
from reporting.revenue_last_90_days
where current_date - day in (1, 7, 8, 88, 89, 90)
order by days_ago;
