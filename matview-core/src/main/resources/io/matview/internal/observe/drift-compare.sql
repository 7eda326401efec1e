-- The rows only in the materialized view (stored) and only in its query, each side computed
-- once; the filter keeps a hash sample of both sides, or is empty.
with q as materialized (select * from (${query}) t ${filter}),
     v as materialized (select * from (${stored}) t ${filter})
select (select count(*) from v) as view_rows,
       (select count(*) from q) as query_rows,
       (select count(*) from (select * from v except all select * from q) a) as only_in_view,
       (select count(*) from (select * from q except all select * from v) b) as only_in_query
