package io.matview.internal.schedule;

import io.matview.internal.catalog.Catalog;
import io.matview.internal.db.SqlResource;
import io.matview.view.QualifiedName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Thread-safe: the scheduler's tick polls while refresh threads report what they covered.
 *
 * <p>Notices writes to the source tables of {@code on change} views by polling their cumulative write
 * counters in {@code pg_stat_all_tables}. Writers pay nothing (no trigger, no NOTIFY); the price is
 * about a second of delay (PostgreSQL publishes a backend's counters when it goes idle, at most once
 * a second), an aborted write counting as a write (one extra refresh), and a TRUNCATE alone going
 * unseen (the reload after it is seen).
 */
public final class ChangeTracker {

    /** A view with unrefreshed changes: since when, and when the last one was seen. */
    public record Dirty(Instant firstChange, Instant lastChange) {
    }

    private Map<QualifiedName, Set<Long>> sources = Map.of();
    private final Map<Long, Long> counters = new HashMap<>();
    private final Map<QualifiedName, Dirty> dirty = new HashMap<>();

    /** Re-reads which tables each watched view reads (after an apply changed the views). */
    public synchronized void watch(Connection c, Collection<QualifiedName> views) throws SQLException {
        Map<QualifiedName, Set<Long>> found = Catalog.sources(c);
        found.keySet().retainAll(views);
        sources = found;
        dirty.keySet().retainAll(views);
    }


    /** Reads the counters; a view whose tables were written since the last poll becomes dirty. */
    public synchronized void poll(Connection c, Instant now) throws SQLException {
        Set<Long> all = new HashSet<>();
        sources.values().forEach(all::addAll);
        if (all.isEmpty()) {
            return;
        }
        Set<Long> changed = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(ChangeTracker.class, "write-counters.sql"))) {
            Array oids = c.createArrayOf("bigint", all.toArray());
            ps.setArray(1, oids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long relid = rs.getLong(1);
                    long writes = rs.getLong(2);
                    Long before = counters.put(relid, writes);
                    // a first sighting is a baseline; a counter that went down was reset (crash, pg_stat_reset)
                    if (before != null && writes != before) {
                        changed.add(relid);
                    }
                }
            }
        }
        for (Map.Entry<QualifiedName, Set<Long>> e : sources.entrySet()) {
            if (e.getValue().stream().anyMatch(changed::contains)) {
                markDirty(e.getKey(), now);
            }
        }
    }

    synchronized void markDirty(QualifiedName view, Instant now) {
        dirty.merge(view, new Dirty(now, now), (old, fresh) -> new Dirty(old.firstChange(), now));
    }

    /** Changes may have been missed (start, lost connection): every watched view is dirty. */
    public synchronized void markAllDirty(Instant now) {
        sources.keySet().forEach(v -> markDirty(v, now));
    }

    public synchronized Dirty dirty(QualifiedName view) {
        return dirty.get(view);
    }

    /** A refresh that started at {@code refreshStart} covers the changes seen before it. */
    public synchronized void refreshed(QualifiedName view, Instant refreshStart) {
        Dirty d = dirty.get(view);
        if (d != null && !d.lastChange().isAfter(refreshStart)) {
            dirty.remove(view);
        }
    }
}
