-- A refresh's first round trip: the view's refresh lock (transaction-level: it goes with the transaction however it
-- ends), the database's clock (the log's start, after the lock), and the transaction's settings. When the lock is
-- not free the settings are set all the same, for a transaction that is rolled back or tries again.
select pg_try_advisory_xact_lock(?, ?), clock_timestamp(), set_config('lock_timeout', ?, true),
       set_config('statement_timeout', ?, true), set_config('application_name', ?, true)
