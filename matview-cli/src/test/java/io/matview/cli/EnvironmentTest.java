package io.matview.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.cli.CommandLineTest.Result;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment variables the CLI reads ({@code MATVIEW_DB_URL}, {@code PGUSER}) and the one it
 * does not ({@code DATABASE_URL}), with both forms of URL. A process can not change its own
 * environment, so each case runs {@code matview} in a JVM of its own.
 */
class EnvironmentTest {
    @TempDir
    Path tmp;
    Path views;
    String database;
    int port;

    @BeforeEach
    void setUp() {
        database = TestDatabase.databaseName(TestDatabase.fresh());
        port = TestDatabase.server().getPort();
        views = tmp.resolve("views");
        new ViewFiles(views).write("one.sql", "select 1 as one\n");
    }

    /** {@code matview ARGS --views VIEWS} in a new JVM whose environment has {@code env} and none of the CLI's other variables. */
    private Result matview(Map<String, String> env, String... args) throws IOException, InterruptedException {
        // C1 only: these runs are short, and the machine is shared with the rest of the suite
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--views", views.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeAll(List.of("MATVIEW_DB_URL", "DATABASE_URL", "PGUSER", "PGPASSWORD"));
        pb.environment().putAll(env);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("matview " + String.join(" ", args) + " did not end; stderr: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private String uri(String userInfo) {
        return "postgres://" + userInfo + "localhost:" + port + "/" + database;
    }

    private String jdbc(String query) {
        return "jdbc:postgresql://localhost:" + port + "/" + database + query;
    }

    @Test
    void pgUserFillsInAUserTheUrlLacksInBothForms() throws Exception {
        Map<String, String> env = Map.of("PGUSER", "no_such_role");

        for (String url : List.of(uri(""), jdbc(""))) {
            Result r = matview(env, "plan", "--db", url);
            assertThat(r.code()).as("%s: %s", url, r.err()).isEqualTo(1);
            assertThat(r.err()).as(url).startsWith("error: the database refused the login").contains("no_such_role");
        }
    }

    @Test
    void theUrlsOwnUserWinsOverPgUserInBothForms() throws Exception {
        Result jdbc = matview(Map.of("PGUSER", "no_such_role"), "plan", "--db", jdbc("?user=postgres"));
        assertThat(jdbc.code()).as(jdbc.err()).isEqualTo(2);
        assertThat(jdbc.out()).contains("create", "public.one");

        // and MATVIEW_DB_URL takes a URI, read instead of DATABASE_URL (which, if read, would fail)
        Result uri = matview(Map.of("PGUSER", "no_such_role", "MATVIEW_DB_URL", uri("postgres@"),
                "DATABASE_URL", "mysql://elsewhere/x"), "plan");
        assertThat(uri.code()).as(uri.err()).isEqualTo(2);
        assertThat(uri.out()).contains("create", "public.one");
        assertThat(uri.err()).isEmpty();
    }

    /** A DATABASE_URL may point at production; Matview reads only its own variable and --db. */
    @Test
    void withoutMatviewDbUrlTheEmbeddedServerIsUsedEvenIfDatabaseUrlIsSet() throws Exception {
        Result r = matview(Map.of("DATABASE_URL", uri("postgres@")), "apply", "--embedded-data", tmp.resolve("pgdata").toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).startsWith("matview: no --db given; using the embedded PostgreSQL in " + tmp.resolve("pgdata"))
                .contains("(DATABASE_URL is not read; --db \"$DATABASE_URL\" uses it)");
        assertThat(TestDatabase.queryString(TestDatabase.dataSource(database), "select to_regclass('public.one') is null"))
                .as("nothing applied to the database of DATABASE_URL").isEqualTo("t");
    }
}
