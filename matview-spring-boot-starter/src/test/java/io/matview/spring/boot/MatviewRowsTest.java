package io.matview.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.matview.query.Filter;
import io.matview.query.Operator;
import io.matview.query.Order;
import io.matview.query.RowQuery;
import io.matview.testing.TestDatabase;
import java.math.BigDecimal;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Reading a view without JPA: the HTTP API's filters, rows mapped to records by column name. */
class MatviewRowsTest {

    record PlanTotal(String region, long plans, BigDecimal total) {
    }

    @Test
    void filtersOrdersLimitsAndMapsRowsToRecords() {
        DataSource db = Contexts.withPlans();
        Contexts.over(db).run(context -> {
            MatviewRows rows = context.getBean(MatviewRows.class);

            assertThat(rows.read("plan_totals", RowQuery.builder().where(Filter.of("region", Operator.EQ, "eu")).build(),
                    PlanTotal.class)).containsExactly(new PlanTotal("eu", 2, new BigDecimal("30")));
            assertThat(rows.read("public.plan_totals", RowQuery.builder().where(Filter.of("region", Operator.IN, "eu", "us"))
                    .orderBy(Order.ascending("plans")).limit(1).build(), PlanTotal.class))
                    .containsExactly(new PlanTotal("us", 1, new BigDecimal("30")));
            assertThat(rows.read("plan_totals", RowQuery.builder().where(Filter.of("plans", Operator.GTE, "2")).build(),
                    PlanTotal.class)).extracting(PlanTotal::region).containsExactly("eu");
        });
    }

    @Test
    void hostileColumnsAreRefusedAndHostileValuesAreOnlyValues() {
        DataSource db = Contexts.withPlans();
        Contexts.over(db).run(context -> {
            MatviewRows rows = context.getBean(MatviewRows.class);

            assertThatThrownBy(() -> rows.read("plan_totals", RowQuery.builder()
                    .where(Filter.of("region; drop table plans", Operator.EQ, "eu")).build(), PlanTotal.class))
                    .isInstanceOfSatisfying(MatviewException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY));
            assertThat(rows.read("plan_totals", RowQuery.builder()
                    .where(Filter.of("region", Operator.EQ, "eu'; drop table plans; --")).build(), PlanTotal.class)).isEmpty();
            assertThatThrownBy(() -> rows.read("plans", RowQuery.builder().build(), PlanTotal.class))
                    .isInstanceOfSatisfying(MatviewException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_VIEW));
        });
        assertThat(TestDatabase.queryLong(db, "select count(*) from plans")).isEqualTo(3);
    }
}
