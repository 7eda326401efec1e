package io.matview.internal.view;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.matview.view.QualifiedName;
import io.matview.view.ViewFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * All view files of a project, parsed, with the dependencies between them resolved and checked:
 * no duplicate names, no cycles, every {@code depends:} names a managed view.
 */
public final class ViewSet {
    /** The schema of Matview's catalog ({@code Catalog.SCHEMA}; the view package knows no catalog). */
    static final String MATVIEW_SCHEMA = "matview";
    private static final Pattern FILE_NAME = Pattern.compile("(?:([a-z_][a-z0-9_$]*)\\.)?([a-z_][a-z0-9_$]*)\\.sql");

    private final Map<QualifiedName, ViewDefinition> views;
    private final List<ViewDefinition> ordered;
    private final String defaultSchema;

    private ViewSet(Map<QualifiedName, ViewDefinition> views, List<ViewDefinition> ordered, String defaultSchema) {
        this.views = views;
        this.ordered = ordered;
        this.defaultSchema = defaultSchema;
    }

    /** The schema of views whose file name has none, and of unqualified names in their SQL. */
    public String defaultSchema() {
        return defaultSchema;
    }

    /**
     * Reads every {@code *.sql} file below {@code directory}, subdirectories included, except SQL test
     * files ({@code *.test.sql}), which live beside the views in {@code tests/} and are no views.
     */
    public static ViewSet load(Path directory, String defaultSchema) {
        if (!Files.isDirectory(directory)) {
            throw new MatviewException(ErrorCode.VIEWS_DIRECTORY_MISSING, "views directory " + directory + " does not exist", null,
                    "create it (init makes one with an example file), or configure the views directory you have");
        }
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".sql"))
                    .filter(p -> !p.toString().endsWith(".test.sql")).sorted().toList()) {
                files.put(p, read(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read views directory " + directory, e);
        }
        return parse(files, defaultSchema);
    }

    private static String read(Path p) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
        CharBuffer decoded = CharBuffer.allocate(bytes.length);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, decoded, true);
        if (result.isError()) {
            // PostgreSQL rejects such bytes too, but with no file or line: point at the first one here.
            String before = decoded.flip().toString();
            throw errorAt(p, before, before.length(), "the file is not UTF-8 text: byte 0x"
                    + String.format("%02X", bytes[in.position()] & 0xff) + " at column %d is not valid UTF-8", "save it as UTF-8");
        }
        String text = decoded.flip().toString();
        // Some Windows editors start UTF-8 files with a byte-order mark and end lines with CRLF.
        return (text.startsWith("\uFEFF") ? text.substring(1) : text).replace("\r\n", "\n");
    }

    /**
     * A NUL character cannot be part of SQL text sent to PostgreSQL (the driver fails with no hint of
     * where it came from), so it is an error here, before PostgreSQL is asked.
     */
    private static void rejectNul(Path file, String text) {
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw errorAt(file, text, nul, "the file holds a NUL byte (0x00) at column %d, which PostgreSQL does not "
                    + "accept in SQL text", "remove it (most editors do not show it; 'grep -nP \\x00 FILE' finds it)");
        }
    }

    /** An error at {@code offset} of {@code text}: its line as the error's, its column put into {@code what}'s %d. */
    private static ViewFileException errorAt(Path file, String text, int offset, String what, String hint) {
        int column = offset - text.lastIndexOf('\n', offset - 1);
        return new ViewFileException(file, new ViewSource(file, text, 0).lineOfQueryOffset(offset),
                String.format(what, column), hint);
    }

    /**
     * Parses view files given as path and text: the path's file name gives the view's name
     * ({@code reporting.daily_revenue.sql} → {@code reporting.daily_revenue}).
     */
    public static ViewSet parse(Map<Path, String> files, String defaultSchema) {
        Map<QualifiedName, ViewDefinition> byName = new LinkedHashMap<>();
        for (Map.Entry<Path, String> file : files.entrySet()) {
            QualifiedName name = nameOf(file.getKey(), defaultSchema);
            rejectNul(file.getKey(), file.getValue());
            ViewDefinition previous = byName.get(name);
            if (previous != null) {
                throw new ViewFileException(ErrorCode.VIEW_SET, file.getKey(), 0, "view " + name + " is defined twice, also in "
                        + previous.source().file(), "keep one file per view", null);
            }
            byName.put(name, ViewFileParser.parse(file.getKey(), file.getValue(), name, defaultSchema));
        }
        return resolve(byName, defaultSchema);
    }

    static QualifiedName nameOf(Path file, String defaultSchema) {
        String fileName = file.getFileName().toString();
        var m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            throw new ViewFileException(file, 0, "cannot derive a view name from the file name '" + fileName + "'",
                    "name it name.sql or schema.name.sql, in lower case letters, digits and underscores");
        }
        QualifiedName name = new QualifiedName(m.group(1) == null ? defaultSchema : m.group(1), m.group(2));
        if (name.name().getBytes(StandardCharsets.UTF_8).length > QualifiedName.MAX_IDENTIFIER_BYTES
                || name.schema().getBytes(StandardCharsets.UTF_8).length > QualifiedName.MAX_IDENTIFIER_BYTES) {
            throw new ViewFileException(file, 0, "the name " + name + " is longer than PostgreSQL's 63-byte limit",
                    "shorten the file name");
        }
        String reserved = reservedSchema(name.schema());
        if (reserved != null) {
            String from = m.group(1) == null ? "the default schema setting gives it schema " : "its file name puts it in schema ";
            throw new ViewFileException(file, 0, "view " + name + " cannot be managed: " + from + name.schema()
                    + ", which is " + reserved, "put the view in a schema of your own: name the file "
                    + "schema.name.sql (e.g. reporting." + name.name() + ".sql), or set another default schema");
        }
        return name;
    }

    /**
     * Why no view may live in {@code schema}, or {@code null} when it may. PostgreSQL reserves the
     * {@code pg_} prefix (temporary schemas vanish with the session, so the view would be created
     * again by every apply); Matview's own schema holds its catalog. Compared ignoring case, so
     * that a default schema spelled {@code PG_TEMP} cannot slip past as a look-alike.
     */
    static String reservedSchema(String schema) {
        String s = schema.toLowerCase(java.util.Locale.ROOT);
        if (s.startsWith("pg_temp") || s.startsWith("pg_toast_temp")) {
            return "a temporary schema (its objects vanish at the end of the session)";
        }
        if (s.startsWith("pg_")) {
            return "reserved for PostgreSQL's system catalogs";
        }
        if (s.equals("information_schema")) {
            return "PostgreSQL's information schema";
        }
        if (s.equals(MATVIEW_SCHEMA)) {
            return "Matview's own catalog schema";
        }
        return null;
    }

    private static ViewSet resolve(Map<QualifiedName, ViewDefinition> byName, String defaultSchema) {
        Set<QualifiedName> names = byName.keySet();
        Map<QualifiedName, ViewDefinition> resolved = new TreeMap<>();
        for (ViewDefinition v : byName.values()) {
            for (QualifiedName d : v.declaredDependencies()) {
                if (!names.contains(d)) {
                    throw new ViewFileException(ErrorCode.VIEW_SET, v.source().file(), v.directiveLines().get("depends"),
                            "depends: " + d + " is not a managed view", "name a view that has a file in the views directory", null);
                }
            }
            Set<QualifiedName> others = new TreeSet<>(names);
            others.remove(v.name());
            List<Reference> refs;
            try {
                refs = ReferenceFinder.find(v.query(), defaultSchema, others);
            } catch (SqlSyntaxException e) {
                throw new ViewFileException(v.source().file(), v.source().lineOfQueryOffset(e.offset()), e.getMessage(), null);
            }
            Set<QualifiedName> deps = new TreeSet<>(v.declaredDependencies());
            refs.forEach(r -> deps.add(r.target()));
            resolved.put(v.name(), v.withDependencies(deps, refs));
        }
        return new ViewSet(resolved, topologicalOrder(resolved), defaultSchema);
    }

    /** Kahn's algorithm, smallest name first, so the order is stable from run to run. */
    private static List<ViewDefinition> topologicalOrder(Map<QualifiedName, ViewDefinition> views) {
        Map<QualifiedName, Integer> pending = new HashMap<>();
        Map<QualifiedName, List<QualifiedName>> dependents = new HashMap<>();
        for (ViewDefinition v : views.values()) {
            pending.put(v.name(), v.dependencies().size());
            for (QualifiedName d : v.dependencies()) {
                dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(v.name());
            }
        }
        TreeSet<QualifiedName> ready = new TreeSet<>();
        pending.forEach((n, c) -> {
            if (c == 0) {
                ready.add(n);
            }
        });
        List<ViewDefinition> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            QualifiedName n = ready.pollFirst();
            order.add(views.get(n));
            for (QualifiedName dependent : dependents.getOrDefault(n, List.of())) {
                if (pending.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (order.size() < views.size()) {
            List<QualifiedName> cycle = findCycle(views);
            ViewDefinition first = views.get(cycle.get(0));
            StringBuilder path = new StringBuilder();
            for (QualifiedName n : cycle) {
                path.append(n).append(" (").append(views.get(n).source().file()).append(") -> ");
            }
            path.append(cycle.get(0));
            throw new ViewFileException(ErrorCode.VIEW_SET, first.source().file(), 0, "dependency cycle: " + path,
                    "a view cannot read itself through other views; break the cycle", null);
        }
        return List.copyOf(order);
    }

    private static List<QualifiedName> findCycle(Map<QualifiedName, ViewDefinition> views) {
        Set<QualifiedName> done = new TreeSet<>();
        for (QualifiedName start : new TreeSet<>(views.keySet())) {
            List<QualifiedName> cycle = dfs(start, views, new LinkedHashSet<>(), done);
            if (cycle != null) {
                return cycle;
            }
        }
        throw new IllegalStateException("no cycle found");
    }

    private static List<QualifiedName> dfs(QualifiedName n, Map<QualifiedName, ViewDefinition> views,
                                           LinkedHashSet<QualifiedName> path, Set<QualifiedName> done) {
        if (path.contains(n)) {
            List<QualifiedName> p = new ArrayList<>(path);
            return p.subList(p.indexOf(n), p.size());
        }
        if (done.contains(n)) {
            return null;
        }
        path.add(n);
        for (QualifiedName d : new TreeSet<>(views.get(n).dependencies())) {
            List<QualifiedName> c = dfs(d, views, path, done);
            if (c != null) {
                return c;
            }
        }
        path.remove(n);
        done.add(n);
        return null;
    }

    /** Every view, each after the views it reads. */
    public List<ViewDefinition> inDependencyOrder() {
        return ordered;
    }

    public Optional<ViewDefinition> get(QualifiedName name) {
        return Optional.ofNullable(views.get(name));
    }

    public Set<QualifiedName> names() {
        return views.keySet();
    }

    public Collection<ViewDefinition> all() {
        return views.values();
    }

    public int size() {
        return views.size();
    }
}
