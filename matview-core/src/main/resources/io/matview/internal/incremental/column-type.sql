-- The type of a column of a relation, as format_type writes it; no row when there is no such column.
select format_type(a.atttypid, a.atttypmod)
from pg_attribute a
where a.attrelid = to_regclass(?) and a.attname = ? and a.attnum > 0 and not a.attisdropped
