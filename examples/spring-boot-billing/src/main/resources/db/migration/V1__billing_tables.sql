create table if not exists plans (
    id          integer primary key,
    name        text    not null,
    region      text    not null check (region in ('eu', 'us', 'apac')),
    price_cents integer not null
);

create table if not exists subscriptions (
    id                  bigint      primary key,
    plan_id             integer     not null references plans,
    customer_id         bigint      not null,
    status              text        not null check (status in ('active', 'canceled', 'trial')),
    monthly_price_cents integer     not null,
    created_at          timestamptz not null
);

-- No foreign key: checking one per row would double the time to load the large scale.
create table if not exists usage_records (
    id              bigint      primary key,
    subscription_id bigint      not null,
    api_calls       integer     not null,
    recorded_at     timestamptz not null
);
