package io.matview.plan;

import io.matview.MatviewException;
import io.matview.db.DatabaseErrors;
import io.matview.view.ViewDefinition;
import io.matview.view.ViewFileException;
import java.sql.SQLException;
import java.util.function.IntUnaryOperator;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Points a PostgreSQL error in a view's SQL at the line of the view file it came from. */
final class SqlErrors {
    private SqlErrors() {
    }

    /**
     * @param prefixLength how many characters of the statement came before the query
     * @param toOriginal maps an offset in the query as sent back to the query as written, or {@code null}
     */
    static MatviewException at(ViewDefinition v, SQLException e, int prefixLength, IntUnaryOperator toOriginal) {
        if (DatabaseErrors.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
            return new MatviewException("gave up waiting for a lock while applying " + v.name() + ": " + e.getMessage(),
                    v.source().file().toString(),
                    "a long query or open transaction is using it; retry when it ends, or raise --lock-timeout");
        }
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        String message = server != null && server.getMessage() != null ? server.getMessage() : e.getMessage();
        int line = 0;
        if (server != null && server.getPosition() > prefixLength) {
            int offset = server.getPosition() - 1 - prefixLength;
            line = v.source().lineOfQueryOffset(toOriginal == null ? offset : toOriginal.applyAsInt(offset));
        }
        String hint = server == null ? null : server.getHint();
        return at(v, line, "PostgreSQL rejected the SQL of " + v.name() + ": " + message, hint, e);
    }

    static ViewFileException at(ViewDefinition v, int line, String what, String hint, SQLException e) {
        return new ViewFileException(v.source().file(), line, what, hint == null ? "nothing was applied; fix the file and retry"
                : hint + " (nothing was applied)", e);
    }
}
