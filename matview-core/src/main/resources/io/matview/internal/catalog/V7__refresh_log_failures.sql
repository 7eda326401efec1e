-- The failed attempts of each view, newest first. The scheduler counts a view's failures since its data last
-- changed on every tick and status counts them all: without this index both read the view's whole log (30 days
-- of a view refreshed every minute is 43,200 entries), with it only the failures, which are few.
create index if not exists refresh_log_failed_idx on matview.refresh_log (schema_name, view_name, started_at desc)
    where status = 'failed';
