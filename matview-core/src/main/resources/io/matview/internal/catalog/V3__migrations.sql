-- Table migrations run with the views (matview migrate): a definition re-applied around a migration
-- records the migrations' file names; empty for an ordinary apply.
alter table matview.definition add column migrations text[] not null default '{}';
