-- Everything that depends on the given relations and would stop a DROP without CASCADE:
-- views and materialized views reading them (through their rewrite rule), functions whose body or
-- signature uses them, and the like. A relation's own rule, indexes and row type are not listed
-- (they go with it).
select rn.nspname  as ref_schema,
       rc.relname  as ref_name,
       vn.nspname  as dep_schema,
       vc.relname  as dep_name,
       vc.relkind  as dep_relkind,
       pg_describe_object(d.classid, d.objid, d.objsubid) as description
from pg_class rc
join pg_namespace rn on rn.oid = rc.relnamespace
join unnest(?::text[], ?::text[]) as wanted(schema_name, relation_name)
  on wanted.schema_name = rn.nspname and wanted.relation_name = rc.relname
join pg_depend d
  on d.deptype = 'n'
 and ((d.refclassid = 'pg_class'::regclass and d.refobjid = rc.oid)
   or (d.refclassid = 'pg_type'::regclass and d.refobjid = rc.reltype))
left join pg_rewrite r on d.classid = 'pg_rewrite'::regclass and r.oid = d.objid
left join pg_class vc on vc.oid = r.ev_class
left join pg_namespace vn on vn.oid = vc.relnamespace
where r.oid is null or r.ev_class <> rc.oid
order by 1, 2, 3, 4
