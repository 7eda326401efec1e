package io.matview.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.matview.testing.PublicApi;
import org.junit.jupiter.api.Test;

/** Every command is a call on the core's public API: the CLI uses none of the core's internals. */
class CliBoundaryTest {
    private static final JavaClasses CLI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.matview.cli");

    @Test
    void theCommandLineUsesOnlyTheCoresPublicApi() {
        PublicApi.onlyThePublicApiIn("io.matview.cli..").check(CLI);
    }
}
