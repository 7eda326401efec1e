package io.matview.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.matview.testing.TestDatabase;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

/**
 * Runs user-style test classes (the nested ones, which the build itself does not run) through the JUnit
 * Platform and checks what a user would see: one test per assertion, passing where the SQL holds, failing
 * with file:line where it does not.
 */
class SqlTestsAsDynamicTestsTest {
    static final Path VIEWS = Path.of("src/test/fixtures/views");
    private static final String FIXTURE = "matview.junit.fixture";
    private static final String ONLY_IN_TEST_KIT = "io.matview.junit.SqlTestsAsDynamicTestsTest#inTestKit";

    /** The user-style classes fail on purpose: they run only when this test runs them, not when a build selects them by pattern. */
    static boolean inTestKit(ExtensionContext context) {
        return context.getConfigurationParameter(FIXTURE).isPresent();
    }

    /** The one line a user writes, on the embedded PostgreSQL. */
    @EnabledIf(ONLY_IN_TEST_KIT)
    static class OnTheEmbeddedDatabase {
        @TestFactory
        Stream<DynamicNode> sql() {
            return MatviewSqlTests.from(VIEWS).dynamicTests();
        }
    }

    /** The same on a data source the user gives (here a fresh database of the build's embedded server). */
    @EnabledIf(ONLY_IN_TEST_KIT)
    static class OnAGivenDataSource {
        @TestFactory
        Stream<DynamicNode> sql() {
            DataSource mine = TestDatabase.fresh();
            return MatviewSqlTests.from(VIEWS).dataSource(mine).dynamicTests();
        }
    }

    /** Only the passing file. */
    @EnabledIf(ONLY_IN_TEST_KIT)
    static class OnlyPassingFiles {
        @TestFactory
        Stream<DynamicNode> sql() {
            return MatviewSqlTests.from(VIEWS).tests(VIEWS.resolve("tests/answer.test.sql")).dynamicTests();
        }
    }

    @Test
    void passingAssertionsPassAndAFailingOneFailsWithItsFileAndLine() {
        Events tests = run(OnTheEmbeddedDatabase.class);

        assertOutcomes(tests);
    }

    @Test
    void aGivenDataSourceRunsTheSameTests() {
        Events tests = run(OnAGivenDataSource.class);

        assertOutcomes(tests);
    }

    @Test
    void eachFileIsAContainerNamedByItsPathUnderTheViewsDirectory() {
        Events containers = EngineTestKit.engine("junit-jupiter").configurationParameter(FIXTURE, "true").selectors(selectClass(OnTheEmbeddedDatabase.class)).execute().containerEvents();

        containers.assertThatEvents()
                .haveExactly(1, event(container(), displayName("tests/answer.test.sql"), finishedSuccessfully()))
                .haveExactly(1, event(container(), displayName("tests/wrong.test.sql"), finishedSuccessfully()));
    }

    @Test
    void aDirectoryOfPassingFilesPassesWhole() {
        Events tests = run(OnlyPassingFiles.class);

        tests.assertStatistics(s -> s.started(2).succeeded(2).failed(0).aborted(0));
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").configurationParameter(FIXTURE, "true").selectors(selectClass(testClass)).execute().testEvents();
    }

    private static void assertOutcomes(Events tests) {
        tests.assertStatistics(s -> s.started(3).succeeded(2).failed(1).aborted(0));
        tests.assertThatEvents()
                .haveExactly(1, event(test(), displayName("the answer is 42"), finishedSuccessfully()))
                .haveExactly(1, event(test(), displayName("one row"), finishedSuccessfully()))
                .haveExactly(1, event(test(), displayName("the answer is 41"), finishedWithFailure(
                        instanceOf(AssertionFailedError.class),
                        message(m -> m.startsWith(VIEWS.resolve("tests/wrong.test.sql") + ":5: the answer is 41")))));
        AssertionFailedError failure = (AssertionFailedError) tests.failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow();
        assertThat(failure.getExpected().getStringRepresentation()).contains("41");
        assertThat(failure.getActual().getStringRepresentation()).contains("42");
    }
}
