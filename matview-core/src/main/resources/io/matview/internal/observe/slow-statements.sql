-- Statements that name a managed plain view, slowest first by mean time (pg_stat_statements, when
-- installed): a view read often and slowly is worth materializing. The name must stand as a whole
-- identifier in the text (not inside a longer one, as "daily" is inside "daily_totals"), compared
-- case-insensitively as unquoted names are; every character that is not a letter, digit or "_" is
-- escaped, so a name is never read as a pattern.
select m.schema_name, m.view_name, max(s.mean_exec_time) as mean_ms, sum(s.calls) as calls
from matview.managed_relation m
join ${statements} s on s.dbid = (select oid from pg_database where datname = current_database())
     and s.query ~* ('(^|[^[:alnum:]_$])'
                     || regexp_replace(m.view_name, '([^[:alnum:]_])', '\\\1', 'g')
                     || '($|[^[:alnum:]_$])')
where m.relkind = 'v'
group by m.schema_name, m.view_name
having max(s.mean_exec_time) > ?
