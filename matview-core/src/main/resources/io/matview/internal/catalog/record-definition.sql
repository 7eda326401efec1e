with next as (
    select coalesce(max(version), 0) + 1 as version
    from matview.definition
    where schema_name = ? and view_name = ?
), saved as (
    insert into matview.definition (schema_name, view_name, version, kind, definition_hash, query, unique_key,
                                    indexes, refresh_policy, statement_timeout_ms, description, depends, source_file, source, migrations)
    select ?, ?, next.version, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? from next
    returning version
)
insert into matview.managed_view as m (schema_name, view_name, kind, definition_hash, version, refresh_policy,
                                       statement_timeout_ms)
select ?, ?, ?, ?, saved.version, ?, ? from saved
on conflict (schema_name, view_name) do update
    set kind = excluded.kind, definition_hash = excluded.definition_hash, version = excluded.version,
        refresh_policy = excluded.refresh_policy,
        statement_timeout_ms = excluded.statement_timeout_ms, applied_at = now()
returning version
