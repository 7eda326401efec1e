create schema if not exists shop;

create table if not exists shop.customers (
    id    bigint primary key,
    name  text   not null,
    email text   not null
);

create table if not exists shop.addresses (
    id          bigint  primary key,
    customer_id bigint  not null references shop.customers,
    city        text    not null,
    state       text    not null,
    is_primary  boolean not null
);

create table if not exists shop.products (
    id          bigint  primary key,
    name        text    not null,
    price_cents integer not null
);

create table if not exists shop.orders (
    id           bigint      primary key,
    customer_id  bigint      not null references shop.customers,
    purchased_at timestamptz not null
);

create table if not exists shop.order_items (
    order_id         bigint  not null references shop.orders,
    product_id       bigint  not null references shop.products,
    quantity         integer not null check (quantity > 0),
    unit_price_cents integer not null,
    primary key (order_id, product_id)
);
