package io.matview.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.testing.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's data generator is deterministic: the same seed gives the same tables in two fresh
 * databases (on the same day: some examples' dates follow current_date), another seed other data.
 */
class ExampleGenerationTest {
    /** Tables whose rows do not depend on the seed: saas-billing's 12 plans, the numbered customers. */
    private static final Set<String> SEED_FREE = Set.of("plans", "shop.customers");

    /** Per table of the example: row count and an md5 of every row's text, in a fixed order. */
    private static Map<String, String> checksums(DataSource ds, String example) {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String table : Example.named(example).tables()) {
            sums.put(table, TestDatabase.queryString(ds, "select count(*) || ' rows, md5 ' "
                    + "|| md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) from " + table + " t"));
        }
        return sums;
    }

    @ParameterizedTest
    @ValueSource(strings = {"saas-billing", "daily-revenue", "quiz-leaderboard", "customer-orders"})
    void theSameSeedGivesTheSameDataAnotherSeedOtherData(String example) throws Exception {
        String day = TestDatabase.queryString(TestDatabase.server().getPostgresDatabase(), "select current_date::text");

        DataSource first = TestDatabase.fresh();
        String log = ExampleTest.generate(first, example, ExampleTest.SEED);
        DataSource second = TestDatabase.fresh();
        ExampleTest.generate(second, example, ExampleTest.SEED);
        DataSource other = TestDatabase.fresh();
        ExampleTest.generate(other, example, 7);

        Assumptions.assumeTrue(day.equals(TestDatabase.queryString(TestDatabase.server().getPostgresDatabase(),
                "select current_date::text")), "the day changed while generating: dates moved with current_date");
        Map<String, String> a = checksums(first, example);
        Map<String, String> b = checksums(second, example);
        Map<String, String> c = checksums(other, example);
        assertThat(a.values()).allMatch(s -> !s.startsWith("0 rows"), "every table has rows");
        assertThat(b).isEqualTo(a);
        for (String table : a.keySet()) {
            if (!SEED_FREE.contains(table)) {
                assertThat(c.get(table)).as("%s with another seed", table).isNotEqualTo(a.get(table));
            }
        }
        assertThat(log).contains(example);
    }

    @ParameterizedTest
    @ValueSource(strings = {"saas-billing", "quiz-leaderboard"})
    void aSecondGenerationOfTheSameScaleAndSeedReusesTheData(String example) throws Exception {
        DataSource ds = TestDatabase.fresh();
        ExampleTest.generate(ds, example, ExampleTest.SEED);
        Map<String, String> before = checksums(ds, example);
        String second = ExampleTest.generate(ds, example, ExampleTest.SEED);
        assertThat(second).contains("reusing the small data set");
        assertThat(checksums(ds, example)).isEqualTo(before);
    }
}
