package io.matview.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.matview.testing.ViewFiles;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers of more than one chunk (over 1,000 rows) stream from a cursor. A read that fails after its
 * first chunk has left must not look like a whole answer, and the statement timeout bounds the whole
 * request, not each chunk.
 */
class StreamedAnswersTest {
    /** 3,000 wide rows: the first 1,000 come at once (and fill the output buffer), then each row takes 50 ms. */
    private static final String STALLS_AFTER_FIRST_CHUNK = """
            select g as n, repeat('x', 200) as pad,
                   length(case when g > 1000 then pg_sleep(0.05)::text else '' end) as stall
            from generate_series(1, 3000) g
            """;
    /** 5,000 rows at about 1 ms each: each chunk of 1,000 takes about 1 s, the whole answer about 5 s. */
    private static final String STEADY = """
            select g as n, length(pg_sleep(0.001)::text) as stall from generate_series(1, 5000) g
            """;
    private static final Duration TIMEOUT = Duration.ofMillis(2500);

    @TempDir
    static Path dir;
    static MatviewServer server;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        Fixture f = Fixture.create(dir, false);
        ViewFiles files = new ViewFiles(f.views);
        files.write("stalls_after_first_chunk.sql", STALLS_AFTER_FIRST_CHUNK);
        files.write("steady.sql", STEADY);
        f.matview.apply();
        server = MatviewServer.start(f.matview, ServerSettings.builder().port(0).scheduler(false).statementTimeout(TIMEOUT).build());
        http = new Http(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aJsonAnswerThatFailsAfterItsFirstChunkIsABrokenTransfer() {
        Throwable failure = catchThrowable(() -> http.get("/api/views/stalls_after_first_chunk/rows?limit=3000"));
        assertThat(failure).as("the client must not receive a complete response").isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void aCsvAnswerThatFailsAfterItsFirstChunkIsABrokenTransfer() {
        Throwable failure = catchThrowable(() -> http.get("/api/views/stalls_after_first_chunk/rows?limit=3000&format=csv"));
        assertThat(failure).as("the client must not receive a complete response").isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void theStatementTimeoutBoundsTheWholeRequestNotEachChunk() {
        // each chunk alone stays well under the timeout; all five together do not
        Http.Response r;
        try {
            r = http.get("/api/views/steady/rows?limit=5000");
        } catch (UncheckedIOException brokenAfterTheFirstBytes) {
            return;
        }
        assertThat(r.status()).as(r.toString()).isEqualTo(503);
        assertThat(r.json().isObject()).isTrue();
        assertThat(r.json().get("error").asText()).contains("ran longer than");
    }

    @Test
    void anAnswerWithinTheTimeoutIsWhole() {
        Http.Response r = http.get("/api/views/stalls_after_first_chunk/rows?limit=1000&select=n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).hasSize(1000);
    }
}
