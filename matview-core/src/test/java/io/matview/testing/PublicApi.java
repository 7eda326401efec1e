package io.matview.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The boundary every module built on the core keeps (the server, the CLI, and the modules to come): it
 * uses {@code io.matview} and the concept packages' public types, never {@code io.matview.internal},
 * which may change in any release.
 */
public final class PublicApi {
    /** The core's internals, in the manner of Flyway's {@code org.flywaydb.core.internal}. */
    public static final String INTERNAL = "io.matview.internal..";

    private PublicApi() {
    }

    /** Classes in {@code modulePackage} (e.g. {@code io.matview.server..}) use nothing of the core's internals. */
    public static ArchRule onlyThePublicApiIn(String modulePackage) {
        return noClasses().that().resideInAPackage(modulePackage)
                .should().dependOnClassesThat().resideInAPackage(INTERNAL)
                .because("modules built on matview-core use its public API only (docs/architecture.md)");
    }
}
