package io.matview.junit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.matview.testing.PublicApi;
import org.junit.jupiter.api.Test;

/** The JUnit integration runs SQL tests through the core's public API only. */
class JUnitBoundaryTest {
    private static final JavaClasses JUNIT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.matview.junit");

    @Test
    void theJUnitIntegrationUsesOnlyTheCoresPublicApi() {
        PublicApi.onlyThePublicApiIn("io.matview.junit..").check(JUNIT);
    }
}
