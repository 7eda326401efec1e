-- The last refresh attempt of each managed view, whatever its outcome: what the metrics and dashboards show.
-- One probe of the log's (view, started_at) index per view, so that a metrics scrape does not read the whole log.
select l.id, l.schema_name, l.view_name, l.trigger, l.mode, l.mode_reason, l.status, l.started_at, l.finished_at,
       l.duration_ms, l.rows, l.generation, l.error, l.host, l.pid
from matview.managed_view m
cross join lateral (
    select *
    from matview.refresh_log r
    where r.schema_name = m.schema_name and r.view_name = m.view_name
    order by r.started_at desc, r.id desc
    limit 1
) l
