-- The tables whose writes an "on change" view must notice: what it reads, through plain views, down
-- to tables (with their partitions and inheritance children). Managed materialized views are not
-- followed: refreshing one cascades to the views that read it. A caller that wants one view's sources puts
-- its condition at /* seed */ (the recursion cannot take it from an outer WHERE).
with recursive reach (source, via) as (
    select m.oid, e.relation from matview.managed_relation m join matview.relation_reads e on e.reader = m.oid /* seed */
    union
    select r.source, e.relation
    from reach r
    join pg_class vc on vc.oid = r.via and vc.relkind = 'v'
    join matview.relation_reads e on e.reader = r.via
), tables (source, relid) as (
    select r.source, r.via
    from reach r
    join pg_class c on c.oid = r.via
    -- (an incremental view's own table, in schema matview, is written by its refresh: not a source)
    where (c.relkind in ('r', 'p', 'f') and c.relnamespace <> 'matview'::regnamespace)
       or (c.relkind = 'm' and c.oid not in (select oid from matview.managed_relation))
    union
    select t.source, i.inhrelid from tables t join pg_inherits i on i.inhparent = t.relid
)
select m.schema_name, m.view_name, t.relid::bigint
from tables t
join matview.managed_relation m on m.oid = t.source
