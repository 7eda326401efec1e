package io.matview.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import javax.sql.DataSource;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goals on a database given by URL (the sample builds in src/it use the embedded one): validate
 * fails the build with the plan while the database differs, apply makes it match, validate then passes.
 */
class GoalsOnADatabaseUrlTest {
    @TempDir
    Path project;

    private DataSource database;
    private String url;

    @BeforeEach
    void database() throws IOException {
        database = TestDatabase.fresh();
        url = TestDatabase.url(TestDatabase.databaseName(database));
        Files.createDirectories(project.resolve("views"));
        Files.writeString(project.resolve("views/answer.sql"), "select 42 as answer\n");
    }

    @Test
    void validateFailsWithThePlanUntilApplyMakesTheDatabaseMatch() throws Exception {
        assertThatThrownBy(() -> configure(new ValidateMojo()).execute())
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("the database differs from the view files")
                .hasMessageMatching("(?s).*create\\s+view\\s+public\\.answer.*");

        configure(new ApplyMojo()).execute();

        assertThat(TestDatabase.queryLong(database, "select answer from public.answer")).isEqualTo(42);
        configure(new ValidateMojo()).execute();
    }

    @Test
    void skipLeavesTheDatabaseAlone() throws Exception {
        ApplyMojo apply = configure(new ApplyMojo());
        apply.skip = true;

        apply.execute();

        assertThat(TestDatabase.queryLong(database, "select count(*) from pg_views where viewname = 'answer'")).isZero();
    }

    private <T extends AbstractMatviewMojo> T configure(T mojo) {
        mojo.url = url;
        mojo.user = "postgres";
        mojo.viewsDirectory = new File(project.resolve("views").toString());
        mojo.schema = "public";
        mojo.lockTimeout = "5s";
        mojo.setPluginContext(new HashMap<>());
        return mojo;
    }
}
