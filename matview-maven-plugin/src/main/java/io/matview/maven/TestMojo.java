package io.matview.maven;

import io.matview.Matview;
import io.matview.sqltest.SqlTestOptions;
import io.matview.sqltest.SqlTestReport;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the SQL test files (the views directory's {@code tests/} by default) against the views applied to
 * the database, writes TAP and JUnit XML reports, and fails the build when a test fails. Give it a
 * database of its own: it applies the views there.
 */
@Mojo(name = "test", defaultPhase = LifecyclePhase.INTEGRATION_TEST, requiresProject = false, threadSafe = true)
public class TestMojo extends AbstractMatviewMojo {
    static final String TAP_REPORT = "matview-sql-tests.tap";
    static final String JUNIT_REPORT = "TEST-matview-sql-tests.xml";

    /** Test files and directories (searched for {@code *.test.sql}); none: the views directory's {@code tests/}. */
    @Parameter(property = "matview.tests")
    List<File> tests = new ArrayList<>();

    /** SQL scripts run once before the views are applied: the tables the views read (a schema.sql, migrations). */
    @Parameter(property = "matview.setupScripts")
    List<File> setupScripts = new ArrayList<>();

    /** Where the TAP ({@value #TAP_REPORT}) and JUnit XML ({@value #JUNIT_REPORT}) reports go. */
    @Parameter(property = "matview.reportsDirectory", defaultValue = "${project.build.directory}/matview-tests")
    File reportsDirectory;

    /** Reports failing tests without failing the build (as Surefire's {@code testFailureIgnore}). */
    @Parameter(property = "matview.testFailureIgnore", defaultValue = "false")
    boolean testFailureIgnore;

    /** Skips the SQL tests, with the rest of the build's tests ({@code -DskipTests}). */
    @Parameter(property = "skipTests", defaultValue = "false")
    boolean skipTests;

    /** Skips the SQL tests ({@code -Dmaven.test.skip}). */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    boolean mavenTestSkip;

    @Override
    boolean skipped() {
        return skipTests || mavenTestSkip;
    }

    @Override
    void run(Matview matview) throws MojoExecutionException, MojoFailureException {
        SqlTestReport report = matview.runSqlTests(SqlTestOptions.builder()
                .paths(tests.stream().map(AbstractMatviewMojo::relative).toList())
                .setupScripts(setupScripts.stream().map(AbstractMatviewMojo::relative).toList())
                .build());
        Path tap = write(TAP_REPORT, report.toTap());
        Path junit = write(JUNIT_REPORT, report.toJUnitXml());
        getLog().info("matview: reports in " + tap + " and " + junit);
        if (report.files().isEmpty()) {
            getLog().warn("matview: no SQL test files (*.test.sql) in "
                    + (tests.isEmpty() ? matview.sqlTestsDirectory() : tests));
        }
        if (report.successful()) {
            report.summary().lines().forEach(getLog()::info);
            return;
        }
        String message = "matview: SQL tests failed:\n" + report.summary().stripTrailing() + "\n  report: " + junit;
        if (!testFailureIgnore) {
            throw new MojoFailureException(message);
        }
        message.lines().forEach(getLog()::error);
    }

    private Path write(String name, String content) throws MojoExecutionException {
        Path file = reportsDirectory.toPath().resolve(name);
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MojoExecutionException("matview: cannot write the SQL test report " + file + ": " + e.getMessage(), e);
        }
    }
}
