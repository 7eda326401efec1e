package io.matview.internal.sqltest;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a query returned: column names, their PostgreSQL type names, and the values as the driver
 * prints them ({@code null} for SQL NULL).
 */
record Rows(List<String> columns, List<String> types, List<List<String>> values) {

    static Rows read(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
            types.add(meta.getColumnTypeName(i));
        }
        List<List<String>> values = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) {
                row.add(rs.getString(i));
            }
            values.add(row);
        }
        return new Rows(List.copyOf(columns), List.copyOf(types), values);
    }

    /** Rows as a small table, NULL written out. */
    static String table(List<String> columns, List<List<String>> rows) {
        StringBuilder out = new StringBuilder(String.join(" | ", columns));
        for (List<String> row : rows) {
            out.append('\n').append(line(row));
        }
        return out.toString();
    }

    static String line(List<String> row) {
        return String.join(" | ", row.stream().map(v -> v == null ? "NULL" : v).toList());
    }
}
