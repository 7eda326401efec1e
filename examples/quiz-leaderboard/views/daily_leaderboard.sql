-- materialized
-- unique: user_id
-- index: quizzes_played desc, total_score desc
-- refresh: cron 5 0 * * * UTC
-- description: Quizzes played per player yesterday (UTC), refreshed just after midnight
select user_id,
       count(*)           as quizzes_played,
       sum(score)::bigint as total_score,
       max(score)         as best_score
from quiz_results
where created_at >= (current_date - 1)::timestamptz
  and created_at < current_date::timestamptz
group by user_id
