package io.matview.spring.boot;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.core.Ordered;

/**
 * Makes {@link MatviewInitializer} a database initializer: Spring Boot runs initializers in the order
 * of their detectors, so Matview's comes after Flyway's and Liquibase's (order 1) and the SQL scripts',
 * and every bean that depends on database initialization (JPA, JdbcTemplate) waits for it.
 */
class MatviewDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {
    /** After every initializer Spring Boot ships; views read what those create. */
    static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(MatviewInitializer.class);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
