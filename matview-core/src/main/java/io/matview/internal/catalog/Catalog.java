package io.matview.internal.catalog;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.matview.catalog.DefinitionVersion;
import io.matview.catalog.RefreshNotification;
import io.matview.catalog.RuntimeView;
import io.matview.catalog.ViewStatus;
import io.matview.internal.db.SqlResource;
import io.matview.internal.view.ViewDefinition;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import io.matview.view.RefreshPolicy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matview's own tables in schema {@code matview}: the managed views and every definition applied.
 *
 * <p>The schema is versioned: {@link #migrate} brings it to the version this release knows, in the
 * caller's transaction, so that a failed apply also leaves no half-made catalog behind.
 */
public final class Catalog {
    public static final String SCHEMA = "matview";
    /** Migrations in order; the catalog's version is the number of them applied. */
    private static final List<String> MIGRATIONS = List.of("V1__catalog.sql", "V2__refresh.sql", "V3__migrations.sql",
            "V4__incremental.sql", "V5__source_writes.sql", "V6__incremental_cutoff.sql", "V7__refresh_log_failures.sql");
    /** Advisory lock held while the catalog or the managed objects change: applies run one at a time. */
    public static final long APPLY_LOCK = 0x6d61747669657701L;
    /** The channel of {@code NOTIFY} after each successful refresh, create or rebuild: {@link RefreshNotification#CHANNEL}. */
    public static final String REFRESHED_CHANNEL = RefreshNotification.CHANNEL;

    private Catalog() {
    }

    /** The newest catalog version this release can read and write. */
    public static int latestVersion() {
        return MIGRATIONS.size();
    }

    public static boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select to_regclass('matview.catalog_version') is not null")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The catalog's version in this database: 0 when Matview has never applied here. */
    public static int version(Connection c) throws SQLException {
        if (!exists(c)) {
            return 0;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select coalesce(max(version), 0) from matview.catalog_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Creates or upgrades the catalog, inside the caller's transaction, holding the apply lock. */
    public static void migrate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("select pg_advisory_xact_lock(" + APPLY_LOCK + ")");
            s.execute("create schema if not exists " + SCHEMA);
            s.execute("create table if not exists matview.catalog_version ("
                    + "version integer primary key, applied_at timestamptz not null default now())");
        }
        int current = version(c);
        checkReadable(current);
        for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
            try (Statement s = c.createStatement()) {
                s.execute(SqlResource.load(Catalog.class, MIGRATIONS.get(v - 1)));
                s.execute("insert into matview.catalog_version (version) values (" + v + ")");
            }
        }
    }

    private static void checkReadable(int version) {
        if (version > MIGRATIONS.size()) {
            throw new MatviewException(ErrorCode.CATALOG_TOO_NEW, "the matview catalog in this database is version " + version
                    + ", newer than this Matview understands (" + MIGRATIONS.size() + ")", "schema matview",
                    "upgrade Matview to the release that last applied to this database");
        }
    }

    /** The managed views by name; empty when the catalog does not exist yet. */
    public static Map<QualifiedName, ManagedView> managedViews(Connection c) throws SQLException {
        Map<QualifiedName, ManagedView> result = new LinkedHashMap<>();
        int version = version(c);
        if (version == 0) {
            return result;
        }
        checkReadable(version);
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Catalog.class, "managed-views.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                DefinitionVersion d = definition(rs);
                result.put(d.name(), new ManagedView(d.name(), Kind.fromLabel(rs.getString("kind")),
                        rs.getString("definition_hash"), rs.getInt("version"), instant(rs, "created_at"),
                        instant(rs, "applied_at"), d));
            }
        }
        return result;
    }

    /** Every managed view with its state in the database; empty when the catalog does not exist yet. */
    public static List<ViewStatus> status(Connection c) throws SQLException {
        List<ViewStatus> result = new ArrayList<>();
        if (version(c) == 0) {
            return result;
        }
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Catalog.class, "status.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Kind kind = Kind.fromLabel(rs.getString("kind"));
                boolean present = rs.getBoolean("present");
                result.add(new ViewStatus(new QualifiedName(rs.getString("schema_name"), rs.getString("view_name")),
                        kind, present, present && rs.getBoolean("populated"), (Long) rs.getObject("row_estimate"),
                        (Long) rs.getObject("size_bytes"), rs.getInt("version"), instant(rs, "applied_at"),
                        rs.getString("refresh_policy")));
            }
        }
        return result;
    }

    /** The managed views as the runtime sees them; empty when the catalog does not exist yet. */
    public static Map<QualifiedName, RuntimeView> runtimeViews(Connection c) throws SQLException {
        return version(c) == 0 ? new LinkedHashMap<>() : existingRuntimeViews(c);
    }

    /** {@link #runtimeViews} for a caller that has just seen the catalog exist (it saves the check's queries). */
    public static Map<QualifiedName, RuntimeView> existingRuntimeViews(Connection c) throws SQLException {
        Map<QualifiedName, RuntimeView> result = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Catalog.class, "runtime-views.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                RuntimeView view = runtimeView(rs);
                result.put(view.name(), view);
            }
        }
        return result;
    }

    private static RuntimeView runtimeView(ResultSet rs) throws SQLException {
        QualifiedName name = new QualifiedName(rs.getString("schema_name"), rs.getString("view_name"));
        Long timeout = (Long) rs.getObject("statement_timeout_ms");
        return new RuntimeView(name, Kind.fromLabel(rs.getString("kind")), RefreshPolicy.parse(rs.getString("refresh_policy")),
                timeout == null ? null : Duration.ofMillis(timeout), rs.getLong("generation"),
                instant(rs, "refreshed_at"), instant(rs, "applied_at"), rs.getBoolean("present"),
                rs.getBoolean("populated"), instant(rs, "data_as_of"));
    }

    /**
     * What a refresh call reads of the catalog, in one round trip.
     *
     * @param version the catalog's version (0: none)
     * @param readsToken changes whenever {@link #reads} can have changed, in this process or another; null
     *                   when the catalog is missing or older than this release
     * @param views the managed views, as {@link #runtimeViews}
     */
    public record RefreshCatalog(int version, String readsToken, Map<QualifiedName, RuntimeView> views) {
    }

    public static RefreshCatalog refreshCatalog(Connection c) throws SQLException {
        String sql = SqlResource.load(Catalog.class, "refresh-catalog.sql")
                .replace("${runtime_views}", SqlResource.load(Catalog.class, "runtime-views.sql"));
        Map<QualifiedName, RuntimeView> views = new LinkedHashMap<>();
        int version;
        String token;
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            version = rs.getInt("catalog_version");
            token = rs.getString("reads_token");
            do {
                if (rs.getString("schema_name") != null) {
                    RuntimeView view = runtimeView(rs);
                    views.put(view.name(), view);
                }
            } while (rs.next());
        } catch (SQLException e) {
            if (!c.getAutoCommit() || !UNDEFINED_OBJECT_STATES.contains(e.getSQLState())) {
                throw e;
            }
            // no catalog yet, or one from before the columns read here: the caller reports the version
            return new RefreshCatalog(version(c), null, views);
        }
        return new RefreshCatalog(version, token, views);
    }

    /** Undefined table, column, function: a catalog missing or older than the query that read it. */
    private static final Set<String> UNDEFINED_OBJECT_STATES = Set.of("42P01", "42703", "42883");

    /**
     * For each managed view, the managed views it reads, directly or through views Matview does not
     * manage, as {@code pg_depend} records it.
     */
    public static Map<QualifiedName, Set<QualifiedName>> reads(Connection c) throws SQLException {
        Map<QualifiedName, Set<QualifiedName>> result = new HashMap<>();
        if (version(c) == 0) {
            return result;
        }
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Catalog.class, "managed-graph.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.computeIfAbsent(new QualifiedName(rs.getString(1), rs.getString(2)), k -> new TreeSet<>())
                        .add(new QualifiedName(rs.getString(3), rs.getString(4)));
            }
        }
        return result;
    }

    /**
     * Records that a view's data changed, as of {@code dataAsOf} (when its snapshot was taken): its
     * generation goes up by one and, when the transaction
     * commits, {@code NOTIFY matview_refreshed} tells every listener (the servers' caches).
     *
     * @return the new generation
     */
    public static long advanceGeneration(Connection c, QualifiedName name, Instant dataAsOf) throws SQLException {
        return advanceGeneration(c, name, dataAsOf, null);
    }

    /**
     * {@link #advanceGeneration(Connection, QualifiedName, Instant)} for a caller that knows the tables the view
     * reads ({@link #sources}, as of the graph's token): finding them costs about a millisecond of the statement.
     *
     * @param sourceTables the oids of the tables the view reads; {@code null}: found by the statement
     */
    public static long advanceGeneration(Connection c, QualifiedName name, Instant dataAsOf, Set<Long> sourceTables)
            throws SQLException {
        String sql = SqlResource.load(Catalog.class, "advance-generation.sql")
                .replace("${sources}", sourceTables != null
                        ? "select ?::text, ?::text, unnest(?::bigint[])"
                        : sourcesQuery().replace("/* seed */", "and m.schema_name = ? and m.view_name = ?"));
        // the payload with the generation left out, for the statement to put in the one it made
        String payload = new RefreshNotification(name, 0).encode();
        int at = payload.lastIndexOf('0');
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 0;
            ps.setTimestamp(++i, Timestamp.from(dataAsOf));
            for (int pair = 0; pair < 4; pair++) {
                ps.setString(++i, name.schema());
                ps.setString(++i, name.name());
                if (pair == 2 && sourceTables != null) {
                    ps.setArray(++i, c.createArrayOf("bigint", sourceTables.toArray()));
                }
            }
            ps.setString(++i, RefreshNotification.CHANNEL);
            ps.setString(++i, payload.substring(0, at));
            ps.setString(++i, payload.substring(at + 1));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new MatviewException(ErrorCode.UNKNOWN_VIEW, name + " is not managed by Matview", name.toString(),
                            "the status lists the managed views");
                }
                return rs.getLong(1);
            }
        }
    }

    /** For each managed view that reads a table, the tables it reads (oids), as {@link #sourcesQuery} finds them. */
    public static Map<QualifiedName, Set<Long>> sources(Connection c) throws SQLException {
        Map<QualifiedName, Set<Long>> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sourcesQuery()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.computeIfAbsent(new QualifiedName(rs.getString(1), rs.getString(2)), k -> new TreeSet<>())
                        .add(rs.getLong(3));
            }
        }
        return found;
    }

    /**
     * The text of a query for the tables each managed view reads (columns schema_name, view_name, relid),
     * down through plain views: what the on-change scheduler watches and status reports on.
     */
    public static String sourcesQuery() {
        return SqlResource.load(Catalog.class, "sources.sql");
    }

    /** Every applied definition of {@code name}, oldest first; the view may since have been dropped. */
    public static List<DefinitionVersion> definitions(Connection c, QualifiedName name) throws SQLException {
        List<DefinitionVersion> result = new ArrayList<>();
        int version = version(c);
        if (version == 0) {
            return result;
        }
        if (version < latestVersion()) {
            // an older release applied here; callers read in a transaction that is rolled back
            migrate(c);
        }
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Catalog.class, "definitions.sql"))) {
            ps.setString(1, name.schema());
            ps.setString(2, name.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(definition(rs));
                }
            }
        }
        return result;
    }


    /** Records {@code view} as applied: a new definition version, and the managed view pointing at it. */
    public static int record(Connection c, ViewDefinition view) throws SQLException {
        return record(c, view, List.of());
    }

    /**
     * Records {@code view} as applied, as {@link #record(Connection, ViewDefinition)}; {@code migrations}
     * names the table migrations it was re-applied around (empty for an ordinary apply).
     */
    public static int record(Connection c, ViewDefinition view, List<String> migrations) throws SQLException {
        String hash = view.definitionHash();
        String kind = view.kind().label();
        String refresh = view.refresh().toString();
        Long timeoutMs = view.refreshTimeout() == null ? null : view.refreshTimeout().toMillis();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Catalog.class, "record-definition.sql"))) {
            int i = 1;
            ps.setString(i++, view.name().schema());
            ps.setString(i++, view.name().name());
            ps.setString(i++, view.name().schema());
            ps.setString(i++, view.name().name());
            ps.setString(i++, kind);
            ps.setString(i++, hash);
            ps.setString(i++, view.query());
            ps.setArray(i++, c.createArrayOf("text", view.uniqueKey().toArray()));
            ps.setArray(i++, c.createArrayOf("text", view.canonicalIndexes().toArray()));
            ps.setString(i++, refresh);
            ps.setObject(i++, timeoutMs, java.sql.Types.BIGINT);
            ps.setString(i++, view.description());
            ps.setArray(i++, c.createArrayOf("text",
                    view.declaredDependencies().stream().sorted().map(QualifiedName::toString).toArray()));
            ps.setString(i++, view.source().file().toString());
            ps.setString(i++, view.source().text());
            ps.setArray(i++, c.createArrayOf("text", migrations.toArray()));
            ps.setString(i++, view.name().schema());
            ps.setString(i++, view.name().name());
            ps.setString(i++, kind);
            ps.setString(i++, hash);
            ps.setString(i++, refresh);
            ps.setObject(i, timeoutMs, java.sql.Types.BIGINT);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Notes that a view was rebuilt without a change of its own (a view it reads was rebuilt). */
    public static void touch(Connection c, QualifiedName name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update matview.managed_view set applied_at = now() where schema_name = ? and view_name = ?")) {
            ps.setString(1, name.schema());
            ps.setString(2, name.name());
            ps.executeUpdate();
        }
    }

    /** Stops managing a dropped view; its definitions stay, so it can be restored. */
    public static void forget(Connection c, QualifiedName name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "delete from matview.managed_view where schema_name = ? and view_name = ?")) {
            ps.setString(1, name.schema());
            ps.setString(2, name.name());
            ps.executeUpdate();
        }
    }

    private static DefinitionVersion definition(ResultSet rs) throws SQLException {
        return new DefinitionVersion(new QualifiedName(rs.getString("schema_name"), rs.getString("view_name")),
                rs.getInt("d_version"), Kind.fromLabel(rs.getString("d_kind")), rs.getString("d_hash"),
                rs.getString("query"), strings(rs.getArray("unique_key")), strings(rs.getArray("indexes")),
                rs.getString("refresh_policy"), (Long) rs.getObject("statement_timeout_ms"), rs.getString("description"), strings(rs.getArray("depends")),
                rs.getString("source_file"), rs.getString("source"), instant(rs, "d_applied_at"),
                rs.getString("applied_by"), strings(rs.getArray("migrations")));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
