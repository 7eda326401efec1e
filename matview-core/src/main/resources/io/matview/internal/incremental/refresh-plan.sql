-- What a refresh recomputes, in one round trip (a refresh's fixed cost is mostly round trips). Takes the source
-- ranges that writes recorded for the view since the last refresh (rows recorded by transactions that commit
-- later stay for the next refresh) and returns, as text: the bucket the window starts with now; the older of it,
-- the last refresh's window start (parameter 5, null: none) and the buckets of the INSERT trigger's cutoffs (rows
-- at or after a cutoff are not recorded: every refresh recomputes from there); the buckets of the lowest and
-- highest source values taken (null: none taken); whether the highest lies before that older start; the lower of
-- both starts; the cutoff read (for advance-watermark.sql); whether a renewal of the cutoff is due.
-- Placeholders: %1$s source column type, %2$s bucket type, %3$s/%4$s/%5$s/%6$s/%7$s the bucket of the window's
-- start instant / of matview_pending.lo / of matview_pending.hi / of cut.cutoff / of cut.cutoff_before.
with taken as (
    delete from matview.incremental_pending where schema_name = ? and view_name = ? returning lo, hi
), matview_pending as (
    select min(cast(lo as %1$s)) as lo, max(cast(hi as %1$s)) as hi from taken
), cut as (
    select cutoff, cutoff_before, tracked from matview.incremental where schema_name = ? and view_name = ?
), starts as (
    select %3$s as now_start, least(%3$s, cast(? as %2$s), %6$s, %7$s) as from_start, %4$s as late_lo,
           %5$s as late_hi, cut.cutoff, cut.tracked and (cut.cutoff is null or %6$s < %3$s) as cutoff_due
    from matview_pending, cut
)
select now_start::text, from_start::text, late_lo::text, late_hi::text, (late_hi < from_start)::text,
       least(late_lo, from_start)::text, cutoff, cutoff_due::text
from starts
