-- The tables whose writes an "on change" view must notice: what it reads, through plain views, down
-- to tables (with their partitions and inheritance children). Managed materialized views are not
-- followed: refreshing one cascades to the views that read it.
with recursive edge as (
    select distinct r.ev_class as dependent, d.refobjid as referenced
    from pg_depend d
    join pg_rewrite r on r.oid = d.objid
    where d.classid = 'pg_rewrite'::regclass
      and d.refclassid = 'pg_class'::regclass
      and d.deptype = 'n'
      and r.ev_class <> d.refobjid
), managed as (
    select c.oid, m.schema_name, m.view_name, c.relkind
    from matview.managed_view m
    join pg_namespace n on n.nspname = m.schema_name
    join pg_class c on c.relnamespace = n.oid and c.relname = m.view_name
), reach (source, via) as (
    select m.oid, e.referenced from managed m join edge e on e.dependent = m.oid
    union
    select r.source, e.referenced
    from reach r
    join pg_class vc on vc.oid = r.via and vc.relkind = 'v'
    join edge e on e.dependent = r.via
), tables (source, relid) as (
    select r.source, r.via
    from reach r
    join pg_class c on c.oid = r.via
    where c.relkind in ('r', 'p', 'f')
       or (c.relkind = 'm' and c.oid not in (select oid from managed))
    union
    select t.source, i.inhrelid from tables t join pg_inherits i on i.inhparent = t.relid
)
select m.schema_name, m.view_name, t.relid::bigint
from tables t
join managed m on m.oid = t.source
