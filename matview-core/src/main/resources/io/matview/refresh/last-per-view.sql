-- The last refresh attempt of each view, whatever its outcome: what the metrics and dashboards show.
select distinct on (schema_name, view_name)
       id, schema_name, view_name, trigger, mode, mode_reason, status, started_at, finished_at, duration_ms,
       rows, generation, error, host, pid
from matview.refresh_log
order by schema_name, view_name, started_at desc, id desc
