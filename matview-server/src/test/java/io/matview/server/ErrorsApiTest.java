package io.matview.server;

import static io.matview.server.Eventually.poll;
import static io.matview.server.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.matview.testing.TestDatabase;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal is a JSON {error, detail, hint} with the right status, naming what to fix. */
class ErrorsApiTest extends ServedFixture {
    private static final String ROWS = "/api/views/orders_mv/rows";
    private static final String TOKEN = "s3cret-token";

    /** A query string, and the parameter the 400 must name in its detail. */
    static Stream<Arguments> badRequests() {
        return Stream.of(
                // unknown columns, wherever they are named
                a("nope=eq.1", "nope"),
                a("ID=eq.1", "ID"),
                a("select=id,nope", "select"),
                a("select=", "select"),
                a("order=nope.desc", "order"),
                a("order=id,nope", "order"),
                a("order=id.sideways", "order"),
                a("order=doc", "order"),
                a("order=tags.desc", "order"),
                // malformed filters
                a("id=5", "id"),
                a("id=foo.5", "id"),
                a("id=not.5", "id"),
                a("id=", "id"),
                a("id=EQ.5", "id"),
                a("name=in.alpha", "name"),
                a("name=in.(\"alpha)", "name"),
                a("id=in.()", "id"),
                a("id=in.(" + IntStream.rangeClosed(1, 101).mapToObj(Integer::toString).collect(Collectors.joining(",")) + ")", "id"),
                // values that are not of the column's type
                a("id=eq.abc", "id"),
                a("id=eq.1.5", "id"),
                a("id=in.(1,x)", "id"),
                a("big=eq.99999999999999999999", "big"),
                a("amount=eq.12,5", "amount"),
                a("amount=gt.ten", "amount"),
                a("amount=eq.NaN", "amount"),
                a("day=eq.2024-02-30", "day"),
                a("day=eq.yesterday", "day"),
                a("day=gte.now-30x", "day"),
                a("ts=eq.noon", "ts"),
                a("ts=lt.now-2hours", "ts"),
                a("local_ts=eq.2024-01-01T25:00", "local_ts"),
                a("uid=eq.not-a-uuid", "uid"),
                a("uid=in.(" + new java.util.UUID(1, 2) + ",nope)", "uid"),
                a("active=eq.yes", "active"),
                a("active=eq.1", "active"),
                a("name=eq." + "x".repeat(1001), "name"),
                // operators that do not fit the type
                a("id=like.1*", "id"),
                a("amount=ilike.1*", "amount"),
                a("day=like.2024*", "day"),
                a("active=like.t*", "active"),
                a("doc=gt.1", "doc"),
                a("doc=eq.{}", "doc"),
                a("doc=in.({})", "doc"),
                a("doc=like.*a*", "doc"),
                a("tags=in.(a)", "tags"),
                a("tags=gt.{a}", "tags"),
                a("active=gt.true", "active"),
                a("uid=like.a*", "uid"),
                a("id=is.true", "id"),
                a("name=is.empty", "name"),
                a("active=is.yes", "active"),
                // limits
                a("limit=10001", "limit"),
                a("limit=-1", "limit"),
                a("limit=abc", "limit"),
                a("limit=1.5", "limit"),
                a("limit=", "limit"),
                a("limit=99999999999", "limit"),
                a("offset=-1", "offset"),
                a("offset=x", "offset"),
                // reserved parameters given twice
                a("limit=1&limit=2", "limit"),
                a("limit=1&limit=1", "limit"),
                a("select=id&select=name", "select"),
                a("order=id&order=name", "order"),
                a("offset=0&offset=1", "offset"),
                a("format=json&format=csv", "format"),
                // formats
                a("format=xml", "format"),
                a("format=", "format"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void aBadRequestIs400NamingTheParameter(String query, String parameter) {
        Http.Response r = http.get(ROWS + "?" + query);
        JsonNode body = assertError(r, 400);
        assertThat(body.get("detail").asText()).as("%s → %s", query, r).isEqualTo(parameter);
        assertThat(body.get("error").asText()).isNotBlank();
    }

    @Test
    void anUnknownColumnIsNamedAndTheHintListsTheColumns() {
        JsonNode body = assertError(http.get(ROWS + "?nope=eq.1"), 400);
        assertThat(body.get("error").asText()).contains("unknown column 'nope'");
        assertThat(body.get("hint").asText()).contains("id", "amount", "tags", "code");
        assertThat(assertError(http.get(ROWS + "?select=id,nada"), 400).get("error").asText()).contains("nada");
        assertThat(assertError(http.get(ROWS + "?order=zilch.desc"), 400).get("error").asText()).contains("zilch");
    }

    @Test
    void aMalformedFilterShowsTheWayToWriteIt() {
        JsonNode body = assertError(http.get(ROWS + "?id=5"), 400);
        assertThat(body.get("error").asText()).contains("malformed filter").contains("'id'");
        assertThat(body.get("hint").asText()).contains("id=eq.42");
    }

    @Test
    void aValueOfTheWrongTypeSaysWhichTypeIsExpected() {
        assertThat(assertError(http.get(ROWS + "?id=eq.abc"), 400).get("error").asText()).contains("integer").contains("'id'");
        assertThat(assertError(http.get(ROWS + "?amount=eq.abc"), 400).get("error").asText()).contains("numeric(12,2)");
        assertThat(assertError(http.get(ROWS + "?day=eq.2024-13-01"), 400).get("hint").asText()).contains("2026-01-31");
        assertThat(assertError(http.get(ROWS + "?uid=eq.123"), 400).get("hint").asText()).contains("UUID");
        assertThat(assertError(http.get(ROWS + "?active=eq.maybe"), 400).get("hint").asText()).contains("true or false");
    }

    @Test
    void anOperatorThatDoesNotFitTheTypeIsRefused() {
        JsonNode like = assertError(http.get(ROWS + "?id=like.1*"), 400);
        assertThat(like.get("error").asText()).contains("'like'").contains("integer");
        JsonNode gt = assertError(http.get(ROWS + "?doc=gt.1"), 400);
        assertThat(gt.get("error").asText()).contains("'gt'").contains("jsonb");
        assertThat(gt.get("hint").asText()).contains("is.null");
    }

    @Test
    void aValueOutOfTheColumnsRangeIs400() {
        Http.Response r = http.get(ROWS + "?id=eq.99999999999");
        JsonNode body = assertError(r, 400);
        assertThat(body.get("error").asText()).contains("out of range");
        assertError(http.get(ROWS + "?day=gte.now-999999y"), 400);
        assertError(http.get(ROWS + "?tags=eq.abc"), 400);
        assertError(http.get(ROWS + "?name=eq." + enc("a\u0000b")), 400);
    }

    @Test
    void aValueOutOfTheColumnsRangeNamesTheColumn() {
        assertThat(assertError(http.get(ROWS + "?id=eq.99999999999"), 400).get("detail").asText()).isEqualTo("id");
    }

    @Test
    void anErrorAnswerIsNeitherCacheableNorRevalidatable() {
        Http.Response r = http.get(ROWS + "?id=eq.99999999999");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("ETag")).isEmpty();
        assertThat(r.header("Cache-Control").orElse("no-cache")).doesNotContain("max-age");
        String etag = r.header("ETag").orElse("\"g1-0000000000000000\"");
        assertThat(http.get(ROWS + "?id=eq.99999999999", "If-None-Match", etag).status()).isEqualTo(400);
    }

    @Test
    void anErrorAnswerMadeBeforeTheQueryCarriesNoEtag() {
        Http.Response r = http.get(ROWS + "?id=eq.abc");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("ETag")).isEmpty();
    }

    // ---------------------------------------------------------------- 404

    @Test
    void anUnknownViewIs404OnEveryEndpoint() {
        for (String path : List.of("/api/views/nope/rows", "/api/views/nope", "/api/views/nope/history", "/api/views/public.nope/rows",
                "/api/views/pg_catalog.pg_class/rows", "/api/views/public.orders/rows", "/api/views/matview.managed_view/rows")) {
            JsonNode body = assertError(http.get(path), 404);
            assertThat(body.get("detail").asText()).as(path).isEqualTo("view");
            assertThat(body.get("hint").asText()).contains("GET /api/views");
        }
        assertThat(assertError(http.get("/api/views/nope/rows"), 404).get("error").asText()).contains("nope");
    }

    private static final List<String> UNKNOWN_ENDPOINTS =
            List.of("/api/nothing", "/nothing", "/api/views/orders_mv/rows/extra", "/api/views/orders_mv/columns");

    @Test
    void anUnknownEndpointIs404() {
        for (String path : UNKNOWN_ENDPOINTS) {
            assertThat(http.get(path).status()).as(path).isEqualTo(404);
        }
    }

    @Test
    void anUnknownEndpointIs404WithJson() {
        for (String path : UNKNOWN_ENDPOINTS) {
            JsonNode body = assertError(http.get(path), 404);
            assertThat(body.get("error").asText()).as(path).contains("no such endpoint");
        }
    }

    // ---------------------------------------------------------------- 503

    @Test
    void anUnpopulatedMaterializedViewIs503WithRetryAfter() throws Exception {
        Fixture g = Fixture.create(Files.createDirectories(dir.resolve("unpopulated")));
        TestDatabase.execute(g.db, "refresh materialized view numbers_mv with no data");
        try (MatviewServer s = MatviewServer.start(g.matview, ServerSettings.builder().port(0).scheduler(false).build())) {
            Http h = new Http(s);
            Http.Response r = h.get("/api/views/numbers_mv/rows");
            JsonNode body = assertError(r, 503);
            assertThat(body.get("error").asText()).contains("holds no data");
            assertThat(body.get("hint").asText()).contains("matview refresh");
            assertThat(Integer.parseInt(r.header("Retry-After").orElseThrow())).isPositive();
            assertThat(h.get("/api/views/numbers_mv").json().get("populated").asBoolean()).isFalse();
            assertThat(h.get("/api/views/orders_mv/rows?limit=1").status()).isEqualTo(200);
            // once refreshed it serves again, without a restart
            g.matview.refresh("numbers_mv");
            Http.Response after = poll(() -> h.get("/api/views/numbers_mv/rows?limit=3"), x -> x.status() == 200);
            assertThat(RowsApiTest.fieldNames(after.json().get(0))).containsExactly("n", "bucket");
            assertThat(after.json()).hasSize(3);
        }
    }

    @Test
    void anMvEmptiedWhileTheServerRunsIs503Too() throws Exception {
        Fixture g = Fixture.create(Files.createDirectories(dir.resolve("emptied")));
        try (MatviewServer s = MatviewServer.start(g.matview, ServerSettings.builder().port(0).scheduler(false).build())) {
            Http h = new Http(s);
            assertThat(h.get("/api/views/orders_mv/rows?limit=1").status()).isEqualTo(200);
            TestDatabase.execute(g.db, "refresh materialized view orders_mv with no data");
            Http.Response r = h.get("/api/views/orders_mv/rows?limit=7");
            assertError(r, 503);
            assertThat(r.header("Retry-After")).isPresent();
        }
    }

    // ---------------------------------------------------------------- 414

    @Test
    void aTooLongQueryStringIs414() {
        Http.Response r = http.get(ROWS + "?name=eq." + "a".repeat(5000));
        JsonNode body = assertError(r, 414);
        assertThat(body.get("detail").asText()).isEqualTo("query string");
        assertThat(body.get("hint").asText()).contains("4096");
        assertThat(http.get(ROWS + "?select=id&name=eq." + "a".repeat(900)).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- tokens

    @Test
    void refreshOverHttpIsForbiddenWhenNoTokenIsConfigured() {
        JsonNode body = assertError(http.post("/api/views/orders_mv/refresh"), 403);
        assertThat(body.get("hint").asText()).contains("MATVIEW_TOKEN");
        assertError(http.post("/api/views/orders_mv/refresh", "Authorization", "Bearer anything"), 403);
    }

    @Test
    void refreshOverHttpNeedsTheRightBearerToken() {
        try (MatviewServer s = MatviewServer.start(f.matview,
                ServerSettings.builder().port(0).scheduler(false).token(TOKEN, false).build())) {
            Http h = new Http(s);
            long before = generation(f);
            Http.Response none = h.post("/api/views/orders_mv/refresh");
            assertError(none, 401);
            assertThat(none.header("WWW-Authenticate")).hasValue("Bearer");
            assertError(h.post("/api/views/orders_mv/refresh", "Authorization", "Bearer wrong"), 401);
            assertError(h.post("/api/views/orders_mv/refresh", "Authorization", "Bearer " + TOKEN + "x"), 401);
            assertError(h.post("/api/views/orders_mv/refresh", "Authorization", "Basic " + TOKEN), 401);
            assertError(h.post("/api/views/orders_mv/refresh", "Authorization", TOKEN), 401);
            assertThat(generation(f)).as("refused requests refresh nothing").isEqualTo(before);

            Http.Response ok = h.post("/api/views/orders_mv/refresh", "Authorization", "Bearer " + TOKEN);
            assertThat(ok.status()).as("%s", ok).isEqualTo(200);
            JsonNode entries = ok.json();
            assertThat(entries.isArray()).isTrue();
            assertThat(entries).hasSize(1);
            JsonNode e = entries.get(0);
            assertThat(e.get("view").asText()).isEqualTo("public.orders_mv");
            assertThat(e.get("status").asText()).isEqualTo("ok");
            assertThat(e.get("trigger").asText()).isEqualTo("api");
            assertThat(e.get("generation").asLong()).isEqualTo(before + 1).isEqualTo(generation(f));
            assertThat(e.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            // recorded in the log, as the history shows it
            assertThat(h.get("/api/views/orders_mv/history?limit=1").json().get(0).get("id").asLong()).isEqualTo(e.get("id").asLong());

            Http.Response full = h.post("/api/views/orders_mv/refresh?mode=full", "Authorization", "Bearer " + TOKEN);
            assertThat(full.json().get(0).get("mode").asText()).isEqualTo("full");
            JsonNode badMode = assertError(h.post("/api/views/orders_mv/refresh?mode=sideways", "Authorization", "Bearer " + TOKEN), 400);
            assertThat(badMode.get("detail").asText()).isEqualTo("mode");
            // a core error carries its code, and its status follows from it
            TestDatabase.execute(f.db, "refresh materialized view orders_mv with no data");
            try {
                JsonNode impossible = assertError(h.post("/api/views/orders_mv/refresh?mode=concurrent",
                        "Authorization", "Bearer " + TOKEN), 409);
                assertThat(impossible.get("code").asText()).isEqualTo("CONCURRENT_REFRESH_IMPOSSIBLE");
                assertThat(impossible.get("hint").asText()).contains("mode full");
            } finally {
                f.matview.refresh("orders_mv");
            }
            assertError(h.post("/api/views/nope/refresh", "Authorization", "Bearer " + TOKEN), 404);
            // reads stay open
            assertThat(h.get("/api/views").status()).isEqualTo(200);
        }
    }

    @Test
    void withTokenForReadsEveryApiGetNeedsTheToken() {
        try (MatviewServer s = MatviewServer.start(f.matview,
                ServerSettings.builder().port(0).scheduler(false).token(TOKEN, true).build())) {
            Http h = new Http(s);
            for (String path : List.of("/api/views", "/api/views/orders_mv", ROWS, "/api/views/orders_mv/history", "/api/views/nope")) {
                Http.Response r = h.get(path);
                assertError(r, 401);
                assertThat(r.header("WWW-Authenticate")).hasValue("Bearer");
                assertError(h.get(path, "Authorization", "Bearer nope"), 401);
            }
            assertThat(h.get("/api/views", "Authorization", "Bearer " + TOKEN).status()).isEqualTo(200);
            assertThat(h.get(ROWS + "?select=id&limit=2", "Authorization", "Bearer " + TOKEN).json()).hasSize(2);
            assertError(h.get("/api/views/nope", "Authorization", "Bearer " + TOKEN), 404);
            // health is for load balancers: open
            assertThat(h.get("/health").status()).isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Arguments a(String query, String parameter) {
        // values percent-encoded, as a client library would send them
        StringBuilder sb = new StringBuilder();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            sb.append(sb.length() == 0 ? "" : "&").append(enc(pair.substring(0, eq))).append('=').append(enc(pair.substring(eq + 1)));
        }
        return Arguments.of(sb.toString(), parameter);
    }

    static JsonNode assertError(Http.Response r, int status) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.header("Content-Type").orElse("")).as("%s", r).startsWith("application/json");
        JsonNode body = r.json();
        // a core error adds its code (ErrorCode) after the three
        List<String> fields = RowsApiTest.fieldNames(body);
        assertThat(fields).as("%s", r).isIn(List.of("error", "detail", "hint"), List.of("error", "detail", "hint", "code"));
        assertThat(body.get("error").isTextual()).isTrue();
        return body;
    }

    private static long generation(Fixture g) {
        return TestDatabase.queryLong(g.db, "select generation from matview.managed_view where view_name = 'orders_mv'");
    }
}
