-- After a change of a view's data: its baseline of source write counters, replaced (its sources are found as the
-- on-change scheduler finds them, the text below, for this view only), and the NOTIFY that tells listeners, in
-- one round trip.
with gone as (
    delete from matview.source_writes where schema_name = ? and view_name = ?
), written as (
    insert into matview.source_writes (schema_name, view_name, relid, writes)
    select s.schema_name, s.view_name, s.relid, t.n_tup_ins + t.n_tup_upd + t.n_tup_del
    from (
${sources}
    ) s (schema_name, view_name, relid)
    join pg_stat_all_tables t on t.relid = s.relid
    where s.schema_name = ? and s.view_name = ?
    on conflict (schema_name, view_name, relid) do update set writes = excluded.writes
)
select pg_notify(?, ?)
