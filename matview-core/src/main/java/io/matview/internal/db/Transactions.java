package io.matview.internal.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One transaction per user-visible change: all of it commits, or none of it does. */
public final class Transactions {

    /** Work that runs on a connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Transactions() {
    }

    /** Runs {@code work} in a transaction that commits when it returns and rolls back when it throws. */
    public static <T> T inTransaction(DataSource dataSource, Work<T> work) {
        return run(dataSource, work, true);
    }

    /** Runs {@code work} in a transaction that is always rolled back: for looking without changing. */
    public static <T> T rolledBack(DataSource dataSource, Work<T> work) {
        return run(dataSource, work, false);
    }

    private static <T> T run(DataSource dataSource, Work<T> work, boolean commit) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                if (commit) {
                    c.commit();
                } else {
                    c.rollback();
                }
                return result;
            } catch (RuntimeException | SQLException | Error e) {
                // a connection that broke fails the rollback too; the first error is the one that says why
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e);
        }
    }
}
