-- What a refresh recomputes, in one round trip (a refresh's fixed cost is mostly round trips). Takes the source
-- ranges that writes recorded for the view since the last refresh (rows recorded by transactions that commit
-- later stay for the next refresh) and returns, as text: the bucket the window starts with now; the older of it
-- and the last refresh's window start (parameter 3, null: none); the buckets of the lowest and highest source
-- values taken (null: none taken); whether the highest lies before that older start; the lower of both starts.
-- Placeholders: %1$s source column type, %2$s bucket type, %3$s/%4$s/%5$s the bucket of the window's start
-- instant / of matview_pending.lo / of matview_pending.hi.
with taken as (
    delete from matview.incremental_pending where schema_name = ? and view_name = ? returning lo, hi
), matview_pending as (
    select min(cast(lo as %1$s)) as lo, max(cast(hi as %1$s)) as hi from taken
), starts as (
    select %3$s as now_start, least(%3$s, cast(? as %2$s)) as from_start, %4$s as late_lo, %5$s as late_hi
    from matview_pending
)
select now_start::text, from_start::text, late_lo::text, late_hi::text, (late_hi < from_start)::text,
       least(late_lo, from_start)::text
from starts
