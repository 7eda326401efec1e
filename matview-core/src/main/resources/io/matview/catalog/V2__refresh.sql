-- The refresh engine: a generation per view, a per-view statement timeout, and the refresh log.

-- Increases on every successful refresh (and every create or rebuild): the HTTP cache keys on it.
alter table matview.managed_view add column generation bigint not null default 0;
alter table matview.managed_view add column refreshed_at timestamptz;
-- When the data's snapshot was taken (the refresh's start): a change seen before it is in the data.
alter table matview.managed_view add column data_as_of timestamptz;
alter table matview.managed_view add column statement_timeout_ms bigint;
alter table matview.definition add column statement_timeout_ms bigint;

create table matview.refresh_log (
    id           bigint generated always as identity primary key,
    schema_name  text        not null,
    view_name    text        not null,
    trigger      text        not null check (trigger in ('manual', 'schedule', 'change', 'api', 'cascade', 'apply')),
    mode         text        check (mode in ('concurrent', 'full')),
    mode_reason  text,
    status       text        not null check (status in ('ok', 'failed', 'skipped', 'cancelled')),
    started_at   timestamptz not null,
    finished_at  timestamptz not null,
    duration_ms  bigint      not null,
    rows         bigint,
    generation   bigint,
    error        text,
    host         text        not null,
    pid          bigint      not null
);

create index refresh_log_view_idx on matview.refresh_log (schema_name, view_name, started_at desc);
create index refresh_log_started_idx on matview.refresh_log (started_at);
