-- After a change of a view's data, in one round trip: its generation up by one, its baseline of source write
-- counters replaced (its sources are found as the on-change scheduler finds them, the text below, for this view
-- only), and the NOTIFY that tells listeners at commit (the last three parameters: its channel, and its payload
-- before and after the new generation). Returns the new generation; no row when the view is not managed.
with advanced as (
    update matview.managed_view set generation = generation + 1, refreshed_at = clock_timestamp(), data_as_of = ?
    where schema_name = ? and view_name = ?
    returning generation
), gone as (
    delete from matview.source_writes where schema_name = ? and view_name = ?
), written as (
    insert into matview.source_writes (schema_name, view_name, relid, writes)
    -- pg_stat_all_tables's columns n_tup_ins + n_tup_upd + n_tup_del, for its relkinds, without the view: it
    -- aggregates over every relation before the join can pick a few, milliseconds on each refresh
    select s.schema_name, s.view_name, s.relid,
           pg_stat_get_tuples_inserted(c.oid) + pg_stat_get_tuples_updated(c.oid) + pg_stat_get_tuples_deleted(c.oid)
    from (
${sources}
    ) s (schema_name, view_name, relid)
    join pg_class c on c.oid = s.relid and c.relkind in ('r', 't', 'm', 'p')
    where s.schema_name = ? and s.view_name = ?
    on conflict (schema_name, view_name, relid) do update set writes = excluded.writes
)
select generation, pg_notify(?, ? || generation || ?) from advanced
