-- The columns of every managed view, with PostgreSQL's type names: with modifiers as users see them,
-- and without (format_type(oid, null)) for casting filter values, so that a value is compared as
-- given, not rounded or cut to the column's precision.
select m.schema_name, m.view_name, a.attname, format_type(a.atttypid, a.atttypmod) as type,
       format_type(a.atttypid, null) as base_type, t.typname, t.typcategory
from matview.managed_view m
join pg_namespace n on n.nspname = m.schema_name
join pg_class c on c.relnamespace = n.oid and c.relname = m.view_name
join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
join pg_type t on t.oid = a.atttypid
order by m.schema_name, m.view_name, a.attnum
