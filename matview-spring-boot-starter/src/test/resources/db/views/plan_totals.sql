-- materialized
-- unique: region
-- description: Plans and their total price per region
select region, count(*) as plans, sum(price) as total
from plans
group by region
