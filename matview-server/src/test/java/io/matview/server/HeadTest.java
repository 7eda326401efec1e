package io.matview.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HEAD carries exactly the headers GET would (status, content type, ETag, caching), and no body. */
class HeadTest extends ServedFixture {
    /** Headers that describe the transfer or the moment, not the resource. */
    private static final Set<String> TRANSFER = Set.of("date", "content-length", "transfer-encoding", "connection");

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/views",
        "/api/views/orders_mv",
        "/api/views/orders_mv/rows?select=id,name&order=id&limit=3",
        "/api/views/orders_mv/rows?select=id&format=csv",
        "/api/views/orders_plain/rows?limit=2",
        "/api/views/numbers_mv/history?limit=5",
        "/api/views/no_such_view/rows",
        "/api/views/orders_mv/rows?id=eq.abc",
        "/health",
        "/metrics"
    })
    void headAnswersWithGetsHeadersAndNoBody(String path) {
        Http.Response get = http.get(path);
        Http.Response head = http.send("HEAD", path);
        assertThat(head.status()).as(path).isEqualTo(get.status());
        assertThat(head.body()).as(path).isEmpty();
        assertThat(resourceHeaders(head)).as(path).isEqualTo(resourceHeaders(get));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/views/orders_mv/rows?select=id&limit=2", "/api/views/numbers_mv/rows?limit=4"})
    void headWithACurrentETagIs304LikeGet(String path) {
        String etag = http.get(path).header("ETag").orElseThrow();
        Http.Response head = http.send("HEAD", path, "If-None-Match", etag);
        assertThat(head.status()).isEqualTo(304);
        assertThat(head.header("ETag")).hasValue(etag);
    }

    private static Map<String, List<String>> resourceHeaders(Http.Response r) {
        Map<String, List<String>> headers = new TreeMap<>();
        r.headers().forEach((name, values) -> {
            if (name != null && !TRANSFER.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name.toLowerCase(Locale.ROOT), values);
            }
        });
        return headers;
    }
}
