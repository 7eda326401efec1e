-- Which managed views read which other managed views, directly or through views Matview does not manage.
with recursive reach (source, via) as (
    select m.oid, e.relation from matview.managed_relation m join matview.relation_reads e on e.reader = m.oid
    union
    select r.source, e.relation
    from reach r
    join matview.relation_reads e on e.reader = r.via
    where r.via not in (select oid from matview.managed_relation)
)
select s.schema_name, s.view_name, t.schema_name as ref_schema, t.view_name as ref_name
from reach r
join matview.managed_relation s on s.oid = r.source
join matview.managed_relation t on t.oid = r.via
