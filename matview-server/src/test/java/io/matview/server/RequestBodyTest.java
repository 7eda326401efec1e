package io.matview.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request bodies are limited to 64 KiB, whether their length is declared or they come in chunks: 413, in JSON. */
class RequestBodyTest {
    private static final String TOKEN = "body-test-token";
    private static final int LIMIT = 64 * 1024;

    @TempDir
    static Path dir;
    static MatviewServer server;
    static Http http;

    @BeforeAll
    static void start() {
        Fixture f = Fixture.create(dir);
        server = MatviewServer.start(f.matview, ServerSettings.builder().port(0).scheduler(false).token(TOKEN, false).build());
        http = new Http(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() {
        assertThat(post(LIMIT, LIMIT).status()).isEqualTo(200);
    }

    @Test
    void oneByteOverTheLimitIs413() {
        assertTooLarge(post(LIMIT + 1, LIMIT + 1));
    }

    @Test
    void tenMegabytesDeclaredIs413BeforeTheBodyIsRead() {
        // only the first 64 KiB are sent: the answer must not wait for the rest
        assertTooLarge(post(10 << 20, LIMIT));
    }

    @Test
    void aGetWithABodyOverTheLimitIs413Too() {
        String head = "GET /api/views HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: " + (1 << 20) + "\r\n\r\n";
        assertTooLarge(http.exchange(concat(head.getBytes(StandardCharsets.US_ASCII), new byte[1024])));
    }

    @Test
    void aRowsRequestWithABodyOverTheLimitIs413Too() {
        // the rows endpoint checks the limits itself (it answers before Javalin's routes)
        String head = "GET /api/views/numbers_mv/rows HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: "
                + (1 << 20) + "\r\n\r\n";
        assertTooLarge(http.exchange(concat(head.getBytes(StandardCharsets.US_ASCII), new byte[1024])));
    }

    @Test
    void aChunkedBodyWithoutALengthIsCutAtTheLimit() {
        assertTooLarge(chunked(LIMIT + 4096));
    }

    @Test
    void aSmallChunkedBodyIsAccepted() {
        assertThat(chunked(100).status()).isEqualTo(200);
    }

    private static void assertTooLarge(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(413);
        assertThat(r.header("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(r.json().get("error").asText()).startsWith("request body too large");
        assertThat(r.json().get("hint").asText()).contains("65536");
    }

    /** A refresh with a body: {@code declared} in Content-Length, {@code sent} bytes of it written. */
    private static Http.Response post(long declared, int sent) {
        String head = "POST /api/views/numbers_mv/refresh HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + declared + "\r\n\r\n";
        return http.exchange(concat(head.getBytes(StandardCharsets.US_ASCII), new byte[sent]));
    }

    /** A refresh with a body of {@code size} bytes in 4 KiB chunks and no Content-Length. */
    private static Http.Response chunked(int size) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST /api/views/numbers_mv/refresh HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: Bearer " + TOKEN + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (int left = size; left > 0; left -= 4096) {
            int n = Math.min(4096, left);
            request.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(new byte[n]);
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return http.exchange(request.toByteArray());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
