package io.matview.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a row query and writes JSON or CSV. PostgreSQL itself writes every value as JSON
 * ({@code row_to_json}, {@code to_json}): numerics exact, timestamps ISO-8601 with their offset,
 * json as json, and CSV cells are the same text, unquoted where the CSV rules allow.
 */
final class RowWriter {
    private static final int FETCH_SIZE = 1000;

    private RowWriter() {
    }

    /**
     * Every read is read-only and time-bounded, whatever the request asks; set per transaction, so that a
     * pooled connection carries nothing over to its next user. The time bound is for the whole answer:
     * PostgreSQL times each fetch from the cursor on its own, so before each fetch the statement timeout
     * is set to what is left of the request's.
     */
    static void write(Connection c, RowQuery query, RowQuery.Sql sql, Duration timeout, OutputStream out)
            throws SQLException, IOException {
        Deadline deadline = new Deadline(c, System.nanoTime() + timeout.toNanos());
        // a cursor (fetch size) needs a transaction: large results stream instead of filling memory
        c.setAutoCommit(false);
        boolean written = false;
        try {
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION READ ONLY");
            }
            deadline.beforeFetch();
            if (query.format() == RowQuery.Format.JSON) {
                writeJson(c, sql, out, deadline);
            } else {
                writeCsv(c, query, sql, out, deadline);
            }
            written = true;
        } finally {
            try {
                c.rollback();
                c.setAutoCommit(true);
            } catch (SQLException e) {
                // after a failed read, a connection that broke fails here too: the read's own error says why
                if (written) {
                    throw e;
                }
            }
        }
    }

    /** The request's end; {@link #next} sets the time left before each fetch the driver is about to make. */
    private static final class Deadline {
        private final Connection connection;
        private final long endNanos;
        private long rows;

        Deadline(Connection connection, long endNanos) {
            this.connection = connection;
            this.endNanos = endNanos;
        }

        void beforeFetch() throws SQLException {
            long left = TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime());
            if (left <= 0) {
                throw new SQLException("the request's statement timeout is used up", ErrorMapping.QUERY_CANCELED);
            }
            try (Statement s = connection.createStatement()) {
                s.execute("SET LOCAL statement_timeout = " + left);
            }
        }

        /** {@link ResultSet#next()}, with the time left set first whenever the driver will fetch again. */
        boolean next(ResultSet rs) throws SQLException {
            if (rows > 0 && rows % FETCH_SIZE == 0) {
                beforeFetch();
            }
            boolean more = rs.next();
            rows++;
            return more;
        }
    }

    private static void writeJson(Connection c, RowQuery.Sql sql, OutputStream out, Deadline deadline)
            throws SQLException, IOException {
        try (PreparedStatement ps = c.prepareStatement("SELECT row_to_json(r)::text FROM (" + sql.text() + ") r")) {
            bind(ps, sql.params());
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                out.write('[');
                boolean first = true;
                while (deadline.next(rs)) {
                    if (!first) {
                        out.write(',');
                    }
                    first = false;
                    out.write(rs.getString(1).getBytes(StandardCharsets.UTF_8));
                }
                out.write(']');
            }
        }
    }

    private static void writeCsv(Connection c, RowQuery query, RowQuery.Sql sql, OutputStream out, Deadline deadline)
            throws SQLException, IOException {
        StringBuilder select = new StringBuilder("SELECT ");
        List<Column> columns = query.select();
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : ", ").append("to_json(r.").append(RowQuery.quote(columns.get(i).name())).append(")#>>'{}'");
        }
        try (PreparedStatement ps = c.prepareStatement(select + " FROM (" + sql.text() + ") r")) {
            bind(ps, sql.params());
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < columns.size(); i++) {
                    line.append(i == 0 ? "" : ",").append(csv(columns.get(i).name()));
                }
                out.write(line.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
                while (deadline.next(rs)) {
                    line.setLength(0);
                    for (int i = 0; i < columns.size(); i++) {
                        String v = rs.getString(i + 1);
                        line.append(i == 0 ? "" : ",").append(v == null ? "" : csv(v));
                    }
                    out.write(line.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** RFC 4180: quoted when it holds a comma, a quote, CR or LF, or is empty (to tell it from NULL). */
    static String csv(String value) {
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0 || value.isEmpty();
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    static void bind(PreparedStatement ps, List<String> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setString(i + 1, params.get(i));
        }
    }

    static byte[] toBytes(Connection c, RowQuery query, RowQuery.Sql sql, Duration timeout) throws SQLException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            write(c, query, sql, timeout, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
