package io.matview.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.sqltest.SqlTestFileResult;
import io.matview.sqltest.SqlTestOptions;
import io.matview.sqltest.SqlTestReport;
import io.matview.sqltest.SqlTestResult;
import io.matview.sqltest.SqlTestStatus;
import io.matview.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every example's SQL tests ({@code examples/<example>/tests}) pass against its views, on the
 * PostgreSQL of the build (17, or 15 with -Ppg15); and they catch the wrong query they were written against.
 */
class ExampleSqlTestsTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    private static SqlTestReport run(String example, Path views) {
        Path dir = EXAMPLES.resolve(example);
        try (Matview matview = Matview.configure().dataSource(TestDatabase.fresh()).viewsDirectory(views).load()) {
            return matview.runSqlTests(SqlTestOptions.builder().setupScripts(List.of(dir.resolve("schema.sql")))
                    .paths(List.of(dir.resolve("tests"))).build());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"customer-orders", "daily-revenue", "quiz-leaderboard", "saas-billing"})
    void theExamplesSqlTestsPass(String example) {
        SqlTestReport report = run(example, EXAMPLES.resolve(example).resolve("views"));

        assertThat(report.files()).isNotEmpty();
        assertThat(report.results()).allSatisfy(r -> assertThat(r.status())
                .as("%s %s: %s", r.location(), r.name(), r.message()).isEqualTo(SqlTestStatus.PASSED));
    }

    @Test
    void theDailyRevenueTestsCoverWhatTheExampleClaims() {
        SqlTestReport report = run("daily-revenue", EXAMPLES.resolve("daily-revenue/views"));

        assertThat(report.results()).extracting(SqlTestResult::name).contains("counts only paid orders", "sums revenue correctly",
                "never null", "zero-filled days: every day without a paid order is there with zeros",
                "rolling window boundaries: a day's 7-day sum covers it and the 6 days before, no more");
    }

    @Test
    void thePlanUsageTestFailsOnTheNaiveDoubleCountingQuery() {
        SqlTestReport report = run("saas-billing", EXAMPLES.resolve("saas-billing/tests/naive"));

        SqlTestFileResult file = report.files().get(0);
        assertThat(file.status()).isEqualTo(SqlTestStatus.FAILED);
        SqlTestResult revenue = file.results().get(0);
        assertThat(revenue.name()).isEqualTo("revenue counts each active subscription once, however many usage records it has");
        assertThat(revenue.status()).isEqualTo(SqlTestStatus.FAILED);
        assertThat(revenue.diff()).contains("- 1 | 2 | 15 | 2000", "+ 1 | 4 | 15 | 4000");
        assertThat(file.results().get(1).status()).isEqualTo(SqlTestStatus.FAILED);
        assertThat(file.results().get(1).actual()).isEqualTo("14000");
    }
}
