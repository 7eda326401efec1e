select generation, refreshed_at, coalesce(c.relispopulated, false)
from matview.managed_view m
join pg_namespace n on n.nspname = m.schema_name
join pg_class c on c.relnamespace = n.oid and c.relname = m.view_name
where m.schema_name = ? and m.view_name = ?
