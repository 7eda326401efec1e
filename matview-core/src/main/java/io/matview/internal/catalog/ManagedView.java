package io.matview.internal.catalog;

import io.matview.catalog.DefinitionVersion;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import java.time.Instant;

/**
 * A view Matview manages, as the catalog records it.
 *
 * @param current the definition that was applied last
 */
public record ManagedView(QualifiedName name, Kind kind, String definitionHash, int version,
                          Instant createdAt, Instant appliedAt, DefinitionVersion current) {
}
