package io.matview.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.cli.CommandLineTest.Result;
import io.matview.testing.ViewFiles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without {@code --db}, the CLI runs on an embedded PostgreSQL whose data stays in {@code --embedded-data}. */
class EmbeddedDatabaseTest {
    private static final String NOTICE = "matview: no --db given; using the embedded PostgreSQL in ";

    @TempDir
    Path tmp;
    Path data;
    Path views;

    @BeforeEach
    void setUp() {
        data = tmp.resolve("pgdata");
        views = tmp.resolve("views");
        ViewFiles files = new ViewFiles(views);
        files.write("numbers.sql", """
                -- materialized
                -- unique: n
                select n from generate_series(1, 5) as n
                """);
        files.write("odd_numbers.sql", "select n from numbers where n % 2 = 1\n");
    }

    private Result embedded(String command, String... args) {
        String[] all = new String[args.length + 5];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--views", views.toString(), "--embedded-data", data.toString()}, 0,
                all, args.length + 1, 4);
        return CommandLineTest.cli(all);
    }

    @Test
    void startsTheEmbeddedServerSaysSoInOneLineAndKeepsTheDataBetweenRuns() {
        Result first = embedded("status");

        assertThat(first.code()).as(first.err()).isZero();
        List<String> errLines = first.err().lines().toList();
        assertThat(errLines).hasSize(1);
        assertThat(errLines.get(0)).startsWith(NOTICE + data).doesNotContain("already running");
        assertThat(first.out()).contains("no managed views yet");
        assertThat(data.resolve("PG_VERSION")).isRegularFile();
        assertThat(data.resolve("postmaster.pid")).as("the server this run started is stopped").doesNotExist();

        Result apply = embedded("apply");
        assertThat(apply.code()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("public.numbers", "public.odd_numbers", "applied 2 change(s)");

        Result status = embedded("status");
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.err().lines().toList()).hasSize(1).allMatch(l -> l.startsWith(NOTICE));
        assertThat(status.out()).contains("public.numbers", "materialized view", "public.odd_numbers");

        Result plan = embedded("plan");
        assertThat(plan.code()).as("the applied views persisted: %s", plan.out()).isZero();
    }

    @Test
    void attachesToAServerAlreadyRunningOnTheDataDirectoryAndLeavesItRunning() throws Exception {
        Files.createDirectories(data);
        try (EmbeddedPostgres running = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .start()) {
            Result apply = embedded("apply");

            assertThat(apply.code()).as(apply.err()).isZero();
            assertThat(apply.err().lines().toList()).hasSize(1);
            assertThat(apply.err()).startsWith(NOTICE + data).contains("(already running)")
                    .contains(":" + running.getPort() + "/");

            try (Connection c = running.getPostgresDatabase().getConnection();
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from public.odd_numbers")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the server still runs and holds what the CLI applied").isEqualTo(3);
            }

            Result status = embedded("status");
            assertThat(status.code()).as(status.err()).isZero();
            assertThat(status.out()).contains("public.numbers", "public.odd_numbers");
            assertThat(data.resolve("postmaster.pid")).exists();
        }
    }
}
