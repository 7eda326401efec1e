package io.matview.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestDatabaseVersionTest {

    @Test
    void theSuiteRunsOnThePostgresqlMajorTheBuildAskedFor() {
        String requested = System.getProperty(TestDatabase.REQUESTED_VERSION);
        assertThat(requested).as("the build passes the PostgreSQL version it asked for").isNotBlank();
        assertThat(TestDatabase.serverVersion()).startsWith(requested.split("\\.")[0] + ".");
    }

    @Test
    void aServerOfAnotherMajorIsRefused() {
        assertThatThrownBy(() -> TestDatabase.checkVersion("15.13.0", "17.6"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("asked for PostgreSQL 15.13.0")
                .hasMessageContaining("17.6");
        assertThatThrownBy(() -> TestDatabase.checkVersion("17.6.0", "15.13 (Debian 15.13-1)"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theSameMajorIsAccepted() {
        TestDatabase.checkVersion("15.13.0", "15.13");
        TestDatabase.checkVersion("17.6.0", "17.6 (Debian 17.6-1)");
        TestDatabase.checkVersion(null, "16.1");
    }
}
