-- step: quiz_results ${quiz_results}
-- Two weeks of results up to today, 500 players (a few play much more than others).
insert into quiz_results (id, user_id, quiz_id, score, created_at)
select g,
       1 + (abs(hashint4(g * 7 + ${seed})::bigint) % 500) * (abs(hashint4(g * 7 + ${seed})::bigint) % 500) / 500,
       1 + abs(hashint4(g * 11 + ${seed})::bigint) % 200,
       abs(hashint4(g * 13 + ${seed})::bigint) % 101,
       (current_date - 13)::timestamptz + (abs(hashint4(g * 3 + ${seed})::bigint) % (14 * 86400)) * interval '1 second'
from generate_series(${from}, ${to}) as g;

-- step: index 1
create index if not exists quiz_results_created_at_idx on quiz_results (created_at);
