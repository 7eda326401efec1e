-- Takes the source ranges that writes recorded for a view since the last refresh: the lowest and highest
-- source value, as text. Rows recorded by transactions that commit later stay for the next refresh.
with taken as (
    delete from matview.incremental_pending where schema_name = ? and view_name = ? returning lo, hi
)
select min(cast(lo as %1$s))::text, max(cast(hi as %1$s))::text from taken
