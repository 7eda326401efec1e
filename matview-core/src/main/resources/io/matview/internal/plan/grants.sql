-- The GRANTs on a relation, as statements that give the same privileges on its replacement.
select format('GRANT %s ON %s TO %s%s', a.privilege_type, ?,
              case when a.grantee = 0 then 'PUBLIC' else a.grantee::regrole::text end,
              case when a.is_grantable then ' WITH GRANT OPTION' else '' end)
from pg_class c
cross join lateral aclexplode(c.relacl) a
where c.oid = ?::regclass and a.grantee <> c.relowner
