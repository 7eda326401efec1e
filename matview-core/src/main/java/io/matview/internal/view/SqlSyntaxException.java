package io.matview.internal.view;

/** The SQL cannot even be split into tokens: a string, quoted name or comment is never closed. */
final class SqlSyntaxException extends RuntimeException {
    private final int offset;

    SqlSyntaxException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** Where the offending construct starts, as a char offset into the SQL text. */
    int offset() {
        return offset;
    }
}
