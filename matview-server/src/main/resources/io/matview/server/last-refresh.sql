-- The last refresh attempt of each view, for the metrics.
select distinct on (schema_name, view_name) schema_name, view_name, duration_ms, status
from matview.refresh_log
order by schema_name, view_name, started_at desc
