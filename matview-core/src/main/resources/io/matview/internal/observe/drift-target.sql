-- A managed view's query as PostgreSQL stores it, its estimated rows, and the median of its latest
-- successful refreshes (how long running the query takes); for an incremental or real-time view, the
-- table in schema matview that keeps its rows and its query (with the range to fill in), whose rows
-- those are, and the time zone its refreshes compute buckets in.
select pg_get_viewdef(m.oid) as query, m.relkind, i.storage_table, i.windowed_query, i.time_zone,
       greatest(coalesce(s.reltuples, c.reltuples), 0)::bigint as view_rows,
       r.median_ms, r.refreshes
from matview.managed_relation m
join pg_class c on c.oid = m.oid
left join matview.incremental i on i.schema_name = m.schema_name and i.view_name = m.view_name
left join pg_class s on s.relnamespace = 'matview'::regnamespace and s.relname = i.storage_table
cross join lateral (
    select percentile_cont(0.5) within group (order by w.duration_ms) as median_ms, count(*) as refreshes
    from (select l.duration_ms from matview.refresh_log l
          where l.schema_name = m.schema_name and l.view_name = m.view_name and l.status = 'ok'
          order by l.started_at desc limit 20) w
) r
where m.schema_name = ? and m.view_name = ?
