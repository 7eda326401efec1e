-- What a refresh call reads of the catalog, in one round trip: the catalog's version; a token that changes
-- whenever which managed view reads which can have changed (the rewrite rules of every view, by count, oid
-- and xmin: CREATE [OR REPLACE] VIEW and DROP change it, in any process; and the oids of the managed views,
-- which apply's rebuilds change; and the inheritance links, by count and oids, which ATTACH and DETACH PARTITION and
-- INHERIT change: the tables a view reads are kept with the graph); and the managed views, one per row (none: one
-- row of nulls).
select (select coalesce(max(version), 0) from matview.catalog_version) as catalog_version,
       (select count(*) || ':' || coalesce(sum(oid::int8), 0) || ':' || coalesce(sum(xmin::text::int8), 0) from pg_rewrite)
           || '/' || (select coalesce(string_agg(oid::text, ',' order by oid), '') from matview.managed_relation)
           || '/' || (select count(*) || ':' || coalesce(sum(inhrelid::int8 * 31 + inhparent::int8), 0) from pg_inherits)
           as reads_token,
       v.*
from (select 1) as one
left join (
${runtime_views}
) as v on true
order by v.schema_name, v.view_name
