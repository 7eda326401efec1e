-- SQL tests of shop.complete_customer_data (a view) and shop.customer_order_volume (materialized).

insert into shop.customers (id, name, email) values
    (1, 'Ada', 'ada@example.com'),
    (2, 'Bob', 'bob@example.com'),
    (3, 'Cy',  'cy@example.com');
-- Ada has two addresses, Cy none marked primary
insert into shop.addresses (id, customer_id, city, state, is_primary) values
    (1, 1, 'Berlin', 'BE',  true),
    (2, 1, 'Paris',  'IDF', false),
    (3, 2, 'Austin', 'TX',  true),
    (4, 3, 'Lyon',   'ARA', false);
insert into shop.products (id, name, price_cents) values (1, 'pen', 150), (2, 'book', 1200);
insert into shop.orders (id, customer_id, purchased_at) values
    (1, 1, '2026-03-01 10:00'),
    (2, 1, '2026-03-01 15:00'),
    (3, 2, '2026-03-02 09:00'),
    (4, 3, '2026-03-02 09:00');
-- order 1 bought the book at 1000, below its list price: the price paid counts
insert into shop.order_items (order_id, product_id, quantity, unit_price_cents) values
    (1, 1, 2,  150),
    (1, 2, 1, 1000),
    (2, 1, 1,  150),
    (3, 2, 3, 1200),
    (4, 1, 1,  150);

-- test: one row per customer with a primary address, showing that address
-- expect rows:
--  customer_id | city   | state
--            1 | Berlin | BE
--            2 | Austin | TX
select customer_id, city, state from shop.complete_customer_data;

refresh materialized view shop.customer_order_volume;

-- test: orders, items and the price paid, per customer and purchase day
-- expect rows:
--  customer_id | purchase_date | orders | order_size | order_cost_cents
--            1 | 2026-03-01    |      2 |          4 |             1450
--            2 | 2026-03-02    |      1 |          3 |             3600
select customer_id, purchase_date, orders, order_size, order_cost_cents from shop.customer_order_volume;

-- test: a customer without a primary address has no row
-- expect empty
select * from shop.customer_order_volume where customer_id = 3;
