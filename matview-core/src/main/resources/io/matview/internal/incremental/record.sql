-- Records (or replaces) how an incremental view is kept, as apply built it; cutoff: null when untracked.
insert into matview.incremental (schema_name, view_name, storage_table, bucket_column, bucket_type, bucket_expression,
                                 qualifier, source_schema, source_table, source_column, source_type, windowed_query,
                                 window_ms, time_zone, real_time, tracked, spec, window_start, watermark, cutoff)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
on conflict (schema_name, view_name) do update
set storage_table = excluded.storage_table, bucket_column = excluded.bucket_column,
    bucket_type = excluded.bucket_type, bucket_expression = excluded.bucket_expression,
    qualifier = excluded.qualifier, source_schema = excluded.source_schema, source_table = excluded.source_table,
    source_column = excluded.source_column, source_type = excluded.source_type,
    windowed_query = excluded.windowed_query, window_ms = excluded.window_ms, time_zone = excluded.time_zone,
    real_time = excluded.real_time, tracked = excluded.tracked, spec = excluded.spec,
    window_start = excluded.window_start, watermark = excluded.watermark, cutoff = excluded.cutoff,
    -- writers of the old triggers may have skipped rows at or after their cutoff that the new table missed
    cutoff_before = case when (matview.incremental.source_schema, matview.incremental.source_table,
                               matview.incremental.source_column)
                              = (excluded.source_schema, excluded.source_table, excluded.source_column)
                         then coalesce(matview.incremental.cutoff_before, matview.incremental.cutoff) end
