-- materialized
-- unique: customer_id, purchase_date
-- index: state
-- refresh: every 1 hour
-- description: Orders, items and spend per customer and purchase day, with the customer's city and state
select c.customer_id,
       c.customer_name,
       c.city,
       c.state,
       o.purchased_at::date                          as purchase_date,
       count(distinct o.id)                          as orders,
       sum(i.quantity)::bigint                       as order_size,
       sum(i.quantity * i.unit_price_cents)::bigint  as order_cost_cents
from shop.orders o
join shop.complete_customer_data c on c.customer_id = o.customer_id
join shop.order_items i on i.order_id = o.id
group by c.customer_id, c.customer_name, c.city, c.state, o.purchased_at::date
