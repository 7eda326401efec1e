package io.matview.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.matview.ErrorCode;
import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import io.matview.view.QualifiedName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Matview#writeRows}: what a caller reads, and what it can never do, on an ordinary pool (each
 * read in a read-only transaction) and on a pool whose sessions are read-only (a page in one statement).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteRowsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private DataSource db;
    private HikariDataSource readOnlyPool;
    private Matview ordinary;
    private Matview readOnly;

    @BeforeAll
    void setUp(@TempDir Path dir) {
        db = TestDatabase.fresh();
        TestDatabase.execute(db,
                "create table orders (id integer primary key, name text, amount numeric(12,2))",
                "insert into orders select g, 'n' || g, g * 1.5 from generate_series(1, 2500) g",
                "create table audit (n integer)",
                "create function note_read() returns integer language sql volatile as 'insert into audit values (1) returning 1'");
        ViewFiles files = new ViewFiles(dir);
        files.write("orders_mv.sql", "-- materialized\n-- unique: id\nselect id, name, amount from orders\n");
        files.write("noting.sql", "select id, note_read() as noted from orders\n");
        files.write("slow.sql", "select g as id from generate_series(1, 3) g, pg_sleep(10) s\n");
        ordinary = Matview.configure().dataSource(db).viewsDirectory(dir).load();
        ordinary.apply();
        HikariConfig config = new HikariConfig();
        config.setDataSource(db);
        config.setConnectionInitSql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        readOnlyPool = new HikariDataSource(config);
        readOnly = Matview.configure().dataSource(readOnlyPool).viewsDirectory(dir).load();
    }

    @AfterAll
    void tearDown() {
        readOnlyPool.close();
    }

    Stream<Matview> pools() {
        return Stream.of(ordinary, readOnly);
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
}
