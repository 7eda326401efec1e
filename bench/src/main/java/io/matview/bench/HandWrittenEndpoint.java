package io.matview.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The report endpoint a team writes by hand for one report (Javalin, HikariCP, JDBC, Jackson and a record),
 * as a second baseline for the report server benchmark (bench/server/run.sh): the same 100 rows, or the one
 * row of a day, read from the same materialized view on every request (no cache), with the same pool size as
 * Matview's read pool. What it leaves out is what Matview's endpoint adds: every view by name, filters on any
 * column, validation of hostile parameters, pages, ETags, a cache, auth and metrics.
 *
 * <pre>handwritten JDBC_URL PORT</pre> serves {@code GET /rows} and {@code GET /rows?day=YYYY-MM-DD} until killed,
 * and {@code GET /metrics} empty (the harness reads the server's timer there).
 */
final class HandWrittenEndpoint {
    record DailyRevenue(LocalDate day, long orderCount, long revenueCents) {
    }

    private static final String PAGE = "select day, order_count, revenue_cents from reporting.daily_revenue order by day limit 100";
    private static final String DAY = "select day, order_count, revenue_cents from reporting.daily_revenue where day = ? order by day";

    private HandWrittenEndpoint() {
    }

    static void run(String url, int port) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(BenchMain.USER);
        config.setMaximumPoolSize(10);
        config.setPoolName("hand-written");
        HikariDataSource pool = new HikariDataSource(config);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Javalin app = Javalin.create(c -> {
            c.jetty.host = "127.0.0.1";
            c.jetty.port = port;
            c.startup.showJavalinBanner = false;
            c.routes.get("/rows", ctx -> rows(ctx, pool, json));
            c.routes.get("/metrics", ctx -> ctx.result(""));
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            pool.close();
        }));
        app.start();
        System.out.println("serving on http://localhost:" + app.port() + "/");
    }

    private static void rows(Context ctx, HikariDataSource pool, ObjectMapper json) throws Exception {
        String day = ctx.queryParam("day");
        LocalDate date;
        try {
            date = day == null ? null : LocalDate.parse(day);
        } catch (java.time.format.DateTimeParseException e) {
            ctx.status(400).result("day: expected YYYY-MM-DD");
            return;
        }
        List<DailyRevenue> rows = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(date == null ? PAGE : DAY)) {
            if (date != null) {
                ps.setObject(1, date);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new DailyRevenue(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3)));
                }
            }
        } catch (SQLException e) {
            ctx.status(500).result(e.getMessage());
            return;
        }
        ctx.contentType("application/json").result(json.writeValueAsBytes(rows));
    }
}
