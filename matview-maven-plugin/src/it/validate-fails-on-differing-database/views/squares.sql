-- materialized
-- unique: n
select n, n * n as square from generate_series(1, 10) as n
