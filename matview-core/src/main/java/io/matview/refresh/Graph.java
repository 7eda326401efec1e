package io.matview.refresh;

import io.matview.catalog.RuntimeView;
import io.matview.view.QualifiedName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The managed views and which read which, as PostgreSQL records it: what a refresh must cascade to
 * and in what order.
 *
 * @param reads for each view, the managed views it reads
 */
public record Graph(Map<QualifiedName, RuntimeView> views, Map<QualifiedName, Set<QualifiedName>> reads) {

    /** Every managed view that {@code view} reads, directly or not. */
    public Set<QualifiedName> upstream(QualifiedName view) {
        return closure(view, reads);
    }

    /** Every managed view that reads {@code view}, directly or not. */
    public Set<QualifiedName> downstream(QualifiedName view) {
        Map<QualifiedName, Set<QualifiedName>> readBy = new HashMap<>();
        reads.forEach((v, sources) -> sources.forEach(s -> readBy.computeIfAbsent(s, k -> new TreeSet<>()).add(v)));
        return closure(view, readBy);
    }

    private static Set<QualifiedName> closure(QualifiedName start, Map<QualifiedName, Set<QualifiedName>> edges) {
        Set<QualifiedName> seen = new LinkedHashSet<>();
        Deque<QualifiedName> todo = new ArrayDeque<>(edges.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            QualifiedName n = todo.poll();
            if (seen.add(n)) {
                todo.addAll(edges.getOrDefault(n, Set.of()));
            }
        }
        return seen;
    }

    /** {@code subset} with every view after the views it reads; ties by name, so the order is stable. */
    List<QualifiedName> order(Collection<QualifiedName> subset) {
        List<QualifiedName> ordered = new ArrayList<>();
        Set<QualifiedName> placed = new LinkedHashSet<>();
        Set<QualifiedName> wanted = new TreeSet<>(subset);
        for (QualifiedName v : wanted) {
            place(v, wanted, placed, ordered);
        }
        return ordered;
    }

    private void place(QualifiedName v, Set<QualifiedName> wanted, Set<QualifiedName> placed, List<QualifiedName> ordered) {
        if (!placed.add(v)) {
            return;
        }
        for (QualifiedName source : new TreeSet<>(upstream(v))) {
            if (wanted.contains(source)) {
                place(source, wanted, placed, ordered);
            }
        }
        ordered.add(v);
    }
}
