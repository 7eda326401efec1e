package io.matview.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The server stands on the core's public API: it runs no catalog SQL of its own and uses none of the core's internals. */
class ServerBoundaryTest {
    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.matview.server");

    /** The values the core hands out from its catalog package: records, read-only. */
    private static final Set<String> CATALOG_VALUES = Set.of("RefreshNotification", "RuntimeView", "ViewDescription",
            "ViewColumn", "ViewIndex", "RuntimeView$Kind");

    @Test
    void theServerUsesNeitherTheCoresDatabaseHelpersNorItsCatalogInternals() {
        noClasses().that().resideInAPackage("io.matview.server..")
                .should().dependOnClassesThat().resideInAPackage("io.matview.db..")
                .check(SERVER);
        noClasses().that().resideInAPackage("io.matview.server..")
                .should().dependOnClassesThat(new DescribedPredicate<JavaClass>("catalog internals") {
                    @Override
                    public boolean test(JavaClass c) {
                        return c.getPackageName().equals("io.matview.catalog") && !CATALOG_VALUES.contains(c.getSimpleName())
                                && !CATALOG_VALUES.contains(c.getName().substring(c.getName().lastIndexOf('.') + 1));
                    }
                })
                .check(SERVER);
    }
}
