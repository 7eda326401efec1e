package io.matview.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.matview.ErrorCode;
import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.catalog.ViewDescription;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import io.matview.view.QualifiedName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.ds.common.BaseDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Matview#writeRows}: what a caller reads, and what it can never do, on an ordinary pool (each
 * read in a read-only transaction) and on a pool whose sessions are read-only (a page in one statement).
 * The JSON the JVM writes from the rows' text is, byte for byte, what {@code row_to_json} writes of the
 * same rows, for every type a view can hold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteRowsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Characters JSON escaping gets wrong most easily, among ordinary ones. */
    private static final int[] TRICKY = {'"', '\\', '/', '\b', '\f', '\n', '\r', '\t', 1, 0x1f, 0x7f, 0x80, 0xa0, 0xe9, 0x2028,
        0x2029, 0xfeff, 0xfffd, 0x1f600, 0x10ffff, 'u', '0', ' ', '\'', '{', '}', ',', ':', 0x4e2d};
    private DataSource db;
    private HikariDataSource readOnlyPool;
    private HikariDataSource textOnlyPool;
    private HikariDataSource serverLikePool;
    private Matview ordinary;
    private Matview readOnly;
    private Matview textOnly;
    private Matview serverLike;

    @BeforeAll
    void setUp(@TempDir Path dir) {
        db = TestDatabase.fresh();
        TestDatabase.execute(db,
                "create table orders (id integer primary key, name text, amount numeric(12,2))",
                "insert into orders select g, 'n' || g, g * 1.5 from generate_series(1, 2500) g",
                "create type mood as enum ('sad', 'o\"k', 'happy')",
                "create type pair as (a integer, b text)",
                "create domain positive as integer check (value > 0)",
                "create table typed (id integer primary key, i2 smallint, i8 bigint, num numeric, scaled numeric(12,2),"
                        + " f4 real, f8 double precision, flag boolean, t text, vc varchar(20), bp char(5), d date, ts timestamp,"
                        + " tstz timestamptz, tm time, tmtz timetz, iv interval, u uuid, j json, jb jsonb, ints integer[],"
                        + " texts text[], m mood, p pair, dom positive, cash money, bytes bytea, nm name, \"we\"\"ird key\" text,"
                        + " \"ünï\\code\" integer)",
                "insert into typed values"
                        + " (1, -32768, 9223372036854775807, 12345678901234567890.000000001, 3.10, 1.5, 0.1, true,"
                        + " 'plain', 'v', 'ab', '2026-01-15', '2026-01-15 10:20:30.123456', '2026-01-15 10:20:30+02', '10:20:30.5',"
                        + " '10:20:30+05:30', '1 year 2 mons 3 days 04:05:06.7', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',"
                        + " '{\"b\": 1,  \"a\" : [1, 2.50]}', '{\"b\": 1, \"a\": [1, 2.50]}', '{1,NULL,3}', '{\"a b\",\"c\\\"d\",NULL}',"
                        + " 'o\"k', '(1,\"x \"\"y\"\"\")', 7, 12.34, '\\x00ff', 'name', 'k', 1)",
                "insert into typed values"
                        + " (2, 0, -9223372036854775808, 'NaN', -0.00, 'Infinity', '-Infinity', false,"
                        + " E'quote \" backslash \\\\ slash / \\b\\f\\n\\r\\t ' || chr(1) || chr(31) || chr(127) || chr(8232)"
                        + " || chr(8233) || ' 😀 é 中 \\u00e9',"
                        + " E'tab\\there', 'a\"', 'infinity', 'infinity', '-infinity', '24:00', '00:00-12', '-1 days', null,"
                        + " '\"\\u2028 \\\\ \"', '[]', '{}', '{}', 'happy', '(,)', 1, -1, '', E'\\\\', E'\\n', 2)",
                "insert into typed values"
                        + " (3, null, null, 'Infinity', null, 'NaN', 1e-300, null, '', '', '', '0044-03-15 BC', '0044-03-15 10:00 BC',"
                        + " '1999-12-31 23:59:59.999999+00', null, null, null, null, 'null', '\"s\"', '{{1,2},{3,4}}', null, null,"
                        + " null, null, null, null, null, null, null)",
                "insert into typed values (4, 1, -1, '-Infinity', 0, '-0', 1e300, true, null, null, null, '-infinity',"
                        + " '-infinity', 'infinity', '00:00', null, '0', null, '1e2', '1.0', null, '{}', 'sad', null, null, null,"
                        + " null, null, null, null)",
                "insert into typed (id) values (5)",
                // values longer than the 16 KiB the reader gathers before writing
                "insert into typed (id, t, j) values (6, repeat('a', 40000) || '\"' || repeat('b', 20000),"
                        + " ('[' || repeat('1,', 20000) || '1]')::json)",
                "create table texts (seed bigint, id integer, t text, primary key (seed, id))",
                "create table numbers (seed bigint, id integer, i2 smallint, i4 integer, i8 bigint, d date, primary key (seed, id))",
                "create table audit (n integer)",
                "create function note_read() returns integer language sql volatile as 'insert into audit values (1) returning 1'");
        ViewFiles files = new ViewFiles(dir);
        files.write("orders_mv.sql", "-- materialized\n-- unique: id\nselect id, name, amount from orders\n");
        files.write("noting.sql", "select id, note_read() as noted from orders\n");
        files.write("typed_mv.sql", "-- materialized\n-- unique: id\nselect * from typed\n");
        files.write("texts_v.sql", "select seed, id, t from texts\n");
        files.write("numbers_v.sql", "select seed, id, i2, i4, i8, d from numbers\n");
        files.write("slow.sql", "select g as id from generate_series(1, 3) g, pg_sleep(10) s\n");
        ordinary = Matview.configure().dataSource(db).viewsDirectory(dir).load();
        ordinary.apply();
        HikariConfig config = new HikariConfig();
        config.setDataSource(db);
        config.setConnectionInitSql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        readOnlyPool = new HikariDataSource(config);
        readOnly = Matview.configure().dataSource(readOnlyPool).viewsDirectory(dir).load();
        // the driver receives every value as text, and one connection, to look at it
        textOnlyPool = onePool(false, null);
        textOnly = Matview.configure().dataSource(textOnlyPool).viewsDirectory(dir).load();
        // as the server's read pool: every value as text but integers and dates, which arrive in binary
        serverLikePool = onePool(false, "int2,int4,int8,date");
        serverLike = Matview.configure().dataSource(serverLikePool).viewsDirectory(dir).load();
    }

    private HikariDataSource onePool(boolean binaryTransfer, String binaryTransferEnable) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        try {
            source.initializeFrom(db.unwrap(BaseDataSource.class));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        source.setBinaryTransfer(binaryTransfer);
        if (binaryTransferEnable != null) {
            source.setBinaryTransferEnable(binaryTransferEnable);
        }
        HikariConfig config = new HikariConfig();
        config.setDataSource(source);
        config.setMaximumPoolSize(1);
        config.setConnectionInitSql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        return new HikariDataSource(config);
    }

    @AfterAll
    void tearDown() {
        readOnlyPool.close();
        textOnlyPool.close();
        serverLikePool.close();
    }

    Stream<Matview> pools() {
        return Stream.of(ordinary, readOnly, textOnly, serverLike);
    }

    Stream<Arguments> poolsThatReceiveText() {
        return Stream.of(Arguments.of(textOnly, textOnlyPool), Arguments.of(serverLike, serverLikePool));
    }

    // the pools are the class's: JUnit would close an argument that can be closed
    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("poolsThatReceiveText")
    void aConnectionThatReceivesTextIsSentNoCastsExceptForWhatItsTextIsNotTheJsonOf(Matview m, HikariDataSource pool)
            throws Exception {
        rows(m, "typed_mv", RowQuery.builder().select("i8", "flag", "t", "tstz", "d").build());
        String prepared;
        // the pool's one connection: the statement is still prepared on it
        try (Connection c = pool.getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("select string_agg(statement, ' ') from pg_prepared_statements")) {
            rs.next();
            prepared = rs.getString(1);
        }
        assertThat(prepared).contains("r.\"i8\",", "r.\"t\",", "r.\"flag\"::text", "to_json(r.\"tstz\")::text", "r.\"d\" FROM")
                .doesNotContain("r.\"i8\"::text", "r.\"t\"::text", "r.\"d\"::text");
    }

    @Test
    void aPoolLikeTheServersReceivesIntegersAndDatesInBinaryAndTheRestAsText() throws Exception {
        // as the core reads a page: a statement prepared from its first use
        try (Connection c = serverLikePool.getConnection();
             PreparedStatement ps = c.prepareStatement("select i2, i8, id, d, t, num from typed_mv order by id")) {
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(1);
            // the first run learns the statement's column types, so the driver asks for binary from the second
            ps.executeQuery().close();
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                org.postgresql.PGResultSetMetaData meta = rs.getMetaData().unwrap(org.postgresql.PGResultSetMetaData.class);
                List<Integer> formats = new java.util.ArrayList<>();
                for (int i = 1; i <= 6; i++) {
                    formats.add(meta.getFormat(i));
                }
                assertThat(formats).as("1 is binary").containsExactly(1, 1, 1, 1, 0, 0);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomIntegersAndDatesAreWrittenAsRowToJsonWritesThem(long seed) throws IOException, SQLException {
        Random random = new Random(seed);
        try (Connection c = db.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into numbers values (?, ?, ?, ?, ?,"
                     + " case ? when 1 then 'infinity'::date when 2 then '-infinity'::date else '2000-01-01'::date + ? end)")) {
            for (int id = 0; id < 200; id++) {
                insert.setLong(1, seed);
                insert.setInt(2, id);
                insert.setShort(3, (short) edgy(random, Short.MIN_VALUE, Short.MAX_VALUE));
                insert.setInt(4, (int) edgy(random, Integer.MIN_VALUE, Integer.MAX_VALUE));
                insert.setLong(5, edgy(random, Long.MIN_VALUE, Long.MAX_VALUE));
                insert.setInt(6, random.nextInt(20));
                // days from 2000-01-01, within PostgreSQL's dates (4713-11-24 BC to 5874897-12-31), often around 1 BC and AD 1
                insert.setInt(7, switch (random.nextInt(4)) {
                    case 0 -> (int) edgy(random, FIRST_DAY, LAST_DAY);
                    case 1 -> -730_120 + random.nextInt(800) - 400;
                    default -> random.nextInt(1_500_000) - 750_000;
                });
                insert.addBatch();
            }
            insert.executeBatch();
        }
        String expected = rowToJson("select seed, id, i2, i4, i8, d from numbers where seed = " + seed);
        assertThat(expected).as("the seed's rows").contains("\"id\":199,");
        for (Matview m : pools().toList()) {
            assertThat(rows(m, "numbers_v", RowQuery.builder().where(Filter.of("seed", Operator.EQ, Long.toString(seed)))
                    .orderBy(Order.ascending("id")).limit(1000).build())).isEqualTo(expected);
        }
    }

    /** 4713-11-24 BC and 5874897-12-31, PostgreSQL's first and last dates, in days from 2000-01-01. */
    private static final int FIRST_DAY = -2_451_545;
    private static final int LAST_DAY = 2_145_031_948;

    /** Half of the time one of the type's ends or a number near 0, else any value of the range. */
    private static long edgy(Random random, long min, long max) {
        return switch (random.nextInt(6)) {
            case 0 -> min;
            case 1 -> max;
            case 2 -> random.nextInt(21) - 10;
            default -> min == Long.MIN_VALUE ? random.nextLong() : min + (long) (random.nextDouble() * ((double) max - min));
        };
    }

    private static String rows(Matview m, String view, RowQuery query) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeRows(new QualifiedName("public", view), query, TIMEOUT, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("pools")
    void jsonAndCsvHoldTheValuesAsPostgresqlWritesThem(Matview m) throws IOException {
        RowQuery.Builder q = RowQuery.builder().where(Filter.of("id", Operator.LTE, "2")).orderBy(Order.descending("id"));
        assertThat(rows(m, "orders_mv", q.build()))
                .isEqualTo("[{\"id\":2,\"name\":\"n2\",\"amount\":3.00},{\"id\":1,\"name\":\"n1\",\"amount\":1.50}]");
        assertThat(rows(m, "orders_mv", q.select("amount", "id").format(RowFormat.CSV).build()))
                .isEqualTo("amount,id\r\n3.00,2\r\n1.50,1\r\n");
    }

    @ParameterizedTest
    @MethodSource("pools")
    void anAnswerLongerThanOneChunkArrivesWhole(Matview m) throws IOException {
        String json = rows(m, "orders_mv", RowQuery.builder().select("id").limit(2500).build());
        assertThat(json.split("\\{\"id\":", -1)).hasSize(2501);
        assertThat(json).startsWith("[{\"id\":1}").endsWith("{\"id\":2500}]");
    }

    /** The same view and query instances, as a server asks them again: each answer is the view's rows now, whole. */
    @ParameterizedTest
    @MethodSource("pools")
    void theSameQueryAskedAgainAnswersWhateverTheSizeOfItsLastAnswer(Matview m) throws IOException {
        long seed = -1 - pools().toList().indexOf(m);
        ViewDescription view = m.describeViews().get(new QualifiedName("public", "texts_v"));
        RowQuery query = RowQuery.builder().where(Filter.of("seed", Operator.EQ, Long.toString(seed)))
                .orderBy(Order.ascending("id")).limit(1000).build();
        // one row, then more than the 16 KiB gathered before a write, then two rows again
        for (int count : new int[] {1, 100, 2}) {
            TestDatabase.execute(db, "delete from texts where seed = " + seed,
                    "insert into texts select " + seed + ", g, repeat('x', 300) || g from generate_series(1, " + count + ") g");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeRows(view, query, TIMEOUT, out);
            assertThat(out.toString(StandardCharsets.UTF_8)).as("%d rows", count)
                    .isEqualTo(rowToJson("select seed, id, t from texts where seed = " + seed));
        }
    }

    @ParameterizedTest
    @MethodSource("pools")
    void aViewThatWritesIsRefusedAndWritesNothing(Matview m) {
        for (int limit : List.of(5, 2000)) {
            MatviewException e = catchThrowableOfType(() -> rows(m, "noting", RowQuery.builder().limit(limit).build()),
                    MatviewException.class);
            assertThat(e).as("limit %d", limit).isNotNull();
            assertThat(((SQLException) e.getCause()).getSQLState()).as("read_only_sql_transaction").isEqualTo("25006");
        }
        assertThat(TestDatabase.queryString(db, "select count(*) from audit")).isEqualTo("0");
    }

    @ParameterizedTest
    @MethodSource("pools")
    void aQueryOverItsTimeoutIsCancelled(Matview m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MatviewException e = catchThrowableOfType(() -> m.writeRows(new QualifiedName("public", "slow"), RowQuery.builder().build(),
                Duration.ofMillis(300), out), MatviewException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT);
        assertThat(out.size()).as("nothing written").isZero();
    }

    @ParameterizedTest
    @MethodSource("pools")
    void aValueThatDoesNotFitItsColumnIsAnInvalidQueryAndWritesNothing(Matview m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MatviewException e = catchThrowableOfType(() -> m.writeRows(new QualifiedName("public", "orders_mv"),
                RowQuery.builder().where(Filter.of("id", Operator.EQ, "abc")).build(), TIMEOUT, out), MatviewException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY);
        assertThat(e.where()).isEqualTo("filter");
        assertThat(out.size()).isZero();
    }

    private String rowToJson(String select) {
        return TestDatabase.queryString(db, "select '[' || coalesce(string_agg(row_to_json(r)::text, ',' order by r.id), '') || ']'"
                + " from (" + select + ") r");
    }

    @ParameterizedTest
    @MethodSource("pools")
    void everyTypeIsWrittenAsRowToJsonWritesIt(Matview m) throws IOException {
        String expected = rowToJson("select * from typed_mv");
        assertThat(expected).as("the fixture holds the special values").contains("\"NaN\"", "\"-Infinity\"", "\\u0001",
                "\"0044-03-15 BC\"", "T10:20:30");
        // twice: a pool that receives integers and dates in binary does so from a statement's second run
        for (int run = 1; run <= 2; run++) {
            assertThat(rows(m, "typed_mv", RowQuery.builder().build())).as("run " + run).isEqualTo(expected);
            assertThat(rows(m, "typed_mv", RowQuery.builder().limit(2000).build())).as("run " + run + ", through a cursor")
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @MethodSource("pools")
    void aSelectionOfColumnsInAnotherOrderIsWrittenAsRowToJsonWritesIt(Matview m) throws IOException {
        String expected = TestDatabase.queryString(db, "select '[' || string_agg(row_to_json(r)::text, ',' order by r.id desc) || ']'"
                + " from (select \"we\"\"ird key\", tstz, id from typed_mv) r");
        assertThat(rows(m, "typed_mv", RowQuery.builder().select("we\"ird key", "tstz", "id").orderBy(Order.descending("id")).build()))
                .isEqualTo(expected);
    }

    static Stream<Arguments> seeds() {
        return Stream.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomTextIsEscapedAsPostgresqlEscapesIt(long seed) throws IOException, SQLException {
        Random random = new Random(seed);
        try (Connection c = db.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into texts values (?, ?, ?)")) {
            for (int id = 0; id < 200; id++) {
                insert.setLong(1, seed);
                insert.setInt(2, id);
                insert.setString(3, text(random));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        String expected = rowToJson("select seed, id, t from texts where seed = " + seed);
        for (Matview m : pools().toList()) {
            assertThat(rows(m, "texts_v", RowQuery.builder().where(Filter.of("seed", Operator.EQ, Long.toString(seed)))
                    .orderBy(Order.ascending("id")).limit(1000).build())).isEqualTo(expected);
        }
    }

    /** Up to 40 code points, most of them tricky, no NUL (PostgreSQL's text cannot hold it). */
    private static String text(Random random) {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(41);
        for (int i = 0; i < length; i++) {
            int cp = switch (random.nextInt(4)) {
                case 0 -> TRICKY[random.nextInt(TRICKY.length)];
                case 1 -> 1 + random.nextInt(0x7f);
                case 2 -> 1 + random.nextInt(0xd7ff);
                default -> 0x10000 + random.nextInt(0x100000 - 0x10000);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }
}
