-- The applied database's name (throwaway databases copy it), and where pgTAP is: in the database
-- already (as an extension or loaded from pgtap.sql: its plan(int) exists), or installable.
select current_database() as name,
       to_regprocedure('plan(integer)') is not null as pgtap_installed,
       exists (select from pg_available_extensions where name = 'pgtap') as pgtap_available
