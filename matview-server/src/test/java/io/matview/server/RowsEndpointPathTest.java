package io.matview.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which paths the rows endpoint answers (the others go on to Javalin's routes), and the CORS origins as configured. */
class RowsEndpointPathTest {

    @ParameterizedTest
    @CsvSource({
        "/api/views/orders_mv/rows, orders_mv",
        "/api/views/orders_mv/rows/, orders_mv",
        "/api/views/reporting.daily_revenue/rows, reporting.daily_revenue",
        "/api/views/\"Odd Name\"/rows, \"Odd Name\"",
        "/api/views/rows/rows, rows",
    })
    void aRowsPathNamesItsView(String path, String view) {
        assertThat(RowsEndpoint.viewOf(path)).isEqualTo(view);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/views", "/api/views/", "/api/views/rows", "/api/views//rows", "/api/views/a/b/rows",
            "/api/views/orders_mv", "/api/views/orders_mv/rows/x", "/api/views/orders_mv/rowsx", "/api/views/orders_mv/history",
            "/API/views/orders_mv/rows", "/x/api/views/orders_mv/rows", "/api/views/orders_mv/rows//", ""})
    void anyOtherPathIsNotARowsRequest(String path) {
        assertThat(RowsEndpoint.viewOf(path)).as(path).isNull();
    }

    @Test
    void aNullPathIsNotARowsRequest() {
        assertThat(RowsEndpoint.viewOf(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "https://app.example.com, https://app.example.com, true",
        "https://app.example.com, http://app.example.com, false",
        "https://app.example.com, https://appXexample.com, false",
        "https://app.example.com, https://app.example.com.evil.com, false",
        "app.example.com, https://app.example.com, true",
        "app.example.com, http://app.example.com, true",
        "app.example.com, ftp://app.example.com, false",
        "app.example.com, https://app.example.com:8443, false",
        "*, https://anything.example, true",
    })
    void anOriginIsMatchedExactly(String configured, String origin, boolean allowed) {
        assertThat(Pattern.matches(MatviewServer.originPattern(configured), origin)).isEqualTo(allowed);
    }
}
