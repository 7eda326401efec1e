-- Per incremental or real-time view: PostgreSQL's estimate of the rows of the table Matview keeps its
-- rows in, that table's size with indexes (the view of the file's name over it holds nothing), the
-- table's name, whether the connected role may write it as a refresh does (delete and insert buckets), and
-- whether it may renew the late-data cutoff after a refresh (replace the INSERT trigger on the source table:
-- own the table and Matview's trigger functions on it; an untracked view has none).
select i.schema_name, i.view_name, greatest(c.reltuples, 0)::bigint as row_estimate,
       pg_total_relation_size(c.oid) as size_bytes, i.storage_table,
       has_table_privilege(c.oid, 'INSERT') and has_table_privilege(c.oid, 'DELETE') as may_refresh,
       not i.tracked or st.oid is null
           or (pg_has_role(st.relowner, 'USAGE')
               and coalesce((select bool_and(pg_has_role(p.proowner, 'USAGE'))
                             from pg_trigger t join pg_proc p on p.oid = t.tgfoid
                             where t.tgrelid = st.oid and p.pronamespace = 'matview'::regnamespace), true))
           as may_renew_cutoff
from matview.incremental i
join pg_class c on c.relnamespace = 'matview'::regnamespace and c.relname = i.storage_table
left join pg_class st on st.oid = to_regclass(format('%I.%I', i.source_schema, i.source_table))
