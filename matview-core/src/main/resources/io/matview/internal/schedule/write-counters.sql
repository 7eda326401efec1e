-- Cumulative writes per table from the statistics system: reading them costs writers nothing.
select relid::bigint, n_tup_ins + n_tup_upd + n_tup_del
from pg_stat_all_tables
where relid = any (?::oid[])
