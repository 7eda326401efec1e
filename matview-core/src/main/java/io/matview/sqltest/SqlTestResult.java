package io.matview.sqltest;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One assertion of a SQL test file (a query with its expectation, or one pgTAP test), or a step that
 * failed outside an assertion (a fixture, a refresh, SQL that cannot be read), with what was found.
 *
 * @param file the test file
 * @param line the line of the query or step (1-based)
 * @param name the assertion's name ({@code -- test:}), or what the step was when it has none
 * @param query the SQL that ran (or was to run); empty for a file-level failure
 * @param status passed, failed or skipped
 * @param expected the expectation as written, rendered as a table for row expectations; {@code null} when none
 * @param actual what the query returned (rows as a table, or the error); {@code null} when it did not run
 * @param diff expected (-) against actual (+) rows, for failed row expectations; {@code null} otherwise
 * @param message why it failed or was skipped; {@code null} when it passed
 */
public record SqlTestResult(Path file, int line, String name, String query, SqlTestStatus status, String expected,
        String actual, String diff, String message) {

    public SqlTestResult {
        Objects.requireNonNull(file);
        Objects.requireNonNull(name);
        Objects.requireNonNull(query);
        Objects.requireNonNull(status);
    }

    /** {@code file:line}, as editors and CI logs link it. */
    public String location() {
        return file + ":" + line;
    }
}
