package io.matview.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The actuator side: the matview endpoint, the health indicator and the Micrometer meters. */
class ActuatorTest {
    @TempDir
    Path dir;

    /** Two materialized views: plan_totals, and failing, which fails to refresh once knob.d is 0. */
    private ApplicationContextRunner context(DataSource db) {
        TestDatabase.execute(db, "create table knob (d int)", "insert into knob values (1)");
        return Contexts.over(db).withPropertyValues(Contexts.viewsLocation(dir,
                "plan_totals.sql", "-- materialized\n-- unique: region\nselect region, sum(price) as total from plans group by region\n",
                "failing.sql", "-- materialized\nselect 1 / (select d from knob) as x\n"));
    }

    @Test
    void theEndpointListsTheViewsShowsOneWithItsRefreshesAndRefreshes() {
        DataSource db = Contexts.withPlans();
        context(db).run(context -> {
            MatviewEndpoint endpoint = context.getBean(MatviewEndpoint.class);

            MatviewEndpoint.View listed = endpoint.views().views().get("public.plan_totals");
            assertThat(listed.kind()).isEqualTo("materialized view");
            assertThat(listed.version()).isEqualTo(1);
            assertThat(listed.populated()).isTrue();
            assertThat(endpoint.views().views()).containsOnlyKeys("public.plan_totals", "public.failing");

            MatviewEndpoint.Refreshed refreshed = endpoint.refresh("plan_totals");
            assertThat(refreshed.refreshes()).extracting(MatviewEndpoint.Refresh::status).containsExactly("ok");

            MatviewEndpoint.View one = endpoint.view("plan_totals");
            assertThat(one.recentRefreshes()).extracting(MatviewEndpoint.Refresh::id).startsWith(refreshed.refreshes().get(0).id());
            assertThat(one.lastRefresh().status()).isEqualTo("ok");
            assertThat(one.generation()).isEqualTo(refreshed.refreshes().get(0).generation());
        });
    }

    /** One context for all the names: starting one per name would cost seconds each. */
    @Test
    void unknownOrHostileViewNamesAreNotFoundAndRunNothing() {
        List<String> names = List.of("nope", "plans; drop table plans", "\"plan_totals\"\"; drop table plans; --\"",
                "pg_catalog.pg_class", "a.b.c", "", "plans");
        DataSource db = Contexts.withPlans();
        context(db).run(context -> {
            MatviewEndpoint endpoint = context.getBean(MatviewEndpoint.class);
            for (String view : names) {
                assertThat(endpoint.view(view)).as(view).isNull();
                assertThat(endpoint.refresh(view)).as(view).isNull();
            }
        });
        assertThat(TestDatabase.queryLong(db, "select count(*) from plans")).isEqualTo(3);
    }

    @Test
    void aViewThatFailsToRefreshTurnsHealthDown() {
        DataSource db = Contexts.withPlans();
        context(db).run(context -> {
            MatviewHealthIndicator health = context.getBean(MatviewHealthIndicator.class);
            assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

            TestDatabase.execute(db, "update knob set d = 0");
            context.getBean(MatviewEndpoint.class).refresh("failing");

            Health h = health.health(true);
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat(((Map<?, ?>) h.getDetails().get("failed")).keySet()).extracting(Object::toString).containsExactly("public.failing");
            assertThat(h.getDetails().get("failed").toString()).contains("division by zero");
        });
    }

    @Test
    void theStatusOfAFailingViewIsConfigurable() {
        DataSource db = Contexts.withPlans();
        context(db).withPropertyValues("matview.health.failed-refresh=out-of-service").run(context -> {
            TestDatabase.execute(db, "update knob set d = 0");
            context.getBean(MatviewEndpoint.class).refresh("failing");

            assertThat(context.getBean(MatviewHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        });
    }

    @Test
    void refreshesAreTimedWithViewModeAndStatusAndFailuresCounted() {
        DataSource db = Contexts.withPlans();
        context(db).run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(MatviewMetrics.class).bindTo(registry);
            MatviewEndpoint endpoint = context.getBean(MatviewEndpoint.class);

            endpoint.refresh("plan_totals");
            TestDatabase.execute(db, "update knob set d = 0");
            endpoint.refresh("failing");

            Timer ok = registry.get("matview.refresh").tags("view", "public.plan_totals", "status", "ok").timer();
            assertThat(ok.count()).isEqualTo(1);
            assertThat(ok.getId().getTag("mode")).isEqualTo("concurrent");
            assertThat(registry.get("matview.refresh").tags("view", "public.failing", "status", "failed").timer().count()).isEqualTo(1);
            assertThat(registry.get("matview.refresh.failures").tags("view", "public.failing").counter().count()).isEqualTo(1);
            assertThat(registry.find("matview.refresh.failures").tags("view", "public.plan_totals").counter()).isNull();
            double staleness = registry.get("matview.staleness").tags("view", "public.plan_totals").gauge().value();
            assertThat(staleness).isNotNaN().isGreaterThanOrEqualTo(0);
        });
    }
}
