-- What REFRESH MATERIALIZED VIEW CONCURRENTLY needs of a materialized view: it holds data, and it
-- has a unique index that is valid, not partial and on plain columns only.
select c.relispopulated,
       exists (select 1
               from pg_index i
               where i.indrelid = c.oid and i.indisunique and i.indisvalid
                 and i.indpred is null and i.indexprs is null) as has_unique_index
from pg_class c
where c.oid = ?::regclass
