package io.matview.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Browsers on an allowed origin may call the API, others may not; clients that accept gzip get large answers
 * compressed. Both hold alike for the rows endpoint and for Javalin's routes.
 */
class CorsAndCompressionTest extends ServedFixture {
    private static final String ALLOWED = "https://dashboard.example.com";
    private static final String ROWS = "/api/views/orders_mv/rows?select=id,name&order=id";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Override
    ServerSettings.Builder settings() {
        return super.settings().corsOrigins(List.of(ALLOWED, "reports.example.org"));
    }

    @ParameterizedTest
    @ValueSource(strings = {ROWS, "/api/views", "/api/views/orders_mv"})
    void anAllowedOriginMayReadAndSeeTheGeneration(String path) {
        Http.Response r = http.get(path, "Origin", ALLOWED);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        if (path.equals(ROWS)) {
            assertThat(r.header("Access-Control-Expose-Headers").orElseThrow()).contains("ETag").contains("Matview-Generation");
        }
    }

    @Test
    void aHostWithoutSchemeAllowsItOverHttpsAndHttp() {
        assertThat(http.get(ROWS, "Origin", "https://reports.example.org").header("Access-Control-Allow-Origin"))
                .hasValue("https://reports.example.org");
        assertThat(http.get(ROWS, "Origin", "http://reports.example.org").header("Access-Control-Allow-Origin"))
                .hasValue("http://reports.example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example.com", "https://dashboard.example.com.evil.com", "https://dashboardXexample.com",
            "null", "https://reports.example.org:8443"})
    void anyOtherOriginGetsNoCorsHeaders(String origin) {
        Http.Response r = http.get(ROWS, "Origin", origin);
        assertThat(r.header("Access-Control-Allow-Origin")).as(origin).isEmpty();
    }

    @Test
    void aPreflightForARefreshWithATokenIsAnswered() {
        Http.Response r = http.send("OPTIONS", "/api/views/orders_mv/refresh", "Origin", ALLOWED,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization");
        assertThat(r.header("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        assertThat(r.header("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
        assertThat(r.header("Access-Control-Allow-Headers").orElseThrow().toLowerCase()).contains("authorization");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/views/numbers_mv/rows?limit=250", "/api/views/numbers_mv/rows?limit=250&format=csv", "/dashboard/dashboard.js"})
    void aClientThatAcceptsGzipGetsTheSameAnswerCompressed(String path) throws Exception {
        HttpResponse<byte[]> plain = fetch(path, "identity");
        HttpResponse<byte[]> gzip = fetch(path, "gzip");
        assertThat(plain.body().length).as("large enough to be compressed").isGreaterThan(1500);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzip.body().length).isLessThan(plain.body().length);
        assertThat(new String(gunzip(gzip.body()), StandardCharsets.UTF_8)).isEqualTo(new String(plain.body(), StandardCharsets.UTF_8));
        assertThat(gzip.headers().allValues("Vary").toString()).contains("Accept-Encoding");
    }

    @Test
    void theETagOfACompressedAnswerIsAnsweredWith304() throws Exception {
        String path = "/api/views/numbers_mv/rows?limit=250";
        String etag = fetch(path, "gzip").headers().firstValue("ETag").orElseThrow();
        HttpRequest again = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Accept-Encoding", "gzip").header("If-None-Match", etag).build();
        HttpResponse<byte[]> r = CLIENT.send(again, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(etag).isEqualTo(304);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void aSmallAnswerIsNotCompressed() throws Exception {
        HttpResponse<byte[]> r = fetch("/api/views/orders_mv/rows?select=id&limit=2", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    }

    private HttpResponse<byte[]> fetch(String path, String acceptEncoding) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Accept-Encoding", acceptEncoding).build();
        HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r;
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }
}
