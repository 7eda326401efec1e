-- Each source table's cumulative write counter (pg_stat_all_tables n_tup_ins + n_tup_upd + n_tup_del)
-- when a view's data last changed: status subtracts it from the counter now to tell the rows changed
-- since the last refresh, and whether an on-change view has a change pending.
create table matview.source_writes (
    schema_name text   not null,
    view_name   text   not null,
    relid       oid    not null,
    writes      bigint not null,
    primary key (schema_name, view_name, relid)
);
