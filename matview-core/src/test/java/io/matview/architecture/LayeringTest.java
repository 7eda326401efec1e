package io.matview.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The package structure docs/architecture.md describes, kept true by the build. */
class LayeringTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.matview");
    private static final String INTERNAL = "io.matview.internal..";

    @Test
    void internalConceptPackagesHaveNoCycles() {
        slices().matching("io.matview.internal.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void viewFilesKnowNothingOfTheDatabase() {
        noClasses().that().resideInAnyPackage("io.matview.view..", "io.matview.internal.view..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.matview.catalog..",
                        "io.matview.plan..", "io.matview.refresh..", "io.matview.schedule..", "io.matview.internal.catalog..",
                        "io.matview.internal.plan..", "io.matview.internal.refresh..", "io.matview.internal.schedule..",
                        "io.matview.internal.db..")
                .check(CORE);
    }

    @Test
    void onlyTheEntryPointTiesTheConceptsTogether() {
        noClasses().that().resideInAPackage(INTERNAL)
                .should().dependOnClassesThat().haveFullyQualifiedName("io.matview.Matview")
                .check(CORE);
    }

    /** Internal packages implement the public ones; a public concept package reaching back would make a cycle. */
    @Test
    void publicConceptPackagesDependOnNothingInternal() {
        noClasses().that().resideInAPackage("io.matview.(*)..").and().resideOutsideOfPackage(INTERNAL)
                .and().doNotHaveFullyQualifiedName("io.matview.Matview")
                .should().dependOnClassesThat().resideInAPackage(INTERNAL)
                .check(CORE);
    }

    @Test
    void planningDoesNotRefreshAndRefreshingDoesNotPlan() {
        noClasses().that().resideInAPackage("io.matview.internal.plan..")
                .should().dependOnClassesThat().resideInAnyPackage("io.matview.internal.refresh..",
                        "io.matview.internal.schedule..", "io.matview.refresh..", "io.matview.schedule..")
                .check(CORE);
        noClasses().that().resideInAnyPackage("io.matview.internal.refresh..", "io.matview.internal.schedule..",
                        "io.matview.refresh..", "io.matview.schedule..")
                .should().dependOnClassesThat().resideInAnyPackage("io.matview.internal.plan..", "io.matview.plan..")
                .check(CORE);
    }

    @Test
    void theCoreKnowsNothingOfHttpSpringOrTheCommandLine() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.springframework..", "picocli..",
                "io.matview.server..", "io.matview.cli..").check(CORE);
    }

    /**
     * The public surface says so: what a user of matview-core can reach (the public members of the public
     * classes outside {@code io.matview.internal}) takes and returns only public API types, so that the
     * internals can change in any release without breaking a caller.
     */
    @Test
    void thePublicApiExposesNoInternalType() {
        List<String> leaks = new ArrayList<>();
        for (JavaClass c : CORE) {
            if (c.getPackageName().startsWith("io.matview.internal") || !c.getModifiers().contains(JavaModifier.PUBLIC)) {
                continue;
            }
            for (JavaCodeUnit m : c.getCodeUnits()) {
                if (!m.getModifiers().contains(JavaModifier.PUBLIC)) {
                    continue;
                }
                List<JavaClass> types = new ArrayList<>(m.getRawParameterTypes());
                types.add(m.getRawReturnType());
                types.stream().filter(LayeringTest::internal)
                        .forEach(t -> leaks.add(c.getSimpleName() + "." + m.getName() + " uses " + t.getName()));
            }
            for (JavaField f : c.getFields()) {
                if (f.getModifiers().contains(JavaModifier.PUBLIC) && internal(f.getRawType())) {
                    leaks.add(c.getSimpleName() + "." + f.getName() + " is a " + f.getRawType().getName());
                }
            }
        }
        assertThat(leaks).as("internal types in the public API").isEmpty();
    }

    @Test
    void theRuleAboveSeesTheInternals() {
        // guards the test above against passing because it looked at nothing
        assertThat(CORE.stream().filter(LayeringTest::internal).count()).isGreaterThan(20);
        assertThat(CORE.stream().filter(c -> c.getName().equals("io.matview.Matview")).count()).isEqualTo(1);
    }

    private static boolean internal(JavaClass c) {
        return c.getPackageName().startsWith("io.matview.internal");
    }
}
