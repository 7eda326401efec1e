package io.matview.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.cli.CommandLineTest.Result;
import io.matview.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code matview demo --no-serve} against the test server given with {@code --db}. The demo works in
 * the database {@code matview_demo} of that server and writes its view files to
 * {@code .matview/demo/views} in the working directory (the module's, under surefire); both are
 * fixed by the demo, so they are shared per class: {@code @BeforeAll} moves an existing
 * {@code .matview/demo} aside, {@code @AfterAll} puts it back and drops {@code matview_demo}. Each
 * test that needs an earlier run makes it itself ({@link #demoHasRunFromScratch()}), so the tests
 * run alone and in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoCommandTest {
    private static final Path DEMO = Path.of(".matview", "demo");
    private static final Path PLAN_USAGE = DEMO.resolve("views").resolve("saas-billing").resolve("plan_usage.sql");

    private String url;
    private Path movedAside;
    private boolean matviewDirExisted;

    Result demo(String... extra) {
        List<String> args = new ArrayList<>(List.of("demo", "--no-serve", "--db", url));
        args.addAll(List.of(extra));
        return CommandLineTest.cli(args.toArray(String[]::new));
    }

    @BeforeAll
    void setUp() throws IOException {
        url = TestDatabase.url("postgres");
        matviewDirExisted = Files.exists(DEMO.getParent());
        if (Files.exists(DEMO)) {
            movedAside = Files.createTempDirectory("matview-demo-aside").resolve("demo");
            Files.move(DEMO, movedAside);
        }
    }

    @AfterAll
    void cleanUp() throws IOException {
        TestDatabase.execute(TestDatabase.server().getPostgresDatabase(),
                "DROP DATABASE IF EXISTS " + DemoCommand.DATABASE + " WITH (FORCE)");
        delete(DEMO);
        if (movedAside != null) {
            Files.move(movedAside, DEMO);
        } else if (!matviewDirExisted) {
            delete(DEMO.getParent());
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static DataSource demoDatabase() {
        return TestDatabase.dataSource(DemoCommand.DATABASE);
    }

    /** Given: the demo of saas-billing has run once, from scratch (small scale, seed 42, the example's own files). */
    private void demoHasRunFromScratch() {
        Result r = demo("--example", "saas-billing", "--reset");
        assertThat(r.code()).as("the given run; stdout:\n%s\nstderr:\n%s", r.out(), r.err()).isZero();
    }

    /** Adds a column {@code customers} to plan_usage's file; returns the file's new text. */
    private static String editPlanUsage() throws IOException {
        String edited = Files.readString(PLAN_USAGE).replace("as plan_name,", "as plan_name, count(distinct s.customer_id) as customers,");
        assertThat(edited).contains("customers");
        Files.writeString(PLAN_USAGE, edited);
        return edited;
    }

    private static long customersColumns() {
        return TestDatabase.queryLong(demoDatabase(), "select count(*) from pg_attribute "
                + "where attrelid = 'plan_usage'::regclass and attname = 'customers' and not attisdropped");
    }

    @Test
    void aFirstRunGeneratesAppliesRefreshesAndShowsTheStatus() {
        Result r = demo("--example", "saas-billing", "--reset");

        assertThat(r.code()).as("stdout:\n%s\nstderr:\n%s", r.out(), r.err()).isZero();
        assertThat(r.out()).contains("1. data (small scale, seed 42), generated inside PostgreSQL:",
                "saas-billing plans", "saas-billing subscriptions", "saas-billing usage_records",
                "2. matview plan:", "3. matview apply: 1 change(s), in one transaction", "4. matview refresh --all:",
                "5. matview status:", "plan_usage");
        assertThat(r.out()).doesNotContain("reusing");
        // only the example asked for
        assertThat(r.out()).doesNotContain("daily_revenue", "quiz", "customer_order_volume");

        assertThat(PLAN_USAGE).exists().hasContent(Example.named("saas-billing").view("plan_usage.sql"));
        DataSource demo = demoDatabase();
        assertThat(TestDatabase.queryLong(demo, "select count(*) from plan_usage")).isEqualTo(12);
        assertThat(TestDatabase.queryLong(demo, "select count(*) from subscriptions")).isEqualTo(2000);
        assertThat(TestDatabase.queryString(demo, "select scale || '/' || seed from demo.dataset where example = 'saas-billing'"))
                .isEqualTo("small/42");
    }

    @Test
    void aSecondRunReusesTheDataAndKeepsEditedViewFiles() throws IOException {
        demoHasRunFromScratch();
        String edited = editPlanUsage();

        Result r = demo("--example", "saas-billing");

        assertThat(r.code()).as("stdout:\n%s\nstderr:\n%s", r.out(), r.err()).isZero();
        assertThat(r.out()).contains("saas-billing: reusing the small data set", "4. matview refresh --all:", "5. matview status:");
        assertThat(r.out()).doesNotContain("saas-billing usage_records");
        assertThat(PLAN_USAGE).hasContent(edited);
        assertThat(customersColumns()).isEqualTo(1);
    }

    @Test
    void anotherScaleWithoutResetIsRefusedWithAHint() {
        demoHasRunFromScratch();

        Result r = demo("--example", "saas-billing", "--scale", "medium");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("small/42", "medium/42", "--reset");
        assertThat(r.out()).doesNotContain("2. matview plan");
        // nothing was generated
        assertThat(TestDatabase.queryLong(demoDatabase(), "select count(*) from subscriptions")).isEqualTo(2000);
    }

    @Test
    void anotherSeedWithoutResetIsRefusedToo() {
        demoHasRunFromScratch();

        Result r = demo("--example", "saas-billing", "--seed", "7");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("small/42", "small/7", "--reset");
    }

    @Test
    void resetStartsOver() throws IOException {
        demoHasRunFromScratch();
        editPlanUsage();
        assertThat(demo("--example", "saas-billing").code()).isZero();
        assertThat(customersColumns()).as("the edited view was applied").isEqualTo(1);

        Result r = demo("--example", "saas-billing", "--reset");

        assertThat(r.code()).as("stdout:\n%s\nstderr:\n%s", r.out(), r.err()).isZero();
        assertThat(r.out()).doesNotContain("reusing").contains("saas-billing usage_records");
        assertThat(PLAN_USAGE).hasContent(Example.named("saas-billing").view("plan_usage.sql"));
        assertThat(customersColumns()).isZero();
    }

    /** The demo switches to its own database on the server of --db, whichever form the URL has. */
    @Test
    void aPostgresUriWorksToo() {
        demoHasRunFromScratch();
        String uri = "postgres://postgres@localhost:" + TestDatabase.server().getPort() + "/postgres";

        Result r = CommandLineTest.cli("demo", "--no-serve", "--db", uri, "--example", "saas-billing");

        assertThat(r.code()).as("stdout:\n%s\nstderr:\n%s", r.out(), r.err()).isZero();
        assertThat(r.out()).as("the data of matview_demo, not of postgres").contains("saas-billing: reusing the small data set");
        assertThat(TestDatabase.queryString(TestDatabase.server().getPostgresDatabase(), "select to_regclass('public.plan_usage') is null"))
                .isEqualTo("t");
    }

    @Test
    void anUnknownExampleIsAClearError() {
        Result r = demo("--example", "no-such-example");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no example named 'no-such-example'", "saas-billing", "daily-revenue",
                "quiz-leaderboard", "customer-orders");
    }

    @Test
    void anUnknownScaleIsAClearError() {
        Result r = demo("--example", "saas-billing", "--scale", "huge");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown scale 'huge'", "small", "medium", "large");
    }
}
