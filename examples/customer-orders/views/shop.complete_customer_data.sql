-- description: Each customer with their primary address
select c.id   as customer_id,
       c.name as customer_name,
       c.email,
       a.city,
       a.state
from shop.customers c
join shop.addresses a on a.customer_id = c.id and a.is_primary
