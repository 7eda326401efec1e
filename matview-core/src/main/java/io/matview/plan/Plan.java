package io.matview.plan;

import java.util.List;

/**
 * What apply would do to make the database match the view files, in the order it does it.
 *
 * @param changes one per object that changes; empty when the database matches the files
 */
public record Plan(List<Change> changes) {

    public Plan {
        changes = List.copyOf(changes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public boolean drops() {
        return changes.stream().anyMatch(c -> c.action() == Action.DROP);
    }

    @Override
    public String toString() {
        if (changes.isEmpty()) {
            return "nothing to do: the database matches the view files";
        }
        StringBuilder sb = new StringBuilder();
        for (Change c : changes) {
            sb.append(c).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
