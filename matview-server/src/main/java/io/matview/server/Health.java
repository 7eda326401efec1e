package io.matview.server;

import io.javalin.http.Context;
import io.matview.schedule.Scheduler;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@code GET /health} for load balancers: 200 when the database answers and the scheduler (if any) is
 * alive, else 503. On a connection of its own (reads waiting for the read pool cannot hold it up),
 * bounded by its connection timeout and a one-second query timeout, so
 * that a database that is down is reported in about a second, not after the driver gives up.
 */
final class Health {
    private final DataSource database;
    private final Scheduler scheduler;
    private final RefreshListener listener;

    Health(DataSource database, Scheduler scheduler, RefreshListener listener) {
        this.database = database;
        this.scheduler = scheduler;
        this.listener = listener;
    }

    void handle(Context ctx) {
        boolean database = databaseAnswers();
        boolean schedulerOk = scheduler == null || scheduler.alive();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", database && schedulerOk ? "up" : "down");
        body.put("database", database ? "up" : "down");
        body.put("scheduler", scheduler == null ? "off" : schedulerOk ? "up" : "down");
        body.put("notifications", listener.listening() ? "up" : "reconnecting");
        Json.answer(ctx, database && schedulerOk ? 200 : 503, body);
    }

    private boolean databaseAnswers() {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            s.execute("select 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
