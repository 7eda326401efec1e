-- Who holds a view's refresh lock: for the message of a refresh that gave up waiting.
select a.pid, a.application_name, a.client_addr::text, a.xact_start, a.query
from pg_locks l
join pg_stat_activity a on a.pid = l.pid
where l.locktype = 'advisory' and l.granted and l.objsubid = 2
  and l.database = (select oid from pg_database where datname = current_database())
  and l.classid::bigint = ? and l.objid::bigint = ?
limit 1
