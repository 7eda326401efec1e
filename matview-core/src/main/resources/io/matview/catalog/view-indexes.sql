select m.schema_name, m.view_name, i.indexname, i.indexdef
from matview.managed_view m
join pg_indexes i on i.schemaname = m.schema_name and i.tablename = m.view_name
order by 1, 2, 3
