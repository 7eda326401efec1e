package io.matview.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental views are served like materialized ones (cached by generation); a real-time view changes with
 * every commit to its source, so its answers are never cached and show a committed row at once.
 */
class RealTimeCacheTest {
    private static final String QUERY = "select o.ts::date as day, count(*) as orders from orders o group by 1\n";

    @TempDir
    Path dir;
    Fixture f;
    MatviewServer server;
    Http http;

    @BeforeEach
    void start() {
        f = Fixture.create(dir, false);
        ViewFiles files = new ViewFiles(f.views);
        files.write("daily_kept.sql", "-- incremental: by day from orders.ts, window 2 days\n" + QUERY);
        files.write("daily_live.sql", "-- incremental: by day from orders.ts, window 2 days, real-time\n" + QUERY);
        files.write("read_settings.sql", "select current_setting('jit') as jit\n");
        f.matview.apply();
        server = MatviewServer.start(f.matview, ServerSettings.builder().port(0).scheduler(false).build());
        http = new Http(server);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private long today(String view) {
        Http.Response r = http.get("/api/views/" + view + "/rows?day=eq." + TestDatabase.queryString(f.db, "select current_date"));
        return r.json().isEmpty() ? 0 : r.json().get(0).get("orders").asLong();
    }

    @Test
    void aRealTimeViewIsNeverCachedAndShowsACommittedRowAtOnce() {
        Http.Response first = http.get("/api/views/daily_live/rows");
        assertThat(first.header("Cache-Control")).hasValue("no-cache");
        assertThat(first.header("ETag")).isEmpty();
        long before = today("daily_live");
        TestDatabase.execute(f.db, "insert into orders (id, ts) values (1000001, now())");
        assertThat(today("daily_live")).isEqualTo(before + 1);
    }

    @Test
    void anIncrementalViewIsCachedByGenerationLikeAMaterializedView() {
        assertThat(http.get("/api/views/daily_kept/rows").header("ETag")).isPresent();
        long before = today("daily_kept");
        TestDatabase.execute(f.db, "insert into orders (id, ts) values (1000002, now())");
        assertThat(today("daily_kept")).as("until its refresh").isEqualTo(before);
        f.matview.refresh("daily_kept");
        // the server hears of the new generation by NOTIFY
        assertThat(Eventually.poll(() -> today("daily_kept"), n -> n == before + 1)).isEqualTo(before + 1);
    }

    @Test
    void theServersReadsRunWithoutJit() {
        // a real-time view's live part is estimated past jit_above_cost; compiling would cost more than the read
        assertThat(http.get("/api/views/read_settings/rows").json().get(0).get("jit").asText()).isEqualTo("off");
    }
}
