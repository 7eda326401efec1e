package io.matview.internal.refresh;

import io.matview.internal.db.SqlResource;
import io.matview.view.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Collection;

/**
 * A view's refresh lock: a transaction-level advisory lock, so a refresh happens once across every
 * process and the lock goes with the transaction however it ends.
 */
final class RefreshLock {
    /** First key of every refresh lock (the second is the view's): keeps them apart from other advisory locks. */
    static final int NAMESPACE = 0x6d760001;

    private RefreshLock() {
    }

    /** One attempt at a view's lock, in a round trip that may bring back more for its caller. */
    interface Try {
        boolean once() throws SQLException;
    }

    /** Retries {@code attempt} with growing pauses for up to {@code wait}. */
    static boolean waitFor(Try attempt, Duration wait) throws SQLException {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 20;
        while (true) {
            if (attempt.once()) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(500, pause * 2);
        }
    }

    /** The second key of a view's refresh lock: stable across processes and releases. */
    static int key(QualifiedName v) {
        return v.toString().hashCode();
    }

    /** Whether another backend holds the refresh lock of any of {@code views} now. */
    static boolean anyHeldByOthers(Connection c, Collection<QualifiedName> views) throws SQLException {
        if (views.isEmpty()) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(RefreshLock.class, "locks-held.sql"))) {
            ps.setLong(1, NAMESPACE);
            ps.setArray(2, c.createArrayOf("bigint",
                    views.stream().map(v -> Integer.toUnsignedLong(key(v))).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Who holds the lock, for the message of an attempt that did not get it; empty when nobody does now. */
    static String holder(Connection c, QualifiedName v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(RefreshLock.class, "lock-holder.sql"))) {
            ps.setLong(1, NAMESPACE);
            ps.setLong(2, Integer.toUnsignedLong(key(v)));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "";
                }
                Timestamp since = rs.getTimestamp(4);
                return " (held by PostgreSQL backend " + rs.getInt(1) + ", application '" + rs.getString(2) + "'"
                        + (rs.getString(3) == null ? "" : " from " + rs.getString(3))
                        + (since == null ? "" : ", since " + since.toInstant()) + ")";
            }
        }
    }
}
