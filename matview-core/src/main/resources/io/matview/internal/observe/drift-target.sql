-- A managed view's query as PostgreSQL stores it, its estimated rows, and the median of its latest
-- successful refreshes (how long running the query takes); for an incremental or real-time view, the
-- table in schema matview that keeps its rows and its query (with the range to fill in), whose rows
-- those are, and the time zone its refreshes compute buckets in; and the columns of the stored rows'
-- narrowest unique key on plain columns, which the sampled mode hashes (null when there is none).
select pg_get_viewdef(m.oid) as query, m.relkind, i.storage_table, i.windowed_query, i.time_zone,
       greatest(coalesce(s.reltuples, c.reltuples), 0)::bigint as view_rows,
       r.median_ms, r.refreshes, k.key_columns
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
left join lateral (
    select (select array_agg(a.attname::text order by u.ord)
            from unnest(x.indkey::int2[]) with ordinality u(attnum, ord)
            join pg_attribute a on a.attrelid = x.indrelid and a.attnum = u.attnum) as key_columns
    from pg_index x
    where x.indrelid = coalesce(s.oid, m.oid) and x.indisunique and x.indisvalid
      and x.indpred is null and x.indexprs is null
    order by x.indnatts
    limit 1
) k on true
where m.schema_name = ? and m.view_name = ?
