-- materialized
-- unique: day
-- index: order_count desc
-- refresh: every 5 minutes
-- description: Days of the last week (an example: edit it, or delete it and add your own)
--
-- One view per file: the file holds the query, Matview writes the CREATE. The name comes from the
-- file name (schema.name.sql for another schema). The directives above are all optional; see
-- docs/view-files.md. Then run 'matview plan' to see what would change and 'matview apply'.
select d::date as day,
       count(*) as order_count
from generate_series(current_date - 6, current_date, interval '1 day') as d
group by 1
