package io.matview.internal.db;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import java.sql.SQLException;

/** Turns a JDBC error that no caller handled into a {@link MatviewException} that says what to do. */
public final class DatabaseErrors {
    /** SQLSTATE lock_not_available: a lock_timeout expired. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /** SQLSTATE query_canceled: a statement_timeout expired or the statement was cancelled. */
    public static final String QUERY_CANCELED = "57014";

    private DatabaseErrors() {
    }

    public static MatviewException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08")) {
            return new MatviewException(ErrorCode.DATABASE_UNAVAILABLE, "cannot reach the database: " + e.getMessage(), null,
                    "check the database URL and that the server is running", e);
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return new MatviewException(ErrorCode.LOGIN_REFUSED, "the database refused the login: " + e.getMessage(), null,
                    "check the user and password", e);
        }
        if (state.equals(LOCK_NOT_AVAILABLE)) {
            return new MatviewException(ErrorCode.LOCK_TIMEOUT, "gave up waiting for a lock: " + e.getMessage(), null,
                    "another session holds it (a long query or transaction); retry, or raise the lock timeout", e);
        }
        return new MatviewException(ErrorCode.DATABASE_ERROR, "database error [" + state + "]: " + e.getMessage(), null, null, e);
    }
}
