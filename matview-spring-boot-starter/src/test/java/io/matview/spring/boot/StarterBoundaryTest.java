package io.matview.spring.boot;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.matview.testing.PublicApi;
import org.junit.jupiter.api.Test;

/** The starter stands on the core's public API: none of the core's internals. */
class StarterBoundaryTest {
    private static final JavaClasses STARTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.matview.spring.boot");

    @Test
    void theStarterUsesOnlyTheCoresPublicApi() {
        PublicApi.onlyThePublicApiIn("io.matview.spring.boot..").check(STARTER);
    }
}
