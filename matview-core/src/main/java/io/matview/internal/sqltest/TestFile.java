package io.matview.internal.sqltest;

import java.nio.file.Path;
import java.util.List;

/**
 * A SQL test file as read: its steps in file order.
 *
 * @param pgTap whether it calls pgTAP ({@code plan()}, {@code no_plan()}, {@code finish()})
 * @param refreshes whether it refreshes a materialized view: Matview's refresh runs and commits on a
 *     connection of its own, so the file needs a throwaway database
 */
record TestFile(Path file, List<Step> steps, boolean pgTap, boolean refreshes) {

    sealed interface Step permits Query, Refresh, Broken {
        int line();
    }

    /** A statement: a fixture when it has no name and no expectation, else an assertion. */
    record Query(int line, String name, String sql, boolean ordered, Expectation expectation) implements Step {
        boolean isAssertion() {
            return name != null || !(expectation instanceof Expectation.Succeeds);
        }
    }

    /** {@code refresh materialized view [concurrently] name}: run as Matview's refresh, with its cascade. */
    record Refresh(int line, String sql, String view, boolean concurrently) implements Step {
    }

    /** A part of the file that cannot be run as written: reported as a failure at its line. */
    record Broken(int line, String name, String sql, String message) implements Step {
    }

    sealed interface Expectation {
        /** No expectation written: the statement must run without error. */
        record Succeeds() implements Expectation {
        }

        /** {@code -- expect: 2}: one row of one column; {@code null} for SQL NULL. */
        record Scalar(String value) implements Expectation {
        }

        /** {@code -- expect rows:} and a table; a {@code null} cell is SQL NULL. */
        record Rows(List<String> columns, List<List<String>> rows) implements Expectation {
        }

        /** {@code -- expect empty}. */
        record Empty() implements Expectation {
        }

        /** {@code -- expect error: 23505} (a SQLSTATE) or {@code -- expect error: violates check constraint}. */
        record Error(String sqlState, String messagePart) implements Expectation {
        }
    }
}
