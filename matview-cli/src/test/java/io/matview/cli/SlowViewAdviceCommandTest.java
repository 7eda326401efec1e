package io.matview.cli;

import static io.matview.cli.CommandLineTest.cli;
import static io.matview.testing.TestDatabase.execute;
import static io.matview.testing.TestDatabase.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.matview.testing.OwnServer;
import io.matview.testing.ViewFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code matview status} and {@code --json} with the {@code materialize-slow-view} advice, on a server that loads {@code pg_stat_statements}. */
class SlowViewAdviceCommandTest {
    @RegisterExtension
    static final OwnServer SERVER = OwnServer.withPgStatStatements();

    @TempDir
    Path views;

    private CommandLineTest.Result db(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(args));
        all.addAll(List.of("--db", SERVER.url(), "--views", views.toString()));
        return cli(all.toArray(String[]::new));
    }

    @Test
    void statusAndItsJsonAdviseMaterializingTheSlowPlainViewOnly() throws Exception {
        DataSource db = SERVER.dataSource();
        execute(db, "create extension pg_stat_statements", "create table items (id int primary key)",
                "insert into items select generate_series(1, 10)");
        ViewFiles files = new ViewFiles(views);
        files.write("slow_items.sql", "select id from items where (select true from pg_sleep(0.6))");
        files.write("items_list.sql", "select id from items");
        assertThat(db("apply").code()).isZero();
        for (String view : List.of("slow_items", "slow_items", "items_list", "items_list")) {
            assertThat(queryLong(db, "select count(*) from " + view)).isEqualTo(10);
        }

        CommandLineTest.Result table = db("status");
        JsonNode json = new ObjectMapper().readTree(db("status", "--json").out());

        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).contains("public.slow_items [materialize-slow-view] statements reading public.slow_items take ")
                .contains("fix: make it a materialized view (-- materialized)")
                .doesNotContain("public.items_list [materialize-slow-view]");
        for (JsonNode v : json) {
            List<String> kinds = new ArrayList<>();
            v.get("advice").forEach(a -> kinds.add(a.get("kind").asText()));
            if (v.get("name").asText().equals("public.slow_items")) {
                assertThat(kinds).containsExactly("materialize-slow-view");
            } else {
                assertThat(kinds).doesNotContain("materialize-slow-view");
            }
        }
        assertThat(json).hasSize(2);
    }
}
