create table if not exists quiz_results (
    id         bigint      primary key,
    user_id    integer     not null,
    quiz_id    integer     not null,
    score      integer     not null check (score between 0 and 100),
    created_at timestamptz not null
);
