package io.matview;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.matview.catalog.DefinitionVersion;
import io.matview.catalog.RefreshNotification;
import io.matview.catalog.RefreshSubscription;
import io.matview.catalog.RuntimeView;
import io.matview.catalog.ViewDescription;
import io.matview.catalog.ViewStatus;
import io.matview.internal.catalog.Catalog;
import io.matview.internal.catalog.NotificationListener;
import io.matview.internal.catalog.ViewDescriptions;
import io.matview.internal.db.ConnectionUri;
import io.matview.internal.db.DatabaseErrors;
import io.matview.internal.db.SqlResource;
import io.matview.internal.db.Transactions;
import io.matview.internal.migrate.Migrator;
import io.matview.internal.observe.DriftCheck;
import io.matview.internal.observe.Observer;
import io.matview.internal.plan.Applier;
import io.matview.internal.plan.Planner;
import io.matview.internal.query.QueryParser;
import io.matview.internal.query.RowReads;
import io.matview.internal.refresh.Refresher;
import io.matview.internal.schedule.PolicyScheduler;
import io.matview.internal.view.ClasspathViews;
import io.matview.internal.sqltest.SqlTestDatabases;
import io.matview.internal.sqltest.SqlTestRunner;
import io.matview.internal.view.ViewDefinition;
import io.matview.internal.view.ViewSet;
import io.matview.migrate.Detachment;
import io.matview.migrate.Migration;
import io.matview.migrate.MigrationResult;
import io.matview.observe.Drift;
import io.matview.observe.DriftEstimate;
import io.matview.observe.DriftMode;
import io.matview.plan.ApplyOption;
import io.matview.plan.ApplyResult;
import io.matview.plan.Plan;
import io.matview.query.RowFormat;
import io.matview.query.RowQuery;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshMode;
import io.matview.refresh.RefreshOptions;
import io.matview.schedule.Scheduler;
import io.matview.sqltest.SqlTestOptions;
import io.matview.sqltest.SqlTestReport;
import io.matview.sqltest.SqlTestRun;
import io.matview.view.QualifiedName;
import io.matview.view.ViewFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Matview's entry point: every command of the CLI and every endpoint of the server is one call here.
 *
 * <pre>{@code
 * Matview matview = Matview.configure()
 *         .dataSource(dataSource)
 *         .viewsDirectory(Path.of("views"))
 *         .load();
 * Plan plan = matview.plan();
 * matview.apply();
 * }</pre>
 *
 * <p>Thread-safe: it holds configuration, the connection pool it opened for a URL, and the process's
 * one refresher; it reads the view files afresh on each call.
 */
public final class Matview implements AutoCloseable {
    private static final String FILESYSTEM = "filesystem:";
    private final DataSource dataSource;
    private final Path viewsDirectory;
    /** The resource directory the views are read from instead of {@link #viewsDirectory}, or {@code null}. */
    private final String viewsClasspath;
    private final ClassLoader classLoader;
    private final String defaultSchema;
    private final Duration lockTimeout;
    /** Whether {@link #dataSource} is the pool Matview opened for a URL, which {@link #close()} closes. */
    private final boolean ownPool;
    /** The process's one refresher: the scheduler and direct calls share it, so closing cancels both. */
    private final Refresher refresher;
    private final RowReads rowReads;

    private Matview(Builder b) {
        if (b.dataSource == null && b.url == null) {
            throw new MatviewException(ErrorCode.CONFIGURATION, "no database to work on", "Matview.configure()",
                    "give a data source (dataSource(...)) or a database URL (url(...))");
        }
        this.ownPool = b.dataSource == null;
        this.dataSource = ownPool ? pool(b.url, b.user, b.password) : b.dataSource;
        this.viewsDirectory = b.viewsDirectory;
        this.viewsClasspath = b.viewsClasspath;
        this.classLoader = b.classLoader != null ? b.classLoader
                : Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(), Matview.class.getClassLoader());
        this.defaultSchema = b.defaultSchema;
        this.lockTimeout = b.lockTimeout;
        this.refresher = new Refresher(dataSource, b.onRefresh);
        this.rowReads = new RowReads(dataSource);
    }

    public static Builder configure() {
        return new Builder();
    }

    /** Configuration, in the manner of Flyway's and HikariCP's: set what differs, then {@link #load()}. */
    public static final class Builder {
        private DataSource dataSource;
        private String url;
        private String user;
        private String password;
        private Path viewsDirectory = Path.of("views");
        private String viewsClasspath;
        private ClassLoader classLoader;
        private Consumer<RefreshLogEntry> onRefresh = entry -> { };
        private String defaultSchema = "public";
        private Duration lockTimeout = Duration.ofSeconds(5);

        private Builder() {
        }

        /** A data source Matview uses as it is, and does not close; replaces a {@link #url} set before. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            this.url = null;
            return this;
        }

        /**
         * A JDBC URL ({@code jdbc:postgresql://host/db}) or a libpq URI ({@code postgres://user@host/db}); user and password may be in the URL. Matview
         * opens a small pool for it in {@link #load()}, and {@link Matview#close()} closes it. Replaces a
         * {@link #dataSource} or URL set before.
         */
        public Builder url(String url, String user, String password) {
            this.url = ConnectionUri.toJdbcUrl(url);
            this.user = user;
            this.password = password;
            this.dataSource = null;
            return this;
        }

        /** Where the view files are; {@code ./views} by default. Replaces a {@link #viewsLocation} set before. */
        public Builder viewsDirectory(Path viewsDirectory) {
            this.viewsDirectory = Objects.requireNonNull(viewsDirectory);
            this.viewsClasspath = null;
            return this;
        }

        /**
         * Where the view files are, as Spring and Flyway write locations: {@code classpath:db/views/}
         * reads them from the classpath (directories and jars), {@code filesystem:views} or a plain path
         * from a directory. Replaces a {@link #viewsDirectory} set before.
         */
        public Builder viewsLocation(String location) {
            Objects.requireNonNull(location);
            if (location.startsWith(ClasspathViews.PREFIX)) {
                this.viewsClasspath = location;
            } else {
                viewsDirectory(Path.of(location.startsWith(FILESYSTEM) ? location.substring(FILESYSTEM.length()) : location));
            }
            return this;
        }

        /**
         * Hears of every refresh attempt this Matview makes (its scheduler's and direct calls), once the
         * attempt ended, whatever its status: for metrics. It runs on the refreshing thread; keep it short.
         * A refresh made by another process is announced by the {@link #listen refresh notification}.
         */
        public Builder onRefresh(Consumer<RefreshLogEntry> listener) {
            this.onRefresh = Objects.requireNonNull(listener);
            return this;
        }

        /** The class loader a {@code classpath:} views location is read with; the thread's context class loader by default. */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader);
            return this;
        }

        /** The schema of views whose file name has none; {@code public} by default. */
        public Builder defaultSchema(String defaultSchema) {
            this.defaultSchema = Objects.requireNonNull(defaultSchema);
            return this;
        }

        /** How long apply waits for any lock before it gives up; 5 seconds by default. */
        public Builder lockTimeout(Duration lockTimeout) {
            if (lockTimeout.isNegative() || lockTimeout.isZero()) {
                throw new MatviewException(ErrorCode.CONFIGURATION, "the lock timeout must be positive, got " + lockTimeout, "lockTimeout",
                        "give a positive duration, e.g. 5 seconds");
            }
            this.lockTimeout = lockTimeout;
            return this;
        }

        /** The configured Matview; with a URL, this opens its pool and connects once, so a wrong URL fails here. */
        public Matview load() {
            return new Matview(this);
        }
    }

    private static DataSource pool(String url, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        if (user != null) {
            ds.setUser(user);
        }
        if (password != null) {
            ds.setPassword(password);
        }
        ds.setApplicationName("matview");
        // A refresh on a backend that just started pays for mapping shared buffers (measured: +8 % on a
        // 1.5 s refresh); a small pool keeps backends warm for the scheduler, the server and the API.
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(ds);
        pool.setPoolName("matview");
        pool.setMaximumPoolSize(10);
        pool.setMinimumIdle(0);
        pool.setIdleTimeout(Duration.ofMinutes(10).toMillis());
        pool.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        // connect once now: a wrong URL or password fails here, at once, with PostgreSQL's own words
        pool.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(pool);
        } catch (com.zaxxer.hikari.pool.HikariPool.PoolInitializationException e) {
            if (e.getCause() instanceof java.sql.SQLException sql) {
                throw DatabaseErrors.translate(sql);
            }
            throw e;
        }
    }

    /**
     * The JDBC URL for a database address as users are handed it: a {@code jdbc:postgresql:} URL as it
     * is, a libpq URI ({@code postgres://user:password@host:port/db?sslmode=require}, the form of
     * {@code DATABASE_URL}) converted, with its user and password as {@code user=} and {@code password=}.
     *
     * @throws MatviewException ({@link ErrorCode#CONFIGURATION}) for anything else
     */
    public static String toJdbcUrl(String databaseUrl) {
        return ConnectionUri.toJdbcUrl(databaseUrl);
    }

    /** Where Matview gets its connections: the caller's data source, or its own pool when built from a URL. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Cancels the refreshes running in this process (their previous data stays; a scheduler's too)
     * and starts no new one; then closes the pool Matview made for a URL. A data source given by the
     * caller stays open.
     */
    @Override
    public void close() {
        refresher.cancelRunning();
        if (ownPool) {
            ((HikariDataSource) dataSource).close();
        }
    }

    public Path viewsDirectory() {
        return viewsDirectory;
    }

    /** Where the views are read from: {@code classpath:…} or the views directory. */
    public String viewsLocation() {
        return viewsClasspath != null ? viewsClasspath : viewsDirectory.toString();
    }

    public String defaultSchema() {
        return defaultSchema;
    }

    /**
     * The view files, parsed and checked (names, directives, dependencies, cycles), in dependency order:
     * each view after the views it reads. Needs no database.
     */
    public List<ViewFile> viewFiles() {
        return views().inDependencyOrder().stream().map(v -> new ViewFile(v.name(), v.kind(), v.source().file(),
                v.dependencies(), v.refresh(), v.description())).toList();
    }

    private ViewSet views() {
        if (viewsClasspath != null) {
            return ClasspathViews.load(viewsClasspath, classLoader, defaultSchema);
        }
        return ViewSet.load(viewsDirectory, defaultSchema);
    }

    /** What {@link #apply} would do now. Changes nothing in the database. */
    public Plan plan() {
        ViewSet views = views();
        return Transactions.rolledBack(dataSource, c -> Planner.plan(c, views));
    }

    /**
     * Makes the database match the view files, in one transaction: all of the plan, or nothing.
     * Without {@link ApplyOption#ALLOW_DROP}, a plan that drops a view is refused whole.
     */
    public ApplyResult apply(ApplyOption... options) {
        ViewSet views = views();
        boolean allowDrop = Arrays.asList(options).contains(ApplyOption.ALLOW_DROP);
        return Transactions.inTransaction(dataSource, c -> Applier.apply(c, views, allowDrop, lockTimeout));
    }

    /**
     * Refreshes materialized views, and after them every materialized view that reads them, in
     * dependency order: concurrently where possible, once across all processes, each attempt logged.
     *
     * @return one log entry per attempt
     */
    public List<RefreshLogEntry> refresh(List<String> views, RefreshOptions options) {
        return refresh(options, views.stream().map(v -> QualifiedName.parse(v, defaultSchema)).toArray(QualifiedName[]::new));
    }

    /** {@link #refresh(List, RefreshOptions)} with the default options. */
    public List<RefreshLogEntry> refresh(String... views) {
        return refresh(List.of(views), RefreshOptions.defaults());
    }

    /** {@link #refresh(List, RefreshOptions)} for views already named exactly. */
    public List<RefreshLogEntry> refresh(RefreshOptions options, QualifiedName... views) {
        if (views.length == 0) {
            throw new MatviewException(ErrorCode.NOTHING_TO_DO, "no view to refresh", null, "name one or more views, or refresh them all");
        }
        return refresher.refresh(List.of(views), options);
    }

    /** {@link #refresh(RefreshOptions, QualifiedName...)} with the default options. */
    public List<RefreshLogEntry> refresh(QualifiedName... views) {
        return refresh(RefreshOptions.defaults(), views);
    }

    /** Refreshes every managed materialized view, in dependency order. */
    public List<RefreshLogEntry> refreshAll(RefreshOptions options) {
        return refresher.refreshAll(options);
    }

    /** The refresh log, newest first: of one view, or of all when {@code view} is {@code null}. */
    public List<RefreshLogEntry> refreshHistory(String view, int limit) {
        if (view == null) {
            return refreshHistory(limit);
        }
        return history(QualifiedName.parse(view, defaultSchema), view, limit);
    }

    /** The refresh log, newest first: of one view, or of all when {@code view} is {@code null}. */
    public List<RefreshLogEntry> refreshHistory(QualifiedName view, int limit) {
        return view == null ? refresher.log().history(null, limit) : history(view, view.toString(), limit);
    }

    /** {@code asked}: the name as the caller wrote it, for the error when no such view was ever applied. */
    private List<RefreshLogEntry> history(QualifiedName view, String asked, int limit) {
        List<RefreshLogEntry> history = refresher.log().history(view, limit);
        if (history.isEmpty()) {
            definitions(view, asked); // an unknown name is an error, not an empty history
        }
        return history;
    }

    /** The refresh log of every view, newest first. */
    public List<RefreshLogEntry> refreshHistory(int limit) {
        return refreshHistory((QualifiedName) null, limit);
    }

    /** The last refresh attempt of each managed view that has one (whatever its outcome), by view. */
    public Map<QualifiedName, RefreshLogEntry> lastRefreshes() {
        return refresher.log().lastPerView();
    }

    /**
     * What a server serves: every managed view that exists, with its runtime state, columns (and their
     * types), indexes and unique key, read in one snapshot; in name order.
     */
    public Map<QualifiedName, ViewDescription> describeViews() {
        return Transactions.rolledBack(dataSource, ViewDescriptions::read);
    }

    /** The generation of every managed view now: a cheap look at which views changed since a {@link #describeViews()}. */
    public Map<QualifiedName, Long> generations() {
        return Transactions.rolledBack(dataSource, ViewDescriptions::generations);
    }

    /** Every managed view as the runtime sees it: policy, generation, last refresh. */
    public Map<QualifiedName, RuntimeView> runtimeViews() {
        return Transactions.rolledBack(dataSource, Catalog::runtimeViews);
    }

    /**
     * A scheduler over this database, not yet started: {@code matview.scheduler(defaults()).start()}.
     * It refreshes through this Matview's refresher: closing either cancels the refreshes of both.
     */
    public Scheduler scheduler(Scheduler.Settings settings) {
        return new PolicyScheduler(dataSource, refresher, settings);
    }

    /**
     * Every managed view with its state in the database and what it costs: freshness, refresh
     * durations and failures, source health, advice. Reads catalogs, statistics and the refresh log
     * only, never a view's rows.
     */
    public List<ViewStatus> status() {
        return Transactions.rolledBack(dataSource, Observer::status);
    }

    /** Every definition applied for {@code view}, oldest first ({@code name} or {@code schema.name}). */
    public List<DefinitionVersion> definitions(String view) {
        return definitions(QualifiedName.parse(view, defaultSchema), view);
    }

    /** Every definition applied for {@code name}, oldest first. */
    public List<DefinitionVersion> definitions(QualifiedName name) {
        return definitions(name, name.toString());
    }

    private List<DefinitionVersion> definitions(QualifiedName name, String view) {
        List<DefinitionVersion> versions = Transactions.rolledBack(dataSource, c -> Catalog.definitions(c, name));
        if (versions.isEmpty()) {
            throw new MatviewException(ErrorCode.UNKNOWN_VIEW, "Matview has never applied a view named " + name, view,
                    "the status lists the managed views");
        }
        return versions;
    }

    /** A unified diff from the applied definition of {@code view} to its file now. */
    public String diff(String view) {
        List<DefinitionVersion> versions = definitions(view);
        DefinitionVersion applied = versions.get(versions.size() - 1);
        String now = views().get(applied.name()).map(v -> v.source().text()).orElse("");
        return unifiedDiff(applied.sourceFile() + " (version " + applied.version() + ", applied)", applied.source(),
                fileOf(applied.name()) + " (file)", now);
    }

    /** A unified diff between two applied versions of {@code view}. */
    public String diff(String view, int fromVersion, int toVersion) {
        List<DefinitionVersion> versions = definitions(view);
        DefinitionVersion from = version(versions, fromVersion);
        DefinitionVersion to = version(versions, toVersion);
        return unifiedDiff(from.sourceFile() + " (version " + fromVersion + ")", from.source(),
                to.sourceFile() + " (version " + toVersion + ")", to.source());
    }

    /**
     * Writes version {@code version} of {@code view} back into its view file, so that the next apply
     * brings it back. The files stay the one source of truth: a restore in the database alone would
     * be undone by the next apply.
     *
     * @return the file written
     */
    public Path restore(String view, int version) {
        DefinitionVersion d = version(definitions(view), version);
        if (viewsClasspath != null) {
            throw new MatviewException(ErrorCode.CONFIGURATION, "cannot restore " + d.name() + " into the classpath location "
                    + viewsClasspath, view, "restore it into the source directory the resources are built from");
        }
        Path file = fileOf(d.name());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, d.source(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    // table migrations

    /**
     * Runs table migrations (in the order given) together with the views, in one transaction: the
     * managed views that would block a migration (and the managed views above them) are detached,
     * the migration runs, and then the whole views directory is applied, which creates the detached
     * views again from their files as they are now (with indexes, grants and comments) and takes in any
     * view file edited for the migration. All or nothing.
     */
    public MigrationResult migrate(List<Migration> migrations) {
        ViewSet views = views();
        return Transactions.inTransaction(dataSource, c -> Migrator.migrate(c, views, migrations, lockTimeout));
    }

    /** {@link #migrate(List)} of migration files, each read as UTF-8 and named by its file name. */
    public MigrationResult migrate(Path... files) {
        return migrate(Arrays.stream(files).map(Migration::read).toList());
    }

    /** What {@link #migrate(List)} would detach and re-apply: the same, in a transaction that is rolled back. */
    public MigrationResult planMigration(List<Migration> migrations) {
        ViewSet views = views();
        return Transactions.rolledBack(dataSource, c -> Migrator.migrate(c, views, migrations, lockTimeout));
    }

    /**
     * {@link #migrate(List)} in the caller's transaction on {@code connection}, which the caller commits
     * or rolls back; for a migration tool that runs its own transaction.
     */
    public MigrationResult migrate(Connection connection, List<Migration> migrations) {
        ViewSet views = views();
        return onConnection(() -> Migrator.migrate(connection, views, migrations, lockTimeout));
    }

    /**
     * The first half of {@link #migrate(Connection, List)} for a tool that runs the migration itself
     * (Flyway): detaches, on {@code connection} and in its transaction, the managed views that would
     * block {@code migration}, found by trying it in a savepoint that is rolled back. Run the migration
     * next, then {@link #reattach}, in the same transaction.
     *
     * @param before what was detached for earlier migrations of the same transaction, or {@code null}
     */
    public Detachment detachFor(Connection connection, Migration migration, Detachment before) {
        Detachment start = before != null ? before : Detachment.none(List.of());
        List<String> names = new ArrayList<>(start.migrations());
        names.add(migration.name());
        Detachment named = new Detachment(names, start.views(), start.grants());
        return onConnection(() -> Migrator.detachFor(connection, migration, named, lockTimeout));
    }

    /** The second half: applies the whole views directory on {@code connection}, re-applying what was detached. */
    public MigrationResult reattach(Connection connection, Detachment detachment) {
        ViewSet views = views();
        return onConnection(() -> Migrator.reattach(connection, views, detachment, lockTimeout));
    }

    /** A call on the caller's connection, whose transaction the caller owns. */
    private interface OnConnection<T> {
        T run() throws SQLException;
    }

    private static <T> T onConnection(OnConnection<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e);
        }
    }

    // queries
    /**
     * Writes the rows of a view that a query asks for, as they arrive from the database: a JSON array
     * of objects or CSV (the query's format), values as PostgreSQL writes them. Read-only, and bounded by
     * {@code timeout} for the whole answer. Every column the query names is checked against
     * {@code view} (from {@link #describeViews()}); every value is a bind parameter. Nothing is written
     * when the query fails to run; a failure after rows were written leaves {@code out} incomplete.
     *
     * @throws MatviewException {@link ErrorCode#INVALID_QUERY}, {@link ErrorCode#QUERY_TIMEOUT},
     *     {@link ErrorCode#DATABASE_UNAVAILABLE} or another database error (its {@link java.sql.SQLException} the cause)
     * @throws IOException when {@code out} fails
     */
    public void writeRows(ViewDescription view, RowQuery query, Duration timeout, OutputStream out) throws IOException {
        rowReads.write(view, query, timeout, out);
    }

    /** {@link #writeRows(ViewDescription, RowQuery, Duration, OutputStream)} of a view described first. */
    public void writeRows(QualifiedName view, RowQuery query, Duration timeout, OutputStream out) throws IOException {
        ViewDescription description = describeViews().get(view);
        if (description == null) {
            throw new MatviewException(ErrorCode.UNKNOWN_VIEW, "unknown view " + view, view.toString(),
                    "describeViews() lists the managed views that exist");
        }
        writeRows(description, query, timeout, out);
    }

    // Spring Boot starter
    /**
     * Hears the refresh notifications of every process on this database ({@link RefreshNotification},
     * sent at each successful refresh, create and rebuild), on a connection and thread of its own, until
     * closed. It reconnects by itself; {@code onListening} runs each time it starts listening, since
     * notifications sent while it was away are lost: read what you need then.
     */
    public RefreshSubscription listen(Consumer<RefreshNotification> onNotification, Runnable onListening) {
        return new NotificationListener(dataSource, onNotification, onListening).start();
    }

    // freshness and cost (observe)

    /**
     * Compares the rows a materialized view stores with what its query returns now, in a read-only
     * transaction. {@link DriftMode#FULL} costs about two refreshes: ask {@link #driftEstimate} first.
     */
    public Drift drift(String view, DriftMode mode) {
        return drift(QualifiedName.parse(view, defaultSchema), mode);
    }

    /** {@link #drift(String, DriftMode)} for a view named exactly. */
    public Drift drift(QualifiedName view, DriftMode mode) {
        return Transactions.rolledBack(dataSource, c -> DriftCheck.drift(c, view, mode));
    }

    /** How long a full {@link #drift} of {@code view} would take, from its refreshes or its plan; runs nothing of it. */
    public DriftEstimate driftEstimate(String view) {
        return driftEstimate(QualifiedName.parse(view, defaultSchema));
    }

    /** {@link #driftEstimate(String)} for a view named exactly. */
    public DriftEstimate driftEstimate(QualifiedName view) {
        return Transactions.rolledBack(dataSource, c -> DriftCheck.estimate(c, view));
    }

    /**
     * {@code EXPLAIN (ANALYZE, BUFFERS)} of a managed view's query, as PostgreSQL prints it: the query
     * runs, in a read-only transaction that is rolled back.
     */
    public String explain(String view) {
        QualifiedName name = QualifiedName.parse(view, defaultSchema);
        return Transactions.rolledBack(dataSource, c -> DriftCheck.explain(c, name));
    }

    // Dashboard
    /**
     * For each managed view that reads others, the managed views it reads (directly, or through views
     * Matview does not manage), as PostgreSQL's {@code pg_depend} records it: the dependency graph, from
     * the catalog alone. Views that read no managed view are absent.
     */
    public Map<QualifiedName, Set<QualifiedName>> dependencies() {
        return Transactions.rolledBack(dataSource, Catalog::reads);
    }

    /**
     * Creates a views directory with one commented example file. Needs no database.
     *
     * @return the example file
     */
    // SQL tests
    /** Where SQL test files are by default: the views directory's {@code tests/}. */
    public Path sqlTestsDirectory() {
        return viewsDirectory.resolve("tests");
    }

    /** The SQL test files {@code options} name ({@code *.test.sql} below directories), in path order. Needs no database. */
    public List<Path> sqlTestFiles(SqlTestOptions options) {
        return SqlTestRunner.discover(options.paths().isEmpty() ? List.of(sqlTestsDirectory()) : options.paths(), !options.paths().isEmpty());
    }

    /**
     * Prepares this database for SQL tests (runs the setup scripts, applies the views) and returns the
     * files, to run one at a time: each in a transaction that is rolled back, or in a throwaway copy of
     * this database when it refreshes. The database is the applied one: give the tests a database of
     * their own, free of other sessions while the tests run (PostgreSQL copies only such a database).
     */
    public SqlTestRun openSqlTests(SqlTestOptions options) {
        DataSource direct = SqlTestDatabases.withoutPool(dataSource);
        SqlTestRunner.Views views = new SqlTestRunner.Views() {
            @Override
            public void apply(DataSource database) {
                ViewSet files = views();
                Transactions.inTransaction(database, c -> Applier.apply(c, files, false, lockTimeout));
            }

            @Override
            public void refresh(DataSource database, String view, boolean concurrently) {
                List<RefreshLogEntry> attempts = new Refresher(database).refresh(List.of(QualifiedName.parse(view, defaultSchema)),
                        RefreshOptions.builder().mode(concurrently ? RefreshMode.CONCURRENT : RefreshMode.FULL).build());
                for (RefreshLogEntry a : attempts) {
                    if (!a.ok()) {
                        throw new MatviewException(ErrorCode.DATABASE_ERROR, "the refresh of " + a.view() + " ended " + a.status().name().toLowerCase(java.util.Locale.ROOT)
                                + (a.error() == null ? "" : ": " + a.error()), a.view().toString(), "fix the view or the fixture it reads");
                    }
                }
            }
        };
        return SqlTestRunner.open(direct, SqlTestDatabases.otherDatabase(direct), views, sqlTestsDirectory(), options);
    }

    /** Runs the SQL test files {@code options} name against this database, as {@link #openSqlTests} describes. */
    public SqlTestReport runSqlTests(SqlTestOptions options) {
        try (SqlTestRun run = openSqlTests(options)) {
            return run.runAll();
        }
    }

    // row queries (here rather than in io.matview.query, which depends on nothing internal)

    /**
     * Parses and checks a query string ({@code a=eq.1&order=b.desc}, undecoded) against a view, as the
     * HTTP API reads it; {@link #writeRows(QualifiedName, RowQuery, Duration, OutputStream)} then runs it.
     *
     * @param defaultFormat the format when the query string has no {@code format=}
     * @throws MatviewException {@link ErrorCode#INVALID_QUERY}, naming the parameter in {@link MatviewException#where()}
     */
    public static RowQuery parseRowQuery(ViewDescription view, String queryString, RowFormat defaultFormat,
                                         int defaultLimit, int maxLimit) {
        return QueryParser.parse(view, queryString, defaultFormat, defaultLimit, maxLimit);
    }

    public static Path init(Path viewsDirectory) {
        Path example = viewsDirectory.resolve("daily_orders.sql");
        try {
            if (Files.isDirectory(viewsDirectory) && Files.list(viewsDirectory).findAny().isPresent()) {
                throw new MatviewException(ErrorCode.VIEWS_DIRECTORY_NOT_EMPTY, "the views directory " + viewsDirectory + " exists and is not empty", null,
                        "init only starts new projects; add view files to it by hand");
            }
            Files.createDirectories(viewsDirectory);
            Files.writeString(example, SqlResource.load(Matview.class, "example-view.sql"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + viewsDirectory, e);
        }
        return example;
    }

    private Path fileOf(QualifiedName name) {
        if (viewsClasspath != null || Files.isDirectory(viewsDirectory)) {
            for (ViewDefinition v : views().all()) {
                if (v.name().equals(name)) {
                    return v.source().file();
                }
            }
        }
        String fileName = (name.schema().equals(defaultSchema) ? name.name() : name.schema() + "." + name.name()) + ".sql";
        return viewsDirectory.resolve(fileName);
    }

    private static DefinitionVersion version(List<DefinitionVersion> versions, int version) {
        return versions.stream().filter(d -> d.version() == version).findFirst().orElseThrow(() ->
                new MatviewException(ErrorCode.UNKNOWN_VERSION, "no version " + version + " of " + versions.get(0).name(), null,
                        "versions 1 to " + versions.get(versions.size() - 1).version() + " exist"));
    }

    private static String unifiedDiff(String fromName, String from, String toName, String to) {
        List<String> a = from.lines().toList();
        List<String> b = to.lines().toList();
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(fromName, toName, a, DiffUtils.diff(a, b), 3);
        return String.join("\n", lines);
    }
}
