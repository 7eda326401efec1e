package io.matview.internal.sqltest;

import io.matview.MatviewException;
import io.matview.internal.sqltest.TestFile.Broken;
import io.matview.internal.sqltest.TestFile.Expectation;
import io.matview.internal.sqltest.TestFile.Query;
import io.matview.internal.sqltest.TestFile.Refresh;
import io.matview.internal.sqltest.TestFile.Step;
import io.matview.sqltest.SqlTestResult;
import io.matview.sqltest.SqlTestStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** One run of one test file on one connection: its steps in order, each turned into results. */
final class FileRun {

    /** Refreshes a view through Matview, on the database the file runs in. */
    interface Refreshing {
        void refresh(String view, boolean concurrently);
    }

    /**
     * @param refusedInTransaction a step could not run in the file's transaction; run the file again
     *     in a throwaway database
     */
    record Outcome(List<SqlTestResult> results, boolean refusedInTransaction) {
    }

    private final TestFile test;
    private final Connection connection;
    private final boolean inTransaction;
    private final Refreshing refreshing;
    private final List<SqlTestResult> results = new ArrayList<>();
    private final PgTap.Reader tap;

    private final PgTap.Presence pgTap;

    FileRun(TestFile test, Connection connection, boolean inTransaction, PgTap.Presence pgTap, Refreshing refreshing) {
        this.pgTap = pgTap;
        this.test = test;
        this.connection = connection;
        this.inTransaction = inTransaction;
        this.refreshing = refreshing;
        this.tap = new PgTap.Reader(test.file());
    }

    Outcome run() throws SQLException {
        if (test.pgTap() && pgTap == PgTap.Presence.AVAILABLE) {
            // created in the file's transaction or throwaway database: nothing of it stays
            try (Statement s = connection.createStatement()) {
                s.execute("create extension if not exists pgtap");
            } catch (SQLException e) {
                results.add(SqlTestRunner.fileFailure(test.file(), 1, "cannot create the pgTAP extension: " + e.getMessage()));
                return new Outcome(results, false);
            }
        }
        List<Step> steps = test.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String stopped = null;
            if (step instanceof Broken b) {
                results.add(new SqlTestResult(test.file(), b.line(), b.name(), b.sql(), SqlTestStatus.FAILED, null, null, null, b.message()));
            } else if (step instanceof Refresh r) {
                stopped = refresh(r);
            } else if (step instanceof Query q) {
                Savepoint savepoint = inTransaction ? connection.setSavepoint() : null;
                try {
                    stopped = query(q);
                } catch (SQLException e) {
                    if (inTransaction && SqlTestRunner.refusedInTransaction(e)) {
                        return new Outcome(List.of(), true);
                    }
                    throw e;
                } finally {
                    if (savepoint != null && !connection.isClosed() && !connection.getAutoCommit()) {
                        rollbackIfFailed(savepoint);
                    }
                }
            }
            if (stopped != null) {
                skipRest(steps.subList(i + 1, steps.size()), stopped);
                break;
            }
        }
        results.addAll(tap.finish());
        return new Outcome(results, false);
    }

    /** Back to the savepoint only when the statement failed: a fixture's rows stay for the next steps. */
    private void rollbackIfFailed(Savepoint savepoint) throws SQLException {
        if (failedSinceSavepoint) {
            connection.rollback(savepoint);
        } else {
            connection.releaseSavepoint(savepoint);
        }
        failedSinceSavepoint = false;
    }

    private boolean failedSinceSavepoint;

    private void skipRest(List<Step> rest, String why) {
        for (Step s : rest) {
            if (s instanceof Query q && q.isAssertion()) {
                results.add(new SqlTestResult(test.file(), q.line(), q.name() == null ? "query" : q.name(), q.sql(), SqlTestStatus.SKIPPED,
                        null, null, null, why));
            }
        }
    }

    /** @return why the rest of the file cannot run, or null */
    private String refresh(Refresh r) {
        try {
            refreshing.refresh(r.view(), r.concurrently());
            return null;
        } catch (MatviewException e) {
            results.add(new SqlTestResult(test.file(), r.line(), "refresh " + r.view(), r.sql(), SqlTestStatus.FAILED, null, null, null,
                    "the refresh failed: " + e.getMessage()));
            return "not run: the refresh at line " + r.line() + " failed";
        }
    }

    /** @return why the rest of the file cannot run (a fixture failed), or null */
    private String query(Query q) throws SQLException {
        String name = q.name() == null ? "query" : q.name();
        Rows rows;
        try (Statement s = connection.createStatement()) {
            boolean hasRows = s.execute(q.sql());
            rows = hasRows ? Rows.read(s.getResultSet()) : null;
        } catch (SQLException e) {
            failedSinceSavepoint = true;
            if (inTransaction && SqlTestRunner.refusedInTransaction(e)) {
                throw e;
            }
            String error = "ERROR " + e.getSQLState() + ": " + e.getMessage();
            if (q.expectation() instanceof Expectation.Error expected) {
                boolean matches = expected.sqlState() != null ? expected.sqlState().equals(e.getSQLState())
                        : expected.messagePart() == null || e.getMessage().toLowerCase(java.util.Locale.ROOT)
                                .contains(expected.messagePart().toLowerCase(java.util.Locale.ROOT));
                results.add(new SqlTestResult(test.file(), q.line(), name, q.sql(), matches ? SqlTestStatus.PASSED : SqlTestStatus.FAILED,
                        describe(expected), error, null, matches ? null : "the statement failed with another error than expected"));
                return null;
            }
            if (!q.isAssertion()) {
                results.add(new SqlTestResult(test.file(), q.line(), "fixture", q.sql(), SqlTestStatus.FAILED, null, error, null,
                        "the fixture failed: " + e.getMessage()));
                return "not run: the fixture at line " + q.line() + " failed";
            }
            results.add(new SqlTestResult(test.file(), q.line(), name, q.sql(), SqlTestStatus.FAILED, describe(q.expectation()), error, null,
                    "the query failed: " + e.getMessage()));
            return null;
        }
        if (test.pgTap() && q.expectation() instanceof Expectation.Succeeds && q.name() == null) {
            tap.read(q, rows);
            return null;
        }
        if (q.isAssertion()) {
            results.add(Comparison.check(connection, inTransaction, test.file(), q, name, rows));
        }
        return null;
    }

    static String describe(Expectation e) {
        if (e instanceof Expectation.Error err) {
            return "an error" + (err.sqlState() != null ? " with SQLSTATE " + err.sqlState()
                    : err.messagePart() != null ? " whose message contains '" + err.messagePart() + "'" : "");
        }
        if (e instanceof Expectation.Scalar s) {
            return s.value() == null ? "NULL" : s.value();
        }
        if (e instanceof Expectation.Rows r) {
            return Rows.table(r.columns(), r.rows());
        }
        return e instanceof Expectation.Empty ? "no rows" : "success";
    }
}
