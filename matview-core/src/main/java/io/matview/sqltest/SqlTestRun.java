package io.matview.sqltest;

import java.nio.file.Path;
import java.util.List;

/**
 * SQL test files ready to run one at a time against a database the views were applied to once: what
 * a test framework needs to make one test per file or per assertion. Close it to release the database.
 * Not thread-safe: run the files one after the other.
 */
public interface SqlTestRun extends AutoCloseable {

    /** The test files found, in path order. */
    List<Path> files();

    /** Runs one file (one of {@link #files()} or any other test file); never throws for what the file contains. */
    SqlTestFileResult run(Path file);

    /** Runs every file of {@link #files()}. */
    default SqlTestReport runAll() {
        return new SqlTestReport(files().stream().map(this::run).toList());
    }

    @Override
    void close();
}
