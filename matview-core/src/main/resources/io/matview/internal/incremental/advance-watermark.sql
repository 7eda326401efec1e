-- After a refresh: where its window started, and where a real-time view's live part starts ('infinity': none).
-- The cutoff a renewal replaced is covered when this refresh read the renewed one: the writers that used it had
-- committed before the renewal did, so before this refresh began.
-- Placeholders (quoted literals; the statement goes in the refresh's batch): %1$s window start, %2$s watermark,
-- %3$s view schema, %4$s view name, %5$s the cutoff the refresh read (null: none).
update matview.incremental
set window_start = %1$s, watermark = %2$s,
    cutoff_before = case when cutoff is not distinct from %5$s then null else cutoff_before end
where schema_name = %3$s and view_name = %4$s
