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
    trigger      text        not null check (trigger in ('manual', 'schedule', 'change', 'api', 'cascade')),
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

-- Which relation each view or materialized view reads, as PostgreSQL records it (pg_depend through the
-- view's rewrite rule): the refresh cascade and the on-change sources both walk it.
create view matview.relation_reads as
select distinct r.ev_class as reader, d.refobjid as relation
from pg_depend d
join pg_rewrite r on r.oid = d.objid
where d.classid = 'pg_rewrite'::regclass
  and d.refclassid = 'pg_class'::regclass
  and d.deptype = 'n'
  and r.ev_class <> d.refobjid;

-- The managed views that exist, with their oid and relkind.
create view matview.managed_relation as
select c.oid, m.schema_name, m.view_name, c.relkind
from matview.managed_view m
join pg_namespace n on n.nspname = m.schema_name
join pg_class c on c.relnamespace = n.oid and c.relname = m.view_name;
