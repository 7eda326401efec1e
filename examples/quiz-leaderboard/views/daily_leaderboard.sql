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
-- "yesterday" in UTC, whatever the time zone of the session that refreshes it
where created_at >= ((now() at time zone 'UTC')::date - 1)::timestamp at time zone 'UTC'
  and created_at < ((now() at time zone 'UTC')::date)::timestamp at time zone 'UTC'
group by user_id
