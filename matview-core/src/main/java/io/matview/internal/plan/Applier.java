package io.matview.internal.plan;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.matview.internal.catalog.Catalog;
import io.matview.internal.db.DatabaseErrors;
import io.matview.internal.incremental.IncrementalViews;
import io.matview.internal.view.IndexDefinition;
import io.matview.internal.view.Reference;
import io.matview.internal.view.ViewDefinition;
import io.matview.internal.view.ViewSet;
import io.matview.plan.Action;
import io.matview.plan.ApplyResult;
import io.matview.plan.Plan;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import io.matview.view.ViewFileException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Carries a plan out in the caller's transaction.
 *
 * <p>A rebuilt object is first built beside the old one under a shadow name (its data and indexes
 * included), reading the shadows of the other rebuilt objects; only then are the old objects dropped
 * and the shadows renamed into place. Readers of the old objects keep reading during every build and
 * wait only for the drop-and-rename at the end.
 */
public final class Applier {
    private static final Pattern KEY_WORDS = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Set<String> NOT_A_NAME = Set.of("asc", "desc", "nulls", "first", "last", "collate");

    private final Connection c;
    private final Planner.Result planned;
    private final ViewSet views;
    /** Old name to shadow name, for every rebuilt object. */
    private final Map<QualifiedName, QualifiedName> shadows = new LinkedHashMap<>();
    /** Tables of incremental views' rows that rebuilds replaced: dropped with the old objects. */
    private final List<QualifiedName> replacedStorage = new ArrayList<>();

    /** The table migrations the views of {@link #reapplied} were detached for; empty for an ordinary apply. */
    private final List<String> migrations;
    private final Set<QualifiedName> reapplied;

    private Applier(Connection c, Planner.Result planned, ViewSet views, Set<QualifiedName> reapplied,
                    List<String> migrations) {
        this.c = c;
        this.planned = planned;
        this.views = views;
        this.reapplied = reapplied;
        this.migrations = migrations;
    }

    /**
     * Makes the database match {@code views} in the caller's transaction; on any error the caller
     * rolls back and the database is as it was.
     *
     * @param allowDrop whether managed views whose files are gone may be dropped
     * @param lockTimeout how long any statement may wait for a lock before apply gives up
     */
    public static ApplyResult apply(Connection c, ViewSet views, boolean allowDrop, Duration lockTimeout)
            throws SQLException {
        return apply(c, views, allowDrop, lockTimeout, Map.of(), List.of());
    }

    /**
     * {@link #apply(Connection, ViewSet, boolean, Duration)} after table migrations that detached
     * (dropped) managed views: those are created again from their files, each as a new version
     * recorded with {@code migrations}.
     *
     * @param detached the detached views, with why
     */
    public static ApplyResult apply(Connection c, ViewSet views, boolean allowDrop, Duration lockTimeout,
                                    Map<QualifiedName, String> detached, List<String> migrations) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
        }
        Catalog.migrate(c);
        Planner.Result planned = Planner.steps(c, views, detached);
        Plan plan = planned.plan();
        if (plan.drops() && !allowDrop) {
            String dropped = plan.changes().stream().filter(ch -> ch.action() == Action.DROP)
                    .map(ch -> ch.view().toString()).collect(Collectors.joining(", "));
            throw new MatviewException(ErrorCode.DROP_NOT_ALLOWED, "the plan drops " + dropped
                    + " (their files are gone); nothing was applied", null,
                    "allow drops to drop them, or restore their files from the history of definitions");
        }
        new Applier(c, planned, views, detached.keySet(), List.copyOf(migrations)).run();
        return new ApplyResult(plan, dependencyWarnings(c, views));
    }

    private void run() throws SQLException {
        for (Planner.Step s : planned.steps()) {
            if (s.action() == Action.REBUILD && planned.relations().containsKey(s.name())) {
                shadows.put(s.name(), s.name().withName(shadowName(s.name())));
            }
        }
        // A replaced plain view stays locked until commit: replace it, and refresh what reads it, after the
        // builds, unless a build reads it, directly or through other views.
        Set<QualifiedName> readByBuilds = readByBuilds();
        List<Planner.Step> deferred = new ArrayList<>();
        for (Planner.Step s : planned.steps()) {
            if ((s.action() == Action.REPLACE || s.action() == Action.REFRESH) && !readByBuilds.contains(s.name())) {
                deferred.add(s);
                continue;
            }
            carryOut(s);
        }
        // every replace before any refresh: a view Matview does not manage may hide that one reads the other
        for (Planner.Step s : deferred) {
            if (s.action() == Action.REPLACE) {
                carryOut(s);
            }
        }
        for (Planner.Step s : deferred) {
            if (s.action() == Action.REFRESH) {
                carryOut(s);
            }
        }
        dropOldObjects();
        for (QualifiedName storage : replacedStorage) {
            IncrementalViews.dropStorage(c, storage);
        }
        for (Planner.Step s : planned.steps()) {
            boolean wasIncremental = s.managed() != null && s.managed().kind().incremental();
            if (wasIncremental && (s.action() == Action.DROP || !s.kind().incremental())) {
                IncrementalViews.forget(c, s.name());
            }
        }
        for (Map.Entry<QualifiedName, QualifiedName> e : shadows.entrySet()) {
            ViewDefinition v = planned.steps().stream().filter(s -> s.name().equals(e.getKey())).findFirst()
                    .orElseThrow().definition();
            execute("ALTER " + v.kind().sql() + " " + e.getValue().sql() + " RENAME TO "
                    + QualifiedName.quoteIdentifier(e.getKey().name()));
            // an incremental view's indexes are on its table, whose name does not change
            List<String> finals = v.kind().incremental() ? List.of() : indexNames(v, e.getKey().name());
            List<String> shadowIndexes = v.kind().incremental() ? List.of() : indexNames(v, e.getValue().name());
            for (int i = 0; i < finals.size(); i++) {
                execute("ALTER INDEX " + e.getKey().withName(shadowIndexes.get(i)).sql() + " RENAME TO "
                        + QualifiedName.quoteIdentifier(finals.get(i)));
            }
        }
        for (Planner.Step s : planned.steps()) {
            if (s.action() == Action.DROP) {
                Catalog.forget(c, s.name());
            } else if (s.changed()) {
                Catalog.record(c, s.definition(), reapplied.contains(s.name()) ? migrations : List.of());
            } else if (s.action() != Action.REFRESH) {
                Catalog.touch(c, s.name());
            }
            if (s.action() == Action.CREATE || s.action() == Action.REBUILD || s.action() == Action.REFRESH) {
                // New data: readers' caches keyed by generation must not serve the old one.
                Catalog.advanceGeneration(c, s.name(), transactionStart(c));
            }
        }
    }

    private void carryOut(Planner.Step s) throws SQLException {
        switch (s.action()) {
            case CREATE -> create(s.definition(), s.name());
            case REBUILD -> {
                QualifiedName target = shadows.getOrDefault(s.name(), s.name());
                create(s.definition(), target);
                if (!target.equals(s.name())) {
                    for (String grant : DatabaseState.grants(c, s.name(), target)) {
                        execute(grant);
                    }
                }
            }
            case REPLACE -> replace(s);
            case REFRESH -> refresh(s);
            case DROP -> { }
        }
    }

    /** The GRANT statements that give {@code view} back the privileges it has now (all but its owner's). */
    public static List<String> grants(Connection c, QualifiedName view) throws SQLException {
        return DatabaseState.grants(c, view, view);
    }

    /**
     * Checks that every view file except {@code skip} (created or rebuilt just now) still works on the
     * database as it is: its query is tried as a temporary view, then rolled back. After a table
     * migration, a file that names a renamed or dropped table or column fails here, against its line.
     */
    public static void checkQueries(Connection c, ViewSet views, Set<QualifiedName> skip) throws SQLException {
        String probe = "CREATE TEMPORARY VIEW matview_probe AS\n";
        for (ViewDefinition v : views.inDependencyOrder()) {
            if (skip.contains(v.name())) {
                continue;
            }
            Savepoint sp = c.setSavepoint();
            try (Statement s = c.createStatement()) {
                s.execute(probe + v.query());
            } catch (SQLException e) {
                c.rollback(sp);
                MatviewException error = SqlErrors.at(v, e, probe, v.query(), Map.of());
                throw new ViewFileException(v.source().file(), lineOf(error), error.what()
                        + " (after the table migration)", "the migration changed what this file reads (a renamed "
                        + "or dropped table or column?): edit the file to match, then migrate again; nothing was changed", e);
            }
            c.rollback(sp);
        }
    }

    private static int lineOf(MatviewException e) {
        return e instanceof ViewFileException f ? f.line() : 0;
    }

    /** The views that the objects created or rebuilt in this apply read, directly or through other views. */
    private Set<QualifiedName> readByBuilds() {
        Deque<QualifiedName> queue = new ArrayDeque<>();
        planned.steps().stream().filter(s -> s.action() == Action.CREATE || s.action() == Action.REBUILD)
                .forEach(s -> queue.addAll(s.definition().dependencies()));
        Set<QualifiedName> read = new HashSet<>();
        while (!queue.isEmpty()) {
            QualifiedName n = queue.poll();
            if (read.add(n)) {
                views.get(n).ifPresent(v -> queue.addAll(v.dependencies()));
            }
        }
        return read;
    }

    /**
     * Refreshes a materialized view that reads a view replaced in this apply. Concurrently: readers keep
     * reading its old rows until commit (the planner rebuilds instead where that is not possible).
     */
    private void refresh(Planner.Step s) throws SQLException {
        ViewDefinition v = s.definition();
        try (Statement st = c.createStatement()) {
            st.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY " + s.name().sql());
        } catch (SQLException e) {
            if (DatabaseErrors.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw SqlErrors.at(v, e, "", "", Map.of());
            }
            throw SqlErrors.at(v, 0, "PostgreSQL could not refresh " + s.name() + " (" + s.reason() + "): "
                    + SqlErrors.messageOf(e), "the new SQL of a view it reads gives rows it cannot hold (duplicates of "
                    + "its unique key?): fix that view's file or this one", e);
        }
        if (s.changed()) {
            comment(v, s.name());
        }
    }

    private static java.time.Instant transactionStart(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select now()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private void create(ViewDefinition v, QualifiedName target) throws SQLException {
        if (v.kind().incremental()) {
            createIncremental(v, target);
            return;
        }
        String prefix = "CREATE " + v.kind().sql() + " " + target.sql() + " AS\n";
        executeQuery(v, prefix, shadowsReadBy(v), v.materialized() ? "\nWITH DATA" : "");
        List<String> names = indexNames(v, target.name());
        int i = 0;
        if (!v.uniqueKey().isEmpty()) {
            String sql = "CREATE UNIQUE INDEX " + QualifiedName.quoteIdentifier(names.get(i++)) + " ON " + target.sql()
                    + " (" + String.join(", ", v.uniqueKey()) + ")";
            executeDirective(v, v.directiveLines().get("unique"), sql);
        }
        for (IndexDefinition index : v.indexes()) {
            executeDirective(v, index.line(), index.createSql(names.get(i++), target));
        }
        comment(v, target);
    }

    /**
     * An incremental view: its rows in a new table (beside the old one when rebuilt, so readers keep reading
     * until the swap), filled fully from the query in the view's time zone; then the view of its name.
     */
    private void createIncremental(ViewDefinition v, QualifiedName target) throws SQLException {
        String zone = IncrementalViews.useTimeZone(c, v);
        QualifiedName old = IncrementalViews.storageOf(c, v.name());
        if (old != null) {
            replacedStorage.add(old);
        }
        QualifiedName storage = IncrementalViews.newStorage(v.name());
        Map<QualifiedName, QualifiedName> renames = shadowsReadBy(v);
        executeQuery(v, "CREATE TABLE " + storage.sql() + " AS\n", renames, "");
        List<String> names = indexNames(v, storage.name());
        int i = 0;
        if (!v.uniqueKey().isEmpty()) {
            executeDirective(v, v.directiveLines().get("unique"), "CREATE UNIQUE INDEX " + QualifiedName.quoteIdentifier(
                    names.get(i++)) + " ON " + storage.sql() + " (" + String.join(", ", v.uniqueKey()) + ")");
        }
        for (IndexDefinition index : v.indexes()) {
            executeDirective(v, index.line(), index.createSql(names.get(i++), storage));
        }
        // refreshes delete and insert by bucket
        execute("CREATE INDEX ON " + storage.sql() + " (" + QualifiedName.quoteIdentifier(v.incremental().bucketColumn()) + ")");
        String viewSql = IncrementalViews.record(c, v, storage, v.windowedQueryReading(renames));
        execute("CREATE VIEW " + target.sql() + " AS\n" + viewSql);
        IncrementalViews.restoreTimeZone(c, zone);
        comment(v, target);
    }

    private void replace(Planner.Step s) throws SQLException {
        ViewDefinition v = s.definition();
        if (v.kind() == Kind.VIEW && s.queryChanged()) {
            executeQuery(v, "CREATE OR REPLACE VIEW " + v.name().sql() + " AS\n", shadowsReadBy(v), "");
        }
        comment(v, v.name());
    }

    private void comment(ViewDefinition v, QualifiedName target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select format('COMMENT ON %s %s IS %L', ?, ?, ?::text)")) {
            ps.setString(1, v.kind().sql());
            ps.setString(2, target.sql());
            ps.setString(3, v.description());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                execute(rs.getString(1));
            }
        }
    }

    /**
     * Drops the old versions of rebuilt objects and the dropped ones, each after everything that
     * depends on it, so that no DROP needs CASCADE.
     */
    private void dropOldObjects() throws SQLException {
        Set<QualifiedName> toDrop = new TreeSet<>(shadows.keySet());
        planned.steps().stream().filter(s -> s.action() == Action.DROP && planned.relations().containsKey(s.name()))
                .forEach(s -> toDrop.add(s.name()));
        Map<QualifiedName, Set<QualifiedName>> dependentsOf = new HashMap<>();
        for (DatabaseState.Dependent d : planned.dependents()) {
            if (d.relation() != null && toDrop.contains(d.referenced()) && toDrop.contains(d.relation())) {
                dependentsOf.computeIfAbsent(d.referenced(), k -> new HashSet<>()).add(d.relation());
            }
        }
        Set<QualifiedName> dropped = new HashSet<>();
        for (QualifiedName n : toDrop) {
            drop(n, dependentsOf, dropped);
        }
    }

    private void drop(QualifiedName n, Map<QualifiedName, Set<QualifiedName>> dependentsOf, Set<QualifiedName> dropped)
            throws SQLException {
        if (!dropped.add(n)) {
            return;
        }
        for (QualifiedName dependent : new TreeSet<>(dependentsOf.getOrDefault(n, Set.of()))) {
            drop(dependent, dependentsOf, dropped);
        }
        Kind kind = DatabaseState.kindOf(planned.relations().get(n));
        execute("DROP " + kind.sql() + " " + n.sql());
    }

    /** The shadows of the rebuilt objects that {@code v} reads: its SQL must read the new versions. */
    private Map<QualifiedName, QualifiedName> shadowsReadBy(ViewDefinition v) {
        Map<QualifiedName, QualifiedName> renames = new HashMap<>();
        for (Reference r : v.references()) {
            QualifiedName shadow = shadows.get(r.target());
            if (shadow != null) {
                renames.put(r.target(), shadow);
            }
        }
        return renames;
    }

    private void executeQuery(ViewDefinition v, String prefix, Map<QualifiedName, QualifiedName> renames, String suffix)
            throws SQLException {
        String query = v.queryReading(renames);
        try (Statement s = c.createStatement()) {
            s.execute(prefix + query + suffix);
        } catch (SQLException e) {
            throw SqlErrors.at(v, e, prefix, query, renames);
        }
    }

    private void executeDirective(ViewDefinition v, int line, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw SqlErrors.at(v, line, "PostgreSQL rejected an index of " + v.name() + ": " + e.getMessage(), null, e);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * The indexes' names on a materialized view called {@code table}: the unique key first
     * ({@code table_cols_key}), then each {@code index:} ({@code table_cols_idx}), as PostgreSQL would
     * name them, shortened with a hash where they would pass 63 bytes.
     */
    static List<String> indexNames(ViewDefinition v, String table) {
        List<String> names = new ArrayList<>();
        if (!v.uniqueKey().isEmpty()) {
            names.add(fit(table + "_" + words(String.join(" ", v.uniqueKey())) + "_key", names));
        }
        for (IndexDefinition index : v.indexes()) {
            names.add(fit(table + "_" + words(index.keys()) + "_idx", names));
        }
        return names;
    }

    private static String words(String keys) {
        List<String> words = new ArrayList<>();
        Matcher m = KEY_WORDS.matcher(keys.toLowerCase(java.util.Locale.ROOT));
        while (m.find()) {
            if (!NOT_A_NAME.contains(m.group())) {
                words.add(m.group());
            }
        }
        return words.isEmpty() ? "expr" : String.join("_", words);
    }

    private static String fit(String name, List<String> taken) {
        String candidate = name;
        for (int n = 2; taken.contains(candidate); n++) {
            candidate = name + n;
        }
        if (candidate.getBytes(StandardCharsets.UTF_8).length <= QualifiedName.MAX_IDENTIFIER_BYTES) {
            return candidate;
        }
        String hash = ViewDefinition.sha256(candidate).substring(0, 8);
        return candidate.substring(0, QualifiedName.MAX_IDENTIFIER_BYTES - 9) + "_" + hash;
    }

    private static String shadowName(QualifiedName name) {
        return "_matview_new_" + ViewDefinition.sha256(name.toString()).substring(0, 12);
    }

    /**
     * Compares the dependencies found in the SQL with those PostgreSQL recorded, after the apply.
     * A dependency PostgreSQL sees that Matview missed may break its ordering next time.
     */
    private static List<String> dependencyWarnings(Connection c, ViewSet views) throws SQLException {
        Map<QualifiedName, Set<QualifiedName>> recorded = new HashMap<>();
        for (DatabaseState.Dependent d : DatabaseState.dependents(c, views.names())) {
            if (d.relation() != null && views.names().contains(d.relation())) {
                recorded.computeIfAbsent(d.relation(), k -> new TreeSet<>()).add(d.referenced());
            }
        }
        List<String> warnings = new ArrayList<>();
        for (ViewDefinition v : views.inDependencyOrder()) {
            Set<QualifiedName> inDb = recorded.getOrDefault(v.name(), Set.of());
            for (QualifiedName d : inDb) {
                if (!v.dependencies().contains(d)) {
                    warnings.add(v.source().file() + ": PostgreSQL records that " + v.name() + " reads " + d
                            + ", which Matview did not find in its SQL; add '-- depends: " + d + "' so that it is "
                            + "always created and rebuilt after " + d);
                }
            }
            for (QualifiedName d : v.dependencies()) {
                if (!inDb.contains(d) && !v.declaredDependencies().contains(d)) {
                    warnings.add(v.source().file() + ": Matview found " + d + " in the SQL of " + v.name()
                            + ", but PostgreSQL records no such dependency (a column or alias spelled like it?); "
                            + "harmless: it only orders " + v.name() + " after " + d);
                }
            }
        }
        return warnings;
    }
}
