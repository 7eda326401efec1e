package io.matview.internal.plan;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.matview.catalog.DefinitionVersion;
import io.matview.internal.catalog.Catalog;
import io.matview.internal.catalog.ManagedView;
import io.matview.internal.incremental.IncrementalViews;
import io.matview.internal.view.ViewDefinition;
import io.matview.internal.view.ViewSet;
import io.matview.plan.Action;
import io.matview.plan.Change;
import io.matview.plan.Plan;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the view files with the catalog and with PostgreSQL's own catalogs, and decides for each
 * object what apply must do. Reads only: everything it tries is rolled back.
 */
public final class Planner {

    /**
     * One object's part in a plan.
     *
     * @param definition the file's definition; {@code null} for a drop
     * @param managed what the catalog knows; {@code null} for a new view
     * @param changed whether the definition differs from the last one applied (a new catalog version)
     * @param queryChanged whether the query text differs (a plain view's {@code CREATE OR REPLACE})
     */
    record Step(Action action, QualifiedName name, Kind kind, ViewDefinition definition, ManagedView managed,
                String reason, boolean changed, boolean queryChanged) {
        Change change() {
            return new Change(action, name, kind, reason);
        }

        Step becomes(Action newAction, String why) {
            return new Step(newAction, name, kind, definition, managed, why, changed, queryChanged);
        }
    }

    /** The steps in the order apply takes them, and what the database looked like when planned. */
    record Result(List<Step> steps, Map<QualifiedName, Character> relations, List<DatabaseState.Dependent> dependents) {
        Plan plan() {
            return new Plan(steps.stream().map(Step::change).toList());
        }
    }

    private Planner() {
    }

    /** The plan that would make the database match {@code views}; looks only, changes nothing. */
    public static Plan plan(Connection c, ViewSet views) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            int version = Catalog.version(c);
            if (version > 0 && version < Catalog.latestVersion()) {
                // an older release applied here: read through the upgraded catalog, then roll the upgrade back
                Catalog.migrate(c);
            }
            return steps(c, views).plan();
        } finally {
            c.rollback(sp);
        }
    }

    static Result steps(Connection c, ViewSet views) throws SQLException {
        return steps(c, views, Map.of());
    }

    /** @param detached the views a table migration detached, with why: created again, as a new version */
    static Result steps(Connection c, ViewSet views, Map<QualifiedName, String> detached) throws SQLException {
        Map<QualifiedName, ManagedView> managed = Catalog.managedViews(c);
        Set<QualifiedName> names = new TreeSet<>(views.names());
        names.addAll(managed.keySet());
        Map<QualifiedName, Character> relations = DatabaseState.relations(c, names);

        Map<QualifiedName, Step> steps = new LinkedHashMap<>();
        for (ViewDefinition v : views.inDependencyOrder()) {
            Step step = stepFor(c, v, managed.get(v.name()), relations.get(v.name()), steps);
            if (step != null && detached.containsKey(v.name()) && step.action() == Action.CREATE) {
                step = new Step(Action.CREATE, v.name(), v.kind(), v, step.managed(),
                        "re-applied after the migration (" + detached.get(v.name()) + ")", true, true);
            }
            if (step != null) {
                steps.put(v.name(), step);
            }
        }
        for (ManagedView m : managed.values()) {
            if (views.get(m.name()).isEmpty()) {
                String reason = relations.containsKey(m.name()) ? "its file " + m.current().sourceFile() + " is gone"
                        : "its file is gone, and so is the object";
                steps.put(m.name(), new Step(Action.DROP, m.name(), m.kind(), null, m, reason, true, false));
            }
        }

        for (Step drop : steps.values().stream().filter(s -> s.action() == Action.DROP).toList()) {
            for (ViewDefinition v : views.inDependencyOrder()) {
                if (v.reads(drop.name(), views.defaultSchema())) {
                    throw new MatviewException(ErrorCode.VIEW_SET, v.name() + " reads " + drop.name() + ", whose file "
                            + drop.managed().current().sourceFile() + " is gone", v.source().file().toString(),
                            "restore the file (version " + drop.managed().version() + " of " + drop.name()
                                    + " in the history of definitions), or change " + v.name() + " so that it no longer reads it");
                }
            }
        }
        List<DatabaseState.Dependent> dependents = DatabaseState.dependents(c, relations.keySet());
        propagateReplaces(c, steps, relations.keySet(), dependents, managed, views);
        propagateRebuilds(steps, dependents, managed, views);
        return new Result(List.copyOf(steps.values()), relations, dependents);
    }

    private static Step stepFor(Connection c, ViewDefinition v, ManagedView m, Character relkind,
                                Map<QualifiedName, Step> planned) throws SQLException {
        if (m == null) {
            if (relkind != null) {
                throw new MatviewException(ErrorCode.UNMANAGED_OBJECT, v.name() + " already exists and is not managed by Matview",
                        v.source().file().toString(),
                        "Matview never touches objects it does not manage: drop or rename the existing object, "
                                + "or rename the view file");
            }
            return new Step(Action.CREATE, v.name(), v.kind(), v, null, "new file " + v.source().file(), true, true);
        }
        boolean changed = !m.definitionHash().equals(v.definitionHash());
        boolean queryChanged = !m.current().query().equals(v.query());
        if (relkind == null) {
            return new Step(Action.CREATE, v.name(), v.kind(), v, m, "missing from the database (dropped outside Matview)",
                    changed, true);
        }
        if (!DatabaseState.kindOf(relkind).sql().equals(v.kind().sql()) || m.kind() != v.kind()) {
            return new Step(Action.REBUILD, v.name(), v.kind(), v, m, "it became " + (v.kind() == Kind.INCREMENTAL_VIEW
                    ? "an " : "a ") + (v.kind() == Kind.VIEW ? "plain view" : v.kind().label()), true, true);
        }
        if (!changed) {
            return null;
        }
        DefinitionVersion old = m.current();
        List<String> reasons = reasons(old, v);
        String reason = String.join(", ", reasons);
        boolean structural = queryChanged || !old.uniqueKey().equals(v.uniqueKey())
                || !old.indexes().equals(v.canonicalIndexes());
        if (v.kind().incremental() && !v.incremental().canonical().equals(IncrementalViews.specOf(c, v.name()))) {
            reason = reason.equals("its definition changed") ? "its incremental directive changed" : reason;
            structural = true;
        }
        if (v.kind().refreshable()) {
            return new Step(structural ? Action.REBUILD : Action.REPLACE, v.name(), v.kind(), v, m, reason, true, queryChanged);
        }
        if (!queryChanged) {
            return new Step(Action.REPLACE, v.name(), v.kind(), v, m, reason, true, false);
        }
        String incompatible = replaceBlocker(c, v, planned);
        if (incompatible == null) {
            return new Step(Action.REPLACE, v.name(), v.kind(), v, m, reason, true, true);
        }
        return new Step(Action.REBUILD, v.name(), v.kind(), v, m, reason + "; " + incompatible, true, true);
    }

    private static List<String> reasons(DefinitionVersion old, ViewDefinition v) {
        List<String> reasons = new ArrayList<>();
        if (!old.query().equals(v.query())) {
            reasons.add("its SQL changed");
        }
        if (!old.uniqueKey().equals(v.uniqueKey())) {
            reasons.add("its unique key changed");
        }
        if (!old.indexes().equals(v.canonicalIndexes())) {
            reasons.add("its indexes changed");
        }
        if (!Objects.equals(old.description(), v.description())) {
            reasons.add("its description changed");
        }
        if (!old.refreshPolicy().equals(v.refresh().toString())) {
            reasons.add("its refresh policy changed (" + old.refreshPolicy() + " -> " + v.refresh() + ")");
        }
        Long timeout = v.refreshTimeout() == null ? null : v.refreshTimeout().toMillis();
        if (!Objects.equals(old.statementTimeoutMs(), timeout)) {
            reasons.add("its refresh timeout changed");
        }
        List<String> depends = v.declaredDependencies().stream().sorted().map(QualifiedName::toString).toList();
        if (!old.depends().equals(depends)) {
            reasons.add("its depends: changed");
        }
        if (reasons.isEmpty()) {
            reasons.add("its definition changed");
        }
        return reasons;
    }

    /**
     * Why {@code CREATE OR REPLACE VIEW} would refuse the new query (it accepts only added columns at
     * the end), or {@code null} when it accepts it. Tried on a temporary view, then rolled back.
     */
    private static String replaceBlocker(Connection c, ViewDefinition v, Map<QualifiedName, Step> planned)
            throws SQLException {
        List<String> newColumns;
        String probe = "CREATE TEMPORARY VIEW matview_probe AS\n";
        Savepoint sp = c.setSavepoint();
        try (Statement s = c.createStatement()) {
            s.execute(probe + v.query());
            newColumns = DatabaseState.columns(c, "pg_temp.matview_probe");
        } catch (SQLException e) {
            c.rollback(sp);
            for (QualifiedName d : v.dependencies()) {
                Step dep = planned.get(d);
                if (dep != null && (dep.action() == Action.CREATE || dep.action() == Action.REBUILD)) {
                    return "it reads " + d + ", which is " + (dep.action() == Action.CREATE ? "created" : "rebuilt");
                }
            }
            throw SqlErrors.at(v, e, probe, v.query(), Map.of());
        }
        c.rollback(sp);
        List<String> oldColumns = DatabaseState.columns(c, v.name().sql());
        if (newColumns.size() >= oldColumns.size() && newColumns.subList(0, oldColumns.size()).equals(oldColumns)) {
            return null;
        }
        return "its columns changed (" + names(oldColumns) + " -> " + names(newColumns) + ")";
    }

    private static String names(List<String> columns) {
        return String.join(", ", columns.stream().map(col -> col.substring(0, col.lastIndexOf(' '))).toList());
    }

    /**
     * A plain view replaced in place with a new query changes at once what every view reading it
     * shows, but a materialized view above it, directly or through other views, still holds rows
     * computed from the old query. Each such managed materialized view is refreshed concurrently
     * (readers are not blocked), or rebuilt beside when it cannot be; the materialized views that
     * read a refreshed one follow.
     */
    private static void propagateReplaces(Connection c, Map<QualifiedName, Step> steps, Set<QualifiedName> listed,
                                          List<DatabaseState.Dependent> dependents,
                                          Map<QualifiedName, ManagedView> managed, ViewSet views) throws SQLException {
        // What changed in each view whose content changed, as the reason of the materialized views reading it
        Map<QualifiedName, String> changedContent = new LinkedHashMap<>();
        steps.values().stream().filter(s -> s.action() == Action.REPLACE && s.kind() == Kind.VIEW && s.queryChanged())
                .forEach(s -> changedContent.put(s.name(), s.name() + ", whose SQL changed"));
        Deque<QualifiedName> queue = new ArrayDeque<>(changedContent.keySet());
        while (!queue.isEmpty()) {
            QualifiedName changed = queue.poll();
            // a view Matview does not manage may stand between: its readers are looked up too
            List<DatabaseState.Dependent> readers = listed.contains(changed) ? dependents
                    : DatabaseState.dependents(c, List.of(changed));
            for (DatabaseState.Dependent d : readers) {
                if (!d.referenced().equals(changed) || !d.isView() || changedContent.containsKey(d.relation())) {
                    continue;
                }
                Step existing = steps.get(d.relation());
                if (existing != null && existing.action() != Action.REPLACE) {
                    continue; // created, rebuilt or refreshed already: new data either way
                }
                String why = "it reads " + changedContent.get(changed);
                if (d.relkind() == 'v') {
                    changedContent.put(d.relation(), d.relation() + ", which reads " + changedContent.get(changed));
                    queue.add(d.relation());
                    continue;
                }
                if (!managed.containsKey(d.relation())) {
                    continue; // Matview never touches a materialized view it does not manage
                }
                String reason = existing == null ? why : existing.reason() + "; " + why;
                String blocker = DatabaseState.notConcurrentlyRefreshable(c, d.relation());
                Step step = existing != null ? existing
                        : new Step(Action.REFRESH, d.relation(), Kind.MATERIALIZED_VIEW, views.get(d.relation()).get(),
                                managed.get(d.relation()), reason, false, false);
                if (blocker == null) {
                    steps.put(d.relation(), step.becomes(Action.REFRESH, reason));
                    changedContent.put(d.relation(), d.relation() + ", which is refreshed");
                    queue.add(d.relation());
                } else {
                    // rebuilt beside, so readers still wait only for the swap; propagateRebuilds takes its dependents
                    steps.put(d.relation(), step.becomes(Action.REBUILD, reason + " (rebuilt, not refreshed: " + blocker + ")"));
                    changedContent.put(d.relation(), d.relation() + ", which is rebuilt");
                }
            }
        }
    }

    /**
     * A rebuilt or dropped object takes with it everything PostgreSQL records as depending on it:
     * managed dependents are rebuilt too; anything else stops the plan, because Matview will not drop
     * an object it does not manage, and will not let CASCADE do it either.
     */
    private static void propagateRebuilds(Map<QualifiedName, Step> steps, List<DatabaseState.Dependent> dependents,
                                          Map<QualifiedName, ManagedView> managed, ViewSet views) {
        Deque<QualifiedName> queue = new ArrayDeque<>();
        steps.values().stream().filter(s -> s.action() == Action.REBUILD || s.action() == Action.DROP)
                .forEach(s -> queue.add(s.name()));
        Set<String> blockers = new LinkedHashSet<>();
        while (!queue.isEmpty()) {
            QualifiedName gone = queue.poll();
            for (DatabaseState.Dependent d : dependents) {
                if (!d.referenced().equals(gone)) {
                    continue;
                }
                if (!d.isView() || !managed.containsKey(d.relation())) {
                    String what = d.isView() ? DatabaseState.kindOf(d.relkind()).label() + " " + d.relation() : d.description();
                    blockers.add(what + " depends on " + gone + " (" + steps.get(gone).action().label() + ")");
                    continue;
                }
                Step existing = steps.get(d.relation());
                if (existing == null && views.get(d.relation()).isPresent()) {
                    ManagedView m = managed.get(d.relation());
                    steps.put(d.relation(), new Step(Action.REBUILD, d.relation(), m.kind(), views.get(d.relation()).get(),
                            m, "it reads " + gone + ", which is rebuilt", false, false));
                    queue.add(d.relation());
                } else if (existing != null && (existing.action() == Action.REPLACE || existing.action() == Action.REFRESH)) {
                    steps.put(d.relation(), existing.becomes(Action.REBUILD, existing.reason() + "; it reads " + gone + ", which is rebuilt"));
                    queue.add(d.relation());
                }
            }
        }
        if (!blockers.isEmpty()) {
            throw new MatviewException(ErrorCode.UNMANAGED_OBJECT, "objects that Matview does not manage depend on views this plan must "
                    + "drop or rebuild:\n    " + String.join("\n    ", blockers), null,
                    "Matview never drops what it does not manage (and never uses CASCADE). Either give each such "
                            + "view a file in the views directory so that Matview manages and rebuilds it too, or "
                            + "drop it yourself and recreate it after apply");
        }
        reorder(steps, views);
    }

    /** Creates, replaces and rebuilds in the files' dependency order, then drops. */
    private static void reorder(Map<QualifiedName, Step> steps, ViewSet views) {
        Map<QualifiedName, Step> ordered = new LinkedHashMap<>();
        for (ViewDefinition v : views.inDependencyOrder()) {
            Step s = steps.get(v.name());
            if (s != null) {
                ordered.put(v.name(), s);
            }
        }
        steps.values().stream().filter(s -> s.action() == Action.DROP).forEach(s -> ordered.put(s.name(), s));
        steps.clear();
        steps.putAll(ordered);
    }
}
