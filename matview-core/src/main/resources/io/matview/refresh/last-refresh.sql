-- The last successful refresh of a view and the failures since: the scheduler's shared memory, so
-- that every process agrees on what is due and how long to back off.
select max(started_at) filter (where status = 'ok') as last_ok_started,
       count(*) filter (where status = 'failed'
                          and started_at > coalesce((select max(started_at) from matview.refresh_log
                                                     where schema_name = ? and view_name = ? and status = 'ok'),
                                                    '-infinity')) as failures_since,
       max(started_at) filter (where status = 'failed') as last_failed_started
from matview.refresh_log
where schema_name = ? and view_name = ?
