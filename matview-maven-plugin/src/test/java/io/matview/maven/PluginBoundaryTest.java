package io.matview.maven;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.matview.testing.PublicApi;
import org.junit.jupiter.api.Test;

/** Every goal is a call on the core's public API: the plugin uses none of the core's internals. */
class PluginBoundaryTest {
    private static final JavaClasses PLUGIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.matview.maven");

    @Test
    void theMavenPluginUsesOnlyTheCoresPublicApi() {
        PublicApi.onlyThePublicApiIn("io.matview.maven..").check(PLUGIN);
    }
}
