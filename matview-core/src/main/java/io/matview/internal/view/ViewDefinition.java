package io.matview.internal.view;

import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import io.matview.view.RefreshPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One parsed view file.
 *
 * @param name the object it creates
 * @param kind plain or materialized
 * @param query the query, as written, without the header and without a trailing semicolon
 * @param uniqueKey the {@code unique:} columns, as written (may be quoted); empty when none
 * @param indexes the {@code index:} directives, in file order
 * @param refresh the {@code refresh:} policy ({@code manual} when absent)
 * @param refreshTimeout the {@code timeout:} for one refresh (its statement timeout), or {@code null} for none
 * @param description the {@code description:} text, or {@code null}
 * @param declaredDependencies the {@code depends:} names
 * @param dependencies the managed views this one reads: found in the query, plus the declared ones
 * @param references where the query names managed views, for rewriting during a rebuild
 * @param source the file, for errors
 * @param directiveLines the line of each directive by name (the first, for repeated ones)
 * @param incremental the {@code incremental:} directive, or {@code null} for other kinds
 */
public record ViewDefinition(
        QualifiedName name,
        Kind kind,
        String query,
        List<String> uniqueKey,
        List<IndexDefinition> indexes,
        RefreshPolicy refresh,
        java.time.Duration refreshTimeout,
        String description,
        Set<QualifiedName> declaredDependencies,
        Set<QualifiedName> dependencies,
        List<Reference> references,
        ViewSource source,
        Map<String, Integer> directiveLines,
        Incremental incremental) {

    public ViewDefinition {
        uniqueKey = List.copyOf(uniqueKey);
        indexes = List.copyOf(indexes);
        declaredDependencies = Set.copyOf(declaredDependencies);
        dependencies = Set.copyOf(dependencies);
        references = List.copyOf(references);
        directiveLines = Map.copyOf(directiveLines);
    }

    public boolean materialized() {
        return kind == Kind.MATERIALIZED_VIEW;
    }

    /** The same definition with its dependencies resolved against the whole view set. */
    ViewDefinition withDependencies(Set<QualifiedName> deps, List<Reference> refs) {
        return new ViewDefinition(name, kind, query, uniqueKey, indexes, refresh, refreshTimeout, description,
                declaredDependencies, deps, refs, source, directiveLines, incremental);
    }

    /**
     * The query with each reference to a key of {@code renames} replaced by its value, the rest
     * unchanged: how a view is built to read the new versions of the views it reads.
     */
    public String queryReading(Map<QualifiedName, QualifiedName> renames) {
        return renames.isEmpty() ? query : ReferenceFinder.rename(query, references, renames);
    }

    /** {@link Incremental#windowedQuery()} reading the views in {@code renames} under their new names. */
    public String windowedQueryReading(Map<QualifiedName, QualifiedName> renames) {
        String windowed = incremental.windowedQuery();
        return renames.isEmpty() ? windowed
                : ReferenceFinder.rename(windowed, ReferenceFinder.find(windowed, name.schema(), renames.keySet()), renames);
    }

    /** Whether the query names {@code view} (which need not be managed any more). */
    public boolean reads(QualifiedName view, String defaultSchema) {
        return !ReferenceFinder.find(query, defaultSchema, Set.of(view)).isEmpty();
    }

    /** The {@code index:} directives as the catalog stores them (the unique key is stored apart). */
    public List<String> canonicalIndexes() {
        return indexes.stream().map(IndexDefinition::canonical).toList();
    }

    /**
     * A hash over everything that defines the object and its behaviour. Two files with the same hash
     * need nothing applied between them; the file's comments and spacing outside the query do not count.
     */
    public String definitionHash() {
        StringBuilder sb = new StringBuilder();
        sb.append("kind=").append(kind.label()).append('\n');
        sb.append("unique=").append(String.join(",", uniqueKey)).append('\n');
        for (String index : canonicalIndexes()) {
            sb.append("index=").append(index).append('\n');
        }
        sb.append("refresh=").append(refresh).append('\n');
        if (refreshTimeout != null) {
            sb.append("timeout=").append(refreshTimeout.toMillis()).append('\n');
        }
        sb.append("description=").append(description == null ? "" : description).append('\n');
        sb.append("depends=").append(declaredDependencies.stream().sorted().map(QualifiedName::toString).toList()).append('\n');
        if (incremental != null) {
            sb.append("incremental=").append(incremental.canonical()).append('\n');
        }
        sb.append("query=").append(query);
        return sha256(sb.toString());
    }

    /** Hashes the given text: the hex SHA-256, used for definitions and shadow names. */
    public static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
