package io.matview.internal.refresh;

import io.matview.internal.catalog.Catalog;
import io.matview.internal.db.DatabaseErrors;
import io.matview.internal.db.SqlResource;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshMode;
import io.matview.refresh.RefreshStatus;
import io.matview.refresh.Trigger;
import io.matview.view.QualifiedName;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The one owner of {@code matview.refresh_log} (created by the catalog's migrations): every attempt
 * is written here, and every reader of the log (history, the scheduler's backoff, metrics) reads
 * through here. Entries carry this process's host and pid.
 */
public final class RefreshLog {
    private final DataSource dataSource;
    private final String host = hostName();
    private final long pid = ProcessHandle.current().pid();

    /**
     * For each view, the failed attempts since its data last changed, and the last of them.
     *
     * @param count failed attempts since the last successful refresh, create or rebuild
     */
    public record Failures(long count, Instant last) {
    }

    RefreshLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    String host() {
        return host;
    }

    long pid() {
        return pid;
    }

    /** Writes one attempt on {@code c}, in whatever transaction {@code c} is in. */
    RefreshLogEntry insert(Connection c, Attempt a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(RefreshLog.class, "log-insert.sql"))) {
            int i = 1;
            ps.setString(i++, a.view().schema());
            ps.setString(i++, a.view().name());
            ps.setString(i++, a.trigger().label());
            ps.setString(i++, a.mode() == null ? null : a.mode().mode().label());
            ps.setString(i++, a.mode() == null ? null : a.mode().reason());
            ps.setString(i++, a.status().label());
            ps.setTimestamp(i++, Timestamp.from(a.startedAt()));
            ps.setLong(i++, a.durationMs());
            ps.setObject(i++, a.rows(), Types.BIGINT);
            ps.setObject(i++, a.generation(), Types.BIGINT);
            ps.setString(i++, a.error());
            ps.setString(i++, host);
            ps.setLong(i, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new RefreshLogEntry(rs.getLong(1), a.view(), a.trigger(), a.mode() == null ? null : a.mode().mode(),
                        a.mode() == null ? null : a.mode().reason(), a.status(), a.startedAt(),
                        rs.getTimestamp(2).toInstant(), a.durationMs(), a.rows(), a.generation(), a.error(), host, pid);
            }
        }
    }

    /** Writes one attempt in a transaction of its own: for attempts whose own transaction rolled back. */
    RefreshLogEntry insert(Attempt a) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return insert(c, a);
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e);
        }
    }

    /** The log, newest first: of {@code view}, or of every view when it is {@code null}. */
    public List<RefreshLogEntry> history(QualifiedName view, int limit) {
        List<RefreshLogEntry> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            if (Catalog.version(c) < 2) {
                return result;
            }
            try (PreparedStatement ps = c.prepareStatement(SqlResource.load(RefreshLog.class, "log-select.sql"))) {
                ps.setString(1, view == null ? null : view.toString());
                ps.setString(2, view == null ? null : view.schema());
                ps.setString(3, view == null ? null : view.name());
                ps.setInt(4, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(entry(rs));
                    }
                }
            }
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e);
        }
        return result;
    }

    /** The last attempt of each managed view that has one, whatever its outcome, by view name. */
    public Map<QualifiedName, RefreshLogEntry> lastPerView() {
        Map<QualifiedName, RefreshLogEntry> result = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            if (Catalog.version(c) < 2) {
                return result;
            }
            try (PreparedStatement ps = c.prepareStatement(SqlResource.load(RefreshLog.class, "last-per-view.sql"));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RefreshLogEntry e = entry(rs);
                    result.put(e.view(), e);
                }
            }
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e);
        }
        return result;
    }

    /**
     * The failures per view since its data last changed: the scheduler backs off from them, and every
     * process reads the same numbers.
     */
    public Map<QualifiedName, Failures> failures(Connection c) throws SQLException {
        Map<QualifiedName, Failures> result = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(RefreshLog.class, "failures.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.put(new QualifiedName(rs.getString(1), rs.getString(2)),
                        new Failures(rs.getLong(3), rs.getTimestamp(4).toInstant()));
            }
        }
        return result;
    }

    /** Deletes entries older than {@code keep}; returns how many. */
    public int prune(Duration keep) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "delete from matview.refresh_log where started_at < clock_timestamp() - ? * interval '1 millisecond'")) {
            ps.setLong(1, keep.toMillis());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e);
        }
    }

    private static RefreshLogEntry entry(ResultSet rs) throws SQLException {
        String mode = rs.getString("mode");
        return new RefreshLogEntry(rs.getLong("id"), new QualifiedName(rs.getString("schema_name"), rs.getString("view_name")),
                Trigger.fromLabel(rs.getString("trigger")), mode == null ? null : RefreshMode.parse(mode),
                rs.getString("mode_reason"), RefreshStatus.fromLabel(rs.getString("status")),
                rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("finished_at").toInstant(),
                rs.getLong("duration_ms"), (Long) rs.getObject("rows"), (Long) rs.getObject("generation"),
                rs.getString("error"), rs.getString("host"), rs.getLong("pid"));
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
