package io.matview.internal.observe;

import io.matview.internal.db.SqlResource;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code .sql} resource with {@code ${name}} placeholders for SQL text that varies (a view's query, a version's test). */
final class SqlTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

    private SqlTemplate() {
    }

    /** The resource with each placeholder replaced in one pass: text put in is never searched again. */
    static String fill(Class<?> owner, String resource, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(SqlResource.load(owner, resource));
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for ${" + m.group(1) + "} in " + resource);
            }
            m.appendReplacement(sql, Matcher.quoteReplacement(value));
        }
        return m.appendTail(sql).toString();
    }
}
