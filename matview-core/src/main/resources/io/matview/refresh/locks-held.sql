-- Whether another backend holds the refresh lock of any of these views in this database: then a
-- refresh of a view they feed is coming anyway, as part of that refresh's cascade.
select exists (select 1
               from pg_locks l
               where l.locktype = 'advisory' and l.granted and l.objsubid = 2
                 and l.database = (select oid from pg_database where datname = current_database())
                 and l.pid <> pg_backend_pid()
                 and l.classid::bigint = ? and l.objid::bigint = any (?::bigint[]))
