-- Each managed view that exists, described as PostgreSQL's errors describe it (same session, same
-- search_path and language): the view itself and its _RETURN rule. A blocked migration's DETAIL
-- names the blocking objects in exactly these words.
select m.schema_name, m.view_name, m.relkind,
       pg_describe_object('pg_class'::regclass, m.oid, 0) as relation,
       pg_describe_object('pg_rewrite'::regclass, r.oid, 0) as rule
from matview.managed_relation m
left join pg_rewrite r on r.ev_class = m.oid and r.rulename = '_RETURN'
