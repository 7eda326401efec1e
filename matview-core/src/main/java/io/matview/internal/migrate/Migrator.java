package io.matview.internal.migrate;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.matview.internal.catalog.Catalog;
import io.matview.internal.db.DatabaseErrors;
import io.matview.internal.db.SqlResource;
import io.matview.internal.plan.Applier;
import io.matview.internal.view.SqlScript;
import io.matview.internal.view.ViewSet;
import io.matview.migrate.DetachedView;
import io.matview.migrate.Detachment;
import io.matview.migrate.Migration;
import io.matview.migrate.MigrationResult;
import io.matview.plan.Action;
import io.matview.plan.ApplyResult;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Runs table migrations with the managed views, in the caller's transaction.
 *
 * <p>PostgreSQL itself says which views block a migration: each migration runs in a savepoint; when
 * it fails because a view reads what it changes (SQLSTATE 0A000, "cannot alter type of a column used
 * by a view or rule") or what it drops (2BP01), the savepoint is rolled back, the managed views named
 * in the error's DETAIL and the managed views above them are dropped (top-down, never CASCADE), and
 * the migration runs again, until it succeeds or only objects Matview does not manage block it.
 * The views are then created again by the ordinary apply of the whole views directory.
 */
public final class Migrator {
    private static final String FEATURE_NOT_SUPPORTED = "0A000";
    private static final String DEPENDENT_OBJECTS_STILL_EXIST = "2BP01";
    private static final Set<String> TRANSACTION_CONTROL = Set.of("begin", "start", "commit", "end", "rollback",
            "abort", "savepoint", "release");

    private Migrator() {
    }

    /** Runs {@code migrations} in order, detaching what blocks them, then applies the whole views directory. */
    public static MigrationResult migrate(Connection c, ViewSet views, List<Migration> migrations, Duration lockTimeout)
            throws SQLException {
        if (migrations.isEmpty()) {
            throw new MatviewException(ErrorCode.NOTHING_TO_DO, "no migration to run", null,
                    "name one or more .sql files with table migrations");
        }
        requireTransaction(c);
        Detachment detachment = Detachment.none(migrations.stream().map(Migration::name).toList());
        for (Migration m : migrations) {
            detachment = run(c, m, detachment, lockTimeout, true);
        }
        return reattach(c, views, detachment, lockTimeout);
    }

    /**
     * Detaches what would block {@code migration}, which the caller then runs itself in the same
     * transaction: the migration is tried in a savepoint that is always rolled back.
     */
    public static Detachment detachFor(Connection c, Migration migration, Detachment before, Duration lockTimeout)
            throws SQLException {
        requireTransaction(c);
        return run(c, migration, before, lockTimeout, false);
    }

    /** After the migrations: the whole views directory applied, the detached views created again with their grants. */
    public static MigrationResult reattach(Connection c, ViewSet views, Detachment detachment, Duration lockTimeout)
            throws SQLException {
        requireTransaction(c);
        Map<QualifiedName, String> reasons = new LinkedHashMap<>();
        detachment.views().forEach(d -> reasons.put(d.view(), d.migration() + ": " + d.reason()));
        ApplyResult applied = Applier.apply(c, views, false, lockTimeout, reasons, detachment.migrations());
        for (String grant : detachment.grants()) {
            execute(c, grant);
        }
        Applier.checkQueries(c, views, applied.plan().changes().stream()
                .filter(ch -> ch.action() == Action.CREATE || ch.action() == Action.REBUILD)
                .map(ch -> ch.view()).collect(Collectors.toSet()));
        return new MigrationResult(detachment.migrations(), detachment.views(), applied);
    }

    /** Detached views must come back in the same transaction: in auto-commit, each drop would be final at once. */
    private static void requireTransaction(Connection c) throws SQLException {
        if (c.getAutoCommit()) {
            throw new MatviewException(ErrorCode.CONFIGURATION, "the connection given for the migration is in auto-commit mode",
                    null, "run migrations with the views in a transaction (auto-commit off), which the caller commits or rolls back");
        }
    }

    private static Detachment run(Connection pooled, Migration m, Detachment before, Duration lockTimeout, boolean keep)
            throws SQLException {
        // A pool may take the expected SQLSTATE 0A000 for a broken connection and close it (HikariCP does):
        // the probe talks to the driver's connection itself, in the same transaction.
        Connection c = pooled.isWrapperFor(PGConnection.class) ? (Connection) pooled.unwrap(PGConnection.class) : pooled;
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
        }
        Catalog.migrate(c);
        List<SqlScript.Statement> statements = statements(m);
        List<DetachedView> detached = new ArrayList<>(before.views());
        List<String> grants = new ArrayList<>(before.grants());
        while (true) {
            Savepoint sp = c.setSavepoint();
            SqlScript.Statement current = null;
            try (Statement s = c.createStatement()) {
                for (SqlScript.Statement st : statements) {
                    current = st;
                    s.execute(st.sql());
                }
                if (!keep) {
                    c.rollback(sp);
                }
                c.releaseSavepoint(sp);
                return new Detachment(before.migrations(), detached, grants);
            } catch (SQLException e) {
                c.rollback(sp);
                c.releaseSavepoint(sp);
                Map<QualifiedName, Blocker> blockers = isBlocked(e) ? blockers(c, e) : Map.of();
                if (blockers.isEmpty()) {
                    throw failed(m, current, e);
                }
                detach(c, m, blockers, detached, grants);
            }
        }
    }

    private static List<SqlScript.Statement> statements(Migration m) {
        List<SqlScript.Statement> statements;
        try {
            statements = SqlScript.parse(m.sql()).statements();
        } catch (SqlScript.SyntaxError e) {
            throw new MatviewException(ErrorCode.MIGRATION_FILE, "cannot read the statements of " + m.name() + ": "
                    + e.getMessage(), m.name() + ":" + e.line(), "close the quote or comment; nothing was changed", e);
        }
        if (statements.isEmpty()) {
            throw new MatviewException(ErrorCode.MIGRATION_FILE, "the migration " + m.name() + " holds no statement",
                    m.name(), "give a file with the table migration's SQL; nothing was changed");
        }
        for (SqlScript.Statement st : statements) {
            boolean prepared = st.firstWord().equals("prepare") && st.sql().toLowerCase(Locale.ROOT)
                    .matches("(?s)prepare\\s+transaction\\b.*");
            if (TRANSACTION_CONTROL.contains(st.firstWord()) || prepared) {
                throw new MatviewException(ErrorCode.MIGRATION_FILE, m.name() + " controls the transaction ("
                        + st.firstWord().toUpperCase(Locale.ROOT) + ")", m.name() + ":" + st.line(),
                        "remove it: the migrations and the views run in one transaction that Matview commits or rolls back "
                                + "whole; nothing was changed");
            }
        }
        return statements;
    }

    private static boolean isBlocked(SQLException e) {
        return FEATURE_NOT_SUPPORTED.equals(e.getSQLState()) || DEPENDENT_OBJECTS_STILL_EXIST.equals(e.getSQLState());
    }

    /** A managed view named in a blocked migration's DETAIL, with the DETAIL's line. */
    private record Blocker(QualifiedName view, Kind kind, String reason) {
    }

    private record Managed(QualifiedName view, Kind kind, String description) {
    }

    /** The managed views that PostgreSQL's DETAIL names as blocking, by the same descriptions it uses. */
    private static Map<QualifiedName, Blocker> blockers(Connection c, SQLException e) throws SQLException {
        String detail = detail(e);
        Map<QualifiedName, Blocker> result = new LinkedHashMap<>();
        if (detail == null || !Catalog.exists(c)) {
            return result;
        }
        List<Managed> managed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SqlResource.load(Migrator.class, "managed-descriptions.sql"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                QualifiedName name = new QualifiedName(rs.getString("schema_name"), rs.getString("view_name"));
                Kind kind = rs.getString("relkind").equals("m") ? Kind.MATERIALIZED_VIEW : Kind.VIEW;
                managed.add(new Managed(name, kind, rs.getString("relation")));
                if (rs.getString("rule") != null) {
                    managed.add(new Managed(name, kind, rs.getString("rule")));
                }
            }
        }
        // longest first: "rule _RETURN on view v" before "view v"
        managed.sort(Comparator.comparingInt((Managed m) -> m.description().length()).reversed());
        for (String line : detail.split("\n")) {
            for (Managed m : managed) {
                if (mentions(line, m.description()) && !result.containsKey(m.view())) {
                    result.put(m.view(), new Blocker(m.view(), m.kind(), "PostgreSQL: " + line.strip()));
                }
            }
        }
        return result;
    }

    /** Whether {@code line} names {@code description} as a whole, not as part of a longer name. */
    static boolean mentions(String line, String description) {
        for (int i = line.indexOf(description); i >= 0; i = line.indexOf(description, i + 1)) {
            int end = i + description.length();
            boolean startOk = i == 0 || !namePart(line.charAt(i - 1));
            boolean endOk = end == line.length() || !namePart(line.charAt(end));
            if (startOk && endOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean namePart(char ch) {
        return Character.isLetterOrDigit(ch) || ch == '_' || ch == '$' || ch == '.' || ch == '"';
    }

    private static String detail(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        return server == null ? null : server.getDetail();
    }

    /**
     * Drops the blocking views and every managed view above them, each after the managed views that
     * read it; their grants are kept to give back after the re-apply.
     */
    private static void detach(Connection c, Migration m, Map<QualifiedName, Blocker> blockers, List<DetachedView> detached,
                               List<String> grants) throws SQLException {
        Map<QualifiedName, Set<QualifiedName>> reads = Catalog.reads(c);
        Map<QualifiedName, Set<QualifiedName>> readers = new HashMap<>();
        reads.forEach((reader, read) -> read.forEach(r -> readers.computeIfAbsent(r, k -> new TreeSet<>()).add(reader)));
        Map<QualifiedName, Kind> kinds = kinds(c);
        Map<QualifiedName, DetachedView> toDrop = new LinkedHashMap<>();
        Deque<QualifiedName> queue = new ArrayDeque<>();
        for (Blocker b : blockers.values()) {
            toDrop.put(b.view(), new DetachedView(b.view(), b.kind(), m.name(), b.reason()));
            queue.add(b.view());
        }
        while (!queue.isEmpty()) {
            QualifiedName v = queue.poll();
            for (QualifiedName reader : readers.getOrDefault(v, Set.of())) {
                if (!toDrop.containsKey(reader) && kinds.containsKey(reader)) {
                    toDrop.put(reader, new DetachedView(reader, kinds.get(reader), m.name(), "it reads " + v + ", which is detached"));
                    queue.add(reader);
                }
            }
        }
        for (QualifiedName v : toDrop.keySet()) {
            grants.addAll(Applier.grants(c, v));
        }
        Set<QualifiedName> dropped = new TreeSet<>();
        for (QualifiedName v : toDrop.keySet()) {
            drop(c, v, toDrop, readers, dropped);
        }
        for (QualifiedName v : dropped) {
            detached.add(toDrop.get(v));
        }
        detached.sort(Comparator.comparing((DetachedView d) -> d.view()));
    }

    private static void drop(Connection c, QualifiedName v, Map<QualifiedName, DetachedView> toDrop,
                             Map<QualifiedName, Set<QualifiedName>> readers, Set<QualifiedName> dropped) throws SQLException {
        if (!dropped.add(v)) {
            return;
        }
        for (QualifiedName reader : readers.getOrDefault(v, Set.of())) {
            if (toDrop.containsKey(reader)) {
                drop(c, reader, toDrop, readers, dropped);
            }
        }
        Savepoint sp = c.setSavepoint();
        try (Statement s = c.createStatement()) {
            s.execute("DROP " + toDrop.get(v).kind().sql() + " " + v.sql());
            c.releaseSavepoint(sp);
        } catch (SQLException e) {
            c.rollback(sp);
            if (DEPENDENT_OBJECTS_STILL_EXIST.equals(e.getSQLState())) {
                throw new MatviewException(ErrorCode.UNMANAGED_OBJECT, "the migration " + toDrop.get(v).migration()
                        + " needs " + v + " detached, but objects Matview does not manage depend on it:\n    "
                        + String.join("\n    ", String.valueOf(detail(e)).split("\n")), v.toString(),
                        "Matview never drops what it does not manage (and never uses CASCADE): give such a view a file "
                                + "in the views directory, or drop it yourself and recreate it after the migration; "
                                + "nothing was changed", e);
            }
            throw DatabaseErrors.translate(e);
        }
    }

    private static Map<QualifiedName, Kind> kinds(Connection c) throws SQLException {
        Map<QualifiedName, Kind> result = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select schema_name, view_name, relkind from matview.managed_relation")) {
            while (rs.next()) {
                result.put(new QualifiedName(rs.getString(1), rs.getString(2)),
                        rs.getString(3).equals("m") ? Kind.MATERIALIZED_VIEW : Kind.VIEW);
            }
        }
        return result;
    }

    private static MatviewException failed(Migration m, SqlScript.Statement st, SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        int line = st == null ? 0 : server != null && server.getPosition() > 0 ? st.lineAt(server.getPosition()) : st.line();
        String where = m.name() + (line > 0 ? ":" + line : "");
        if (DatabaseErrors.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
            return new MatviewException(ErrorCode.LOCK_TIMEOUT, "gave up waiting for a lock in the migration " + m.name() + ": "
                    + e.getMessage(), where, "a long query or open transaction is using the table; retry when it ends, or "
                    + "raise the lock timeout; nothing was changed", e);
        }
        String message = server != null && server.getMessage() != null ? server.getMessage() : e.getMessage();
        String detail = server == null || server.getDetail() == null ? "" : " (" + server.getDetail().replace('\n', ' ') + ")";
        if (isBlocked(e) && server != null && server.getDetail() != null) {
            return new MatviewException(ErrorCode.UNMANAGED_OBJECT, "objects Matview does not manage block the migration "
                    + m.name() + ": " + message + detail, where,
                    "Matview never drops what it does not manage (and never uses CASCADE): give such a view a file in "
                            + "the views directory, or drop it yourself and recreate it after the migration; nothing was changed", e);
        }
        String hint = server == null || server.getHint() == null ? "fix the migration; nothing was changed"
                : server.getHint() + " (nothing was changed)";
        return new MatviewException(ErrorCode.MIGRATION_FAILED, "PostgreSQL rejected the migration " + m.name() + ": [" + e.getSQLState()
                + "] " + message + detail, where, hint, e);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
