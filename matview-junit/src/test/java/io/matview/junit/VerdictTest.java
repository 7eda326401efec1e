package io.matview.junit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.sqltest.SqlTestResult;
import io.matview.sqltest.SqlTestStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** How one assertion's outcome becomes a JUnit outcome: a skipped assertion is aborted, never passed. */
class VerdictTest {
    private static final Path FILE = Path.of("views/tests/plan_usage.test.sql");

    @Test
    void aSkippedAssertionIsAbortedWithItsReason() {
        SqlTestResult skipped = new SqlTestResult(FILE, 4, "has the view", "select has_view('plan_usage')", SqlTestStatus.SKIPPED,
                null, null, null, "pgTAP is not installed");

        assertThatThrownBy(() -> MatviewSqlTests.verdict(skipped))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("views/tests/plan_usage.test.sql:4: has the view: skipped: pgTAP is not installed");
    }

    @Test
    void aFailedAssertionFailsWithTheQueryAndTheDiffOfItsRows() {
        SqlTestResult failed = new SqlTestResult(FILE, 9, "one row per plan", "select plan_id from plan_usage\norder by plan_id",
                SqlTestStatus.FAILED, "plan_id\n1\n2", "plan_id\n1\n1\n2", " plan_id\n 1\n+1\n 2", "2 rows expected, 3 found");

        assertThatThrownBy(() -> MatviewSqlTests.verdict(failed))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("""
                        views/tests/plan_usage.test.sql:9: one row per plan: 2 rows expected, 3 found
                        query:
                          select plan_id from plan_usage
                          order by plan_id
                        rows (- expected, + actual):
                           plan_id
                           1
                          +1
                           2""");
    }

    @Test
    void aFailedScalarShowsExpectedAndActual() {
        SqlTestResult failed = new SqlTestResult(FILE, 3, "the answer", "select answer from answer", SqlTestStatus.FAILED, "41", "42", null,
                "expected 41, got 42");

        assertThatThrownBy(() -> MatviewSqlTests.verdict(failed))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("""
                        views/tests/plan_usage.test.sql:3: the answer: expected 41, got 42
                        query:
                          select answer from answer
                        expected: 41
                        actual:   42""");
    }

    @Test
    void aPassedAssertionPasses() {
        SqlTestResult passed = new SqlTestResult(FILE, 2, "counts", "select 1", SqlTestStatus.PASSED, "1", "1", null, null);

        assertThatCode(() -> MatviewSqlTests.verdict(passed)).doesNotThrowAnyException();
    }
}
