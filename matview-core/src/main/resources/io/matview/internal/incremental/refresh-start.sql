-- How an incremental view is kept, and the refresh's settings for the rest of its transaction, in one round trip:
-- the view's time zone (its buckets depend on it), ISO dates (bucket values travel as text), and at least 64MB
-- of work_mem: a heavy day's window (100,000 new rows) is estimated from statistics that predate it, and its
-- sort or hash would spill to disk with the default 4MB. A server configured with more keeps its setting.
select i.*,
       set_config('TimeZone', i.time_zone, true),
       set_config('DateStyle', 'ISO, YMD', true),
       case when pg_size_bytes(current_setting('work_mem')) < pg_size_bytes('64MB')
            then set_config('work_mem', '64MB', true) end
from matview.incremental i
where i.schema_name = ? and i.view_name = ?
