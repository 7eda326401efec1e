-- The managed views as the refresh engine and the scheduler see them.
select m.schema_name, m.view_name, m.kind, m.refresh_policy, m.statement_timeout_ms, m.generation,
       m.refreshed_at, m.applied_at, m.data_as_of,
       coalesce(c.relispopulated, false) as populated,
       c.oid is not null as present
from matview.managed_view m
left join pg_namespace n on n.nspname = m.schema_name
left join pg_class c on c.relnamespace = n.oid and c.relname = m.view_name
order by m.schema_name, m.view_name
