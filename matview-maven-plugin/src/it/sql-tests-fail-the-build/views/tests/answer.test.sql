-- test: the answer is 41
-- expect: 41
select answer from answer;
