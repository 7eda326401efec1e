package io.matview.internal.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.view.QualifiedName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceFinderTest {
    private static final QualifiedName ORDERS = new QualifiedName("public", "orders");
    private static final QualifiedName PLAN_USAGE = new QualifiedName("public", "plan_usage");
    private static final QualifiedName DAILY_REVENUE = new QualifiedName("reporting", "daily_revenue");
    private static final QualifiedName QUOTED_DAILY = new QualifiedName("public", "Daily Revenue");
    private static final QualifiedName MONTHLY = new QualifiedName("Reporting", "Monthly");
    private static final Set<QualifiedName> CANDIDATES = Set.of(ORDERS, PLAN_USAGE, DAILY_REVENUE, QUOTED_DAILY, MONTHLY);

    private static List<Reference> find(String sql) {
        return ReferenceFinder.find(sql, "public", CANDIDATES);
    }

    /** The text each reference covers, so that a test shows the exact spans it expects. */
    private static List<String> spans(String sql) {
        return find(sql).stream().map(r -> sql.substring(r.start(), r.end())).toList();
    }

    @Test
    void unqualifiedNameIsInTheDefaultSchema() {
        assertThat(find("select * from orders")).containsExactly(new Reference(ORDERS, 14, 20));
        assertThat(find("select * from daily_revenue")).isEmpty();
    }

    @Test
    void schemaQualifiedNameCoversSchemaAndName() {
        assertThat(find("select * from reporting.daily_revenue")).containsExactly(new Reference(DAILY_REVENUE, 14, 37));
    }

    @Test
    void threePartNameSkipsTheDatabase() {
        assertThat(find("select * from mydb.reporting.daily_revenue"))
                .containsExactly(new Reference(DAILY_REVENUE, 14, 42));
    }

    @Test
    void spacesAndCommentsMayStandAroundTheDot() {
        assertThat(spans("select * from reporting /* schema */ .\n  daily_revenue where true"))
                .containsExactly("reporting /* schema */ .\n  daily_revenue");
    }

    @Test
    void unquotedNamesAreFoldedToLowerCase() {
        assertThat(find("select * from ORDERS join Reporting.Daily_Revenue on true"))
                .extracting(Reference::target)
                .containsExactly(ORDERS, DAILY_REVENUE);
    }

    @Test
    void quotedNamesMatchExactly() {
        assertThat(find("select * from \"orders\", \"Daily Revenue\", \"Reporting\".\"Monthly\"")).extracting(Reference::target)
                .containsExactly(ORDERS, QUOTED_DAILY, MONTHLY);
        assertThat(find("select * from \"ORDERS\", \"daily revenue\", reporting.monthly, Reporting.Monthly")).isEmpty();
    }

    @Test
    void quotedNameWithEmbeddedQuotesMatchesItsUnescapedName() {
        QualifiedName odd = new QualifiedName("public", "say \"hi\"");
        assertThat(ReferenceFinder.find("select * from \"say \"\"hi\"\"\"", "public", Set.of(odd)))
                .containsExactly(new Reference(odd, 14, 26));
    }

    @Test
    void multipleReferencesComeInTextOrderWithExactSpans() {
        String sql = "select o.id, d.total\n"
                + "from public.orders o\n"
                + "join \"Daily Revenue\" q on q.id = o.id\n"
                + "join reporting.daily_revenue d on d.day = o.day\n"
                + "where o.id in (select id from orders)";
        assertThat(find(sql)).containsExactly(
                new Reference(ORDERS, 26, 39),
                new Reference(QUOTED_DAILY, 47, 62),
                new Reference(DAILY_REVENUE, 85, 108),
                new Reference(ORDERS, 158, 164));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select 'orders' from t",
        "select 'it''s orders' from t",
        "select E'it\\'s orders' from t",
        "select E'a'\n'\\' from orders' from t",
        "select $$ select * from orders $$ from t",
        "select $body$ $$ from orders $$ $body$ from t",
        "select 1 -- from orders\nfrom t",
        "select 1 /* from orders /* and plan_usage */ still orders */ from t",
        "select U&'orders' from t"})
    void namesInsideStringsDollarQuotesAndCommentsAreNotReferences(String sql) {
        assertThat(find(sql)).isEmpty();
    }

    @Test
    void functionCallsAreNotReferences() {
        assertThat(find("select orders(1), reporting.daily_revenue (2), plan_usage() from t")).isEmpty();
    }

    @Test
    void nameAfterAsIsAnAlias() {
        assertThat(find("select count(*) AS orders from t as plan_usage")).isEmpty();
    }

    @Test
    void aliasWithoutAsIsAnAcceptedFalsePositive() {
        assertThat(spans("select 1 from t plan_usage")).containsExactly("plan_usage");
    }

    @Test
    void columnSpelledLikeAViewIsAnAcceptedFalsePositive() {
        assertThat(spans("select plan_usage from t")).containsExactly("plan_usage");
    }

    @Test
    void nameAfterADotIsNotAReference() {
        assertThat(find("select t.orders, t.\"Daily Revenue\", (x).plan_usage from t")).isEmpty();
    }

    @Test
    void qualifierOfAColumnOrStarNamesTheRelation() {
        String sql = "select orders.id, orders.*, reporting.daily_revenue.total from orders, reporting.daily_revenue";
        assertThat(spans(sql)).containsExactly(
                "orders", "orders", "reporting.daily_revenue", "orders", "reporting.daily_revenue");
    }

    @Test
    void parametersAndCastsDoNotDisturbNames() {
        assertThat(spans("select $1::int, o.id::text from orders o where o.x = $2")).containsExactly("orders");
    }

    @Test
    void cteHidesAViewOfItsNameFromUnqualifiedUses() {
        String sql = "with orders as (select 1 as id) select orders.id from orders join plan_usage on true";
        assertThat(spans(sql)).containsExactly("plan_usage");
    }

    @Test
    void cteDoesNotHideASchemaQualifiedUse() {
        String sql = "with orders as (select * from public.orders) select * from orders";
        assertThat(find(sql)).containsExactly(new Reference(ORDERS, 30, 43));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "with recursive orders(n) as (select 1 union all select n + 1 from orders) select * from orders",
        "with a as (select 1), orders as materialized (select 2) select * from orders, a",
        "with a as not materialized (select 1), orders (x, y) as not materialized (select 1, 2) table orders",
        "with \"orders\" as (select 1) select * from orders"})
    void everyFormOfCteHidesViewsOfItsName(String sql) {
        assertThat(find(sql)).isEmpty();
    }

    @Test
    void cteHidesViewsOfItsNameInTheWholeQueryNotOnlyInItsScope() {
        assertThat(find("select * from (with orders as (select 1) select * from orders) s, orders")).isEmpty();
    }

    @Test
    void withOrdinalityIsNotACte() {
        assertThat(spans("select * from unnest(a) with ordinality as orders(x, n), orders")).containsExactly("orders");
    }

    @Test
    void unterminatedStringIsASyntaxError() {
        assertThatThrownBy(() -> find("select * from orders where x = 'abc"))
                .isInstanceOf(SqlSyntaxException.class)
                .extracting(e -> ((SqlSyntaxException) e).offset()).isEqualTo(31);
    }

    @Test
    void renameReplacesOnlyTheMappedReferences() {
        String sql = "select o.id, orders.total -- orders\nfrom orders o join reporting.daily_revenue d using (id)";
        List<Reference> refs = find(sql);
        String renamed = ReferenceFinder.rename(sql, refs, Map.of(ORDERS, ORDERS.withName("orders__new")));
        assertThat(renamed).isEqualTo("select o.id, public.orders__new.total -- orders\n"
                + "from public.orders__new o join reporting.daily_revenue d using (id)");
    }

    @Test
    void renameQuotesNamesThatNeedIt() {
        String sql = "select * from \"Daily Revenue\" d, reporting.daily_revenue r";
        Map<QualifiedName, QualifiedName> renames = Map.of(
                QUOTED_DAILY, new QualifiedName("public", "Daily Revenue v2"),
                DAILY_REVENUE, new QualifiedName("Reporting", "order"));
        assertThat(ReferenceFinder.rename(sql, find(sql), renames))
                .isEqualTo("select * from public.\"Daily Revenue v2\" d, \"Reporting\".\"order\" r");
    }

    @Test
    void renameKeepsAnUnquotedNameApartFromItsNeighbours() {
        String sql = "select*from\"Daily Revenue\"where true";
        assertThat(ReferenceFinder.rename(sql, find(sql), Map.of(QUOTED_DAILY, ORDERS)))
                .isEqualTo("select*from public.orders where true");
    }

    @Test
    void renameWithNothingToRenameKeepsTheText() {
        String sql = "select * from orders /* x */ , \"Daily Revenue\"";
        assertThat(ReferenceFinder.rename(sql, find(sql), Map.of())).isEqualTo(sql);
    }

    @Test
    void renameRejectsReferencesOutOfTextOrder() {
        List<Reference> refs = List.of(new Reference(ORDERS, 10, 16), new Reference(ORDERS, 0, 6));
        assertThatThrownBy(() -> ReferenceFinder.rename("orders -- orders", refs, Map.of(ORDERS, PLAN_USAGE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    /**
     * Builds a random query of references spelled in every way PostgreSQL allows (some as the qualifier of a
     * column), among look-alikes that must not count (names in strings, dollar quotes, comments, function
     * calls, aliases, columns after a dot), and checks that exactly the references are found, and that
     * renaming is exact. The queries are lexically sound but need not be valid SQL.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void findsExactlyTheInsertedReferencesInRandomQueries(long seed) {
        Random random = new Random(seed);
        StringBuilder sql = new StringBuilder("select 1");
        List<Reference> expected = new ArrayList<>();
        List<QualifiedName> candidates = List.copyOf(new TreeSet<>(CANDIDATES));
        for (int piece = random.nextInt(15); piece >= 0; piece--) {
            sql.append(pick(random, SEPARATORS));
            if (random.nextInt(3) == 0) {
                QualifiedName target = candidates.get(random.nextInt(candidates.size()));
                sql.append(pick(random, List.of("from", "join", ",", "FROM"))).append(pick(random, SEPARATORS));
                int start = sql.length();
                sql.append(spell(target, random));
                expected.add(new Reference(target, start, sql.length()));
                sql.append(pick(random, List.of("", "", ".id", " . total", ".*")));
            } else {
                sql.append(pick(random, DECOYS));
            }
        }
        sql.append(pick(random, SEPARATORS)).append(pick(random, List.of("", ";", "where true")));
        String text = sql.toString();

        List<Reference> found = ReferenceFinder.find(text, "public", CANDIDATES);
        assertThat(found).as(text).containsExactlyElementsOf(expected);
        assertThat(ReferenceFinder.rename(text, found, Map.of())).isEqualTo(text);

        Map<QualifiedName, QualifiedName> renames = CANDIDATES.stream()
                .collect(Collectors.toMap(Function.identity(), n -> n.withName(n.name() + "_v2")));
        String renamed = ReferenceFinder.rename(text, found, renames);
        assertThat(ReferenceFinder.find(renamed, "public", Set.copyOf(renames.values())))
                .as(renamed)
                .extracting(Reference::target)
                .containsExactlyElementsOf(expected.stream().map(r -> renames.get(r.target())).toList());
    }

    private static final List<String> SEPARATORS = List.of(" ", "\n", "\t ", " /* orders */ ", " -- plan_usage\n",
            "/* a /* nested orders */ b */");

    private static final List<String> DECOYS = List.of(
            "'orders'", "'it''s plan_usage'", "E'it\\'s orders'", "E'x'\n'\\' orders'", "$$ from orders $$",
            "$body$ $$ from plan_usage $$ $body$", "$$\"Daily Revenue\"$$", "orders(1)", "reporting.daily_revenue (2)",
            "x as orders", "t.orders", "t.\"Daily Revenue\"", "$1::int", "customers", "public.customers", "42",
            "1.5e3", "\"not a view\"", "\"Orders\"", "reporting.orders", "public.daily_revenue", "U&'orders'",
            "b'01'", "count(*) AS plan_usage", "where x = any(array[1, 2])");

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** One of the ways to write {@code name} in a query whose default schema is {@code public}. */
    private static String spell(QualifiedName name, Random random) {
        String dot = pick(random, List.of(".", " . ", "/* . */.", ".\n"));
        String relation = spell(name.schema(), random) + dot + spell(name.name(), random);
        return switch (random.nextInt(4)) {
            case 0 -> name.schema().equals("public") ? spell(name.name(), random) : relation;
            case 1 -> "mydb" + dot + relation;
            default -> relation;
        };
    }

    private static String spell(String part, Random random) {
        if (!part.matches("[a-z_]+")) {
            return '"' + part.replace("\"", "\"\"") + '"';
        }
        return switch (random.nextInt(4)) {
            case 0 -> part.toUpperCase(Locale.ROOT);
            case 1 -> '"' + part + '"';
            case 2 -> Character.toUpperCase(part.charAt(0)) + part.substring(1);
            default -> part;
        };
    }
}
