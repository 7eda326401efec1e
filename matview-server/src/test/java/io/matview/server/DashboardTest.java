package io.matview.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.matview.testing.ViewFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dashboard as the server serves it, without a browser: its pages and files with their security
 * headers, nothing else under its paths, the two read endpoints it added, and the scripts' rule that
 * no server value is ever written as markup. {@code DashboardBrowserTest} (profile {@code browser})
 * drives the pages in Chromium.
 */
class DashboardTest extends ServedFixture {
    private static final List<String> SCRIPTS = List.of("dashboard.js", "list.js", "view.js");

    @ParameterizedTest
    @ValueSource(strings = {"/", "/views/orders_mv", "/views/reporting.anything", "/dashboard/dashboard.js",
        "/dashboard/list.js", "/dashboard/view.js", "/dashboard/dashboard.css", "/dashboard/favicon.svg"})
    void everyDashboardAnswerForbidsInlineAndForeignScripts(String path) {
        Http.Response r = http.get(path);
        assertThat(r.status()).isEqualTo(200);
        String csp = r.header("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(r.header("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void pagesAreHtmlAndLoadTheirScriptsFromTheServer() {
        Http.Response list = http.get("/");
        assertThat(list.header("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(list.body()).contains("src=\"/dashboard/dashboard.js\"", "src=\"/dashboard/list.js\"",
                "src=\"/dashboard/view.js\"", "id=\"refresh\"", "id=\"drift\"");
        assertThat(http.get("/views/orders_mv").body()).isEqualTo(list.body());
        assertThat(http.get("/dashboard/view.js").header("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(http.get("/dashboard/dashboard.css").header("Content-Type").orElseThrow()).startsWith("text/css");
        assertThat(http.send("HEAD", "/").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dashboard/nope.js", "/dashboard/index.html", "/dashboard/..%2Fpom.xml",
        "/dashboard/..%2F..%2Fio%2Fmatview%2Fserver%2FDashboard.class", "/dashboard/Dashboard.class", "/dashboard/"})
    void onlyTheDashboardsOwnFilesAreServed(String path) {
        Http.Response r = http.get(path);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).doesNotContain("package io.matview", "<html");
    }

    @Test
    void theDashboardDoesNotAcceptWrites() {
        for (String path : List.of("/", "/views/orders_mv", "/dashboard/view.js")) {
            assertThat(http.post(path).status()).as(path).isIn(404, 405);
        }
    }

    @Test
    void noScriptWritesMarkupOrEvaluatesText() {
        Pattern forbidden = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\s*\\("
                + "|new\\s+Function|setTimeout\\s*\\(\\s*['\"`]|setInterval\\s*\\(\\s*['\"`]|javascript:");
        for (String script : SCRIPTS) {
            assertThat(forbidden.matcher(asset(script)).find()).as(script).isFalse();
        }
    }

    @Test
    void pagesHoldNoInlineScriptStyleOrHandler() {
        String html = asset("index.html");
        assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(html).find()).isFalse();
        assertThat(Pattern.compile("\\son[a-z]+\\s*=|\\sstyle\\s*=|<style", Pattern.CASE_INSENSITIVE).matcher(html).find()).isFalse();
    }

    @Test
    void theWholeRefreshLogComesNewestFirstInOneAnswer() {
        f.matview.refresh("numbers_mv");
        f.matview.refresh("orders_mv");
        JsonNode log = http.get("/api/history?limit=1000").json();
        List<String> views = new ArrayList<>();
        Instant previous = Instant.MAX;
        for (JsonNode e : log) {
            views.add(e.get("view").asText());
            Instant started = Instant.parse(e.get("startedAt").asText());
            assertThat(started).isBeforeOrEqualTo(previous);
            previous = started;
        }
        assertThat(views).contains("public.numbers_mv", "public.orders_mv");
        assertThat(views.get(0)).isEqualTo("public.orders_mv");
        assertThat(http.get("/api/history?limit=1").json()).hasSize(1);
        assertThat(http.get("/api/history?limit=0").status()).isEqualTo(400);
        assertThat(http.get("/api/history?limit=x").status()).isEqualTo(400);
    }

    @Test
    void theDependencyGraphNamesTheManagedViewsEachViewReads() {
        new ViewFiles(f.views).write("orders_top.sql", "select id, name from orders_mv where id < 5\n");
        f.matview.apply();
        JsonNode graph = http.get("/api/dependencies").json();
        assertThat(graph.get("public.orders_top")).hasSize(1);
        assertThat(graph.get("public.orders_top").get(0).asText()).isEqualTo("public.orders_mv");
        assertThat(graph.has("public.orders_mv")).isFalse();
    }

    @Test
    void withTokenForReadsThePagesLoadButTheirDataNeedsTheToken() {
        try (MatviewServer s = MatviewServer.start(f.matview,
                ServerSettings.builder().port(0).scheduler(false).token("t0ken", true).build())) {
            Http h = new Http(s);
            assertThat(h.get("/").status()).isEqualTo(200);
            for (String path : List.of("/api/history", "/api/dependencies")) {
                assertThat(h.get(path).status()).as(path).isEqualTo(401);
                assertThat(h.get(path, "Authorization", "Bearer t0ken").status()).as(path).isEqualTo(200);
            }
        }
    }

    private static String asset(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream("dashboard/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
