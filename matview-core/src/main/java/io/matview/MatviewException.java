package io.matview;

/**
 * Every error Matview reports: what happened, where (file:line, view, column) and what to do.
 *
 * <p>{@link #getMessage()} joins the three so that a caller that only prints the message still
 * tells the user everything.
 */
public class MatviewException extends RuntimeException {
    private final String what;
    private final String where;
    private final String hint;

    public MatviewException(String what, String where, String hint) {
        this(what, where, hint, null);
    }

    public MatviewException(String what, String where, String hint, Throwable cause) {
        super(compose(what, where, hint), cause);
        this.what = what;
        this.where = where;
        this.hint = hint;
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
