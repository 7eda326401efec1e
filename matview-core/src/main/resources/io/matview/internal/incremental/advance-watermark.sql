-- After a refresh: where its window started, and where a real-time view's live part starts ('infinity': none).
update matview.incremental set window_start = ?, watermark = ? where schema_name = ? and view_name = ?
