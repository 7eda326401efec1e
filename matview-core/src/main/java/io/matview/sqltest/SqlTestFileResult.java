package io.matview.sqltest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What running one SQL test file found: its assertions in file order.
 *
 * @param file the test file
 * @param isolation how the file was isolated
 * @param pgTap whether the file is a pgTAP file (its assertions are pgTAP's tests)
 * @param results the assertions, and any step that failed, in file order
 * @param elapsed how long the file took (for reports, not for assertions)
 */
public record SqlTestFileResult(Path file, SqlTestIsolation isolation, boolean pgTap, List<SqlTestResult> results,
        Duration elapsed) {

    public SqlTestFileResult {
        Objects.requireNonNull(file);
        Objects.requireNonNull(isolation);
        results = List.copyOf(results);
        Objects.requireNonNull(elapsed);
    }

    /** Failed when any result failed; skipped when every result was skipped; passed otherwise. */
    public SqlTestStatus status() {
        if (results.stream().anyMatch(r -> r.status() == SqlTestStatus.FAILED)) {
            return SqlTestStatus.FAILED;
        }
        if (results.stream().allMatch(r -> r.status() == SqlTestStatus.SKIPPED)) {
            return SqlTestStatus.SKIPPED;
        }
        return SqlTestStatus.PASSED;
    }
}
