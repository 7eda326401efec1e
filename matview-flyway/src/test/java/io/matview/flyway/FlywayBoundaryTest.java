package io.matview.flyway;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.matview.testing.PublicApi;
import org.junit.jupiter.api.Test;

/** The Flyway callback stands on the core's public API. */
class FlywayBoundaryTest {
    private static final JavaClasses FLYWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.matview.flyway");

    @Test
    void theCallbackUsesOnlyTheCoresPublicApi() {
        PublicApi.onlyThePublicApiIn("io.matview.flyway..").check(FLYWAY);
    }
}
