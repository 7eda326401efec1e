package io.matview.server;

import static io.matview.server.Eventually.poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.matview.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** /health for load balancers and /metrics for Prometheus. */
class HealthAndMetricsTest extends ServedFixture {

    @Test
    void healthIsUpWithTheDatabaseAndTheNotifications() throws Exception {
        Http.Response r = poll(() -> http.get("/health"), x -> x.json().get("notifications").asText().equals("up"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(body.get("status").asText()).isEqualTo("up");
        assertThat(body.get("database").asText()).isEqualTo("up");
        assertThat(body.get("scheduler").asText()).isEqualTo("off");
        assertThat(body.get("notifications").asText()).isEqualTo("up");
        assertThat(server.listening()).isTrue();
    }

    @Test
    void healthReportsARunningScheduler() throws Exception {
        try (MatviewServer withScheduler = MatviewServer.start(f.matview, ServerSettings.builder().port(0).scheduler(true).build())) {
            Http h = new Http(withScheduler);
            // the scheduler counts as up once its first tick reached the database, a moment after start
            Http.Response r = poll(() -> h.get("/health"), x -> x.status() == 200);
            assertThat(r.status()).isEqualTo(200);
            JsonNode body = r.json();
            assertThat(body.get("status").asText()).isEqualTo("up");
            assertThat(body.get("scheduler").asText()).isEqualTo("up");
        }
    }

    @Test
    void metricsCountRequestsByViewAndStatus() {
        String before = scrape();
        double ok0 = Http.metric(before, "matview_http_requests_seconds_count", "view=\"public.orders_mv\"", "status=\"200\"").orElse(0.0);
        double bad0 = Http.metric(before, "matview_http_requests_seconds_count", "view=\"public.orders_mv\"", "status=\"400\"").orElse(0.0);
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/api/views/orders_mv/rows?select=id&limit=" + (i + 1)).status()).isEqualTo(200);
        }
        assertThat(http.get("/api/views/orders_mv/rows?id=eq.abc").status()).isEqualTo(400);
        assertThat(http.get("/api/views/orders_plain/rows?limit=1").status()).isEqualTo(200);
        String after = scrape();
        assertThat(Http.metric(after, "matview_http_requests_seconds_count", "view=\"public.orders_mv\"", "status=\"200\""))
                .hasValue(ok0 + 3);
        assertThat(Http.metric(after, "matview_http_requests_seconds_count", "view=\"public.orders_mv\"", "status=\"400\""))
                .hasValue(bad0 + 1);
        assertThat(Http.metric(after, "matview_http_requests_seconds_count", "view=\"public.orders_plain\"", "status=\"200\""))
                .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
        assertThat(Http.metric(after, "matview_http_requests_seconds_sum", "view=\"public.orders_mv\"", "status=\"200\""))
                .hasValueSatisfying(v -> assertThat(v).isPositive());
    }

    @Test
    void metricsCountCacheHitsAndMisses() {
        String query = "/api/views/orders_mv/rows?select=id&id=gt.17";
        double hits0 = Http.metric(scrape(), "matview_cache_hits").orElseThrow();
        http.get(query);
        http.get(query);
        http.get(query);
        String after = scrape();
        assertThat(Http.metric(after, "matview_cache_hits")).hasValue(hits0 + 2);
        assertThat(Http.metric(after, "matview_cache_misses")).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
        assertThat(Http.metric(after, "matview_cache_bytes")).hasValueSatisfying(v -> assertThat(v).isPositive());
    }

    @Test
    void metricsGiveEachMaterializedViewsStalenessAndGeneration() throws Exception {
        Instant refreshedAt = Instant.parse(http.get("/api/views/orders_mv").json().get("refreshedAt").asText());
        String text = scrape();
        double staleness = Http.metric(text, "matview_view_staleness_seconds", "view=\"public.orders_mv\"").orElseThrow();
        double expected = Duration.between(refreshedAt, Instant.now()).toMillis() / 1000.0;
        assertThat(staleness).isBetween(0.0, expected + 0.5).isGreaterThanOrEqualTo(expected - 2.0);
        assertThat(Http.metric(text, "matview_view_staleness_seconds", "view=\"public.numbers_mv\"")).isPresent();
        // a plain view is always current: no staleness
        assertThat(Http.metric(text, "matview_view_staleness_seconds", "view=\"public.orders_plain\"")).isEmpty();
        long generation = TestDatabase.queryLong(f.db, "select generation from matview.managed_view where view_name = 'orders_mv'");
        assertThat(Http.metric(text, "matview_view_generation", "view=\"public.orders_mv\"")).hasValue((double) generation);

        // after a refresh: the generation moves, staleness starts again, and the refresh's duration appears
        f.matview.refresh("numbers_mv");
        long numbersGeneration = TestDatabase.queryLong(f.db, "select generation from matview.managed_view where view_name = 'numbers_mv'");
        String later = poll(this::scrape, s -> Http.metric(s, "matview_view_generation", "view=\"public.numbers_mv\"")
                .orElse(0.0) == numbersGeneration);
        assertThat(Http.metric(later, "matview_view_generation", "view=\"public.numbers_mv\"")).hasValue((double) numbersGeneration);
        assertThat(Http.metric(later, "matview_view_staleness_seconds", "view=\"public.numbers_mv\"").orElseThrow()).isLessThan(5.0);
        long durationMs = TestDatabase.queryLong(f.db,
                "select duration_ms from matview.refresh_log where view_name = 'numbers_mv' order by started_at desc limit 1");
        assertThat(Http.metric(later, "matview_refresh_duration_seconds", "view=\"public.numbers_mv\"", "status=\"ok\""))
                .hasValue(durationMs / 1000.0);
    }

    @Test
    void metricsAreInPrometheusTextFormat() {
        Http.Response r = http.get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type").orElseThrow()).startsWith("text/plain").contains("version=0.0.4");
        assertThat(r.body()).contains("# TYPE matview_cache_hits gauge").contains("# TYPE matview_view_staleness_seconds gauge");
        for (String line : r.body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                assertThat(line).matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})? [-+0-9.eEInfa]+");
            }
        }
    }

    private String scrape() {
        Http.Response r = http.get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }
}
