-- Per incremental or real-time view: PostgreSQL's estimate of the rows of the table Matview keeps its
-- rows in, that table's size with indexes (the view of the file's name over it holds nothing), the
-- table's name, and whether the connected role may write it as a refresh does (delete and insert buckets).
select i.schema_name, i.view_name, greatest(c.reltuples, 0)::bigint as row_estimate,
       pg_total_relation_size(c.oid) as size_bytes, i.storage_table,
       has_table_privilege(c.oid, 'INSERT') and has_table_privilege(c.oid, 'DELETE') as may_refresh
from matview.incremental i
join pg_class c on c.relnamespace = 'matview'::regnamespace and c.relname = i.storage_table
