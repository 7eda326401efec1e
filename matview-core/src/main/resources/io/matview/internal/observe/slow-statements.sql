-- Statements that read a managed plain view, slowest first by mean time (pg_stat_statements, when
-- installed): a view read often and slowly is worth materializing.
select m.schema_name, m.view_name, max(s.mean_exec_time) as mean_ms, sum(s.calls) as calls
from matview.managed_relation m
join ${statements} s on s.dbid = (select oid from pg_database where datname = current_database())
     and s.query ilike '%' || m.view_name || '%'
where m.relkind = 'v'
group by m.schema_name, m.view_name
having max(s.mean_exec_time) > ?
