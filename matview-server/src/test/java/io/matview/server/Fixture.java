package io.matview.server;

import io.matview.Matview;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A fresh database with a source table {@code orders} of many column types, generated
 * deterministically in Java ({@link #rows}), and managed views over it:
 *
 * <ul>
 *   <li>{@code orders_mv}: materialized, {@code unique: id}, {@code index: day}, refreshed every 5 minutes;
 *   <li>{@code orders_plain}: a plain view;
 *   <li>{@code numbers_mv}: 250 generated rows, for the default and maximum limits;
 * </ul>
 *
 * <p>Expected answers are computed from {@link #rows} (or by SQL on {@code orders}), never from the server.
 */
final class Fixture {
    static final int ROWS = 20;
    static final int NUMBERS = 250;
    static final BigDecimal HUGE = new BigDecimal("12345678901234.56");

    /** One source row, as the test generated it; {@code null} fields are SQL NULLs. */
    record Row(int id, Long big, BigDecimal amount, BigDecimal bigAmount, String name, Boolean active, LocalDate day,
               Instant ts, LocalDateTime localTs, UUID uid, String doc, List<String> tags, String code) {
    }

    final DataSource db;
    final Path views;
    final Matview matview;
    final List<Row> rows;
    /** The instant the timestamptz column counts back from (truncated to seconds). */
    final Instant base;
    final LocalDate today;

    private Fixture(DataSource db, Path views, Matview matview, List<Row> rows, Instant base, LocalDate today) {
        this.db = db;
        this.views = views;
        this.matview = matview;
        this.rows = rows;
        this.base = base;
        this.today = today;
    }

    static final String[] NAMES = {
        "alpha", "Beta", "gamma", "with,comma", "with \"quote\"", "line\nbreak", "", null, "back\\slash", "ünïcødé ✓",
        "percent%sign", "ALPHAbet", "delta", "it's", "epsilon", "Zeta", "eta", "theta", "iota", "kappa"
    };

    static List<Row> generate(Instant base, LocalDate today) {
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= ROWS; i++) {
            Long big = i % 7 == 0 ? null : (i - 10) * 1_000_000_007L;
            BigDecimal amount = i % 6 == 0 ? null : new BigDecimal(i * 1025 + (i % 3)).movePointLeft(2).setScale(2);
            if (i == 2) {
                amount = new BigDecimal("9999999999.99");
            }
            BigDecimal bigAmount = i == 1 ? HUGE : i == 4 ? null : new BigDecimal(i).movePointLeft(2).setScale(2);
            String name = NAMES[i - 1];
            Boolean active = i % 3 == 0 ? null : i % 2 == 0;
            LocalDate day = i == 5 ? null : today.minusDays(i * 3L);
            Instant ts = i == 10 ? null : base.minus(i * 37L, ChronoUnit.MINUTES);
            LocalDateTime localTs = i == 11 ? null : LocalDateTime.of(2024, 1, 1, 0, 0).plusHours(i * 13L).plusMinutes(i);
            UUID uid = i == 12 ? null : UUID.nameUUIDFromBytes(("row" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String doc = i == 13 ? null : "{\"n\": " + i + ", \"nested\": {\"k\": \"v" + i + "\"}, \"list\": [1, \"two\", null]}";
            List<String> tags = i == 14 ? null : i == 15 ? List.of() : List.of("t" + (i % 3), "x,y");
            String code = i == 16 ? null : String.format("C%04d", i);
            rows.add(new Row(i, big, amount, bigAmount, name, active, day, ts, localTs, uid, doc, tags, code));
        }
        return rows;
    }

    static final String ORDERS_MV = """
            -- materialized
            -- unique: id
            -- index: day
            -- refresh: every 5 minutes
            -- description: every column type the API serves
            select id, big, amount, big_amount, name, active, day, ts, local_ts, uid, doc, tags, code from orders
            """;

    static Fixture create(Path dir) {
        return create(dir, true);
    }

    static Fixture create(Path dir, boolean apply) {
        try {
            DataSource db = TestDatabase.fresh();
            Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            LocalDate today = LocalDate.now();
            List<Row> rows = generate(base, today);
            TestDatabase.execute(db, """
                    create table orders (
                        id integer primary key, big bigint, amount numeric(12,2), big_amount numeric(18,2), name text,
                        active boolean, day date, ts timestamptz, local_ts timestamp, uid uuid, doc jsonb, tags text[],
                        code varchar(5))
                    """);
            insert(db, rows);
            Path views = Files.createDirectories(dir.resolve("views"));
            ViewFiles files = new ViewFiles(views);
            files.write("orders_mv.sql", ORDERS_MV);
            files.write("orders_plain.sql", "-- description: a plain view\nselect id, name, amount from orders\n");
            files.write("numbers_mv.sql", """
                    -- materialized
                    -- unique: n
                    -- refresh: manual
                    select g as n, g % 7 as bucket from generate_series(1, 250) g
                    """);
            Matview matview = Matview.configure().dataSource(db).viewsDirectory(views).load();
            if (apply) {
                matview.apply();
            }
            return new Fixture(db, views, matview, rows, base, today);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void insert(DataSource db, List<Row> rows) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into orders values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)")) {
            for (Row r : rows) {
                ps.setInt(1, r.id());
                ps.setObject(2, r.big(), Types.BIGINT);
                ps.setBigDecimal(3, r.amount());
                ps.setBigDecimal(4, r.bigAmount());
                ps.setString(5, r.name());
                ps.setObject(6, r.active(), Types.BOOLEAN);
                ps.setObject(7, r.day(), Types.DATE);
                ps.setObject(8, r.ts() == null ? null : r.ts().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setObject(9, r.localTs(), Types.TIMESTAMP);
                ps.setObject(10, r.uid(), Types.OTHER);
                ps.setString(11, r.doc());
                ps.setArray(12, r.tags() == null ? null : c.createArrayOf("text", r.tags().toArray()));
                ps.setString(13, r.code());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Row row(int id) {
        return rows.get(id - 1);
    }

    /** Ids of {@code orders} rows matching {@code where}, in the order {@code orderBy}, straight from the source table. */
    List<Integer> sqlIds(String where, String orderBy) {
        List<Integer> ids = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id from orders where " + where + " order by " + orderBy)) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    /** A checksum of every row in the source table and the views, and of the number of relations. */
    String checksum() {
        return TestDatabase.queryString(db, """
                select md5(
                  (select coalesce(string_agg(t::text, '|' order by id), '') from orders t) || '#' ||
                  (select coalesce(string_agg(t::text, '|' order by id), '') from orders_mv t) || '#' ||
                  (select coalesce(string_agg(t::text, '|' order by n), '') from numbers_mv t) || '#' ||
                  (select count(*) from pg_class)::text || '#' ||
                  (select count(*) from matview.managed_view)::text || '#' ||
                  (select string_agg(generation::text, ',' order by view_name) from matview.managed_view))
                """);
    }

    static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    static Timestamp timestamp(Instant i) {
        return Timestamp.from(i);
    }
}
