-- The tables each managed view reads (found as the change tracker finds them, below) with
-- what the statistics system says of them: dead tuples, vacuum, analyze.
select s.schema_name, s.view_name, t.schemaname, t.relname, t.n_live_tup, t.n_dead_tup,
       greatest(t.last_vacuum, t.last_autovacuum) as last_vacuum,
       greatest(t.last_analyze, t.last_autoanalyze) as last_analyze,
       t.n_mod_since_analyze
from (
${sources}
) s (schema_name, view_name, relid)
join pg_stat_user_tables t on t.relid = s.relid
order by s.schema_name, s.view_name, t.schemaname, t.relname
