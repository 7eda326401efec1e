-- The relations with the given names that exist, and what they are (v = view, m = materialized view).
select n.nspname, c.relname, c.relkind
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
join unnest(?::text[], ?::text[]) as wanted(schema_name, relation_name)
  on wanted.schema_name = n.nspname and wanted.relation_name = c.relname
