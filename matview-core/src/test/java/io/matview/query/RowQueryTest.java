package io.matview.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.matview.ErrorCode;
import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.catalog.RuntimeView;
import io.matview.catalog.ViewColumn;
import io.matview.catalog.ViewDescription;
import io.matview.catalog.ViewIndex;
import io.matview.internal.query.RowSql;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import io.matview.view.RefreshPolicy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filter parser alone, on a view described in memory: which requests it accepts, the SQL and bind
 * values it makes of them, and that hostile values never reach the SQL text.
 */
class RowQueryTest {
    private static final ViewDescription VIEW = new ViewDescription(
            new RuntimeView(new QualifiedName("public", "orders_mv"), Kind.MATERIALIZED_VIEW, RefreshPolicy.parse("manual"), null, 3,
                    Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), true, true),
            List.of(column("id", "integer", "int4", "N"), column("big", "bigint", "int8", "N"),
                    column("amount", "numeric(12,2)", "numeric", "N"), column("name", "text", "text", "S"),
                    column("active", "boolean", "bool", "B"), column("day", "date", "date", "D"),
                    column("ts", "timestamp with time zone", "timestamptz", "D"), column("doc", "jsonb", "jsonb", "U"),
                    column("tags", "text[]", "_text", "A")),
            List.of("id"), List.<ViewIndex>of(), 20L, 8192L, null);

    private static ViewColumn column(String name, String type, String typname, String category) {
        String base = type.contains("(") ? type.substring(0, type.indexOf('(')) : type;
        return new ViewColumn(name, type, base, typname, category);
    }

    private static RowQuery parse(String query) {
        return Matview.parseRowQuery(VIEW, query, RowFormat.JSON, 100, 10_000);
    }

    private static RowSql sql(String query) {
        return RowSql.of(VIEW, parse(query));
    }

    private static MatviewException refused(String query) {
        MatviewException e = catchThrowableOfType(() -> parse(query), MatviewException.class);
        assertThat(e).as("%s should be refused", query).isNotNull();
        assertThat(e.code()).as(query).isEqualTo(ErrorCode.INVALID_QUERY);
        return e;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void noParametersIsEveryColumnTheDefaultLimitAndTheUniqueKeyOrder() {
        RowQuery q = parse("");
        assertThat(q.select()).hasSize(9);
        assertThat(q.limit()).isEqualTo(100);
        assertThat(q.offset()).isZero();
        assertThat(q.format()).isEqualTo(RowFormat.JSON);
        assertThat(RowSql.of(VIEW, q).text()).endsWith("ORDER BY \"id\" ASC LIMIT 100 OFFSET 0");
    }

    @Test
    void filtersBecomeBindParametersCastToTheBaseType() {
        RowSql sql = sql("amount=gte.10.255&name=in.(a,\"b,c\")&active=is.true&select=id,name");
        assertThat(sql.text()).startsWith("SELECT \"id\", \"name\" FROM ");
        assertThat(sql.params()).containsExactly("10.255", "a", "b,c");
        assertThat(sql.text()).contains("::numeric").doesNotContain("10.255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"'; drop table orders; --", "\") or 1=1 --", "$$x$$", "a\u0000b", "E'\\x41'", "1; delete from orders",
        "?::text", "$1", "ünïcødé ✓"})
    void aHostileValueIsOnlyEverABindParameter(String value) {
        RowSql sql = sql("name=eq." + enc(value));
        assertThat(sql.params()).containsExactly(value);
        assertThat(sql.text()).as("the SQL text is the same whatever the value").isEqualTo(sql("name=eq.x").text());
    }

    @Test
    void likeTakesStarForPercent() {
        assertThat(sql("name=like.Acme*").params()).containsExactly("Acme%");
    }

    @Test
    void relativeTimesBecomeIntervals() {
        assertThat(sql("day=gte.now-30d").params()).containsExactly("-30 days");
        assertThat(sql("ts=lt.now%2B2h").params()).containsExactly("+2 hours");
    }

    @Test
    void theCacheKeyDoesNotDependOnTheParametersOrder() {
        assertThat(parse("name=eq.a&id=gt.1&limit=5").canonical()).isEqualTo(parse("limit=5&id=gt.1&name=eq.a").canonical());
        assertThat(parse("name=eq.a").canonical()).isNotEqualTo(parse("name=eq.b").canonical());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "nope=eq.1", "id%3B%20drop=eq.1", "select=id,nope", "select=", "order=id.sideways", "order=doc", "order=nope.desc",
        "id=eq.abc", "id=eq.2147483648", "big=eq.9223372036854775808", "id=gt.1e3", "amount=eq.1e309x", "active=eq.yes",
        "day=eq.2024-02-30", "day=gte.now-", "day=gte.now-9999999y", "ts=eq.2024-01-01T00:00:00%2B99:99", "doc=eq.{}",
        "tags=in.(a)", "name=gt", "name=is.maybe", "active=like.t*", "id=like.1*", "name=in.a,b", "name=in.()",
        "name=in.(\"a)", "format=xml", "limit=-1", "limit=10001", "limit=1e3", "limit=", "offset=-5", "limit=2147483648",
        "select=id&select=name", "limit=1&limit=2", "limit"
    })
    void aMalformedOrHostileRequestIs400(String query) {
        MatviewException e = refused(query);
        assertThat(e.what()).isNotBlank();
        assertThat(e.where()).isNotBlank();
    }

    @Test
    void limitAndOffsetTakeOnlyAsciiDigits() {
        refused("limit=" + enc("٣"));
        refused("offset=" + enc("１"));
        assertThat(parse("limit=7&offset=3").limit()).isEqualTo(7);
    }

    @Test
    void anInListIsBounded() {
        String hundred = String.join(",", java.util.Collections.nCopies(100, "x"));
        assertThat(parse("name=in.(" + hundred + ")").filters().get(0).values()).hasSize(100);
        refused("name=in.(" + hundred + ",x)");
    }

    @Test
    void aValueIsBounded() {
        assertThat(parse("name=eq." + "a".repeat(1000)).filters()).hasSize(1);
        MatviewException e = refused("name=eq." + "a".repeat(1001));
        assertThat(e.what()).contains("longer than 1000");
        assertThat(e.what().length()).isLessThan(200);
    }

    @Test
    void anErrorNamesTheColumnOrParameter() {
        assertThat(refused("id=eq.abc").where()).isEqualTo("id");
        assertThat(refused("limit=x").where()).isEqualTo("limit");
        assertThat(refused("nope=eq.1").hint()).contains("id, big, amount");
    }

    @Test
    void aQueryBuiltInCodeIsCheckedAgainstTheViewLikeAParsedOne() {
        RowSql built = RowSql.of(VIEW, RowQuery.builder().select("name").where(Filter.of("id", Operator.GT, "5"))
                .orderBy(Order.descending("amount")).limit(3).build());
        assertThat(built).isEqualTo(sql("select=name&id=gt.5&order=amount.desc&limit=3"));
        for (RowQuery hostile : List.of(RowQuery.builder().select("nope").build(),
                RowQuery.builder().where(Filter.of("id\" or 1=1 --", Operator.EQ, "1")).build(),
                RowQuery.builder().where(Filter.of("active", Operator.IS, "true; drop table orders")).build(),
                RowQuery.builder().orderBy(Order.ascending("doc")).build())) {
            MatviewException e = catchThrowableOfType(() -> RowSql.of(VIEW, hostile), MatviewException.class);
            assertThat(e).as(hostile.toString()).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY);
        }
    }
}
