-- The database clock, whether the view holds data, and whether it has a
-- unique index that REFRESH ... CONCURRENTLY can use (valid, not partial, on plain columns only).
select clock_timestamp() as now,
       c.relispopulated,
       exists (select 1
               from pg_index i
               where i.indrelid = c.oid and i.indisunique and i.indisvalid
                 and i.indpred is null and i.indexprs is null) as has_unique_index,
       c.reltuples
from pg_class c
where c.oid = ?::regclass
