-- A renewal of the INSERT trigger's cutoff: the new one, and the old one kept (unless an older one still is)
-- until a refresh that starts after this commits has recomputed from its bucket. null before: nothing skipped.
update matview.incremental set cutoff_before = coalesce(cutoff_before, cutoff), cutoff = ?
where schema_name = ? and view_name = ?
