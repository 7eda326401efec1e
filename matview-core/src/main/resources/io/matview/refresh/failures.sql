-- For each view, the failed refreshes since its data last changed, and the last of them: the
-- scheduler backs off exponentially from there, and every process reads the same numbers.
select l.schema_name, l.view_name, count(*) as failures, max(l.started_at) as last_failure
from matview.refresh_log l
join matview.managed_view m on m.schema_name = l.schema_name and m.view_name = l.view_name
where l.status = 'failed' and l.started_at > coalesce(m.refreshed_at, '-infinity')
group by l.schema_name, l.view_name
