insert into matview.refresh_log (schema_name, view_name, trigger, mode, mode_reason, status, started_at,
                                 finished_at, duration_ms, rows, generation, error, host, pid)
values (?, ?, ?, ?, ?, ?, ?, clock_timestamp(), ?, ?, ?, ?, ?, ?)
returning id, finished_at
