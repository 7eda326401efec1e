-- The tables each managed view reads (found as the change tracker finds them, below) with
-- what the statistics system says of them: dead tuples, vacuum, analyze, and the rows written since
-- the view's data last changed (null without a recorded counter, or when the counter was reset below it).
select s.schema_name, s.view_name, t.schemaname, t.relname, t.n_live_tup, t.n_dead_tup,
       greatest(t.last_vacuum, t.last_autovacuum) as last_vacuum,
       greatest(t.last_analyze, t.last_autoanalyze) as last_analyze,
       t.n_mod_since_analyze,
       nullif(greatest(t.n_tup_ins + t.n_tup_upd + t.n_tup_del - w.writes, -1), -1) as changed_since_refresh
from (
${sources}
) s (schema_name, view_name, relid)
join pg_stat_user_tables t on t.relid = s.relid
left join matview.source_writes w on w.schema_name = s.schema_name and w.view_name = s.view_name and w.relid = s.relid
order by s.schema_name, s.view_name, t.schemaname, t.relname
