package io.matview.server;

import static io.matview.server.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.matview.refresh.RefreshLogEntry;
import io.matview.server.Fixture.Row;
import io.matview.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /api/views/{view}/rows} and the metadata endpoints over real HTTP, against a view of
 * every column type. Every expected answer comes from the rows the test generated (or from SQL on the
 * source table), never from the server.
 */
class RowsApiTest {
    private static final String ROWS = "/api/views/orders_mv/rows";
    private static final List<String> COLUMNS =
            List.of("id", "big", "amount", "big_amount", "name", "active", "day", "ts", "local_ts", "uid", "doc", "tags", "code");

    @TempDir
    static Path dir;
    static Fixture f;
    static MatviewServer server;
    static Http http;

    @BeforeAll
    static void start() {
        f = Fixture.create(dir);
        // so that the catalog's row estimate is exact before the server reads it
        TestDatabase.execute(f.db, "analyze orders_mv");
        server = MatviewServer.start(f.matview, ServerSettings.builder().port(0).scheduler(false).build());
        http = new Http(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---------------------------------------------------------------- filters

    /** {@code column=expression} and the rows it must select, decided in Java on the generated rows. */
    static Stream<Arguments> filters() {
        Row r3 = row(3);
        Row r4 = row(4);
        Row r5 = row(5);
        Row r6 = row(6);
        Row r10 = row(10);
        LocalDate today = f.today;
        return Stream.of(
                // integer
                c("id", "eq.5", r -> r.id() == 5),
                c("id", "neq.5", r -> r.id() != 5),
                c("id", "gt.15", r -> r.id() > 15),
                c("id", "gte.15", r -> r.id() >= 15),
                c("id", "lt.3", r -> r.id() < 3),
                c("id", "lte.3", r -> r.id() <= 3),
                c("id", "in.(1,3,5,999)", r -> Set.of(1, 3, 5).contains(r.id())),
                c("id", "not.in.(1,2,3)", r -> r.id() > 3),
                c("id", "not.eq.5", r -> r.id() != 5),
                c("id", "not.gt.3", r -> r.id() <= 3),
                c("id", "is.null", r -> false),
                c("id", "not.is.null", r -> true),
                c("id", "eq.-0", r -> false),
                // bigint
                c("big", "eq.-7000000049", r -> Objects.equals(r.big(), -7_000_000_049L)),
                c("big", "neq.0", has(Row::big, v -> v != 0)),
                c("big", "gt.0", has(Row::big, v -> v > 0)),
                c("big", "gte.0", has(Row::big, v -> v >= 0)),
                c("big", "lt.-5000000035", has(Row::big, v -> v < -5_000_000_035L)),
                c("big", "lte.-5000000035", has(Row::big, v -> v <= -5_000_000_035L)),
                c("big", "in.(0,10000000070,-7000000049)", has(Row::big, v -> Set.of(0L, 10_000_000_070L, -7_000_000_049L).contains(v))),
                c("big", "is.null", r -> r.big() == null),
                c("big", "not.is.null", r -> r.big() != null),
                c("big", "not.lt.0", has(Row::big, v -> v >= 0)),
                // numeric(12,2)
                c("amount", "eq.30.75", has(Row::amount, v -> v.compareTo(new BigDecimal("30.75")) == 0)),
                c("amount", "eq.9999999999.99", has(Row::amount, v -> v.compareTo(new BigDecimal("9999999999.99")) == 0)),
                c("amount", "neq.30.75", has(Row::amount, v -> v.compareTo(new BigDecimal("30.75")) != 0)),
                c("amount", "gt.100", has(Row::amount, v -> v.compareTo(new BigDecimal("100")) > 0)),
                c("amount", "gte.102.51", has(Row::amount, v -> v.compareTo(new BigDecimal("102.51")) >= 0)),
                c("amount", "lt.50.5", has(Row::amount, v -> v.compareTo(new BigDecimal("50.5")) < 0)),
                c("amount", "lte.51.27", has(Row::amount, v -> v.compareTo(new BigDecimal("51.27")) <= 0)),
                c("amount", "in.(10.26,30.75,1)", has(Row::amount, v -> Stream.of("10.26", "30.75", "1")
                        .anyMatch(x -> new BigDecimal(x).compareTo(v) == 0))),
                c("amount", "is.null", r -> r.amount() == null),
                c("amount", "not.lt.100", has(Row::amount, v -> v.compareTo(new BigDecimal("100")) >= 0)),
                // numeric(18,2), beyond a double's exact range
                c("big_amount", "eq.12345678901234.56", has(Row::bigAmount, v -> v.compareTo(Fixture.HUGE) == 0)),
                c("big_amount", "eq.12345678901234.55", r -> false),
                c("big_amount", "gt.1", has(Row::bigAmount, v -> v.compareTo(BigDecimal.ONE) > 0)),
                c("big_amount", "lt.0.05", has(Row::bigAmount, v -> v.compareTo(new BigDecimal("0.05")) < 0)),
                c("big_amount", "is.null", r -> r.bigAmount() == null),
                // text
                c("name", "eq.alpha", has(Row::name, "alpha"::equals)),
                c("name", "eq.Beta", has(Row::name, "Beta"::equals)),
                c("name", "eq.beta", r -> false),
                c("name", "neq.alpha", has(Row::name, v -> !v.equals("alpha"))),
                c("name", "eq.", has(Row::name, String::isEmpty)),
                c("name", "eq.with \"quote\"", has(Row::name, "with \"quote\""::equals)),
                c("name", "eq.with,comma", has(Row::name, "with,comma"::equals)),
                c("name", "eq.line\nbreak", has(Row::name, "line\nbreak"::equals)),
                c("name", "eq.back\\slash", has(Row::name, "back\\slash"::equals)),
                c("name", "eq.ünïcødé ✓", has(Row::name, "ünïcødé ✓"::equals)),
                c("name", "eq.it's", has(Row::name, "it's"::equals)),
                c("name", "eq.percent%sign", has(Row::name, "percent%sign"::equals)),
                c("name", "in.(\"with,comma\",alpha)", has(Row::name, v -> Set.of("with,comma", "alpha").contains(v))),
                c("name", "in.(\"with \\\"quote\\\"\",gamma)", has(Row::name, v -> Set.of("with \"quote\"", "gamma").contains(v))),
                c("name", "in.(alpha,Beta,nope)", has(Row::name, v -> Set.of("alpha", "Beta").contains(v))),
                c("name", "in.(\"a(b)c\",\"it's\")", has(Row::name, "it's"::equals)),
                c("name", "not.in.(alpha,Beta)", has(Row::name, v -> !Set.of("alpha", "Beta").contains(v))),
                c("name", "like.al*", like(Row::name, "al*", false)),
                c("name", "like.*a", like(Row::name, "*a", false)),
                c("name", "like.*comma", like(Row::name, "*comma", false)),
                c("name", "like.with*", like(Row::name, "with*", false)),
                c("name", "like.*", like(Row::name, "*", false)),
                c("name", "like.percent%sign", like(Row::name, "percent%sign", false)),
                c("name", "like.g_mma", like(Row::name, "g_mma", false)),
                c("name", "ilike.alpha*", like(Row::name, "alpha*", true)),
                c("name", "ilike.*ETA", like(Row::name, "*ETA", true)),
                c("name", "ilike.BETA", like(Row::name, "BETA", true)),
                c("name", "not.like.*a*", unlike(Row::name, "*a*", false)),
                c("name", "not.ilike.*A*", unlike(Row::name, "*A*", true)),
                c("name", "is.null", r -> r.name() == null),
                c("name", "not.is.null", r -> r.name() != null),
                // varchar(5)
                c("code", "eq.C0003", has(Row::code, "C0003"::equals)),
                c("code", "like.C000*", like(Row::code, "C000*", false)),
                c("code", "in.(C0001,C0020,C9999)", has(Row::code, v -> Set.of("C0001", "C0020").contains(v))),
                c("code", "is.null", r -> r.code() == null),
                // boolean
                c("active", "eq.true", r -> Boolean.TRUE.equals(r.active())),
                c("active", "eq.false", r -> Boolean.FALSE.equals(r.active())),
                c("active", "neq.true", r -> Boolean.FALSE.equals(r.active())),
                c("active", "in.(true,false)", r -> r.active() != null),
                c("active", "is.true", r -> Boolean.TRUE.equals(r.active())),
                c("active", "is.false", r -> Boolean.FALSE.equals(r.active())),
                c("active", "is.null", r -> r.active() == null),
                c("active", "not.is.true", r -> !Boolean.TRUE.equals(r.active())),
                c("active", "not.is.false", r -> !Boolean.FALSE.equals(r.active())),
                c("active", "not.is.null", r -> r.active() != null),
                c("active", "not.eq.true", r -> Boolean.FALSE.equals(r.active())),
                // date
                c("day", "eq." + r4.day(), has(Row::day, r4.day()::equals)),
                c("day", "neq." + r4.day(), has(Row::day, v -> !v.equals(r4.day()))),
                c("day", "gt." + r10.day(), has(Row::day, v -> v.isAfter(r10.day()))),
                c("day", "gte." + r10.day(), has(Row::day, v -> !v.isBefore(r10.day()))),
                c("day", "lt." + r10.day(), has(Row::day, v -> v.isBefore(r10.day()))),
                c("day", "lte." + r10.day(), has(Row::day, v -> !v.isAfter(r10.day()))),
                c("day", "in.(" + r3.day() + "," + r6.day() + ")", has(Row::day, v -> v.equals(r3.day()) || v.equals(r6.day()))),
                c("day", "is.null", r -> r.day() == null),
                c("day", "not.is.null", r -> r.day() != null),
                c("day", "gte.now-30d", has(Row::day, v -> !v.isBefore(today.minusDays(30)))),
                c("day", "lt.now-30d", has(Row::day, v -> v.isBefore(today.minusDays(30)))),
                c("day", "gte.now-1w", has(Row::day, v -> !v.isBefore(today.minusWeeks(1)))),
                c("day", "lte.now", has(Row::day, v -> !v.isAfter(today))),
                // timestamptz, with offsets written in several ways
                c("ts", "eq." + r3.ts(), has(Row::ts, r3.ts()::equals)),
                c("ts", "eq." + r3.ts().atOffset(ZoneOffset.ofHours(-5)), has(Row::ts, r3.ts()::equals)),
                c("ts", "gt." + r5.ts().atOffset(ZoneOffset.ofHours(2)), has(Row::ts, v -> v.isAfter(r5.ts()))),
                c("ts", "gte." + r5.ts(), has(Row::ts, v -> !v.isBefore(r5.ts()))),
                c("ts", "lt." + r5.ts(), has(Row::ts, v -> v.isBefore(r5.ts()))),
                c("ts", "lte." + r5.ts().atOffset(ZoneOffset.ofHoursMinutes(5, 30)), has(Row::ts, v -> !v.isAfter(r5.ts()))),
                c("ts", "in.(" + r3.ts() + "," + r6.ts() + ")", has(Row::ts, v -> v.equals(r3.ts()) || v.equals(r6.ts()))),
                c("ts", "is.null", r -> r.ts() == null),
                c("ts", "lt.now-2h", has(Row::ts, v -> v.isBefore(Instant.now().minus(2, ChronoUnit.HOURS)))),
                c("ts", "gte.now-90min", has(Row::ts, v -> !v.isBefore(Instant.now().minus(90, ChronoUnit.MINUTES)))),
                c("ts", "lt.now-1d", r -> false),
                c("ts", "lt.now", r -> r.ts() != null),
                c("ts", "gt.2024-01-01", r -> r.ts() != null),
                // timestamp without time zone
                c("local_ts", "eq.2024-01-01T13:01:00", has(Row::localTs, LocalDateTime.of(2024, 1, 1, 13, 1)::equals)),
                c("local_ts", "eq.2024-01-02 02:02:00", has(Row::localTs, LocalDateTime.of(2024, 1, 2, 2, 2)::equals)),
                c("local_ts", "gt.2024-01-05T00:00", has(Row::localTs, v -> v.isAfter(LocalDateTime.of(2024, 1, 5, 0, 0)))),
                c("local_ts", "lte.2024-01-03", has(Row::localTs, v -> !v.isAfter(LocalDateTime.of(2024, 1, 3, 0, 0)))),
                c("local_ts", "is.null", r -> r.localTs() == null),
                c("local_ts", "lt.now", r -> r.localTs() != null),
                // uuid
                c("uid", "eq." + r6.uid(), has(Row::uid, r6.uid()::equals)),
                c("uid", "eq." + r6.uid().toString().toUpperCase(Locale.ROOT), has(Row::uid, r6.uid()::equals)),
                c("uid", "neq." + r6.uid(), has(Row::uid, v -> !v.equals(r6.uid()))),
                c("uid", "in.(" + r3.uid() + "," + r4.uid() + "," + UUID.nameUUIDFromBytes(new byte[] {1}) + ")",
                        has(Row::uid, v -> v.equals(r3.uid()) || v.equals(r4.uid()))),
                c("uid", "is.null", r -> r.uid() == null),
                c("uid", "not.is.null", r -> r.uid() != null),
                // jsonb: only is.null
                c("doc", "is.null", r -> r.doc() == null),
                c("doc", "not.is.null", r -> r.doc() != null),
                // text[]
                c("tags", "eq.{t1,\"x,y\"}", has(Row::tags, List.of("t1", "x,y")::equals)),
                c("tags", "eq.{}", has(Row::tags, List::isEmpty)),
                c("tags", "neq.{}", has(Row::tags, v -> !v.isEmpty())),
                c("tags", "is.null", r -> r.tags() == null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void eachOperatorSelectsExactlyTheRowsItNames(String filter, Predicate<Row> expected) {
        Http.Response r = http.get(ROWS + "?select=id&limit=1000&" + filter);
        assertThat(r.status()).as("%s → %s", filter, r).isEqualTo(200);
        assertThat(ids(r.json())).as(filter).isEqualTo(expectedIds(expected));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gt.m", "lt.m", "gte.gamma", "lte.gamma", "not.gt.delta", "gt.", "lt.Z"})
    void textComparisonsFollowTheDatabaseCollation(String expression) {
        String op = expression.startsWith("not.") ? expression.substring(4) : expression;
        String value = op.substring(op.indexOf('.') + 1);
        String sqlOp = Map.of("gt", ">", "lt", "<", "gte", ">=", "lte", "<=").get(op.substring(0, op.indexOf('.')));
        String where = "name " + sqlOp + " '" + value + "'";
        if (expression.startsWith("not.")) {
            where = "not (" + where + ")";
        }
        Http.Response r = http.get(ROWS + "?select=id&" + "name=" + enc(expression));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(ids(r.json())).isEqualTo(f.sqlIds(where, "id"));
    }

    @Test
    void filtersOnSeveralColumnsAreAndedAndRepeatedFiltersOnOneColumnToo() {
        Http.Response r = http.get(ROWS + "?select=id&id=gt.2&id=lte.12&active=is.true&amount=not.is.null");
        assertThat(ids(r.json())).isEqualTo(expectedIds(row -> row.id() > 2 && row.id() <= 12
                && Boolean.TRUE.equals(row.active()) && row.amount() != null));
    }

    @Test
    void aNumericValueIsComparedExactlyNotRoundedToTheColumnScale() {
        Http.Response r = http.get(ROWS + "?select=id&amount=eq.10.255");
        assertThat(r.status()).isEqualTo(200);
        assertThat(ids(r.json())).isEmpty();
    }

    @Test
    void aComparisonBeyondTheColumnPrecisionIsValid() {
        Http.Response r = http.get(ROWS + "?select=id&amount=lt.100000000000");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(ids(r.json())).isEqualTo(expectedIds(row -> row.amount() != null));
    }

    @Test
    void aVarcharValueIsNotTruncatedToTheColumnLength() {
        Http.Response r = http.get(ROWS + "?select=id&code=" + enc("eq.C0003-and-more"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(ids(r.json())).isEmpty();
    }

    // ---------------------------------------------------------------- select, order, paging, limits

    @Test
    void selectReturnsOnlyTheNamedColumnsInTheGivenOrder() {
        JsonNode rows = http.get(ROWS + "?select=name,id,tags&id=lte.3").json();
        assertThat(rows).hasSize(3);
        for (JsonNode n : rows) {
            assertThat(fieldNames(n)).containsExactly("name", "id", "tags");
            assertThat(n.get("name").isNull() ? null : n.get("name").asText()).isEqualTo(row(n.get("id").asInt()).name());
        }
        assertThat(fieldNames(http.get(ROWS + "?select=" + enc(" day , id ") + "&limit=1").json().get(0))).containsExactly("day", "id");
    }

    @Test
    void withoutSelectEveryColumnComesInTheViewsOrder() {
        JsonNode first = http.get(ROWS + "?limit=1").json().get(0);
        assertThat(fieldNames(first)).isEqualTo(COLUMNS);
    }

    /** order= text, and the Java ordering it means (then the unique key, id, as the server's tiebreak). */
    static Stream<Arguments> orderings() {
        return Stream.of(
                o("amount", by(Row::amount, false, false)),
                o("amount.desc", by(Row::amount, true, true)),
                o("amount.desc.nullslast", by(Row::amount, true, false)),
                o("amount.asc.nullsfirst", by(Row::amount, false, true)),
                o("big.nullsfirst", by(Row::big, false, true)),
                o("active.desc.nullsfirst,day.asc", by(Row::active, true, true).thenComparing(by(Row::day, false, false))),
                o("active,day.desc.nullslast", by(Row::active, false, false).thenComparing(by(Row::day, true, false))),
                o("day.desc,id.desc", by(Row::day, true, true).thenComparing(by(Row::id, true, true))),
                o("ts.desc.nullslast", by(Row::ts, true, false)),
                o("local_ts", by(Row::localTs, false, false)),
                o("uid", by(r -> r.uid() == null ? null : r.uid().toString(), false, false)),
                o("id.desc", by(Row::id, true, true)),
                o("big_amount.desc", by(Row::bigAmount, true, true)));
    }

    @ParameterizedTest(name = "order={0}")
    @MethodSource("orderings")
    void orderSortsByEachKeyWithItsDirectionAndNullsThenByTheUniqueKey(String order, Comparator<Row> expected) {
        Http.Response r = http.get(ROWS + "?select=id&order=" + order);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(ids(r.json())).isEqualTo(sorted(expected));
    }

    @ParameterizedTest(name = "order={0}")
    @ValueSource(strings = {"name.desc.nullslast", "name.nullsfirst", "code.desc", "name,active.desc"})
    void textOrderingFollowsTheDatabaseCollation(String order) {
        StringBuilder sql = new StringBuilder();
        for (String item : order.split(",")) {
            String[] p = item.split("\\.");
            sql.append(p[0]);
            for (int i = 1; i < p.length; i++) {
                sql.append(' ').append(switch (p[i]) {
                    case "nullsfirst" -> "nulls first";
                    case "nullslast" -> "nulls last";
                    default -> p[i];
                });
            }
            sql.append(", ");
        }
        assertThat(ids(http.get(ROWS + "?select=id&order=" + order).json())).isEqualTo(f.sqlIds("true", sql + "id"));
    }

    @ParameterizedTest(name = "order={0}, pages of {1}")
    @MethodSource("pagings")
    void pagesConcatenateToTheWholeOrderedSetWithoutRepeatsOrGaps(String order, int pageSize, Comparator<Row> expected) {
        List<Integer> all = new ArrayList<>();
        for (int offset = 0; ; offset += pageSize) {
            Http.Response r = http.get(ROWS + "?select=id&order=" + order + "&limit=" + pageSize + "&offset=" + offset);
            assertThat(r.status()).isEqualTo(200);
            List<Integer> page = ids(r.json());
            assertThat(page.size()).isLessThanOrEqualTo(pageSize);
            all.addAll(page);
            if (page.isEmpty()) {
                break;
            }
            assertThat(offset).as("paging ends").isLessThan(1000);
        }
        assertThat(new HashSet<>(all)).hasSameSizeAs(all);
        assertThat(all).isEqualTo(sorted(expected));
    }

    static Stream<Arguments> pagings() {
        return Stream.of(
                Arguments.of("active.desc.nullsfirst", 3, by(Row::active, true, true)),
                Arguments.of("active", 7, by(Row::active, false, false)),
                Arguments.of("amount.desc", 4, by(Row::amount, true, true)),
                Arguments.of("local_ts.desc", 5, by(Row::localTs, true, true)),
                Arguments.of("id", 6, by(Row::id, false, false)));
    }

    @Test
    void pagingWithoutOrderFollowsTheUniqueKey() {
        List<Integer> all = new ArrayList<>();
        for (int offset = 0; offset < 40; offset += 6) {
            all.addAll(ids(http.get(ROWS + "?select=id&limit=6&offset=" + offset).json()));
        }
        assertThat(all).isEqualTo(expectedIds(r -> true));
    }

    @Test
    void theDefaultLimitIs100AndTheMaximumIsServed() {
        JsonNode page = http.get("/api/views/numbers_mv/rows").json();
        assertThat(page).hasSize(100);
        assertThat(page.get(0).get("n").asInt()).isEqualTo(1);
        assertThat(page.get(99).get("n").asInt()).isEqualTo(100);
        // beyond the cached size: streamed, whole
        JsonNode all = http.get("/api/views/numbers_mv/rows?limit=10000").json();
        assertThat(all).hasSize(Fixture.NUMBERS);
        for (int i = 0; i < Fixture.NUMBERS; i++) {
            assertThat(all.get(i).get("n").asInt()).isEqualTo(i + 1);
            assertThat(all.get(i).get("bucket").asInt()).isEqualTo((i + 1) % 7);
        }
        assertThat(http.get("/api/views/numbers_mv/rows?limit=0").json()).isEmpty();
        assertThat(http.get("/api/views/numbers_mv/rows?limit=10001").status()).isEqualTo(400);
        assertThat(http.get("/api/views/numbers_mv/rows?offset=245").json()).hasSize(5);
    }

    @Test
    void configuredLimitsApply() {
        try (MatviewServer small = MatviewServer.start(f.matview,
                ServerSettings.builder().port(0).scheduler(false).limits(7, 50).build())) {
            Http h = new Http(small);
            assertThat(h.get("/api/views/numbers_mv/rows").json()).hasSize(7);
            assertThat(h.get("/api/views/numbers_mv/rows?limit=50").json()).hasSize(50);
            Http.Response over = h.get("/api/views/numbers_mv/rows?limit=51");
            assertThat(over.status()).isEqualTo(400);
            assertThat(over.json().get("detail").asText()).isEqualTo("limit");
            assertThat(over.json().get("hint").asText()).contains("50");
        }
    }

    // ---------------------------------------------------------------- value typing

    @Test
    void everyValueKeepsItsTypeInJson() throws Exception {
        Http.Response r = http.get(ROWS + "?limit=100");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        // exact in the raw text, not squeezed through a double
        assertThat(r.body()).contains("\"big_amount\":12345678901234.56").contains("\"amount\":9999999999.99")
                .contains("\"big\":-9000000063");
        JsonNode rows = r.json();
        assertThat(rows).hasSize(Fixture.ROWS);
        Pattern isoWithOffset = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?([+-]\\d\\d:\\d\\d|Z)");
        for (JsonNode n : rows) {
            Row e = row(n.get("id").asInt());
            String what = "row " + e.id();
            assertThat(fieldNames(n)).as(what).isEqualTo(COLUMNS);
            assertThat(n.get("id").isInt()).isTrue();
            assertNullOr(n, "big", e.big(), v -> assertThat(v.isIntegralNumber() && v.longValue() == e.big()).as(what).isTrue());
            assertNullOr(n, "amount", e.amount(), v -> assertThat(v.decimalValue()).as(what).isEqualTo(e.amount()));
            assertNullOr(n, "big_amount", e.bigAmount(), v -> assertThat(v.decimalValue()).as(what).isEqualTo(e.bigAmount()));
            assertNullOr(n, "name", e.name(), v -> assertThat(v.textValue()).as(what).isEqualTo(e.name()));
            assertNullOr(n, "active", e.active(), v -> assertThat(v.isBoolean() && v.booleanValue() == e.active()).as(what).isTrue());
            assertNullOr(n, "day", e.day(), v -> assertThat(v.textValue()).as(what).isEqualTo(e.day().toString()));
            assertNullOr(n, "ts", e.ts(), v -> {
                assertThat(v.textValue()).as(what).matches(isoWithOffset);
                assertThat(OffsetDateTime.parse(v.textValue()).toInstant()).as(what).isEqualTo(e.ts());
            });
            assertNullOr(n, "local_ts", e.localTs(), v -> {
                assertThat(v.textValue()).as(what).doesNotContain("+").doesNotEndWith("Z");
                assertThat(LocalDateTime.parse(v.textValue())).as(what).isEqualTo(e.localTs());
            });
            assertNullOr(n, "uid", e.uid(), v -> assertThat(v.textValue()).as(what).isEqualTo(e.uid().toString()));
            assertNullOr(n, "doc", e.doc(), v -> {
                assertThat(v.isObject()).as(what).isTrue();
                assertThat(v).as(what).isEqualTo(readJson(e.doc()));
                assertThat(v.get("nested").get("k").textValue()).isEqualTo("v" + e.id());
            });
            assertNullOr(n, "tags", e.tags(), v -> {
                assertThat(v.isArray()).as(what).isTrue();
                List<String> tags = new ArrayList<>();
                v.forEach(t -> tags.add(t.textValue()));
                assertThat(tags).as(what).isEqualTo(e.tags());
            });
            assertNullOr(n, "code", e.code(), v -> assertThat(v.textValue()).as(what).isEqualTo(e.code()));
        }
    }

    // ---------------------------------------------------------------- CSV

    @Test
    void csvByAcceptHeaderHasAHeaderRowAndQuotesWhatNeedsIt() throws Exception {
        Http.Response r = http.get(ROWS + "?order=id", "Accept", "text/csv");
        assertCsv(r, COLUMNS);
    }

    @Test
    void csvByFormatParameterIsTheSame() throws Exception {
        Http.Response r = http.get(ROWS + "?format=csv&order=id");
        assertCsv(r, COLUMNS);
        Http.Response byHeader = http.get(ROWS + "?order=id", "Accept", "text/csv");
        assertThat(r.body()).isEqualTo(byHeader.body());
        assertThat(http.get(ROWS + "?format=CSV&limit=1").header("Content-Type").orElseThrow()).startsWith("text/csv");
    }

    @Test
    void csvTellsAnEmptyStringFromNull() {
        Http.Response r = http.get(ROWS + "?format=csv&select=id,name&id=in.(4,5,6,7,8)");
        assertThat(r.body()).isEqualTo("id,name\r\n4,\"with,comma\"\r\n5,\"with \"\"quote\"\"\"\r\n6,\"line\nbreak\"\r\n"
                + "7,\"\"\r\n8,\r\n");
    }

    @Test
    void formatJsonWinsOverAnAcceptHeaderAskingForCsv() {
        Http.Response r = http.get(ROWS + "?format=json&select=id&limit=2", "Accept", "text/csv");
        assertThat(r.header("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(ids(r.json())).containsExactly(1, 2);
    }

    @Test
    void csvHonoursSelectFiltersAndOrder() {
        Http.Response r = http.get(ROWS + "?select=code,id&active=is.true&order=id.desc", "Accept", "text/csv");
        List<List<Cell>> table = parseCsv(r.body());
        assertThat(table.get(0)).extracting(Cell::text).containsExactly("code", "id");
        List<Integer> expected = new ArrayList<>(expectedIds(row -> Boolean.TRUE.equals(row.active())));
        expected.sort(Comparator.reverseOrder());
        assertThat(table.subList(1, table.size()).stream().map(l -> Integer.parseInt(l.get(1).text())).toList()).isEqualTo(expected);
    }

    // ---------------------------------------------------------------- metadata, history, plain views

    @Test
    void theViewListNamesEveryServedViewWithItsKindAndPolicy() {
        Http.Response r = http.get("/api/views");
        assertThat(r.status()).isEqualTo(200);
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        r.json().forEach(v -> byName.put(v.get("name").asText(), v));
        assertThat(byName).containsOnlyKeys("public.orders_mv", "public.orders_plain", "public.numbers_mv");
        JsonNode mv = byName.get("public.orders_mv");
        assertThat(mv.get("kind").asText()).isEqualTo("materialized view");
        assertThat(mv.get("refresh").asText()).isEqualTo("every 5 minutes");
        assertThat(mv.get("populated").asBoolean()).isTrue();
        assertThat(mv.get("columns")).extracting(JsonNode::asText).isEqualTo(COLUMNS);
        JsonNode plain = byName.get("public.orders_plain");
        assertThat(plain.get("kind").asText()).isEqualTo("view");
        assertThat(plain.get("refresh").isNull()).isTrue();
        assertThat(plain.get("nextRefresh").isNull()).isTrue();
        assertThat(plain.get("columns")).extracting(JsonNode::asText).containsExactly("id", "name", "amount");
        assertThat(byName.get("public.numbers_mv").get("refresh").asText()).isEqualTo("manual");
        assertThat(byName.get("public.numbers_mv").get("nextRefresh").isNull()).isTrue();
    }

    @Test
    void theViewDetailsGiveColumnsKeysIndexesSizeGenerationAndSchedule() {
        Http.Response r = http.get("/api/views/orders_mv");
        assertThat(r.status()).isEqualTo(200);
        JsonNode v = r.json();
        assertThat(v.get("name").asText()).isEqualTo("public.orders_mv");
        assertThat(v.get("description").asText()).isEqualTo("every column type the API serves");
        Map<String, String> types = new java.util.LinkedHashMap<>();
        v.get("columns").forEach(c -> types.put(c.get("name").asText(), c.get("type").asText()));
        assertThat(types).containsExactly(
                Map.entry("id", "integer"), Map.entry("big", "bigint"), Map.entry("amount", "numeric(12,2)"),
                Map.entry("big_amount", "numeric(18,2)"), Map.entry("name", "text"), Map.entry("active", "boolean"),
                Map.entry("day", "date"), Map.entry("ts", "timestamp with time zone"),
                Map.entry("local_ts", "timestamp without time zone"), Map.entry("uid", "uuid"), Map.entry("doc", "jsonb"),
                Map.entry("tags", "text[]"), Map.entry("code", "character varying(5)"));
        assertThat(v.get("uniqueKey")).extracting(JsonNode::asText).containsExactly("id");
        List<String> definitions = new ArrayList<>();
        v.get("indexes").forEach(i -> definitions.add(i.get("definition").asText()));
        assertThat(definitions).hasSize(2);
        assertThat(definitions).anySatisfy(d -> assertThat(d).contains("UNIQUE").contains("(id)"));
        assertThat(definitions).anySatisfy(d -> assertThat(d).doesNotContain("UNIQUE").contains("(day)"));
        assertThat(v.get("rowEstimate").asLong()).isEqualTo(Fixture.ROWS);
        assertThat(v.get("sizeBytes").asLong())
                .isEqualTo(TestDatabase.queryLong(f.db, "select pg_total_relation_size('orders_mv')"));
        long generation = TestDatabase.queryLong(f.db, "select generation from matview.managed_view where view_name = 'orders_mv'");
        assertThat(v.get("generation").asLong()).isEqualTo(generation).isPositive();
        Instant refreshedAt = Instant.parse(v.get("refreshedAt").asText());
        Instant inDb = Instant.parse(TestDatabase.queryString(f.db,
                "select to_char(refreshed_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') from matview.managed_view "
                        + "where view_name = 'orders_mv'"));
        assertThat(refreshedAt).isEqualTo(inDb);
        assertThat(v.get("refresh").asText()).isEqualTo("every 5 minutes");
        assertThat(Instant.parse(v.get("nextRefresh").asText())).isEqualTo(refreshedAt.plus(Duration.ofMinutes(5)));
        assertThat(v.get("stalenessSeconds").asLong()).isBetween(0L, Duration.between(refreshedAt, Instant.now()).toSeconds() + 1);
        assertThat(v.get("populated").asBoolean()).isTrue();
        assertThat(http.get("/api/views/public.orders_mv").json().get("name").asText()).isEqualTo("public.orders_mv");
    }

    @Test
    void historyListsTheRefreshesNewestFirst() {
        List<RefreshLogEntry> first = f.matview.refresh("numbers_mv");
        List<RefreshLogEntry> second = f.matview.refresh("numbers_mv");
        JsonNode history = http.get("/api/views/numbers_mv/history").json();
        assertThat(history.size()).isGreaterThanOrEqualTo(2);
        JsonNode newest = history.get(0);
        assertThat(newest.get("id").asLong()).isEqualTo(second.get(0).id());
        assertThat(history.get(1).get("id").asLong()).isEqualTo(first.get(0).id());
        assertThat(newest.get("view").asText()).isEqualTo("public.numbers_mv");
        assertThat(newest.get("status").asText()).isEqualTo("ok");
        assertThat(newest.get("trigger").asText()).isEqualTo("manual");
        assertThat(newest.get("mode").asText()).isEqualTo("concurrent");
        assertThat(newest.get("generation").asLong()).isEqualTo(history.get(1).get("generation").asLong() + 1);
        assertThat(newest.get("rows").asLong()).isEqualTo(Fixture.NUMBERS);
        assertThat(Instant.parse(newest.get("startedAt").asText())).isBeforeOrEqualTo(Instant.parse(newest.get("finishedAt").asText()));
        JsonNode one = http.get("/api/views/numbers_mv/history?limit=1").json();
        assertThat(one).hasSize(1);
        assertThat(one.get(0).get("id").asLong()).isEqualTo(second.get(0).id());
        assertThat(http.get("/api/views/orders_plain/history").json()).isEmpty();
    }

    @Test
    void aMaterializedViewAnswersWithGenerationEtagAndCacheLifetime() {
        Http.Response r = http.get(ROWS + "?select=id&limit=1");
        assertThat(r.header("ETag")).hasValueSatisfying(e -> assertThat(e).matches("\"g\\d+-[0-9a-f]{16}\""));
        assertThat(r.header("Matview-Generation")).isPresent();
        assertThat(r.header("Last-Modified")).isPresent();
        // every 5 minutes: cacheable until the next refresh is due
        long maxAge = Long.parseLong(r.header("Cache-Control").orElseThrow().replace("max-age=", ""));
        assertThat(maxAge).isBetween(1L, 300L);
        // a manual view may change any time
        assertThat(http.get("/api/views/numbers_mv/rows?limit=1").header("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void aPlainViewIsServedLiveWithNoCacheAndNoEtag() {
        Http.Response r = http.get("/api/views/orders_plain/rows?order=id");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).hasValue("no-cache");
        assertThat(r.header("ETag")).isEmpty();
        assertThat(r.header("Matview-Generation")).isEmpty();
        JsonNode rows = r.json();
        assertThat(rows).hasSize(Fixture.ROWS);
        for (JsonNode n : rows) {
            Row e = row(n.get("id").asInt());
            assertThat(fieldNames(n)).containsExactly("id", "name", "amount");
            assertNullOr(n, "name", e.name(), v -> assertThat(v.textValue()).isEqualTo(e.name()));
            assertNullOr(n, "amount", e.amount(), v -> assertThat(v.decimalValue()).isEqualTo(e.amount()));
        }
        assertThat(ids(http.get("/api/views/orders_plain/rows?select=id&name=like.*a*&order=id.desc").json()))
                .isEqualTo(expectedIds(like(Row::name, "*a*", false)).stream().sorted(Comparator.reverseOrder()).toList());
    }

    // ---------------------------------------------------------------- helpers

    private static Row row(int id) {
        return f.row(id);
    }

    private static Arguments c(String column, String expression, Predicate<Row> expected) {
        return Arguments.of(column + "=" + enc(expression), expected);
    }

    private static Arguments o(String order, Comparator<Row> expected) {
        return Arguments.of(order, expected);
    }

    private static <T> Predicate<Row> has(Function<Row, T> field, Predicate<T> test) {
        return r -> field.apply(r) != null && test.test(field.apply(r));
    }

    /** SQL LIKE, written independently: * and % any run, _ one character, backslash escapes. */
    private static Predicate<Row> like(Function<Row, String> field, String pattern, boolean caseInsensitive) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '*' || ch == '%') {
                regex.append(".*");
            } else if (ch == '_') {
                regex.append('.');
            } else if (ch == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        Pattern p = Pattern.compile(regex.toString(), Pattern.DOTALL | (caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
        return has(field, v -> p.matcher(v).matches());
    }

    private static Predicate<Row> unlike(Function<Row, String> field, String pattern, boolean caseInsensitive) {
        Predicate<Row> like = like(field, pattern, caseInsensitive);
        return r -> field.apply(r) != null && !like.test(r);
    }

    /** PostgreSQL's ordering of one key: ascending puts NULLs last unless told, descending first. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Row> by(Function<Row, ? extends Comparable> key, boolean descending, boolean nullsFirst) {
        Comparator<Comparable> values = descending ? Comparator.<Comparable>naturalOrder().reversed() : Comparator.naturalOrder();
        Comparator<Comparable> withNulls = nullsFirst ? Comparator.nullsFirst(values) : Comparator.nullsLast(values);
        return (a, b) -> withNulls.compare(key.apply(a), key.apply(b));
    }

    private static List<Integer> sorted(Comparator<Row> order) {
        Comparator<Row> c = order == null ? Comparator.comparingInt(Row::id) : order.thenComparingInt(Row::id);
        return f.rows.stream().sorted(c).map(Row::id).toList();
    }

    private static List<Integer> expectedIds(Predicate<Row> p) {
        return f.rows.stream().filter(p).map(Row::id).sorted().toList();
    }

    static List<Integer> ids(JsonNode rows) {
        List<Integer> ids = new ArrayList<>();
        rows.forEach(n -> ids.add(n.get("id").asInt()));
        return ids;
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    private static void assertNullOr(JsonNode n, String field, Object expected, java.util.function.Consumer<JsonNode> check) {
        assertThat(n.has(field)).as("field %s present", field).isTrue();
        if (expected == null) {
            assertThat(n.get(field).isNull()).as("%s of row %s is null", field, n.get("id")).isTrue();
        } else {
            assertThat(n.get(field).isNull()).as("%s of row %s is not null", field, n.get("id")).isFalse();
            check.accept(n.get(field));
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return Http.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record Cell(String text, boolean quoted) {
    }

    /** RFC 4180, keeping whether each cell was quoted (an empty quoted cell is "", an empty bare one NULL). */
    static List<List<Cell>> parseCsv(String text) {
        List<List<Cell>> table = new ArrayList<>();
        List<Cell> line = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            if (text.charAt(i) == '"') {
                quoted = true;
                i++;
                while (true) {
                    char ch = text.charAt(i++);
                    if (ch == '"') {
                        if (i < text.length() && text.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        cell.append(ch);
                    }
                }
            } else {
                while (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\r') {
                    assertThat(text.charAt(i)).as("bare cell character").isNotIn('"', '\n');
                    cell.append(text.charAt(i++));
                }
            }
            line.add(new Cell(cell.toString(), quoted));
            if (i < text.length() && text.charAt(i) == ',') {
                i++;
            } else {
                assertThat(text.startsWith("\r\n", i)).as("CRLF after a record at %d", i).isTrue();
                i += 2;
                table.add(line);
                line = new ArrayList<>();
            }
        }
        return table;
    }

    private static void assertCsv(Http.Response r, List<String> columns) throws Exception {
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type").orElseThrow()).startsWith("text/csv");
        List<List<Cell>> table = parseCsv(r.body());
        assertThat(table.get(0)).extracting(Cell::text).isEqualTo(columns);
        assertThat(table).hasSize(Fixture.ROWS + 1);
        for (List<Cell> line : table.subList(1, table.size())) {
            assertThat(line).hasSize(columns.size());
            Row e = row(Integer.parseInt(line.get(0).text()));
            Map<String, Cell> cells = new java.util.HashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                cells.put(columns.get(i), line.get(i));
            }
            csvCell(cells.get("big"), e.big(), v -> assertThat(v).isEqualTo(e.big().toString()));
            csvCell(cells.get("amount"), e.amount(), v -> assertThat(v).isEqualTo(e.amount().toPlainString()));
            csvCell(cells.get("big_amount"), e.bigAmount(), v -> assertThat(v).isEqualTo(e.bigAmount().toPlainString()));
            csvCell(cells.get("name"), e.name(), v -> assertThat(v).isEqualTo(e.name()));
            csvCell(cells.get("active"), e.active(), v -> assertThat(v).isEqualTo(e.active().toString()));
            csvCell(cells.get("day"), e.day(), v -> assertThat(v).isEqualTo(e.day().toString()));
            csvCell(cells.get("ts"), e.ts(), v -> assertThat(OffsetDateTime.parse(v).toInstant()).isEqualTo(e.ts()));
            csvCell(cells.get("local_ts"), e.localTs(), v -> assertThat(LocalDateTime.parse(v)).isEqualTo(e.localTs()));
            csvCell(cells.get("uid"), e.uid(), v -> assertThat(v).isEqualTo(e.uid().toString()));
            csvCell(cells.get("doc"), e.doc(), v -> assertThat(readJson(v)).isEqualTo(readJson(e.doc())));
            csvCell(cells.get("tags"), e.tags(), v -> assertThat(readJson(v)).isEqualTo(Http.MAPPER.valueToTree(e.tags())));
            csvCell(cells.get("code"), e.code(), v -> assertThat(v).isEqualTo(e.code()));
            // a cell holding a comma, quote or line break is quoted; so is an empty string
            if (e.name() != null && (e.name().isEmpty() || e.name().matches("(?s).*[,\"\n].*"))) {
                assertThat(cells.get("name").quoted()).as("name of row %d quoted", e.id()).isTrue();
            }
        }
        assertThat(table.stream().skip(1).map(l -> Integer.parseInt(l.get(0).text())).collect(Collectors.toList()))
                .isEqualTo(expectedIds(x -> true));
    }

    private static void csvCell(Cell cell, Object expected, java.util.function.Consumer<String> check) {
        if (expected == null) {
            assertThat(cell).isEqualTo(new Cell("", false));
        } else {
            check.accept(cell.text());
        }
    }
}
