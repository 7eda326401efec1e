package io.matview.cli;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The core's errors in the command line's words. The core's hints speak of Matview's concepts (apply,
 * the lock timeout, allowing drops); here they become the commands and options a user of {@code matview}
 * types, chosen by the error's code.
 */
final class CliWording {
    private static final Map<ErrorCode, UnaryOperator<String>> HINTS = Map.of(
            ErrorCode.DATABASE_UNAVAILABLE, h -> "check --db (or MATVIEW_DB_URL) and that the server is running",
            ErrorCode.LOGIN_REFUSED, h -> "check the user and password (in the URL, or PGUSER/PGPASSWORD)",
            ErrorCode.LOCK_TIMEOUT, h -> h.replace("raise the lock timeout", "raise --lock-timeout"),
            ErrorCode.DROP_NOT_ALLOWED, h -> "apply with --allow-drop to drop them, or restore their files ('matview restore VIEW')",
            ErrorCode.UNKNOWN_VIEW, h -> "'matview status' lists the managed views",
            ErrorCode.VIEW_MISSING, h -> "run 'matview apply' to create it again",
            ErrorCode.CATALOG_NOT_APPLIED, h -> "run 'matview apply' once to create or upgrade it",
            ErrorCode.CONCURRENT_REFRESH_IMPOSSIBLE, h -> h.replace("in mode full", "with --mode full")
                    .replace("and apply", "and run 'matview apply'"),
            ErrorCode.VIEWS_DIRECTORY_MISSING, h -> "create it with 'matview init', or point to yours with --views DIR");
    private static final Map<String, String> SETTINGS = Map.of("lockTimeout", "--lock-timeout");

    private CliWording() {
    }

    /** What to print after {@code error: }: where, what, and the hint in the CLI's words. */
    static String message(MatviewException e) {
        String hint = e.hint() == null ? null : HINTS.getOrDefault(e.code(), UnaryOperator.identity()).apply(e.hint());
        String where = e.where() == null ? null : SETTINGS.getOrDefault(e.where(), e.where());
        StringBuilder sb = new StringBuilder();
        if (where != null && !where.isBlank()) {
            sb.append(where).append(": ");
        }
        sb.append(e.what());
        if (hint != null && !hint.isBlank()) {
            sb.append("\n  hint: ").append(hint);
        }
        return sb.toString();
    }
}
