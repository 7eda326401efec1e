package io.matview.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package structure the docs describe, kept true by the build. */
class LayeringTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.matview");

    @Test
    void conceptPackagesHaveNoCycles() {
        slices().matching("io.matview.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void viewFilesKnowNothingOfTheDatabase() {
        noClasses().that().resideInAPackage("io.matview.view..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.matview.catalog..",
                        "io.matview.plan..", "io.matview.refresh..", "io.matview.schedule..", "io.matview.db..")
                .check(CORE);
    }

    @Test
    void onlyTheEntryPointTiesTheConceptsTogether() {
        noClasses().that().resideInAnyPackage("io.matview.view..", "io.matview.catalog..", "io.matview.plan..",
                        "io.matview.refresh..", "io.matview.schedule..", "io.matview.db..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.matview.Matview")
                .check(CORE);
    }

    @Test
    void planningDoesNotRefreshAndRefreshingDoesNotPlan() {
        noClasses().that().resideInAPackage("io.matview.plan..")
                .should().dependOnClassesThat().resideInAnyPackage("io.matview.refresh..", "io.matview.schedule..")
                .check(CORE);
        noClasses().that().resideInAnyPackage("io.matview.refresh..", "io.matview.schedule..")
                .should().dependOnClassesThat().resideInAPackage("io.matview.plan..")
                .check(CORE);
    }

    @Test
    void theCoreKnowsNothingOfHttpSpringOrTheCommandLine() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.springframework..", "picocli..",
                "io.matview.server..", "io.matview.cli..").check(CORE);
    }
}
