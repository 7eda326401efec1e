-- materialized
-- unique: account
-- refresh: on change debounce 2s max staleness 30s
-- description: Event count and amount per account (benchmark 2: writers' cost of on change)
select e.account,
       count(*) as event_count,
       sum(e.amount)::bigint as amount
from events e
group by e.account
