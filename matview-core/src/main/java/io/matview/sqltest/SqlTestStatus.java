package io.matview.sqltest;

/** The outcome of one assertion of a SQL test file, and of the file. */
public enum SqlTestStatus {
    PASSED,
    FAILED,
    /** Not run, never counted as passed: e.g. a pgTAP file on a database without pgTAP. */
    SKIPPED
}
