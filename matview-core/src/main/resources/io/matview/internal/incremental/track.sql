-- The statement trigger function that records which source values a write touched: min and max of the
-- source column over the transition tables, one row per statement (no per-row work, no NOTIFY).
-- Placeholders: %1$I function name, %2$L view schema, %3$L view name, %4$I source column.
create or replace function matview.%1$I() returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
set datestyle = 'ISO, YMD'
as $track$
begin
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
