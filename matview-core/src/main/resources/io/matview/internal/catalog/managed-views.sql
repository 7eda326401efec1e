select m.schema_name, m.view_name, m.kind, m.definition_hash, m.version, m.created_at, m.applied_at,
       d.version as d_version, d.kind as d_kind, d.definition_hash as d_hash, d.query, d.unique_key,
       d.indexes, d.refresh_policy, d.statement_timeout_ms, d.description, d.depends, d.source_file, d.source,
       d.applied_at as d_applied_at, d.applied_by, d.migrations
from matview.managed_view m
join matview.definition d
  on d.schema_name = m.schema_name and d.view_name = m.view_name and d.version = m.version
order by m.schema_name, m.view_name
