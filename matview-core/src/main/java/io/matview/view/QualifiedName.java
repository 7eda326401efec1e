package io.matview.view;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A schema-qualified PostgreSQL object name, as PostgreSQL stores it (folded, unquoted).
 *
 * @param schema the schema, e.g. {@code reporting}
 * @param name the object's name within the schema, e.g. {@code daily_revenue}
 */
public record QualifiedName(String schema, String name) implements Comparable<QualifiedName> {
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");
    /** PostgreSQL truncates identifiers to 63 bytes; longer names would silently collide. */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    public QualifiedName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    /** Parses {@code name} or {@code schema.name}; unquoted parts are folded to lower case. */
    public static QualifiedName parse(String text, String defaultSchema) {
        int dot = -1;
        boolean quoted = false;
        for (int i = 0; i < text.length() && dot < 0; i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == '.' && !quoted) {
                dot = i;
            }
        }
        if (dot < 0) {
            return new QualifiedName(defaultSchema, fold(text));
        }
        return new QualifiedName(fold(text.substring(0, dot)), fold(text.substring(dot + 1)));
    }

    private static String fold(String part) {
        String p = part.strip();
        if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
            return p.substring(1, p.length() - 1).replace("\"\"", "\"");
        }
        return foldUnquoted(p);
    }

    /** Folds an unquoted identifier as PostgreSQL does: ASCII letters only, so {@code Über} stays {@code Über}. */
    static String foldUnquoted(String identifier) {
        StringBuilder sb = new StringBuilder(identifier.length());
        for (int i = 0; i < identifier.length(); i++) {
            char ch = identifier.charAt(i);
            sb.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + ('a' - 'A')) : ch);
        }
        return sb.toString();
    }

    /** Quotes one identifier the way {@code quote_ident} does. */
    public static String quoteIdentifier(String identifier) {
        if (PLAIN.matcher(identifier).matches() && !Keywords.isReserved(identifier)) {
            return identifier;
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The name as SQL text, quoted where needed: {@code reporting.daily_revenue}. */
    public String sql() {
        return quoteIdentifier(schema) + "." + quoteIdentifier(name);
    }

    /** The same object under another name in the same schema. */
    public QualifiedName withName(String newName) {
        return new QualifiedName(schema, newName);
    }

    @Override
    public int compareTo(QualifiedName o) {
        int c = schema.compareTo(o.schema);
        return c != 0 ? c : name.compareTo(o.name);
    }

    /** {@code schema.name}, unquoted: how users and logs name it. */
    @Override
    public String toString() {
        return schema + "." + name;
    }
}
