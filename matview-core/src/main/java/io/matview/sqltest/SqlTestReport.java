package io.matview.sqltest;

import java.util.List;

/**
 * What a run of SQL test files found, file by file, and its forms for people and tools:
 * {@link #toTap()}, {@link #toJUnitXml()}, {@link #summary()}.
 */
public record SqlTestReport(List<SqlTestFileResult> files) {

    public SqlTestReport {
        files = List.copyOf(files);
    }

    /** Every result of every file, in run order. */
    public List<SqlTestResult> results() {
        return files.stream().flatMap(f -> f.results().stream()).toList();
    }

    public long count(SqlTestStatus status) {
        return results().stream().filter(r -> r.status() == status).count();
    }

    /** True when nothing failed (skipped assertions do not fail a run, and do not pass it either: they are counted apart). */
    public boolean successful() {
        return count(SqlTestStatus.FAILED) == 0;
    }

    /** The report as TAP version 14: one test point per assertion, failures with a YAML block (file:line, query, diff). */
    public String toTap() {
        return Tap.write(this);
    }

    /** The report as JUnit XML (one test suite per file, one test case per assertion), as CI servers read it. */
    public String toJUnitXml() {
        return JUnitXml.write(this);
    }

    /** The report for a person at a terminal: each failure in full, then one line of counts. */
    public String summary() {
        return Summary.write(this);
    }
}
