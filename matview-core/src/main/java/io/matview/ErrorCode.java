package io.matview;

/**
 * The kind of a {@link MatviewException}, stable across releases, so that a front end (the CLI, the HTTP
 * API, the Spring Boot starter, the Maven plugin) can react to a kind of error (an exit code, an HTTP
 * status, a hint in its own words) without parsing messages. In the manner of Flyway's
 * {@code CoreErrorCode}: new codes may be added; existing ones keep their meaning.
 */
public enum ErrorCode {
    /** A setting is invalid: a database URL Matview cannot use, a timeout that is not positive. */
    CONFIGURATION,
    /** The database cannot be reached, or did not answer in time. */
    DATABASE_UNAVAILABLE,
    /** The database refused the login (user or password). */
    LOGIN_REFUSED,
    /** The views directory does not exist. */
    VIEWS_DIRECTORY_MISSING,
    /** {@code init} was asked to start a views directory that already holds files. */
    VIEWS_DIRECTORY_NOT_EMPTY,
    /**
     * A view file cannot be used: its name, encoding, header or directives, or its SQL as PostgreSQL
     * reported it; {@link MatviewException#where()} names the file and line.
     */
    VIEW_FILE,
    /**
     * The view files contradict each other or the catalog: a view defined twice, a dependency cycle, a
     * {@code depends:} on a view without a file, a file that reads a view whose file is gone.
     */
    VIEW_SET,
    /** An object Matview does not manage is in the way: its name is taken, or it depends on a view the plan must drop or rebuild. */
    UNMANAGED_OBJECT,
    /** The plan drops views whose files are gone, and drops were not allowed. */
    DROP_NOT_ALLOWED,
    /** The view named is not managed by Matview (or was never applied). */
    UNKNOWN_VIEW,
    /** The version asked for of a view's definition does not exist. */
    UNKNOWN_VERSION,
    /** A call lacks what it needs, e.g. a refresh that names no view. */
    NOTHING_TO_DO,
    /** A managed view is missing from the database (dropped outside Matview); apply creates it again. */
    VIEW_MISSING,
    /** Nothing was applied to this database yet, or its catalog is older than this release reads without an apply. */
    CATALOG_NOT_APPLIED,
    /** The catalog in this database is newer than this release of Matview understands. */
    CATALOG_TOO_NEW,
    /** A concurrent refresh was asked for a materialized view that cannot have one (no data yet, or no unique index). */
    CONCURRENT_REFRESH_IMPOSSIBLE,
    /** A lock was not granted within the lock timeout; nothing was changed. */
    LOCK_TIMEOUT,
    /** Any other error that PostgreSQL reported; the message carries its SQLSTATE. */
    DATABASE_ERROR,
    // SQL tests
    /** A SQL test file or directory named does not exist. */
    SQL_TEST_FILES,
    /** A setup script of the SQL tests cannot be read or fails; {@link MatviewException#where()} names its file and line. */
    SQL_TEST_SETUP
}
