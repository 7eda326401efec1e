package io.matview.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.matview.Matview;
import io.matview.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.ApplicationListener;

/** A refresh made anywhere reaches every instance: as an event, and as the eviction of the caches mapped to the view. */
class RefreshEventsTest {
    @TempDir
    Path dir;

    static final class Heard implements ApplicationListener<MatviewRefreshedEvent> {
        final List<MatviewRefreshedEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(MatviewRefreshedEvent event) {
            events.add(event);
        }
    }

    @Test
    void aRefreshByAnotherProcessIsPublishedAndClearsTheMappedCachesOnly() {
        DataSource db = Contexts.withPlans();
        String location = Contexts.viewsLocation(dir,
                "plan_totals.sql", "-- materialized\n-- unique: region\nselect region, sum(price) as total from plans group by region\n",
                "plan_count.sql", "-- materialized\nselect count(*) as n from plans\n");
        Contexts.over(db)
                .withPropertyValues(location, "matview.cache-eviction.plan_totals=plans,plan-pages",
                        "matview.cache-eviction.public.plan_count=counts")
                .withBean(CacheManager.class, () -> new ConcurrentMapCacheManager("plans", "plan-pages", "counts"))
                .withBean(Heard.class, Heard::new)
                .run(context -> {
                    CacheManager caches = context.getBean(CacheManager.class);
                    Cache plans = caches.getCache("plans");
                    Cache pages = caches.getCache("plan-pages");
                    Cache counts = caches.getCache("counts");
                    plans.put("eu", "cached");
                    pages.put(1, "cached");
                    counts.put("all", "cached");
                    Heard heard = context.getBean(Heard.class);
                    await().atMost(Duration.ofSeconds(20)).until(() -> context.getBean(MatviewNotifications.class).isRunning());

                    long generation;
                    try (Matview otherProcess = Matview.configure().dataSource(db).viewsLocation(location.split("=", 2)[1]).load()) {
                        generation = otherProcess.refresh("plan_totals").get(0).generation();
                    }

                    await().atMost(Duration.ofSeconds(20)).until(() -> heard.events.stream()
                            .anyMatch(e -> e.getView().toString().equals("public.plan_totals") && e.getGeneration() == generation));
                    await().atMost(Duration.ofSeconds(20)).until(() -> plans.get("eu") == null && pages.get(1) == null);
                    assertThat(counts.get("all")).as("the cache of a view not refreshed").isNotNull();
                });
    }

    @Test
    void afterTheNotificationsWereLostEveryMappedCacheIsCleared() {
        DataSource db = Contexts.withPlans();
        Contexts.over(db)
                .withPropertyValues("matview.cache-eviction.plan_totals=plans")
                .withBean(CacheManager.class, () -> new ConcurrentMapCacheManager("plans", "other"))
                .run(context -> {
                    Cache plans = context.getBean(CacheManager.class).getCache("plans");
                    Cache other = context.getBean(CacheManager.class).getCache("other");
                    await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.queryLong(db, LISTENERS) == 1);
                    plans.put("eu", "cached");
                    other.put("x", "cached");

                    // a refresh may happen while the listener's connection is down: its notification is lost
                    TestDatabase.execute(db, "select pg_terminate_backend(pid) from pg_stat_activity where " + LISTENING);

                    await().atMost(Duration.ofSeconds(20)).until(() -> plans.get("eu") == null);
                    assertThat(other.get("x")).as("a cache no view maps to").isNotNull();
                });
    }

    private static final String LISTENING = "datname = current_database() and query like 'LISTEN%'";
    private static final String LISTENERS = "select count(*) from pg_stat_activity where " + LISTENING;
}
