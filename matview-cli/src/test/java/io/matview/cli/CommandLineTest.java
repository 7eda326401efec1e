package io.matview.cli;

import static io.matview.testing.TestDatabase.execute;
import static io.matview.testing.TestDatabase.queryLong;
import static io.matview.testing.TestDatabase.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code matview} command end to end, against fresh databases given with {@code --db}. */
class CommandLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String DAILY_REVENUE = """
            -- materialized
            -- unique: day
            -- description: Revenue per day
            select day, sum(total)::bigint as revenue, count(*) as order_count
            from public.orders
            group by day
            """;
    private static final String DAILY_REVENUE_V2 = """
            -- materialized
            -- unique: day
            -- description: Revenue per day
            select day, sum(total)::bigint as revenue, count(*) as order_count, max(total) as biggest
            from public.orders
            group by day
            """;
    private static final String BIG_DAYS = """
            -- description: Days with revenue over 20
            select day, revenue
            from reporting.daily_revenue
            where revenue > 20
            """;
    /** The error is on line 4 of the file: a column that does not exist. */
    private static final String BROKEN = """
            -- description: Reads a column that does not exist
            select day,
                   revenue,
                   no_such_column
            from reporting.daily_revenue
            """;

    @TempDir
    Path tmp;
    Path views;
    ViewFiles files;
    DataSource db;
    String url;

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        url = TestDatabase.url(TestDatabase.databaseName(db));
        execute(db, "create schema reporting",
                "create table public.orders (id int primary key, total int not null, day date not null)",
                "insert into public.orders values (1, 10, '2026-01-01'), (2, 20, '2026-01-01'), "
                        + "(3, 5, '2026-01-02'), (4, 7, '2026-01-03')");
        views = tmp.resolve("views");
        files = new ViewFiles(views);
    }

    /** What one run of the command printed, and its exit code. */
    record Result(int code, String out, String err) {
        List<String> outLines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** Runs {@code matview} with {@code args}. */
    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
            code = Main.run(args, o, e);
        }
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs a database command with {@code --db} and {@code --views} of this test. */
    Result db(String command, String... args) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(List.of(args));
        all.addAll(List.of("--db", url, "--views", views.toString()));
        return cli(all.toArray(String[]::new));
    }

    private boolean exists(String relation) {
        return queryString(db, "select to_regclass('" + relation + "') is not null").equals("t");
    }

    /** 1 while reporting.daily_revenue has version 2's column {@code biggest}, else 0. */
    private long biggestColumns() {
        return queryLong(db, "select count(*) from pg_attribute "
                + "where attrelid = 'reporting.daily_revenue'::regclass and attname = 'biggest' and not attisdropped");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** Asserts a clean failure: exit 1, one {@code error: } message, no stack trace. */
    private static void assertCleanError(Result r, String... fragments) {
        assertThat(r.code()).as("exit code; err was: %s", r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains(fragments);
        assertThat(r.err()).doesNotContain("\tat ", "Exception");
    }

    private void applyTwoVersionsOfDailyRevenue() {
        files.write("reporting.daily_revenue.sql", DAILY_REVENUE);
        assertThat(db("apply").code()).isZero();
        files.write("reporting.daily_revenue.sql", DAILY_REVENUE_V2);
        assertThat(db("apply").code()).isZero();
    }

    @Nested
    class Init {
        @Test
        void createsTheViewsDirectoryWithAnExampleFileThatApplies() throws Exception {
            Result r = cli("init", "--views", views.toString());

            assertThat(r.code()).isZero();
            Path example = views.resolve("daily_orders.sql");
            assertThat(example).isRegularFile();
            assertThat(Files.readString(example)).contains("select");
            assertThat(r.out()).contains("created " + example);
            assertThat(r.err()).isEmpty();

            Result apply = db("apply");
            assertThat(apply.code()).as(apply.err()).isZero();
            assertThat(exists("public.daily_orders")).isTrue();
        }

        @Test
        void refusesADirectoryThatIsNotEmpty() throws Exception {
            Path mine = files.write("mine.sql", "select 1 as one\n");

            Result r = cli("init", "--views", views.toString());

            assertCleanError(r, views.toString(), "not empty");
            assertThat(views.resolve("daily_orders.sql")).doesNotExist();
            assertThat(Files.readString(mine)).isEqualTo("select 1 as one\n");
        }
    }

    @Nested
    class Plan {
        @Test
        void printsOneLinePerObjectAndExitsTwoWhenChangesArePending() {
            files.write("reporting.daily_revenue.sql", DAILY_REVENUE);
            files.write("reporting.big_days.sql", BIG_DAYS);

            Result r = db("plan");

            assertThat(r.code()).isEqualTo(2);
            assertThat(r.outLines()).hasSize(2);
            assertThat(r.outLines().get(0)).startsWith("create").contains("materialized view", "reporting.daily_revenue");
            assertThat(r.outLines().get(1)).startsWith("create").contains("view", "reporting.big_days");
            assertThat(exists("reporting.daily_revenue")).as("plan changes nothing").isFalse();
            assertThat(queryLong(db, "select count(*) from pg_namespace where nspname = 'matview'")).isZero();
        }

        @Test
        void exitsZeroWhenTheDatabaseMatchesTheFiles() {
            files.write("reporting.daily_revenue.sql", DAILY_REVENUE);
            assertThat(db("apply").code()).isZero();

            Result r = db("plan");

            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("nothing to do");
        }

        @Test
        void exitsZeroForAnEmptyViewsDirectoryOnANewDatabase() throws Exception {
            Files.createDirectories(views);

            Result r = db("plan");

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("nothing to do");
        }

        @Test
        void printsValidJsonWithQualifiedNamesAndActions() throws Exception {
            files.write("reporting.daily_revenue.sql", DAILY_REVENUE);
            files.write("reporting.big_days.sql", BIG_DAYS);

            Result r = db("plan", "--json");

            assertThat(r.code()).isEqualTo(2);
            JsonNode plan = json(r.out());
            assertThat(plan.get("pending").asBoolean()).isTrue();
            JsonNode changes = plan.get("changes");
            assertThat(changes.isArray()).isTrue();
            assertThat(changes).hasSize(2);
            assertThat(changes.get(0).get("view").asText()).isEqualTo("reporting.daily_revenue");
            assertThat(changes.get(0).get("action").asText()).isEqualTo("create");
            assertThat(changes.get(0).get("kind").asText()).isEqualTo("materialized view");
            assertThat(changes.get(0).get("reason").asText()).isNotBlank();
            assertThat(changes.get(1).get("view").asText()).isEqualTo("reporting.big_days");
            assertThat(changes.get(1).get("kind").asText()).isEqualTo("view");
        }

        @Test
        void printsAnEmptyJsonPlanWhenInSync() throws Exception {
            files.write("reporting.daily_revenue.sql", DAILY_REVENUE);
            assertThat(db("apply").code()).isZero();

            Result r = db("plan", "--json");

            assertThat(r.code()).isZero();
            JsonNode plan = json(r.out());
            assertThat(plan.get("pending").asBoolean()).isFalse();
            assertThat(plan.get("changes")).isEmpty();
        }

        @Test
        void namesTheChangeAfterAFileIsEdited() throws Exception {
            files.write("reporting.daily_revenue.sql", DAILY_REVENUE);
            assertThat(db("apply").code()).isZero();
            files.write("reporting.daily_revenue.sql", DAILY_REVENUE_V2);

            Result r = db("plan", "--json");

            assertThat(r.code()).isEqualTo(2);
            JsonNode change = json(r.out()).get("changes").get(0);
            assertThat(change.get("view").asText()).isEqualTo("reporting.daily_revenue");
            assertThat(change.get("action").asText()).isEqualTo("rebuild");
        }
    }

    @Nested
    class Apply {
        @Test
        void appliesThePlanAndASecondPlanFindsNothingToDo() {
            files.write("reporting.daily_revenue.sql", DAILY_REVENUE);
            files.write("reporting.big_days.sql", BIG_DAYS);

            Result r = db("apply");

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("reporting.daily_revenue", "reporting.big_days", "applied 2 change(s)");
            assertThat(queryLong(db, "select revenue from reporting.daily_revenue where day = '2026-01-01'")).isEqualTo(30);
            assertThat(queryLong(db, "select count(*) from reporting.big_days")).isEqualTo(1);
            assertThat(db("plan").code()).isZero();

            Result again = db("apply");
            assertThat(again.code()).isZero();
            assertThat(again.out()).contains("nothing to do").doesNotContain("applied");
        }

        @Test
        void reportsAnSqlErrorWithFileAndLineAndChangesNothing() {
            files.write("reporting.daily_revenue.sql", DAILY_REVENUE);
            Path broken = files.write("reporting.broken.sql", BROKEN);

            Result r = db("apply");

            assertCleanError(r, broken + ":4", "no_such_column");
            assertThat(exists("reporting.daily_revenue")).as("the good view was rolled back too").isFalse();
            assertThat(queryLong(db, "select count(*) from pg_namespace where nspname = 'matview'")).isZero();
            assertThat(db("plan").code()).isEqualTo(2);
        }

        @Test
        void leavesTheAppliedVersionInPlaceWhenAChangeFails() {
            files.write("reporting.daily_revenue.sql", DAILY_REVENUE);
            assertThat(db("apply").code()).isZero();
            files.write("reporting.daily_revenue.sql", DAILY_REVENUE_V2);
            Path broken = files.write("reporting.broken.sql", BROKEN);

            Result r = db("apply");

            assertCleanError(r, broken + ":4");
            assertThat(biggestColumns())
                    .as("the changed view was not rebuilt").isZero();
            assertThat(queryLong(db, "select count(*) from pg_matviews where schemaname = 'reporting' "
                    + "and matviewname like '\\_matview\\_new%'")).as("no shadow left behind").isZero();
            assertThat(cli("history", "reporting.daily_revenue", "--db", url).outLines()).hasSize(1);
        }

        @Test
        void refusesToDropWithoutAllowDrop() {
            files.write("reporting.daily_revenue.sql", DAILY_REVENUE);
            files.write("reporting.big_days.sql", BIG_DAYS);
            assertThat(db("apply").code()).isZero();
            files.delete("reporting.big_days.sql");

            Result plan = db("plan");
            assertThat(plan.code()).isEqualTo(2);
            assertThat(plan.out()).startsWith("drop").contains("reporting.big_days");

            Result refused = db("apply");
            assertCleanError(refused, "reporting.big_days", "--allow-drop");
            assertThat(exists("reporting.big_days")).isTrue();

            Result dropped = db("apply", "--allow-drop");
            assertThat(dropped.code()).as(dropped.err()).isZero();
            assertThat(dropped.out()).contains("drop", "reporting.big_days", "applied 1 change(s)");
            assertThat(exists("reporting.big_days")).isFalse();
            assertThat(exists("reporting.daily_revenue")).isTrue();
            assertThat(db("plan").code()).isZero();
        }
    }

    @Nested
    class Status {
        @Test
        void listsEachViewWithKindPopulatedAndRows() {
            files.write("reporting.daily_revenue.sql", DAILY_REVENUE);
            files.write("reporting.big_days.sql", BIG_DAYS);
            assertThat(db("apply").code()).isZero();
            execute(db, "analyze reporting.daily_revenue");

            Result r = db("status");

            assertThat(r.code()).as(r.err()).isZero();
            List<String> lines = r.outLines();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0).split("\\s+")).startsWith("VIEW", "KIND", "POPULATED", "ROWS");
            assertThat(lines.get(1)).startsWith("reporting.big_days ");
            assertThat(columnsOf(lines.get(1))).startsWith("reporting.big_days", "view", "yes", "-");
            assertThat(lines.get(2)).startsWith("reporting.daily_revenue ");
            assertThat(columnsOf(lines.get(2))).startsWith("reporting.daily_revenue", "materialized view", "yes", "3");
        }

        @Test
        void printsStatusAsJson() throws Exception {
            files.write("reporting.daily_revenue.sql", DAILY_REVENUE);
            assertThat(db("apply").code()).isZero();

            Result r = db("status", "--json");

            assertThat(r.code()).isZero();
            JsonNode status = json(r.out());
            assertThat(status).hasSize(1);
            JsonNode v = status.get(0);
            assertThat(v.get("name").asText()).isEqualTo("reporting.daily_revenue");
            assertThat(v.get("kind").asText()).isEqualTo("materialized view");
            assertThat(v.get("populated").asBoolean()).isTrue();
            assertThat(v.get("version").asInt()).isEqualTo(1);
            assertThat(v.get("appliedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        }

        @Test
        void saysSoWhenNoViewIsManagedYet() throws Exception {
            Files.createDirectories(views);

            Result r = db("status");

            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("no managed views yet");
        }

        /** VIEW, KIND, POPULATED and ROWS of a status line. */
        private List<String> columnsOf(String line) {
            Matcher m = Pattern.compile("(\\S+)\\s+(materialized view|view)\\s+(\\S+)\\s+(\\S+)\\s.*").matcher(line);
            assertThat(m.matches()).as("status line: %s", line).isTrue();
            return List.of(m.group(1), m.group(2), m.group(3), m.group(4));
        }
    }

    @Nested
    class History {
        @Test
        void listsEveryAppliedVersionWithItsFile() {
            applyTwoVersionsOfDailyRevenue();

            Result r = db("history", "reporting.daily_revenue", "--definitions");

            assertThat(r.code()).as(r.err()).isZero();
            String out = r.out();
            assertThat(out).contains("version 1", "version 2", "materialized view", "reporting.daily_revenue");
            String v1 = out.substring(out.indexOf("version 1"), out.indexOf("version 2"));
            String v2 = out.substring(out.indexOf("version 2"));
            assertThat(v1).contains("    -- unique: day", "    select day, sum(total)::bigint as revenue, count(*) as order_count\n")
                    .doesNotContain("biggest");
            assertThat(v2).contains("    -- unique: day", "max(total) as biggest");
        }

        @Test
        void withoutDefinitionsPrintsTheRefreshLogNewestFirst() {
            applyTwoVersionsOfDailyRevenue();
            assertThat(db("history", "reporting.daily_revenue").out()).contains("no refreshes logged for reporting.daily_revenue");
            assertThat(db("refresh", "reporting.daily_revenue", "--mode", "full").code()).isZero();
            assertThat(db("refresh", "reporting.daily_revenue").code()).isZero();

            Result r = db("history", "reporting.daily_revenue");

            assertThat(r.code()).isZero();
            assertThat(r.outLines()).hasSize(2);
            assertThat(r.outLines().get(0)).contains("ok", "reporting.daily_revenue", "manual, concurrent", "generation");
            assertThat(r.outLines().get(1)).contains("ok", "manual, full");
            assertThat(r.out()).doesNotContain("-- unique");
        }

        @Test
        void printsVersionsAsJson() throws Exception {
            applyTwoVersionsOfDailyRevenue();

            Result r = db("history", "reporting.daily_revenue", "--definitions", "--json");

            assertThat(r.code()).isZero();
            JsonNode versions = json(r.out());
            assertThat(versions).hasSize(2);
            assertThat(versions.get(0).get("version").asInt()).isEqualTo(1);
            assertThat(versions.get(0).get("name").asText()).isEqualTo("reporting.daily_revenue");
            assertThat(versions.get(1).get("version").asInt()).isEqualTo(2);
            assertThat(versions.get(1).get("source").asText()).isEqualTo(DAILY_REVENUE_V2);
        }
    }

    @Nested
    class Diff {
        @Test
        void showsRemovedAndAddedLinesBetweenTwoVersions() {
            applyTwoVersionsOfDailyRevenue();

            Result r = db("diff", "reporting.daily_revenue", "--from", "1", "--to", "2");

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out().lines().toList())
                    .contains("-select day, sum(total)::bigint as revenue, count(*) as order_count")
                    .contains("+select day, sum(total)::bigint as revenue, count(*) as order_count, max(total) as biggest")
                    .anyMatch(l -> l.startsWith("--- ") && l.contains("(version 1)"))
                    .anyMatch(l -> l.startsWith("+++ ") && l.contains("(version 2)"))
                    .anyMatch(l -> l.startsWith("@@"));
        }

        @Test
        void showsTheEditOfTheFileSinceTheLastApply() {
            files.write("reporting.daily_revenue.sql", DAILY_REVENUE);
            assertThat(db("apply").code()).isZero();
            assertThat(db("diff", "reporting.daily_revenue").out()).contains("no difference");

            files.write("reporting.daily_revenue.sql", DAILY_REVENUE.replace("-- unique: day\n", "-- unique: day\n-- index: revenue desc\n"));
            Result r = db("diff", "reporting.daily_revenue");

            assertThat(r.code()).isZero();
            assertThat(r.out().lines().toList()).contains("+-- index: revenue desc");
        }

        @Test
        void needsBothFromAndTo() {
            applyTwoVersionsOfDailyRevenue();

            assertCleanError(db("diff", "reporting.daily_revenue", "--from", "1"), "--from", "--to");
        }
    }

    @Nested
    class Restore {
        @Test
        void writesTheOldVersionBackIntoTheFileForTheNextApply() throws Exception {
            applyTwoVersionsOfDailyRevenue();
            Path file = views.resolve("reporting.daily_revenue.sql");

            Result r = db("restore", "reporting.daily_revenue", "--version", "1");

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("wrote version 1", file.toString());
            assertThat(Files.readString(file)).isEqualTo(DAILY_REVENUE);
            assertThat(exists("reporting.daily_revenue")).isTrue();
            assertThat(biggestColumns())
                    .as("restore changes only the file").isEqualTo(1);

            assertThat(db("plan").code()).isEqualTo(2);
            assertThat(db("apply").code()).isZero();
            assertThat(biggestColumns())
                    .isZero();
        }

        @Test
        void rewritesAFileThatWasDeleted() throws Exception {
            files.write("reporting.daily_revenue.sql", DAILY_REVENUE);
            assertThat(db("apply").code()).isZero();
            files.delete("reporting.daily_revenue.sql");

            Result r = db("restore", "reporting.daily_revenue", "--version", "1");

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(Files.readString(views.resolve("reporting.daily_revenue.sql"))).isEqualTo(DAILY_REVENUE);
            assertThat(db("plan").code()).isZero();
        }

        @Test
        void refusesAVersionThatDoesNotExist() {
            applyTwoVersionsOfDailyRevenue();

            assertCleanError(db("restore", "reporting.daily_revenue", "--version", "9"), "no version 9", "versions 1 to 2");
        }
    }

    /** {@code --db} as platforms hand it out ({@code DATABASE_URL}) beside the JDBC form. */
    @Nested
    class DatabaseUrl {
        private final int port = TestDatabase.server().getPort();
        private String database;

        @BeforeEach
        void oneView() {
            database = TestDatabase.databaseName(db);
            files.write("reporting.daily_revenue.sql", DAILY_REVENUE);
        }

        private Result planWith(String dbUrl) {
            return cli("plan", "--db", dbUrl, "--views", views.toString());
        }

        @Test
        void postgresAndPostgresqlUrisReachTheDatabaseTheyName() {
            Result r = planWith("postgres://postgres@localhost:" + port + "/" + database);

            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.out()).contains("create", "reporting.daily_revenue");

            Result apply = cli("apply", "--db", "postgresql://postgres:p%40ss%2F@127.0.0.1:" + port + "/" + database
                    + "?sslmode=disable&application_name=ci", "--views", views.toString());
            assertThat(apply.code()).as(apply.err()).isZero();
            assertThat(exists("reporting.daily_revenue")).isTrue();
            assertThat(planWith("jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres").code()).isZero();
        }

        @Test
        void anUnknownParameterIsRefusedBeforeConnecting() {
            Result r = planWith("postgres://postgres@localhost:" + port + "/" + database + "?ssl_mode=require");

            assertCleanError(r, "--db", "unknown parameter 'ssl_mode'", "sslmode");
        }
    }

    @Nested
    class BadInput {
        @Test
        void unknownCommand() {
            Result r = cli("frobnicate");

            assertCleanError(r, "frobnicate");
        }

        @Test
        void missingRequiredOption() {
            Result r = cli("restore", "reporting.daily_revenue", "--db", url);

            assertCleanError(r, "--version");
        }

        @Test
        void unknownCommandSuggestsTheNearestOnes() {
            Result r = cli("frobnicate");

            assertThat(r.code()).isNotZero();
            assertThat(r.err()).contains("'frobnicate'", "Did you mean").doesNotContain("\tat ", "Exception");
            assertThat(r.out()).isEmpty();
        }

        @Test
        void initIntoAPathThatIsAFile() throws Exception {
            Path file = Files.writeString(tmp.resolve("views.txt"), "not a directory\n");

            Result r = cli("init", "--views", file.toString());

            assertCleanError(r, file.toString());
        }

        @Test
        void lockTimeoutThatIsNotADuration() {
            files.write("a.sql", "select 1 as one\n");

            Result r = db("apply", "--lock-timeout", "soon");

            assertCleanError(r, "soon", "30s");
            assertThat(exists("public.a")).isFalse();
        }

        @Test
        void lockTimeoutOfZero() {
            files.write("a.sql", "select 1 as one\n");

            assertCleanError(db("apply", "--lock-timeout", "0s"), "--lock-timeout", "positive");
        }

        /** Until issue 9, {@code postgres://} was refused here too; now it is accepted (see {@link DatabaseUrl}). */
        @Test
        void databaseUrlThatIsNotAPostgresUrl() {
            files.write("a.sql", "select 1 as one\n");

            Result r = cli("plan", "--db", "mysql://app:s3cret@localhost/app", "--views", views.toString());

            assertCleanError(r, "--db", "not a PostgreSQL URL", "mysql://app:***@localhost/app", "postgres://", "jdbc:postgresql://");
            assertThat(r.err()).doesNotContain("s3cret");
        }

        @Test
        void databaseUriWithoutHost() {
            Result r = cli("plan", "--db", "postgres:///", "--views", views.toString());

            assertCleanError(r, "--db", "names no host", "localhost");
        }

        @Test
        void unreachableDatabase() {
            files.write("a.sql", "select 1 as one\n");

            Result r = cli("plan", "--db", "jdbc:postgresql://127.0.0.1:1/x", "--views", views.toString());

            assertCleanError(r, "cannot reach the database", "--db");
        }

        @Test
        void historyOfAViewNeverApplied() {
            Result fresh = cli("history", "nope", "--db", url);
            assertCleanError(fresh, "never applied a view named public.nope", "matview status");

            files.write("reporting.daily_revenue.sql", DAILY_REVENUE);
            assertThat(db("apply").code()).isZero();
            assertCleanError(cli("history", "reporting.nope", "--db", url), "never applied a view named reporting.nope");
        }

        @Test
        void missingViewsDirectory() {
            Path missing = tmp.resolve("no-such-dir");

            Result r = cli("plan", "--db", url, "--views", missing.toString());

            assertCleanError(r, missing.toString(), "does not exist", "matview init");
        }

        @Test
        void viewFileWithAnUnknownDirective() {
            Path file = files.write("a.sql", "-- materialised\nselect 1 as one\n");

            Result r = db("plan");

            assertCleanError(r, file + ":1");
        }
    }
}
