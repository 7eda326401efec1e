-- Per managed view that exists: the declared unique key and description of the definition applied
-- last, and PostgreSQL's row estimate and size on disk.
select m.schema_name, m.view_name, d.unique_key, c.reltuples::bigint as row_estimate,
       pg_total_relation_size(c.oid) as size_bytes, d.description
from matview.managed_view m
join matview.definition d on d.schema_name = m.schema_name and d.view_name = m.view_name and d.version = m.version
join pg_namespace n on n.nspname = m.schema_name
join pg_class c on c.relnamespace = n.oid and c.relname = m.view_name
