-- test: ten squares
-- expect: 10
select count(*) from squares;

-- test: the square of 3
-- expect: 9
select square from squares where n = 3;
