-- After a refresh: where its window started, and where a real-time view's live part starts ('infinity': none).
-- Placeholders (quoted literals; the statement goes in the refresh's batch): %1$s window start, %2$s watermark,
-- %3$s view schema, %4$s view name.
update matview.incremental set window_start = %1$s, watermark = %2$s where schema_name = %3$s and view_name = %4$s
