package io.matview.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.testing.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code matview demo --no-serve} against the test server given with {@code --db}. The demo works in
 * the database {@code matview_demo} of that server and writes its view files to
 * {@code .matview/demo/views} in the working directory (the module's, under surefire): this test
 * moves an existing {@code .matview/demo} aside and puts it back, and drops {@code matview_demo}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoCommandTest {
    private static final Path DEMO = Path.of(".matview", "demo");

    private String url;
    private Path movedAside;
    private boolean matviewDirExisted;

    record Result(int code, String out, String err) {
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
            code = Main.run(args, o, e);
        }
        return new Result(code, out.toString(), err.toString());
    }

    Result demo(String... extra) {
        List<String> args = new ArrayList<>(List.of("demo", "--no-serve", "--db", url));
        args.addAll(List.of(extra));
        return cli(args.toArray(String[]::new));
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

    @Test
    @Order(1)
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

        Path file = DEMO.resolve("views").resolve("saas-billing").resolve("plan_usage.sql");
        assertThat(file).exists().hasContent(Example.named("saas-billing").view("plan_usage.sql"));
        DataSource demo = demoDatabase();
        assertThat(TestDatabase.queryLong(demo, "select count(*) from plan_usage")).isEqualTo(12);
        assertThat(TestDatabase.queryLong(demo, "select count(*) from subscriptions")).isEqualTo(2000);
        assertThat(TestDatabase.queryString(demo, "select scale || '/' || seed from demo.dataset where example = 'saas-billing'"))
                .isEqualTo("small/42");
    }

    @Test
    @Order(2)
    void aSecondRunReusesTheDataAndKeepsEditedViewFiles() throws IOException {
        Path file = DEMO.resolve("views").resolve("saas-billing").resolve("plan_usage.sql");
        String edited = Files.readString(file).replace("as plan_name,", "as plan_name, count(distinct s.customer_id) as customers,");
        assertThat(edited).contains("customers");
        Files.writeString(file, edited);

        Result r = demo("--example", "saas-billing");

        assertThat(r.code()).as("stdout:\n%s\nstderr:\n%s", r.out(), r.err()).isZero();
        assertThat(r.out()).contains("saas-billing: reusing the small data set", "4. matview refresh --all:", "5. matview status:");
        assertThat(r.out()).doesNotContain("saas-billing usage_records");
        assertThat(file).hasContent(edited);
        assertThat(TestDatabase.queryLong(demoDatabase(), "select count(*) from pg_attribute "
                + "where attrelid = 'plan_usage'::regclass and attname = 'customers' and not attisdropped")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void anotherScaleWithoutResetIsRefusedWithAHint() {
        Result r = demo("--example", "saas-billing", "--scale", "medium");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("small/42", "medium/42", "--reset");
        assertThat(r.out()).doesNotContain("2. matview plan");
        // nothing was generated
        assertThat(TestDatabase.queryLong(demoDatabase(), "select count(*) from subscriptions")).isEqualTo(2000);
    }

    @Test
    @Order(4)
    void anotherSeedWithoutResetIsRefusedToo() {
        Result r = demo("--example", "saas-billing", "--seed", "7");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("small/42", "small/7", "--reset");
    }

    @Test
    @Order(5)
    void resetStartsOver() throws IOException {
        Result r = demo("--example", "saas-billing", "--reset");

        assertThat(r.code()).as("stdout:\n%s\nstderr:\n%s", r.out(), r.err()).isZero();
        assertThat(r.out()).doesNotContain("reusing").contains("saas-billing usage_records");
        assertThat(DEMO.resolve("views").resolve("saas-billing").resolve("plan_usage.sql"))
                .hasContent(Example.named("saas-billing").view("plan_usage.sql"));
        assertThat(TestDatabase.queryLong(demoDatabase(), "select count(*) from pg_attribute "
                + "where attrelid = 'plan_usage'::regclass and attname = 'customers' and not attisdropped")).isZero();
    }

    @Test
    @Order(6)
    void anUnknownExampleIsAClearError() {
        Result r = demo("--example", "no-such-example");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no example named 'no-such-example'", "saas-billing", "daily-revenue",
                "quiz-leaderboard", "customer-orders");
    }

    @Test
    @Order(7)
    void anUnknownScaleIsAClearError() {
        Result r = demo("--example", "saas-billing", "--scale", "huge");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown scale 'huge'", "small", "medium", "large");
    }
}
