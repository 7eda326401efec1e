-- Late-data tracking by cutoff: the INSERT trigger records only rows below a constant (a row-level trigger whose
-- WHEN clause PostgreSQL evaluates without running any function), so inserts at "now" cost writers nothing.
-- Rows at or after the cutoff are caught because every refresh recomputes from the cutoff's bucket on.
alter table matview.incremental
    -- the source value in the INSERT trigger's WHEN clause now; null: the trigger records every insert (an
    -- installation from before this version, until its next refresh renews the trigger)
    add column cutoff        text,
    -- the cutoff a renewal replaced, until a refresh that started after the renewal has recomputed from it
    -- (writers that used it had all committed by then); null: none pending
    add column cutoff_before text;
