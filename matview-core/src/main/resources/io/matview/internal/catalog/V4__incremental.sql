-- Incremental and real-time views: the kinds, the refresh mode, and what each such view's refresh needs.

alter table matview.managed_view drop constraint managed_view_kind_check;
alter table matview.managed_view add constraint managed_view_kind_check
    check (kind in ('view', 'materialized view', 'incremental view', 'real-time view'));
alter table matview.refresh_log drop constraint refresh_log_mode_check;
alter table matview.refresh_log add constraint refresh_log_mode_check
    check (mode in ('concurrent', 'full', 'incremental'));

-- One row per incremental view: where its rows are kept, and how its buckets are recomputed.
create table matview.incremental (
    schema_name       text    not null,
    view_name         text    not null,
    primary key (schema_name, view_name),
    -- the table in schema matview that holds the rows (the view of the file's name reads it)
    storage_table     text    not null,
    bucket_column     text    not null,
    bucket_type       text    not null,
    -- the bucket column's expression, evaluated over one source value to find its bucket
    bucket_expression text    not null,
    qualifier         text,
    source_schema     text    not null,
    source_table      text    not null,
    source_column     text    not null,
    source_type       text    not null,
    -- the query with its read of the source filtered by a range (see Incremental.RANGE)
    windowed_query    text    not null,
    window_ms         bigint  not null,
    time_zone         text    not null,
    real_time         boolean not null,
    tracked           boolean not null,
    spec              text    not null,
    -- the first bucket of the last refresh's window: the real-time watermark; null before the first refresh
    window_start      text,
    -- what a real-time view's live part starts at: window_start, or 'infinity' for an incremental view
    watermark         text    not null default 'infinity'
);

-- Ranges of source values changed by writes, recorded by statement triggers, consumed by the next refresh.
create table matview.incremental_pending (
    schema_name text not null,
    view_name   text not null,
    lo          text not null,
    hi          text not null
);
create index incremental_pending_view_idx on matview.incremental_pending (schema_name, view_name);
