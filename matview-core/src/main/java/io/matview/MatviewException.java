package io.matview;

/**
 * Every error Matview reports: its kind ({@link ErrorCode}), what happened, where (file:line, view,
 * setting) and what to do.
 *
 * <p>{@link #getMessage()} joins the last three so that a caller that only prints the message still
 * tells the user everything. The hint speaks of Matview's concepts (apply, the lock timeout, the
 * database URL), never of one front end's flags: a front end that has its own words for a kind of
 * error (the CLI's {@code --lock-timeout}, an HTTP status) chooses them by {@link #code()}.
 */
public class MatviewException extends RuntimeException {
    private final ErrorCode code;
    private final String what;
    private final String where;
    private final String hint;

    public MatviewException(ErrorCode code, String what, String where, String hint) {
        this(code, what, where, hint, null);
    }

    public MatviewException(ErrorCode code, String what, String where, String hint, Throwable cause) {
        super(compose(what, where, hint), cause);
        this.code = java.util.Objects.requireNonNull(code, "code");
        this.what = what;
        this.where = where;
        this.hint = hint;
    }

    /** The kind of error, stable across releases. */
    public ErrorCode code() {
        return code;
    }

    /** What went wrong, in one sentence. */
    public String what() {
        return what;
    }

    /** Where it went wrong ({@code views/a.sql:3}, a view name), or {@code null}. */
    public String where() {
        return where;
    }

    /** What the user can do about it, or {@code null}. */
    public String hint() {
        return hint;
    }

    private static String compose(String what, String where, String hint) {
        StringBuilder sb = new StringBuilder();
        if (where != null && !where.isBlank()) {
            sb.append(where).append(": ");
        }
        sb.append(what);
        if (hint != null && !hint.isBlank()) {
            sb.append("\n  hint: ").append(hint);
        }
        return sb.toString();
    }
}
