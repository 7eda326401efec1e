-- Which managed views read which other managed views, directly or through views Matview does not
-- manage, as PostgreSQL records it (pg_depend through each view's rewrite rule).
with recursive edge as (
    select distinct r.ev_class as dependent, d.refobjid as referenced
    from pg_depend d
    join pg_rewrite r on r.oid = d.objid
    where d.classid = 'pg_rewrite'::regclass
      and d.refclassid = 'pg_class'::regclass
      and d.deptype = 'n'
      and r.ev_class <> d.refobjid
), managed as (
    select c.oid, m.schema_name, m.view_name
    from matview.managed_view m
    join pg_namespace n on n.nspname = m.schema_name
    join pg_class c on c.relnamespace = n.oid and c.relname = m.view_name
), reach (source, via) as (
    select m.oid, e.referenced from managed m join edge e on e.dependent = m.oid
    union
    select r.source, e.referenced
    from reach r
    join edge e on e.dependent = r.via
    where r.via not in (select oid from managed)
)
select s.schema_name, s.view_name, t.schema_name as ref_schema, t.view_name as ref_name
from reach r
join managed s on s.oid = r.source
join managed t on t.oid = r.via
