select schema_name, view_name, version as d_version, kind as d_kind, definition_hash as d_hash, query,
       unique_key, indexes, refresh_policy, statement_timeout_ms, description, depends, source_file, source,
       applied_at as d_applied_at, applied_by, migrations
from matview.definition
where schema_name = ? and view_name = ?
order by version
