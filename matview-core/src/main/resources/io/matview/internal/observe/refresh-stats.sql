-- Per managed view, over its latest successful refreshes (at most ?): duration percentiles, and the
-- duration's and the row count's change per day (least squares); failed attempts in the whole log,
-- and the error of the last failure since the data last changed.
select m.schema_name, m.view_name, s.n, s.p50, s.p95, s.max_ms, s.ms_per_day, s.rows_per_day, s.distinct_rows,
       (select count(*) from matview.refresh_log f
        where f.schema_name = m.schema_name and f.view_name = m.view_name and f.status = 'failed') as failures,
       (select f.error from matview.refresh_log f
        where f.schema_name = m.schema_name and f.view_name = m.view_name and f.status = 'failed'
          and f.started_at > coalesce(m.refreshed_at, '-infinity')
        order by f.started_at desc limit 1) as last_error
from matview.managed_view m
cross join lateral (
    select count(*) as n,
           percentile_cont(0.5) within group (order by w.duration_ms) as p50,
           percentile_cont(0.95) within group (order by w.duration_ms) as p95,
           max(w.duration_ms) as max_ms,
           regr_slope(w.duration_ms, extract(epoch from w.started_at)) * 86400 as ms_per_day,
           regr_slope(w.rows, extract(epoch from w.started_at)) * 86400 as rows_per_day,
           count(distinct w.rows) as distinct_rows
    from (select l.duration_ms, l.rows, l.started_at
          from matview.refresh_log l
          where l.schema_name = m.schema_name and l.view_name = m.view_name and l.status = 'ok'
          order by l.started_at desc
          limit ?) w
) s
