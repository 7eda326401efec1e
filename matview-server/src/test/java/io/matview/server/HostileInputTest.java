package io.matview.server;

import static io.matview.server.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.matview.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.provider.Arguments;

/**
 * About 300 hostile requests, generated from a fixed seed: SQL injection in names and values, quotes,
 * backslashes, unicode, NUL and other odd encodings, very long values, repeated parameters, paths
 * that try to reach other relations. Each answer must be well-formed JSON with status 200, 400, 404 or
 * 414 (never 500), and afterwards the database must hold exactly what it held before.
 */
class HostileInputTest extends ServedFixture {
    private static final long SEED = 0x6d61747669657721L;
    private static final int CASES = 300;
    /** Jetty refuses request lines near 8 KB itself; the generator stays under that (see the disabled test). */
    private static final int MAX_TARGET = 7000;


    // ---------------------------------------------------------------- the generator

    private static final String[] COLUMNS = {"id", "big", "amount", "big_amount", "name", "active", "day", "ts", "local_ts", "uid",
        "doc", "tags", "code"};

    private static final String[] HOSTILE_NAMES = {
        "'; drop table orders; --", "\") or 1=1 --", "id\" or \"1\"=\"1", "id; select pg_sleep(5)", "pg_catalog.pg_class",
        "orders.id", "public.orders.id", "*", "id,name", "\u0000", "id\u0000", "ид", "名前", "💥", "../../etc/passwd", "%", "\\",
        "'", "\"", "\"\"", "id--", "id/*", "1", "", " ", " id", "NAME", "Id", "name)", "(select 1)", "row_to_json", "ctid", "xmin",
        "oid", "tableoid", "x".repeat(300), "id\r\nSet-Cookie: a=b", "select", "order", "limit", "offset", "format", "not",
        "id\u202e", "\uFEFFid", "i\u0301d"
    };

    private static final String[] HOSTILE_VALUES = {
        "'; drop table orders; --", "\") or 1=1 --", "1' or '1'='1", "1; delete from orders", "1 or 1=1", "0x41", "\\", "\\'", "''",
        "'", "\"", "\"\"", "%", "_", "*", "**", "\\*", "\u0000", "a\u0000b", "é", "😀", "\uFFFF", "a\u202Eb", "\r\n", "\t", "null",
        "NULL", "true", "TRUE", "t", "(1,2)", "(", ")", "()", "{a,b}", "{", "}", "{\"a\":1}", "[1]", "1e309", "-1e-309", "-0", "NaN",
        "Infinity", "-Infinity", "99999999999999999999999", "9223372036854775808", "-2147483649", "2024-02-30", "2024-02-29",
        "0000-01-01", "294277-01-01", "infinity", "epoch", "allballs", "now", "now-9999999y", "now-999999y", "now+999999mon",
        "now-", "now-30", "now-30d-1d", "2024-01-01T00:00:00+99:99", "2024-01-01 00:00:00 Europe/Paris", "today", "tomorrow",
        "00000000-0000-0000-0000-000000000000", "{00000000-0000-0000-0000-000000000000}", "pg_sleep(10)", "$1", "?", "?::text",
        "current_user", "E'\\x41'", "$$x$$", "U&'\\0041'", "alpha", "Beta", "with,comma", "with \"quote\"", "line\nbreak",
        "percent%sign", "ünïcødé ✓"
    };

    private static final String[] OPERATORS = {
        "eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "is", "in", "not.eq", "not.in", "not.like", "not.ilike", "not.is",
        "not.gt", "EQ", "eqq", "", "not", "not.not.eq", "cs", "cd", "fts", "eq.eq", "in.(", "is.not"
    };

    private static final String[] LIMITS = {"-1", "0", "1", "100", "10000", "10001", "1e3", "0x10", "٣", "+5", " 5", "5 ",
        "99999999999999", "2147483648", "-2147483648", "1.0", "", "null", "'1'"};

    private static final String[] FORMATS = {"json", "JSON", "xml", "csv'", "", "json;drop table orders", "application/json",
        "json\u0000", "jsón"};

    private static final String[] VIEWS = {
        "../../pg_catalog.pg_authid", "pg_catalog.pg_class", "pg_catalog.pg_authid", "public.orders", "orders", "matview.managed_view",
        "matview.refresh_log", "information_schema.tables", "orders_mv; drop table orders", "\"orders_mv\"", "orders_mv'", "..",
        ".", "orders_mv/../..", "ORDERS_MV", "public.", ".orders_mv", "public..orders_mv", "x".repeat(250), "видео", "\u202eorders",
        "orders_mv\"--", "pg_temp.x", "public.orders_mv.extra", " orders_mv", "orders_mv ", "%", "\\", "'"
    };

    /** Fragments already percent-encoded: valid escapes, but odd (raw non-UTF-8 bytes, double encoding, CR LF, +). */
    private static final String[] RAW_FRAGMENTS = {
        "%FF", "%C3%28", "%ED%A0%80", "%F0%9F%98%80", "%2526", "%252e%252e", "%0D%0A", "+", "%2B", "%26", "%3D", "%3B", "%00",
        "%C0%AF", "%E2%80%AE", "%7F", "%25"
    };

    static Stream<Arguments> hostile() {
        Random rnd = new Random(SEED);
        List<Arguments> cases = new ArrayList<>();
        // a few that must be there whatever the seed does
        for (String v : List.of("../../pg_catalog.pg_authid", "pg_catalog.pg_class", "public.orders", "matview.managed_view")) {
            cases.add(target("/api/views/" + segment(v) + "/rows"));
        }
        cases.add(target("/api/views/orders_mv/rows?name=" + enc("eq.'; drop table orders; --")));
        cases.add(target("/api/views/orders_mv/rows?" + enc("\") or 1=1 --") + "=eq.1"));
        cases.add(target("/api/views/orders_mv/rows?select=" + enc("id, (select passwd from pg_shadow)")));
        cases.add(target("/api/views/orders_mv/rows?order=" + enc("id; drop table orders")));
        cases.add(target("/api/views/orders_mv/rows?name=eq.%00"));
        cases.add(target("/api/views/orders_mv/rows?name=in." + enc("(\"a\\\"),(\",'b')")));
        cases.add(target("/api/views/orders_mv/rows?name=eq." + "%27".repeat(1500)));
        cases.add(target("/api/views/orders_mv/rows?limit=1&limit=1&limit=1"));
        while (cases.size() < CASES) {
            String target = generate(rnd);
            if (target.length() <= MAX_TARGET) {
                cases.add(target(target));
            }
        }
        return cases.stream();
    }

    private static String generate(Random rnd) {
        int kind = rnd.nextInt(20);
        String view = rnd.nextInt(5) == 0 ? pick(rnd, VIEWS) : pick(rnd, "orders_mv", "orders_mv", "public.orders_mv", "numbers_mv",
                "orders_plain");
        String base = "/api/views/" + segment(view);
        if (kind == 0) {
            return base;
        }
        if (kind == 1) {
            return base + "/history" + (rnd.nextBoolean() ? "" : "?limit=" + enc(pick(rnd, LIMITS)));
        }
        List<String> params = new ArrayList<>();
        int n = 1 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            params.add(param(rnd));
        }
        if (rnd.nextInt(8) == 0) {
            params.add(params.get(0)); // repeated
        }
        if (rnd.nextInt(12) == 0) {
            params.add("x=" + enc("eq.") + "y".repeat(4100 + rnd.nextInt(1500))); // over the 4096 limit: 414
        }
        return base + "/rows?" + String.join("&", params);
    }

    private static String param(Random rnd) {
        switch (rnd.nextInt(12)) {
            case 0:
                return "select=" + enc(names(rnd));
            case 1:
                return "order=" + enc(orders(rnd));
            case 2:
                return (rnd.nextBoolean() ? "limit=" : "offset=") + enc(pick(rnd, LIMITS));
            case 3:
                return "format=" + enc(pick(rnd, FORMATS));
            default:
                String name = rnd.nextInt(4) == 0 ? pick(rnd, HOSTILE_NAMES) : pick(rnd, COLUMNS);
                return enc(name) + "=" + filterValue(rnd);
        }
    }

    private static String names(Random rnd) {
        List<String> names = new ArrayList<>();
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            names.add(rnd.nextInt(3) == 0 ? pick(rnd, HOSTILE_NAMES) : pick(rnd, COLUMNS));
        }
        return String.join(",", names);
    }

    private static String orders(Random rnd) {
        List<String> items = new ArrayList<>();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            String item = rnd.nextInt(3) == 0 ? pick(rnd, HOSTILE_NAMES) : pick(rnd, COLUMNS);
            int suffixes = rnd.nextInt(3);
            for (int s = 0; s < suffixes; s++) {
                item += "." + pick(rnd, "asc", "desc", "nullsfirst", "nullslast", "DESC", "desc;", "", "random()", "1");
            }
            items.add(item);
        }
        return String.join(",", items);
    }

    /** {@code op.value}, percent-encoded, sometimes with an odd raw escape mixed in. */
    private static String filterValue(Random rnd) {
        String op = pick(rnd, OPERATORS);
        String value;
        if (op.endsWith("in")) {
            List<String> values = new ArrayList<>();
            int n = rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
                String v = value(rnd);
                values.add(rnd.nextBoolean() ? "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : v);
            }
            value = rnd.nextInt(10) == 0 ? String.join(",", values) : "(" + String.join(",", values) + ")";
        } else if (op.endsWith("is")) {
            value = pick(rnd, "null", "true", "false", "NULL", "unknown", "not null", "null; drop table orders");
        } else {
            value = value(rnd);
        }
        String encoded = enc(op.isEmpty() ? value : op + "." + value);
        if (rnd.nextInt(4) == 0) {
            encoded += pick(rnd, RAW_FRAGMENTS);
        }
        return encoded;
    }

    private static String value(Random rnd) {
        int k = rnd.nextInt(10);
        if (k == 0) {
            // long: up to about 3000 encoded characters, beyond the 1000-character value limit
            int length = 200 + rnd.nextInt(1400);
            StringBuilder sb = new StringBuilder();
            while (sb.length() < length) {
                sb.append(pick(rnd, HOSTILE_VALUES));
            }
            return sb.toString();
        }
        if (k == 1) {
            StringBuilder sb = new StringBuilder();
            int length = 1 + rnd.nextInt(12);
            for (int i = 0; i < length; i++) {
                int cp = rnd.nextInt(3) == 0 ? 0x20 + rnd.nextInt(0x5f) : 1 + rnd.nextInt(0x2FFF);
                if (Character.isSurrogate((char) cp)) {
                    cp = '?';
                }
                sb.appendCodePoint(cp);
            }
            return sb.toString();
        }
        return pick(rnd, HOSTILE_VALUES);
    }

    private static String segment(String viewName) {
        String s = enc(viewName);
        return s.matches("\\.+") ? s.replace(".", "%2E") : s;
    }

    @SafeVarargs
    private static <T> T pick(Random rnd, T... options) {
        return options[rnd.nextInt(options.length)];
    }

    private static Arguments target(String target) {
        String label = target.length() > 150 ? target.substring(0, 150) + "…(" + target.length() + ")" : target;
        return Arguments.of(label, target);
    }

    // ---------------------------------------------------------------- the tests

    /**
     * The hostile requests one by one, then one check that the database is exactly as it was: dynamic
     * tests of one factory run in the order of its stream, so the check needs no ordering of methods.
     */
    @TestFactory
    Stream<DynamicTest> hostileRequestsGetWellFormedAnswersAndLeaveTheDatabaseAsItWas() {
        String checksumBefore = f.checksum();
        Map<Integer, Integer> statuses = new ConcurrentSkipListMap<>();
        Stream<DynamicTest> requests = hostile().map(Arguments::get)
                .map(a -> dynamicTest((String) a[0], () -> wellFormedAndNever500((String) a[1], statuses)));
        DynamicTest after = dynamicTest("the database is exactly as it was and the server still serves", () -> {
            System.out.println("hostile requests by status: " + statuses);
            // the generator reaches every kind of answer, not only refusals
            assertThat(statuses.getOrDefault(200, 0)).isGreaterThanOrEqualTo(10);
            assertThat(statuses.getOrDefault(400, 0)).isGreaterThanOrEqualTo(50);
            assertThat(statuses.getOrDefault(404, 0)).isGreaterThanOrEqualTo(10);
            assertThat(statuses.getOrDefault(414, 0)).isGreaterThanOrEqualTo(3);
            assertThat(f.checksum()).isEqualTo(checksumBefore);
            assertThat(http.get("/health").json().get("status").asText()).isEqualTo("up");
            assertThat(http.get("/api/views/orders_mv/rows?select=id&limit=1000").json()).hasSize(Fixture.ROWS);
            assertThat(TestDatabase.queryLong(f.db, "select count(*) from orders")).isEqualTo(Fixture.ROWS);
        });
        return Stream.concat(requests, Stream.of(after));
    }

    private void wellFormedAndNever500(String target, Map<Integer, Integer> statuses) {
        Http.Response r = http.get(target);
        statuses.merge(r.status(), 1, Integer::sum);
        assertThat(r.status()).as("%s → %s", target, r).isIn(200, 400, 404, 414);
        assertThat(r.header("Content-Type").orElse("")).as("%s → %s", target, r).startsWith("application/json");
        JsonNode body = r.json();
        if (r.status() == 200) {
            assertThat(body.isArray() || body.isObject()).as(target).isTrue();
        } else {
            assertThat(RowsApiTest.fieldNames(body)).as("%s → %s", target, r).containsExactly("error", "detail", "hint");
            assertThat(body.get("error").isTextual()).isTrue();
        }
        if (r.status() == 200 && target.contains("/rows") && !target.contains("numbers_mv")) {
            // whatever was asked, only rows of the view come back: never another relation's
            for (JsonNode row : body) {
                assertThat(Set.of("id", "big", "amount", "big_amount", "name", "active", "day", "ts", "local_ts", "uid", "doc", "tags",
                        "code")).containsAll(RowsApiTest.fieldNames(row));
            }
        }
    }

    @Test
    void aMalformedPercentEscapeInAValueIs400() {
        for (String target : List.of("/api/views/orders_mv/rows?name=eq.%zz", "/api/views/orders_mv/rows?name=eq.%",
                "/api/views/orders_mv/rows?name=eq.a%2", "/api/views/orders_mv/rows?limit=%zz")) {
            Http.Response r = http.raw(target);
            assertThat(r.status()).as("%s → %s", target, r).isEqualTo(400);
            assertThat(r.json().has("error")).isTrue();
        }
    }

    @Test
    void aMalformedPercentEscapeInANameIsNotSilentlyIgnored() {
        Http.Response r = http.raw("/api/views/orders_mv/rows?id%zz=eq.1&select=id");
        assertThat(r.status()).as("%s", r).isEqualTo(400);
    }

    @Test
    void requestsJettyRefusesAreAnsweredInJsonToo() {
        for (String target : List.of("/api/views/orders%00mv/rows", "/api/views/%zz/rows", "/api/views/%C3%28/rows",
                "/api/views/orders_mv/rows?x=" + "a".repeat(9000))) {
            Http.Response r = http.raw(target);
            assertThat(r.status()).as(target).isIn(400, 414);
            assertThat(r.header("content-type").orElse("")).as("%s → %s", target, r).startsWith("application/json");
        }
    }
}
