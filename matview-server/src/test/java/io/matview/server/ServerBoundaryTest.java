package io.matview.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.matview.testing.PublicApi;
import org.junit.jupiter.api.Test;

/** The server stands on the core's public API: none of the core's internals (its catalog, its SQL, its database helpers). */
class ServerBoundaryTest {
    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.matview.server");

    @Test
    void theServerUsesOnlyTheCoresPublicApi() {
        PublicApi.onlyThePublicApiIn("io.matview.server..").check(SERVER);
    }
}
