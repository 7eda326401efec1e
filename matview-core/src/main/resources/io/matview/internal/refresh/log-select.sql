select id, schema_name, view_name, trigger, mode, mode_reason, status, started_at, finished_at, duration_ms,
       rows, generation, error, host, pid
from matview.refresh_log
where (?::text is null or (schema_name = ? and view_name = ?))
order by started_at desc, id desc
limit ?
