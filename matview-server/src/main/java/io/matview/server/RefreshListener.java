package io.matview.server;

import io.matview.catalog.RefreshNotification;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs for {@code matview_refreshed} on a connection of its own, and moves the view directory to
 * each new generation, wherever the refresh ran. Reconnects with backoff; after a reconnect it
 * reloads everything, since notifications sent meanwhile are lost.
 */
final class RefreshListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshListener.class);

    private final DataSource dataSource;
    private final ViewDirectory views;
    private final Thread thread;
    private volatile boolean listening;
    private volatile boolean stopped;
    private volatile Connection connection;

    RefreshListener(DataSource dataSource, ViewDirectory views) {
        this.dataSource = dataSource;
        this.views = views;
        this.thread = new Thread(this::run, "matview-listener");
        this.thread.setDaemon(true);
    }

    RefreshListener start() {
        thread.start();
        return this;
    }

    /** Whether notifications are arriving now; when not, callers must ask the database for generations. */
    boolean listening() {
        return listening;
    }

    private void run() {
        long backoff = 100;
        while (!stopped) {
            try (Connection c = dataSource.getConnection()) {
                connection = c;
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + RefreshNotification.CHANNEL);
                }
                views.reload();
                listening = true;
                backoff = 100;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!stopped) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications == null || notifications.length == 0) {
                        continue;
                    }
                    if (anyNewer(notifications)) {
                        views.reload();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (stopped) {
                    return;
                }
                LOG.warn("lost the refresh notifications ({}); reconnecting in {} ms", e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(10_000, backoff * 2);
            }
        }
    }

    /**
     * Whether a notification announces a generation the snapshot lacks. The snapshot is then reloaded
     * whole, not advanced: a notification also follows a rebuild, whose columns and indexes may differ.
     */
    private boolean anyNewer(PGNotification[] notifications) {
        boolean newer = false;
        for (PGNotification n : notifications) {
            try {
                RefreshNotification refreshed = RefreshNotification.decode(n.getParameter());
                newer |= views.behind(refreshed.view(), refreshed.generation());
            } catch (IllegalArgumentException e) {
                LOG.warn("ignored a malformed {} notification: {}", RefreshNotification.CHANNEL, e.getMessage());
            }
        }
        return newer;
    }

    @Override
    public void close() {
        stopped = true;
        listening = false;
        thread.interrupt();
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing to wake the listener; it is going away either way
            }
        }
    }
}
