-- Matview's own catalog: which views it manages and every definition it applied.
create table matview.managed_view (
    schema_name     text        not null,
    view_name       text        not null,
    kind            text        not null check (kind in ('view', 'materialized view')),
    definition_hash text        not null,
    version         integer     not null,
    refresh_policy  text        not null default 'manual',
    created_at      timestamptz not null default now(),
    applied_at      timestamptz not null default now(),
    primary key (schema_name, view_name)
);

-- Kept after a view is dropped, so that its history can be read and a version restored.
create table matview.definition (
    schema_name     text        not null,
    view_name       text        not null,
    version         integer     not null,
    kind            text        not null,
    definition_hash text        not null,
    query           text        not null,
    unique_key      text[]      not null,
    indexes         text[]      not null,
    refresh_policy  text        not null,
    description     text,
    depends         text[]      not null,
    source_file     text        not null,
    source          text        not null,
    applied_at      timestamptz not null default now(),
    applied_by      text        not null default current_user,
    primary key (schema_name, view_name, version)
);

comment on schema matview is 'Matview''s catalog: managed views, their definitions and refresh log';
