-- SQL tests of daily_leaderboard: yesterday in UTC, whatever the session's time zone. Results are
-- placed relative to the start of today (UTC); a run exactly across midnight UTC may see another day.

set time zone 'America/Los_Angeles';

insert into quiz_results (id, user_id, quiz_id, score, created_at) values
    (1, 1, 1,  80, ((now() at time zone 'UTC')::date - 1)::timestamp at time zone 'UTC'),
    (2, 1, 2,  60, ((now() at time zone 'UTC')::date)::timestamp at time zone 'UTC' - interval '1 microsecond'),
    (3, 1, 3, 100, ((now() at time zone 'UTC')::date)::timestamp at time zone 'UTC'),
    (4, 2, 1,  50, ((now() at time zone 'UTC')::date - 1)::timestamp at time zone 'UTC' + interval '12 hours'),
    (5, 3, 1,  90, ((now() at time zone 'UTC')::date - 1)::timestamp at time zone 'UTC' - interval '1 microsecond');
refresh materialized view daily_leaderboard;

-- test: counts only yesterday's quizzes, from 00:00 UTC inclusive to 00:00 UTC today exclusive
-- expect rows:
--  user_id | quizzes_played | total_score | best_score
--        1 |              2 |         140 |         80
--        2 |              1 |          50 |         50
select user_id, quizzes_played, total_score, best_score from daily_leaderboard;

-- test: a player whose only quiz was just before yesterday has no row
-- expect empty
select * from daily_leaderboard where user_id = 3;
