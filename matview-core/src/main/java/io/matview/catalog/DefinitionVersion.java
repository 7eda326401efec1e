package io.matview.catalog;

import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import java.time.Instant;
import java.util.List;

/**
 * One applied definition of a managed view, as the catalog keeps it.
 *
 * @param version 1 for the first apply, then one more for each applied change
 * @param statementTimeoutMs the {@code timeout:} of a refresh, or {@code null}
 * @param source the whole view file as it was applied, so that it can be diffed and restored
 * @param migrations the table migrations (file names) this version was re-applied around by
 *     {@code migrate}; empty for an ordinary apply
 */
public record DefinitionVersion(
        QualifiedName name,
        int version,
        Kind kind,
        String definitionHash,
        String query,
        List<String> uniqueKey,
        List<String> indexes,
        String refreshPolicy,
        Long statementTimeoutMs,
        String description,
        List<String> depends,
        String sourceFile,
        String source,
        Instant appliedAt,
        String appliedBy,
        List<String> migrations) {

    public DefinitionVersion {
        uniqueKey = List.copyOf(uniqueKey);
        indexes = List.copyOf(indexes);
        depends = List.copyOf(depends);
        migrations = List.copyOf(migrations);
    }
}
