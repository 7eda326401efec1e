-- description: The answer, as a plain view
select 42 as answer
