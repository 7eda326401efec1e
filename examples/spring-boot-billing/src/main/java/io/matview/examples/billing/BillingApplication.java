package io.matview.examples.billing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * The SaaS billing dashboard as a Spring Boot service. Flyway creates the tables, Matview the
 * materialized view {@code plan_usage} from {@code src/main/resources/db/views}; JPA reads it, and the
 * cache of {@code /billing/plans} is cleared whenever the view is refreshed.
 *
 * <p>Without {@code spring.datasource.url} (or {@code SPRING_DATASOURCE_URL}) it starts an embedded
 * PostgreSQL, so that {@code mvn -Pexamples -pl examples/spring-boot-billing -am spring-boot:run} is all it takes.
 */
@SpringBootApplication
@EnableCaching
public class BillingApplication {

    public static void main(String[] args) throws IOException {
        if (System.getProperty("spring.datasource.url") == null && System.getenv("SPRING_DATASOURCE_URL") == null) {
            startEmbeddedPostgres();
        }
        SpringApplication.run(BillingApplication.class, args);
    }

    /** Starts an embedded PostgreSQL for the life of the JVM and points the data source at it. */
    static void startEmbeddedPostgres() throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // the JVM is exiting; the temporary data directory goes with it
            }
        }));
        System.setProperty("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
        System.setProperty("spring.datasource.username", "postgres");
    }
}
