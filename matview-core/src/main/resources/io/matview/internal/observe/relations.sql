-- Per managed materialized view: whether the connected role may refresh it (owner, or MAINTAIN from
-- PostgreSQL 17 on: the caller adds that test below), and the columns of its
-- unique indexes that hold nulls according to pg_stats (statistics only; no read of its rows); whether it
-- has a unique index a concurrent refresh can use, as relation-state.sql in the catalog tests it.
select m.schema_name, m.view_name,
       pg_has_role(current_user, c.relowner, 'USAGE') ${maintain} as may_refresh,
       (select string_agg(distinct a.attname, ', ')
        from pg_index i
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
        join pg_stats st on st.schemaname = m.schema_name and st.tablename = m.view_name and st.attname = a.attname
        where i.indrelid = c.oid and i.indisunique and i.indisvalid and i.indpred is null and i.indexprs is null
          and st.null_frac > 0) as null_key_columns,
       exists (select 1 from pg_index i
               where i.indrelid = c.oid and i.indisunique and i.indisvalid
                 and i.indpred is null and i.indexprs is null) as has_unique_index
from matview.managed_relation m
join pg_class c on c.oid = m.oid
where m.relkind = 'm'
