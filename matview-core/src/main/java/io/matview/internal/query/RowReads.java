package io.matview.internal.query;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.matview.catalog.ViewColumn;
import io.matview.catalog.ViewDescription;
import io.matview.internal.db.DatabaseErrors;
import io.matview.query.RowFormat;
import io.matview.query.RowQuery;
import io.matview.view.QualifiedName;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Oid;
import org.postgresql.core.QueryExecutor;
import org.postgresql.jdbc.PgStatement;

/**
 * Runs a {@link RowQuery} and writes its rows as they arrive. Every read is read-only and bounded in
 * time for the whole answer.
 *
 * <p>An answer of at most {@link #CHUNK} rows on a session that is read-only by default (the server's
 * pool sets that when it opens a connection) is one round trip: one prepared statement, reused on the
 * connection, in autocommit, its time bounded by the driver's client-side cancel. Anything else reads
 * through a cursor inside a read-only transaction, setting the time left before each fetch.
 */
public final class RowReads {
    /** Rows per fetch from a cursor; an answer of at most this many rows needs no cursor. */
    public static final int CHUNK = 1000;
    /** Bytes gathered before a write to the caller's stream: a 100-row page of a few columns fits. */
    private static final int BUFFER = 16 * 1024;
    private static final String QUERY_CANCELED = DatabaseErrors.QUERY_CANCELED;

    /** Statements kept; past that, the ones kept are dropped (queries come from URLs, so there is no end to them). */
    private static final int STATEMENTS = 1024;

    private final DataSource dataSource;
    private final Map<ReadKey, Read> statements = new ConcurrentHashMap<>();
    /**
     * The same statements by the instances of the view and the query: a server keeps both per view snapshot
     * and asks with them again and again, and hashing the {@link ReadKey} (the columns and the whole query)
     * cost more per request than the rest of finding the statement.
     */
    private final Map<SameInstances, Read> byInstances = new ConcurrentHashMap<>();

    public RowReads(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Writes the rows. Nothing is written before the database has answered the first chunk, so a
     * failure to run the query leaves {@code out} untouched; an answer of up to 16 KiB is written
     * once it has been read whole, in one write.
     *
     * @throws MatviewException {@link ErrorCode#INVALID_QUERY} for a name or value that does not fit
     *     the view, {@link ErrorCode#QUERY_TIMEOUT}, {@link ErrorCode#DATABASE_UNAVAILABLE}, or another
     *     database error; the {@link SQLException} is its cause
     * @throws IOException when {@code out} fails
     */
    public void write(ViewDescription view, RowQuery query, Duration timeout, OutputStream out) throws IOException {
        Read statement = statement(view, query);
        long end = System.nanoTime() + timeout.toNanos();
        Buffer buffer = new Buffer(out, statement.lastSize().get());
        try (Connection c = dataSource.getConnection()) {
            boolean readOnlySession = readOnlySession(c);
            if (query.limit() <= CHUNK && readOnlySession && c.getAutoCommit()) {
                once(c, statement, query.format(), end, buffer);
            } else {
                throughCursor(c, statement, query.format(), end, readOnlySession, buffer);
            }
        } catch (SQLException e) {
            throw translate(e, view, timeout);
        }
        statement.lastSize().set(buffer.size());
        // after the connection went back to the pool: a slow client holds no connection
        buffer.drain();
    }

    /**
     * The statement of a query on a view: built once, not per request. Its text is also the driver's key
     * for the prepared statement, whose hash a String computes only once.
     */
    private Read statement(ViewDescription view, RowQuery query) {
        SameInstances instances = new SameInstances(view, query);
        Read statement = byInstances.get(instances);
        if (statement != null) {
            return statement;
        }
        ReadKey key = new ReadKey(view.name(), view.columns(), view.uniqueKey(), query);
        statement = statements.get(key);
        if (statement == null) {
            RowSql sql = RowSql.of(view, query);
            statement = new Read(sql, sql.formatted(query.format(), false), sql.formatted(query.format(), true));
            if (statements.size() >= STATEMENTS) {
                statements.clear();
            }
            statements.put(key, statement);
        }
        if (byInstances.size() >= STATEMENTS) {
            byInstances.clear();
        }
        byInstances.put(instances, statement);
        return statement;
    }

    /** A view and a query compared by identity: equal only to the very same two instances. */
    private record SameInstances(ViewDescription view, RowQuery query) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SameInstances other && other.view == view && other.query == query;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(view) + System.identityHashCode(query);
        }
    }

    /** What a statement is made of: the view's name, columns and unique key (the order's tie-breakers), and the query. */
    private record ReadKey(QualifiedName view, List<ViewColumn> columns, List<String> uniqueKey, RowQuery query) {
    }

    /**
     * @param text the statement for a connection that may receive values in binary: each cell cast to text
     * @param textOnly the statement for a connection that receives every value as text: no casts, so PostgreSQL
     *     writes each value once, as it would for any client
     * @param lastSize the bytes of the statement's last answer (up to the buffer's size): the next answer's buffer
     *     starts at that size instead of growing to it by copies, as answers to one statement are alike in size
     */
    private record Read(RowSql sql, String text, String textOnly, AtomicInteger lastSize) {
        Read(RowSql sql, String text, String textOnly) {
            this(sql, text, textOnly, new AtomicInteger());
        }

        String forConnection(Connection c) throws SQLException {
            return receivesText(c) ? textOnly : text;
        }
    }

    /**
     * Whether the driver receives as text every value that {@link JsonRows} reads uncast, but those it reads
     * in binary too (integers and dates; binary transfer off but for them, as on the server's read pool): a
     * cell's bytes are then PostgreSQL's output text, or a binary value that {@link JsonRows} writes as that text.
     */
    private static boolean receivesText(Connection c) throws SQLException {
        if (!c.isWrapperFor(BaseConnection.class)) {
            return false;
        }
        QueryExecutor executor = c.unwrap(BaseConnection.class).getQueryExecutor();
        for (int oid : UNCAST) {
            if (!JsonRows.BINARY.contains(oid) && executor.useBinaryForReceive(oid)) {
                return false;
            }
        }
        return true;
    }

    /** The types of the cells {@link JsonRows} reads without a cast on such a connection (and those of enums: never binary). */
    private static final int[] UNCAST = {Oid.INT2, Oid.INT4, Oid.INT8, Oid.FLOAT4, Oid.FLOAT8, Oid.NUMERIC, Oid.TEXT, Oid.VARCHAR,
        Oid.NAME, Oid.DATE, Oid.TIME, Oid.TIMETZ, Oid.INTERVAL, Oid.UUID, Oid.JSON, Oid.JSONB};

    /**
     * Gathers the small writes of each row into few large ones: each write to a servlet's stream costs
     * far more than a copy. Never flushes {@code out}: a page that fits leaves in one write, and the
     * server can still send it with a Content-Length. Starts at the size of the statement's last answer.
     */
    private static final class Buffer extends OutputStream {
        private final OutputStream out;
        private byte[] buf;
        private int count;
        private long drained;

        Buffer(OutputStream out, int expected) {
            this.out = out;
            this.buf = new byte[Math.min(BUFFER, Math.max(1024, expected))];
        }

        @Override
        public void write(int b) throws IOException {
            if (count == buf.length) {
                room(1);
            }
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > BUFFER) {
                drain();
                out.write(b, off, len);
                return;
            }
            if (count + len > buf.length) {
                room(len);
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void room(int len) throws IOException {
            if (buf.length < BUFFER) {
                buf = Arrays.copyOf(buf, Math.min(BUFFER, Math.max(buf.length * 2, count + len)));
            }
            if (count + len > buf.length) {
                drain();
            }
        }

        void drain() throws IOException {
            if (count > 0) {
                out.write(buf, 0, count);
                drained += count;
                count = 0;
            }
        }

        /** The bytes written to it so far, up to {@link #BUFFER}: the size an answer like this one needs. */
        int size() {
            return (int) Math.min(BUFFER, drained + count);
        }
    }

    /**
     * Whether the session reads only, whatever a statement asks: PostgreSQL (14 and later) reports
     * {@code default_transaction_read_only} to the driver whenever it changes, so this costs no round trip.
     */
    private static boolean readOnlySession(Connection c) throws SQLException {
        return c.isWrapperFor(PGConnection.class)
                && "on".equals(c.unwrap(PGConnection.class).getParameterStatus("default_transaction_read_only"));
    }

    private static void once(Connection c, Read statement, RowFormat format, long end, OutputStream out)
            throws SQLException, IOException {
        RowSql sql = statement.sql();
        try (PreparedStatement ps = c.prepareStatement(statement.forConnection(c))) {
            PgStatement pg = ps.unwrap(PgStatement.class);
            // a named statement from the first use: parsed and planned once per connection, not per request
            pg.setPrepareThreshold(1);
            pg.setQueryTimeoutMs(timeLeft(end));
            bind(ps, sql.params());
            try (ResultSet rs = ps.executeQuery()) {
                RowOutput output = RowOutput.of(format, sql.columns(), out);
                while (rs.next()) {
                    output.row(rs);
                }
                output.end();
            }
        }
    }

    /**
     * A cursor needs a transaction; PostgreSQL times each fetch on its own, so before each fetch the
     * statement timeout is set to what is left of the request's. Set per transaction, so that a pooled
     * connection carries nothing over to its next user.
     */
    private static void throughCursor(Connection c, Read statement, RowFormat format, long end, boolean readOnlySession,
                                      OutputStream out) throws SQLException, IOException {
        RowSql sql = statement.sql();
        c.setAutoCommit(false);
        boolean written = false;
        try {
            if (!readOnlySession) {
                execute(c, "SET TRANSACTION READ ONLY");
            }
            setTimeLeft(c, end);
            try (PreparedStatement ps = c.prepareStatement(statement.forConnection(c))) {
                bind(ps, sql.params());
                ps.setFetchSize(CHUNK);
                try (ResultSet rs = ps.executeQuery()) {
                    RowOutput output = RowOutput.of(format, sql.columns(), out);
                    long rows = 0;
                    while (true) {
                        if (rows > 0 && rows % CHUNK == 0) {
                            setTimeLeft(c, end);
                        }
                        if (!rs.next()) {
                            break;
                        }
                        rows++;
                        output.row(rs);
                    }
                    output.end();
                }
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

    private static long timeLeft(long end) throws SQLException {
        long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
        if (left <= 0) {
            throw new SQLException("the request's statement timeout is used up", QUERY_CANCELED);
        }
        return left;
    }

    private static void setTimeLeft(Connection c, long end) throws SQLException {
        execute(c, "SET LOCAL statement_timeout = " + timeLeft(end));
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void bind(PreparedStatement ps, List<String> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setString(i + 1, params.get(i));
        }
    }

    /** No connection could be had, or the one in use broke: PostgreSQL is down, restarting or unreachable. */
    private static boolean unavailable(SQLException e) {
        String state = String.valueOf(e.getSQLState());
        return e instanceof SQLTransientConnectionException || state.startsWith("08") || state.equals("57P01");
    }

    private static MatviewException translate(SQLException e, ViewDescription view, Duration timeout) {
        String state = String.valueOf(e.getSQLState());
        if (unavailable(e)) {
            return new MatviewException(ErrorCode.DATABASE_UNAVAILABLE, "the database is unavailable: " + e.getMessage(),
                    view.name().toString(), "retry shortly", e);
        }
        if (state.startsWith("22")) {
            return new MatviewException(ErrorCode.INVALID_QUERY, "a filter value does not fit its column: " + e.getMessage(),
                    "filter", "check the values against the column types of " + view.name(), e);
        }
        if (state.equals(QUERY_CANCELED)) {
            return new MatviewException(ErrorCode.QUERY_TIMEOUT, "the query ran longer than " + timeout.toMillis() + " ms",
                    view.name().toString(), "narrow the filters, add an index to the view (-- index:), or lower the limit", e);
        }
        return DatabaseErrors.translate(e);
    }

    /** Writes rows as they come: JSON objects, or CSV lines. */
    private abstract static class RowOutput {
        final OutputStream out;

        RowOutput(OutputStream out) {
            this.out = out;
        }

        static RowOutput of(RowFormat format, List<ViewColumn> columns, OutputStream out) throws IOException {
            return format == RowFormat.JSON ? new JsonOutput(columns, out) : new CsvOutput(columns, out);
        }

        abstract void row(ResultSet rs) throws SQLException, IOException;

        abstract void end() throws IOException;
    }

    private static final class JsonOutput extends RowOutput {
        private final JsonRows json;

        JsonOutput(List<ViewColumn> columns, OutputStream out) throws IOException {
            super(out);
            json = new JsonRows(columns);
            json.start(out);
        }

        @Override
        void row(ResultSet rs) throws SQLException, IOException {
            json.row(rs, out);
        }

        @Override
        void end() throws IOException {
            json.end(out);
        }
    }

    private static final class CsvOutput extends RowOutput {
        private final int width;
        private final StringBuilder line = new StringBuilder();

        CsvOutput(List<ViewColumn> columns, OutputStream out) throws IOException {
            super(out);
            this.width = columns.size();
            for (int i = 0; i < width; i++) {
                line.append(i == 0 ? "" : ",").append(csv(columns.get(i).name()));
            }
            flushLine();
        }

        @Override
        void row(ResultSet rs) throws SQLException, IOException {
            for (int i = 0; i < width; i++) {
                String v = rs.getString(i + 1);
                line.append(i == 0 ? "" : ",").append(v == null ? "" : csv(v));
            }
            flushLine();
        }

        private void flushLine() throws IOException {
            out.write(line.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            line.setLength(0);
        }

        @Override
        void end() {
            // CSV has no closing
        }
    }

    /** RFC 4180: quoted when it holds a comma, a quote, CR or LF, or is empty (to tell it from NULL). */
    static String csv(String value) {
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0 || value.isEmpty();
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
