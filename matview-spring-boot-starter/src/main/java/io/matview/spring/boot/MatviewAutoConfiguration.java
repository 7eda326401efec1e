package io.matview.spring.boot;

import io.matview.Matview;
import io.matview.flyway.MatviewCallback;
import io.matview.refresh.RefreshOptions;
import io.matview.schedule.Scheduler;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Matview over the application's {@link DataSource}: the views applied at start-up after Flyway or
 * Liquibase ({@link MatviewInitializer}), refreshed by their policy while the context runs, their
 * refreshes announced as {@link MatviewRefreshedEvent}s, and observed through the actuator. With
 * matview-flyway, each Flyway migration runs with the views it would block detached and re-applied.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
        afterName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@ConditionalOnClass(Matview.class)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBooleanProperty(name = "matview.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MatviewProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public class MatviewAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RefreshAttempts matviewRefreshAttempts() {
        return new RefreshAttempts();
    }

    @Bean
    @ConditionalOnMissingBean
    Matview matview(DataSource dataSource, MatviewProperties properties, RefreshAttempts attempts) {
        return Matview.configure()
                .dataSource(dataSource)
                .viewsLocation(properties.getViewsLocation())
                .classLoader(MatviewAutoConfiguration.class.getClassLoader())
                .defaultSchema(properties.getDefaultSchema())
                .lockTimeout(properties.getLockTimeout())
                .onRefresh(attempts)
                .load();
    }

    @Bean
    @ConditionalOnMissingBean
    MatviewInitializer matviewInitializer(Matview matview, MatviewProperties properties) {
        return new MatviewInitializer(matview, properties.getOnStartup(), properties.isAllowDrop());
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "matview.scheduler.enabled", matchIfMissing = true)
    MatviewSchedulerLifecycle matviewScheduler(Matview matview, MatviewProperties properties) {
        MatviewProperties.Scheduler s = properties.getScheduler();
        Scheduler.Settings settings = Scheduler.Settings.builder()
                .tick(s.getTick())
                .refreshThreads(s.getRefreshThreads())
                .backoff(s.getBackoff())
                .logRetention(s.getLogRetention())
                .grace(properties.getShutdownTimeout())
                .refreshOptions(RefreshOptions.builder().lockTimeout(properties.getLockTimeout()).build())
                .build();
        return new MatviewSchedulerLifecycle(matview, settings);
    }

    @Bean
    MatviewNotifications matviewNotifications(Matview matview, ApplicationEventPublisher publisher) {
        return new MatviewNotifications(matview, publisher);
    }

    /**
     * Boot's Flyway auto-configuration applies every {@code Callback} bean. The callback needs only the
     * {@link Matview} bean, not {@link MatviewInitializer}, which runs after Flyway: no cycle.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.matview.flyway.MatviewCallback", "org.flywaydb.core.api.callback.Callback"})
    @ConditionalOnBooleanProperty(name = "matview.flyway-callback.enabled", matchIfMissing = true)
    static class FlywayCallbackConfiguration {
        @Bean
        @ConditionalOnMissingBean
        MatviewCallback matviewFlywayCallback(Matview matview) {
            return new MatviewCallback(matview);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(CacheManager.class)
    static class CacheEvictionConfiguration {
        @Bean
        MatviewCacheEviction matviewCacheEviction(MatviewProperties properties, ObjectProvider<CacheManager> cacheManagers) {
            return new MatviewCacheEviction(properties.getCacheEviction(), properties.getDefaultSchema(), cacheManagers);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
    static class RowsConfiguration {
        @Bean
        @ConditionalOnMissingBean
        MatviewRows matviewRows(Matview matview, MatviewProperties properties) {
            return new MatviewRows(matview, properties.getReadTimeout());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    static class EndpointConfiguration {
        @Bean
        @ConditionalOnMissingBean
        MatviewEndpoint matviewEndpoint(Matview matview) {
            return new MatviewEndpoint(matview);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "matviewHealthIndicator")
        MatviewHealthIndicator matviewHealthIndicator(Matview matview, MatviewProperties properties) {
            return new MatviewHealthIndicator(matview, properties.getHealth());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class MetricsConfiguration {
        @Bean
        @ConditionalOnMissingBean
        MatviewMetrics matviewMetrics(Matview matview, RefreshAttempts attempts) {
            return new MatviewMetrics(matview, attempts);
        }
    }
}
