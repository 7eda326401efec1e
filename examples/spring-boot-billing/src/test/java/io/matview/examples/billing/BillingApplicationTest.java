package io.matview.examples.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sample service started whole on an embedded PostgreSQL, called over HTTP as a user would. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BillingApplicationTest {
    private static EmbeddedPostgres postgres;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long activeSubscriptionsOf(String json, String planName) {
        Matcher m = Pattern.compile("\"planName\":\"" + planName + "\",\"region\":\"\\w+\",\"activeSubscriptions\":(\\d+)").matcher(json);
        assertThat(m.find()).as(planName + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void servesThePlansOfARegionFromTheMaterializedViewAndEvictsTheCacheOnRefresh() throws Exception {
        HttpResponse<String> eu = send("GET", "/billing/plans?region=eu");
        assertThat(eu.statusCode()).isEqualTo(200);
        assertThat(eu.body()).contains("\"planName\":\"enterprise-eu\"").doesNotContain("\"region\":\"us\"");
        assertThat(Pattern.compile("\"region\":\"eu\"").matcher(eu.body()).results().count()).isEqualTo(4);
        long before = activeSubscriptionsOf(eu.body(), "enterprise-eu");

        jdbc.update("insert into subscriptions values (100001, 10, 1, 'active', 29900, now())");
        assertThat(activeSubscriptionsOf(send("GET", "/billing/plans?region=eu").body(), "enterprise-eu"))
                .as("cached, and the view is not refreshed yet").isEqualTo(before);

        HttpResponse<String> refreshed = send("POST", "/actuator/matview/plan_usage");
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(refreshed.body()).contains("\"status\":\"ok\"");

        await().atMost(Duration.ofSeconds(20)).until(() ->
                activeSubscriptionsOf(send("GET", "/billing/plans?region=eu").body(), "enterprise-eu") == before + 1);
    }

    @Test
    void theActuatorShowsTheViewAndItsHealth() throws Exception {
        HttpResponse<String> views = send("GET", "/actuator/matview");
        assertThat(views.statusCode()).isEqualTo(200);
        assertThat(views.body()).contains("\"public.plan_usage\"").contains("\"kind\":\"materialized view\"");

        HttpResponse<String> health = send("GET", "/actuator/health");
        assertThat(health.body()).contains("\"matview\":{").contains("\"status\":\"UP\"");

        assertThat(send("GET", "/actuator/matview/no_such_view").statusCode()).isEqualTo(404);
    }
}
