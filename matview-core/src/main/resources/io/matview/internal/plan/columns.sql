-- A relation's columns as CREATE OR REPLACE VIEW compares them: name, type with modifier, collation.
select a.attname, format_type(a.atttypid, a.atttypmod) as type, a.attcollation
from pg_attribute a
where a.attrelid = ?::regclass and a.attnum > 0 and not a.attisdropped
order by a.attnum
