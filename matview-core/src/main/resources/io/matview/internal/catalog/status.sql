-- Each managed view with what PostgreSQL knows of it: populated, estimated rows, size on disk.
select m.schema_name, m.view_name, m.kind, m.version, m.applied_at, m.refresh_policy,
       c.oid is not null                      as present,
       coalesce(c.relispopulated, false)      as populated,
       case when c.relkind = 'm' then greatest(c.reltuples, 0)::bigint end as row_estimate,
       case when c.relkind = 'm' then pg_total_relation_size(c.oid) end as size_bytes
from matview.managed_view m
left join pg_namespace n on n.nspname = m.schema_name
left join pg_class c on c.relnamespace = n.oid and c.relname = m.view_name
order by m.schema_name, m.view_name
