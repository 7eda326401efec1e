package io.matview.internal.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import io.matview.view.ViewFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The {@code incremental:} directive: its syntax, and the queries it refuses to window, with the reason. */
class IncrementalDirectiveTest {
    private static final Path FILE = Path.of("views", "daily.sql");
    private static final String HEAD = "-- incremental: by day from orders.created_at, window 2 days";

    private static ViewDefinition parse(String text) {
        return ViewFileParser.parse(FILE, text, new QualifiedName("public", "daily"), "public");
    }

    @Test
    void aGroupedQueryIsAnIncrementalViewWithItsBucketSourceAndWindow() {
        ViewDefinition v = parse(HEAD + "\nselect o.created_at::date as day, count(*) as n from orders o group by 1\n");
        assertThat(v.kind()).isEqualTo(Kind.INCREMENTAL_VIEW);
        Incremental inc = v.incremental();
        assertThat(inc.bucketColumn()).isEqualTo("day");
        assertThat(inc.source()).isEqualTo(new QualifiedName("public", "orders"));
        assertThat(inc.sourceColumn()).isEqualTo("created_at");
        assertThat(inc.window()).isEqualTo(Duration.ofDays(2));
        assertThat(inc.timeZone()).isEqualTo("UTC");
        assertThat(inc.tracked()).isTrue();
        assertThat(inc.bucketExpression()).isEqualTo("o.created_at::date");
        assertThat(inc.qualifier()).isEqualTo("o");
        assertThat(inc.windowedQuery()).contains("from (select * from public.orders where " + Incremental.RANGE + ") o group by 1");
    }

    @Test
    void realTimeZoneAndUntrackedAreOptionsAndPartOfTheHash() {
        String query = "\nselect date_trunc('hour', created_at) as hour, count(*) from sales.orders group by hour\n";
        ViewDefinition v = parse("-- incremental: by hour from sales.orders.created_at, window 6 hours, real-time, "
                + "time zone Europe/Paris, untracked" + query);
        assertThat(v.kind()).isEqualTo(Kind.REAL_TIME_VIEW);
        assertThat(v.incremental().timeZone()).isEqualTo("Europe/Paris");
        assertThat(v.incremental().tracked()).isFalse();
        assertThat(v.incremental().qualifier()).isNull();
        // an unaliased source gets its own name as alias, so that columns qualified with it still resolve
        assertThat(v.incremental().windowedQuery()).contains("(select * from sales.orders where " + Incremental.RANGE
                + ") as orders group by hour");
        ViewDefinition incremental = parse("-- incremental: by hour from sales.orders.created_at, window 6 hours" + query);
        assertThat(incremental.definitionHash()).isNotEqualTo(v.definitionHash());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no group by      | select o.created_at::date as day from orders o                                          | has no GROUP BY",
        "other grouping   | select o.created_at::date as day, count(*) from orders o group by o.created_at        | does not group by its bucket column",
        "window function  | select o.created_at::date as day, sum(count(*)) over () from orders o group by 1      | window function (OVER)",
        "limit            | select o.created_at::date as day, count(*) from orders o group by 1 limit 10          | LIMIT",
        "union            | select o.created_at::date as day from orders o group by 1 union select current_date   | set operation (UNION)",
        "no bucket column | select o.created_at::date as d, count(*) from orders o group by 1                     | 'day' is not an output column",
        "other column     | select o.paid_at::date as day, count(*) from orders o group by 1                      | does not read the source column",
        "source twice     | select o.created_at::date as day, count(*) from orders o join orders p on p.id = o.id group by 1 | reads public.orders 2 times",
        "no source        | select o.created_at::date as day, count(*) from invoices o group by 1                 | reads public.orders nowhere",
    })
    void queriesThatCannotBeWindowedAreRejectedAtTheDirectiveWithTheReason(String name, String query, String reason) {
        assertThatThrownBy(() -> parse(HEAD + "\n" + query + "\n"))
                .isInstanceOfSatisfying(ViewFileException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.what()).startsWith("cannot be refreshed incrementally: ").contains(reason);
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "by day, window 2 days                                     | does not say which column is the bucket",
        "by day from created_at, window 2 days                     | is not a table's column",
        "by day from orders.created_at                             | no window",
        "by day from orders.created_at, window two days            | bad window",
        "by day from orders.created_at, window 2 days, hourly      | unknown option 'hourly'",
        "by day from orders.created_at, window 2 days, time zone x';drop | bad time zone",
    })
    void badDirectiveValuesSayWhatIsWrong(String value, String what) {
        assertThatThrownBy(() -> parse("-- incremental: " + value + "\nselect o.created_at::date as day from orders o group by 1\n"))
                .isInstanceOfSatisfying(ViewFileException.class, e -> assertThat(e.what()).contains(what));
    }

    @Test
    void aViewIsEitherMaterializedOrIncremental() {
        assertThatThrownBy(() -> parse("-- materialized\n" + HEAD + "\nselect o.created_at::date as day from orders o group by 1\n"))
                .isInstanceOfSatisfying(ViewFileException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.what()).contains("either materialized or incremental");
                });
    }
}
