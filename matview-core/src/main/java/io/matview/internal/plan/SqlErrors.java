package io.matview.internal.plan;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.matview.internal.db.DatabaseErrors;
import io.matview.internal.view.Reference;
import io.matview.internal.view.ViewDefinition;
import io.matview.view.QualifiedName;
import io.matview.view.ViewFileException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Points a PostgreSQL error in a view's SQL at the line of the view file it came from, in the
 * user's own words: Matview wraps the query in a statement of its own ({@code CREATE … AS} before,
 * {@code WITH DATA} after) and may point it at shadows, and none of that is in the file.
 */
final class SqlErrors {
    /** PostgreSQL's scanner and parser end a message with the token at fault. */
    private static final Pattern AT_OR_NEAR = Pattern.compile("(?s)^(.*) at or near \"(.*)\"$");

    private SqlErrors() {
    }

    /**
     * @param prefix Matview's text sent before the query
     * @param query the query as sent (Matview's text after it is not part of it)
     * @param renames the shadows the query as sent reads instead of the names written in the file
     */
    static MatviewException at(ViewDefinition v, SQLException e, String prefix, String query,
                               Map<QualifiedName, QualifiedName> renames) {
        if (DatabaseErrors.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
            return new MatviewException(ErrorCode.LOCK_TIMEOUT, "gave up waiting for a lock while applying " + v.name() + ": " + e.getMessage(),
                    v.source().file().toString(),
                    "a long query or open transaction is using it; retry when it ends, or raise the lock timeout; nothing was applied");
        }
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        String message = messageOf(e);
        int line = 0;
        if (server != null && server.getPosition() > 0) {
            int offset = server.getPosition() - 1 - prefix.length();
            if (offset >= query.length()) {
                // The query ended where PostgreSQL still expected more: the fault is the query's end.
                line = lastLineOfQuery(v);
                message = withoutNear(message, " at end of input");
            } else if (offset >= 0) {
                line = v.source().lineOfQueryOffset(toOriginal(v, renames, offset));
                message = nearOnlyWithinQuery(message, query.length() - offset);
            } else {
                message = withoutNear(message, "");
            }
        }
        for (Map.Entry<QualifiedName, QualifiedName> r : renames.entrySet()) {
            message = message.replace(r.getValue().name(), r.getKey().name());
        }
        String hint = server == null ? null : server.getHint();
        return at(v, line, "PostgreSQL rejected the SQL of " + v.name() + ": " + message, hint, e);
    }

    /** PostgreSQL's own message, without the driver's {@code ERROR:} and detail lines. */
    static String messageOf(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        return server != null && server.getMessage() != null ? server.getMessage() : e.getMessage();
    }

    static ViewFileException at(ViewDefinition v, int line, String what, String hint, SQLException e) {
        return new ViewFileException(v.source().file(), line, what, hint == null ? "nothing was applied; fix the file and retry"
                : hint + " (nothing was applied)", e);
    }

    private static int lastLineOfQuery(ViewDefinition v) {
        String query = v.query().stripTrailing();
        return v.source().lineOfQueryOffset(Math.max(0, query.length() - 1));
    }

    /** {@code message} without its {@code at or near "…"} part, or unchanged when it has none. */
    private static String withoutNear(String message, String replacement) {
        Matcher m = AT_OR_NEAR.matcher(message);
        return m.matches() ? m.group(1) + replacement : message;
    }

    /**
     * Cuts the quoted token of {@code at or near "…"} where the query ends: an unterminated token runs
     * on into Matview's text after it.
     */
    private static String nearOnlyWithinQuery(String message, int charsLeftInQuery) {
        Matcher m = AT_OR_NEAR.matcher(message);
        if (!m.matches() || m.group(2).length() <= charsLeftInQuery) {
            return message;
        }
        String token = m.group(2).substring(0, charsLeftInQuery).stripTrailing();
        return token.isEmpty() ? m.group(1) + " at end of input" : m.group(1) + " at or near \"" + token + "\"";
    }

    /** Maps an offset in the query as sent (shadows' names in it) back to the query as written. */
    private static int toOriginal(ViewDefinition v, Map<QualifiedName, QualifiedName> renames, int offset) {
        List<int[]> shifts = new ArrayList<>();
        int delta = 0;
        for (Reference r : v.references()) {
            QualifiedName to = renames.get(r.target());
            if (to != null) {
                delta += to.sql().length() - (r.end() - r.start());
                shifts.add(new int[] {r.end() + delta, delta});
            }
        }
        int d = 0;
        for (int[] shift : shifts) {
            if (offset >= shift[0]) {
                d = shift[1];
            }
        }
        return offset - d;
    }
}
