package io.matview.internal.view;

import io.matview.view.QualifiedName;

/**
 * One {@code index:} directive: {@code [unique] [using METHOD] KEYS [where PREDICATE]}.
 *
 * @param unique whether the index is unique
 * @param method the access method ({@code btree}, {@code gin}, …) or {@code null} for the default
 * @param keys the key list as written, without surrounding parentheses: {@code region, day desc}
 * @param where a partial index's predicate, or {@code null}
 * @param line the line of the directive in its file, for errors
 */
public record IndexDefinition(boolean unique, String method, String keys, String where, int line) {

    /** The {@code CREATE INDEX} statement that builds this index on {@code table}. */
    public String createSql(String indexName, QualifiedName table) {
        StringBuilder sb = new StringBuilder("CREATE ");
        if (unique) {
            sb.append("UNIQUE ");
        }
        sb.append("INDEX ").append(QualifiedName.quoteIdentifier(indexName)).append(" ON ").append(table.sql());
        if (method != null) {
            sb.append(" USING ").append(method);
        }
        sb.append(" (").append(keys).append(')');
        if (where != null) {
            sb.append(" WHERE ").append(where);
        }
        return sb.toString();
    }

    /** The directive's value in canonical form: what the catalog stores and compares. */
    public String canonical() {
        StringBuilder sb = new StringBuilder();
        if (unique) {
            sb.append("unique ");
        }
        if (method != null) {
            sb.append("using ").append(method).append(' ');
        }
        sb.append(keys);
        if (where != null) {
            sb.append(" where ").append(where);
        }
        return sb.toString();
    }
}
