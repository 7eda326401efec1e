-- The trigger function that records which source values a write touched, one row into incremental_pending.
-- Row level (INSERT): only rows below the cutoff reach it (the trigger's WHEN clause), so it records the row's
-- value. Statement level (UPDATE, DELETE): min and max of the source column over the transition tables. No NOTIFY
-- (it takes a cluster-wide lock at commit).
-- Placeholders: %1$I function name, %2$L view schema, %3$L view name, %4$I source column.
create or replace function matview.%1$I() returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
set datestyle = 'ISO, YMD'
as $track$
begin
    if tg_level = 'ROW' then
        insert into matview.incremental_pending (schema_name, view_name, lo, hi)
        values (%2$L, %3$L, new.%4$I::text, new.%4$I::text);
        return null;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        insert into matview.incremental_pending (schema_name, view_name, lo, hi)
        select %2$L, %3$L, min(%4$I)::text, max(%4$I)::text from matview_new having count(%4$I) > 0;
    end if;
    if tg_op in ('DELETE', 'UPDATE') then
        insert into matview.incremental_pending (schema_name, view_name, lo, hi)
        select %2$L, %3$L, min(%4$I)::text, max(%4$I)::text from matview_old having count(%4$I) > 0;
    end if;
    return null;
end
$track$
