package io.matview.internal.catalog;

import io.matview.catalog.RefreshNotification;
import io.matview.catalog.RefreshSubscription;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs for {@link RefreshNotification#CHANNEL} on a connection of its own and hands each decoded
 * notification on. Reconnects with backoff; {@code onListening} runs each time it (re)starts listening,
 * since notifications sent while it was away are lost and the caller must catch up by reading.
 */
public final class NotificationListener implements RefreshSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);

    private final DataSource dataSource;
    private final Consumer<RefreshNotification> onNotification;
    private final Runnable onListening;
    private final Thread thread;
    private volatile boolean listening;
    private volatile boolean stopped;
    private volatile Connection connection;

    public NotificationListener(DataSource dataSource, Consumer<RefreshNotification> onNotification, Runnable onListening) {
        this.dataSource = dataSource;
        this.onNotification = onNotification;
        this.onListening = onListening;
        this.thread = new Thread(this::run, "matview-listener");
        this.thread.setDaemon(true);
    }

    public NotificationListener start() {
        thread.start();
        return this;
    }

    @Override
    public boolean listening() {
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
                listening = true;
                onListening.run();
                backoff = 100;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!stopped) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    for (PGNotification n : notifications == null ? new PGNotification[0] : notifications) {
                        deliver(n);
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

    private void deliver(PGNotification n) {
        RefreshNotification refreshed;
        try {
            refreshed = RefreshNotification.decode(n.getParameter());
        } catch (IllegalArgumentException e) {
            LOG.warn("ignored a malformed {} notification: {}", RefreshNotification.CHANNEL, e.getMessage());
            return;
        }
        onNotification.accept(refreshed);
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
