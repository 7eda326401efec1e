-- A count and an order-independent checksum of each side: one pass each, no sort, no hash table.
select v.n as view_rows, q.n as query_rows, v.s as view_sum, q.s as query_sum
from (select count(*) as n, sum(hashtextextended(t::text, 0)) as s from (${stored}) t) v,
     (select count(*) as n, sum(hashtextextended(t::text, 0)) as s from (${query}) t) q
