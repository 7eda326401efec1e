package io.matview.internal.sqltest;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import io.matview.internal.sqltest.TestFile.Expectation;
import io.matview.internal.sqltest.TestFile.Query;
import io.matview.sqltest.SqlTestResult;
import io.matview.sqltest.SqlTestStatus;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Expected against actual values, by type: numbers compare by value ({@code 2} equals {@code 2.0}),
 * other values after PostgreSQL has read the expected text as the column's type and the driver has
 * printed it as it prints the actual value ({@code 2024-1-5} equals {@code 2024-01-05}, {@code true}
 * equals {@code t}). Rows compare in order only when the query has a top-level ORDER BY.
 */
final class Comparison {
    private static final Set<String> NUMBERS = Set.of("int2", "int4", "int8", "numeric", "float4", "float8", "oid");
    private static final Set<String> TEXT = Set.of("text", "varchar", "name", "unknown");

    /** An expected value PostgreSQL cannot read as the column's type. */
    private static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    private final Connection connection;
    private final boolean inTransaction;

    private Comparison(Connection connection, boolean inTransaction) {
        this.connection = connection;
        this.inTransaction = inTransaction;
    }

    static SqlTestResult check(Connection connection, boolean inTransaction, Path file, Query q, String name, Rows rows) throws SQLException {
        return new Comparison(connection, inTransaction).check(file, q, name, rows);
    }

    private SqlTestResult check(Path file, Query q, String name, Rows rows) throws SQLException {
        Expectation e = q.expectation();
        String expected = FileRun.describe(e);
        if (e instanceof Expectation.Succeeds) {
            return result(file, q, name, true, expected, rows == null ? "success" : "success, " + rows.values().size() + " rows", null, null);
        }
        if (e instanceof Expectation.Error) {
            return result(file, q, name, false, expected, "success" + (rows == null ? "" : ", " + rows.values().size() + " rows"), null,
                    "the statement succeeded; an error was expected");
        }
        if (rows == null) {
            return result(file, q, name, false, expected, "no result set", null,
                    "the statement returns no rows to compare: expectations of values apply to queries (SELECT, or … RETURNING)");
        }
        String actualTable = Rows.table(rows.columns(), rows.values());
        if (e instanceof Expectation.Rows table) {
            return rows(file, q, name, table, rows, actualTable);
        }
        if (e instanceof Expectation.Empty) {
            boolean ok = rows.values().isEmpty();
            return result(file, q, name, ok, expected, actualTable, null, ok ? null : "expected no rows, got " + count(rows.values().size()));
        }
        Expectation.Scalar scalar = (Expectation.Scalar) e;
        if (rows.columns().size() != 1 || rows.values().size() != 1) {
            return result(file, q, name, false, expected, actualTable, null, "'-- expect: VALUE' needs one row of one column; the query returned "
                    + count(rows.values().size()) + " of " + rows.columns().size() + " columns: use '-- expect rows:' for more");
        }
        String value = rows.values().get(0).get(0);
        try {
            boolean ok = java.util.Objects.equals(key(rows.types().get(0), scalar.value()), actualKey(rows.types().get(0), value));
            return result(file, q, name, ok, expected, value == null ? "NULL" : value, null,
                    ok ? null : "expected " + expected + ", got " + (value == null ? "NULL" : value));
        } catch (Unreadable u) {
            return result(file, q, name, false, expected, value == null ? "NULL" : value, null, u.getMessage());
        }
    }

    private SqlTestResult rows(Path file, Query q, String name, Expectation.Rows table, Rows rows, String actualTable) throws SQLException {
        String expectedTable = Rows.table(table.columns(), table.rows());
        if (!table.columns().equals(rows.columns())) {
            return result(file, q, name, false, expectedTable, actualTable, null, "the query returns the columns " + rows.columns()
                    + ", the table under '-- expect rows:' names " + table.columns() + ": name the same columns in the same order");
        }
        List<List<String>> want = new ArrayList<>();
        try {
            for (List<String> row : table.rows()) {
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < row.size(); i++) {
                    keys.add(key(rows.types().get(i), row.get(i)));
                }
                want.add(keys);
            }
        } catch (Unreadable u) {
            return result(file, q, name, false, expectedTable, actualTable, null, u.getMessage());
        }
        List<List<String>> got = new ArrayList<>();
        for (List<String> row : rows.values()) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                keys.add(actualKey(rows.types().get(i), row.get(i)));
            }
            got.add(keys);
        }
        List<String> wantLines = new ArrayList<>(want.stream().map(Rows::line).toList());
        List<String> gotLines = new ArrayList<>(got.stream().map(Rows::line).toList());
        if (!q.ordered()) {
            wantLines.sort(Comparator.naturalOrder());
            gotLines.sort(Comparator.naturalOrder());
        }
        boolean ok = wantLines.equals(gotLines);
        return result(file, q, name, ok, expectedTable, actualTable, ok ? null : diff(wantLines, gotLines),
                ok ? null : "the rows differ (expected " + count(want.size()) + ", got " + count(got.size())
                        + (q.ordered() ? ", in the query's order)" : "; order ignored: the query has no ORDER BY)"));
    }

    private static String count(int rows) {
        return rows + (rows == 1 ? " row" : " rows");
    }

    /** Every row, unchanged ones too (tables under test are small): '-' expected only, '+' returned only. */
    private static String diff(List<String> expected, List<String> actual) {
        Patch<String> patch = DiffUtils.diff(expected, actual);
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            for (; at < d.getSource().getPosition(); at++) {
                out.append("  ").append(expected.get(at)).append('\n');
            }
            d.getSource().getLines().forEach(l -> out.append("- ").append(l).append('\n'));
            d.getTarget().getLines().forEach(l -> out.append("+ ").append(l).append('\n'));
            at += d.getSource().size();
        }
        for (; at < expected.size(); at++) {
            out.append("  ").append(expected.get(at)).append('\n');
        }
        return out.toString().stripTrailing();
    }

    private static SqlTestResult result(Path file, Query q, String name, boolean ok, String expected, String actual, String diff, String message) {
        return new SqlTestResult(file, q.line(), name, q.sql(), ok ? SqlTestStatus.PASSED : SqlTestStatus.FAILED, expected, actual, diff, message);
    }

    private static String actualKey(String type, String value) {
        if (value == null || !NUMBERS.contains(type)) {
            return value;
        }
        return number(value);
    }

    private static String number(String value) {
        try {
            BigDecimal n = new BigDecimal(value);
            return n.signum() == 0 ? "0" : n.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return value; // NaN, Infinity
        }
    }

    /** The expected text as the driver would print a value of {@code type}: PostgreSQL reads it. */
    private String key(String type, String written) throws SQLException, Unreadable {
        if (written == null || TEXT.contains(type)) {
            return written;
        }
        if (NUMBERS.contains(type)) {
            if (!written.matches("-?(NaN|Infinity)")) {
                try {
                    new BigDecimal(written);
                } catch (NumberFormatException e) {
                    throw new Unreadable("cannot read the expected value '" + written + "' as a number (the column's type is " + type + ")");
                }
            }
            return number(written);
        }
        Savepoint savepoint = inTransaction ? connection.setSavepoint() : null;
        try (PreparedStatement s = connection.prepareStatement("select cast(? as " + SqlTestRunner.quote(type) + ")")) {
            s.setString(1, written);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            if (savepoint != null) {
                connection.rollback(savepoint);
                savepoint = null;
            }
            if ("42704".equals(e.getSQLState())) {
                return written; // a type the driver names without its schema: compare the text as written
            }
            throw new Unreadable("cannot read the expected value '" + written + "' as " + type + ": " + e.getMessage());
        } finally {
            if (savepoint != null) {
                connection.releaseSavepoint(savepoint);
            }
        }
    }
}
