package io.matview.view;

import java.nio.file.Path;
import java.util.Set;

/**
 * One view file as Matview read it: the view it defines, and what its header and SQL say. Reading the
 * files checks them (names, directives, dependencies, cycles) without a database, so a list of these is
 * also the answer to "are my view files valid?".
 *
 * @param dependencies the managed views this one reads, found in its SQL and its {@code depends:}
 * @param description the {@code description:} directive, or {@code null}
 */
public record ViewFile(QualifiedName name, Kind kind, Path file, Set<QualifiedName> dependencies, RefreshPolicy refresh,
                       String description) {
    public ViewFile {
        dependencies = Set.copyOf(dependencies);
    }
}
