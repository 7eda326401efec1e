create schema if not exists reporting;

create table if not exists orders (
    id          bigint      primary key,
    customer_id integer     not null,
    created_at  timestamptz not null,
    total_cents integer     not null,
    status      text        not null check (status in ('paid', 'failed', 'pending'))
);
