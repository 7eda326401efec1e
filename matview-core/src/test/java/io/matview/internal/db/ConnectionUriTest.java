package io.matview.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.testing.TestDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Database URLs as platforms hand them out ({@code DATABASE_URL}) and as JDBC writes them. Each case
 * checks what the driver is given (host, port, database, user, password, properties), which is what
 * decides where Matview connects.
 */
class ConnectionUriTest {
    /** The driver's reading of the JDBC URL that {@code url} becomes. */
    private static PGSimpleDataSource driverGets(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(ConnectionUri.toJdbcUrl(url));
        return ds;
    }

    private static MatviewException refused(String url) {
        try {
            ConnectionUri.toJdbcUrl(url);
        } catch (MatviewException e) {
            return e;
        }
        throw new AssertionError("accepted: " + url);
    }

    @Nested
    class Accepted {
        @Test
        void aJdbcUrlIsPassedOnAsItIs() {
            String jdbc = "jdbc:postgresql://db.example.com:5433/app?user=u&password=p&ssl=true";

            assertThat(ConnectionUri.toJdbcUrl(jdbc)).isEqualTo(jdbc);
        }

        @ParameterizedTest
        @ValueSource(strings = {"postgres", "postgresql", "POSTGRES"})
        void bothSchemesGiveHostPortDatabaseUserAndPassword(String scheme) {
            PGSimpleDataSource ds = driverGets(scheme + "://app:secret@db.example.com:5433/sales");

            assertThat(ds.getServerNames()).containsExactly("db.example.com");
            assertThat(ds.getPortNumbers()).containsExactly(5433);
            assertThat(ds.getDatabaseName()).isEqualTo("sales");
            assertThat(ds.getUser()).isEqualTo("app");
            assertThat(ds.getPassword()).isEqualTo("secret");
        }

        @Test
        void percentEncodedUserPasswordAndDatabaseAreDecodedAndAPlusStaysAPlus() {
            PGSimpleDataSource ds = driverGets("postgres://us%40er:p%40ss%2F%3A%25+%26x%3D@h/my%20db");

            assertThat(ds.getUser()).isEqualTo("us@er");
            assertThat(ds.getPassword()).isEqualTo("p@ss/:%+&x=");
            assertThat(ds.getDatabaseName()).isEqualTo("my db");
        }

        @Test
        void anUnencodedAtSignInThePasswordEndsAtTheLastAt() {
            PGSimpleDataSource ds = driverGets("postgres://u:p@ss@h/db");

            assertThat(ds.getPassword()).isEqualTo("p@ss");
            assertThat(ds.getServerNames()).containsExactly("h");
        }

        @Test
        void anIpv6HostWithAndWithoutPort() {
            assertThat(ConnectionUri.toJdbcUrl("postgres://u@[::1]:5433/db")).isEqualTo("jdbc:postgresql://[::1]:5433/db?user=u");
            assertThat(ConnectionUri.toJdbcUrl("postgres://u@[::1]/db")).isEqualTo("jdbc:postgresql://[::1]/db?user=u");
            assertThat(driverGets("postgres://u@[::1]:5433/db").getServerNames()).containsExactly("[::1]");
        }

        @Test
        void withoutPortTheDriverUses5432() {
            PGSimpleDataSource ds = driverGets("postgres://u@h/db");

            assertThat(ds.getPortNumbers()).containsExactly(5432);
        }

        @Test
        void severalHostsStayAListOfHosts() {
            PGSimpleDataSource ds = driverGets("postgresql://u@h1:5433,h2,[::1]:5434/db?target_session_attrs=read-write");

            assertThat(ds.getServerNames()).containsExactly("h1", "h2", "[::1]");
            assertThat(ds.getPortNumbers()).containsExactly(5433, 5432, 5434);
            assertThat(ds.getTargetServerType()).isEqualTo("primary");
        }

        @Test
        void withoutDatabaseTheServerPicksTheOneNamedLikeTheUser() {
            assertThat(driverGets("postgres://u@h").getDatabaseName()).isEqualTo("u");
            assertThat(driverGets("postgres://u@h/").getDatabaseName()).isEqualTo("u");
        }

        @Test
        void anEmptyUserOrPasswordIsNoneSoThatPgUserAndPgPasswordStillApply() {
            assertThat(ConnectionUri.toJdbcUrl("postgres://u:@h/db")).isEqualTo("jdbc:postgresql://h/db?user=u");
            assertThat(ConnectionUri.toJdbcUrl("postgres://:@h/db")).isEqualTo("jdbc:postgresql://h/db");
            assertThat(ConnectionUri.toJdbcUrl("postgres://@h/db")).isEqualTo("jdbc:postgresql://h/db");
        }

        @Test
        void sslmodeAndTheOtherLibpqParametersReachTheDriverUnderItsNames() {
            PGSimpleDataSource ds = driverGets("postgres://u@h/db?sslmode=require&connect_timeout=7"
                    + "&application_name=reports%20app&sslrootcert=%2Fetc%2Fca.pem&channel_binding=require"
                    + "&options=-c%20search_path%3Dreporting");

            assertThat(ds.getSslMode()).isEqualTo("require");
            assertThat(ds.getConnectTimeout()).isEqualTo(7);
            assertThat(ds.getApplicationName()).isEqualTo("reports app");
            assertThat(ds.getSslRootCert()).isEqualTo("/etc/ca.pem");
            assertThat(ds.getChannelBinding()).isEqualTo("require");
            assertThat(ds.getOptions()).isEqualTo("-c search_path=reporting");
        }

        @Test
        void theDriversOwnPropertiesArePassedOn() {
            PGSimpleDataSource ds = driverGets("postgres://u@h/db?ssl=true&prepareThreshold=0");

            assertThat(ds.getSsl()).isTrue();
            assertThat(ds.getPrepareThreshold()).isZero();
        }

        @Test
        void userAndPasswordMayBeParametersToo() {
            PGSimpleDataSource ds = driverGets("postgres://h/db?user=u&password=p%26q");

            assertThat(ds.getUser()).isEqualTo("u");
            assertThat(ds.getPassword()).isEqualTo("p&q");
        }
    }

    @Nested
    class Refused {
        private static final String FORMS = "postgres://USER:PASSWORD@HOST:PORT/DATABASE";

        @ParameterizedTest
        @ValueSource(strings = {"mysql://u:s3cret@h/db", "localhost:5432/db", "jdbc:mysql://h/db", "postgres:/h/db", "h"})
        void anythingElseSaysWhichFormsAreAccepted(String url) {
            MatviewException e = refused(url);

            assertThat(e.what()).startsWith("not a PostgreSQL URL: ");
            assertThat(e.hint()).contains(FORMS, "postgresql://", "jdbc:postgresql://");
            assertThat(e.getMessage()).doesNotContain("s3cret");
        }

        @Test
        void noUrlAtAll() {
            assertThat(refused(null).hint()).contains(FORMS);
            assertThat(refused("  ").what()).isEqualTo("no database URL given");
        }

        @ParameterizedTest
        @ValueSource(strings = {"postgres://", "postgres:///", "postgres:///db", "postgres://u:s3cret@/db", "postgres://h1,/db"})
        void aUriWithoutHostNamesTheProblem(String url) {
            MatviewException e = refused(url);

            assertThat(e.what()).startsWith("the URL names no host");
            assertThat(e.hint()).contains("localhost");
            assertThat(e.getMessage()).doesNotContain("s3cret");
        }

        @Test
        void aUnixSocketPathIsNotAHost() {
            assertThat(refused("postgres://%2Fvar%2Frun%2Fpostgresql/db").what()).contains("Unix-domain socket");
        }

        @ParameterizedTest
        @ValueSource(strings = {"postgres://u@h:abc/db", "postgres://u@h:0/db", "postgres://u@h:65536/db",
                "postgres://u@[::1]x/db", "postgres://u@[::1/db"})
        void aBadPortOrIpv6Address(String url) {
            assertThat(refused(url).what()).containsAnyOf("port", "IPv6");
        }

        @Test
        void aPasswordWithAnUnencodedSlashIsRefusedWithoutShowingIt() {
            MatviewException e = refused("postgres://u:pa/s3cret@h/db");

            assertThat(e.getMessage()).doesNotContain("s3cret", "pa/").contains("u:***@h/db");
            assertThat(e.hint()).contains("percent-encode", "%2F");
        }

        @Test
        void aMalformedPercentEscape() {
            MatviewException e = refused("postgres://u:p%zz@h/db");

            assertThat(e.what()).contains("'%'", "two hexadecimal digits");
            assertThat(e.getMessage()).doesNotContain("p%zz");
        }

        @Test
        void anUnknownParameterIsAnErrorNotASilentlyIgnoredSetting() {
            MatviewException e = refused("postgres://u:s3cret@h/db?ssl_mode=require");

            assertThat(e.what()).contains("unknown parameter 'ssl_mode'");
            assertThat(e.hint()).contains("sslmode", "JDBC driver");
            assertThat(e.getMessage()).doesNotContain("s3cret");
        }

        @ParameterizedTest
        @ValueSource(strings = {"host=h2", "port=5433", "dbname=other", "PGDBNAME=other"})
        void theAddressBelongsInTheUriNotInItsParameters(String parameter) {
            assertThat(refused("postgres://u@h/db?" + parameter).hint()).contains("in the URI itself");
        }

        @Test
        void aParameterGivenTwice() {
            assertThat(refused("postgres://u@h/db?user=v").what()).contains("'user' is given twice");
            assertThat(refused("postgres://u@h/db?sslmode=require&sslmode=disable").what()).contains("'sslmode' is given twice");
        }

        @Test
        void anUnknownTargetSessionAttrs() {
            assertThat(refused("postgres://u@h/db?target_session_attrs=writable").hint()).contains("read-write", "prefer-standby");
        }

        @Test
        void aParameterWithoutValue() {
            assertThat(refused("postgres://u@h/db?sslmode").what()).contains("'sslmode' is not NAME=VALUE");
        }
    }

    @Test
    void redactedHidesThePasswordOfBothForms() {
        assertThat(ConnectionUri.redacted("postgres://u:s3cret@h/db")).isEqualTo("postgres://u:***@h/db");
        assertThat(ConnectionUri.redacted("jdbc:postgresql://h/db?user=u&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
        assertThat(ConnectionUri.redacted("postgres://u@h/db")).isEqualTo("postgres://u@h/db");
    }

    /** Through {@link Matview.Builder#url}, on the test server: the URI reaches the database it names. */
    @Nested
    class Connecting {
        private final int port = TestDatabase.server().getPort();

        private String currentDatabase(String url) {
            try (Matview matview = Matview.configure().url(url, null, null).load()) {
                DataSource ds = matview.dataSource();
                return TestDatabase.queryString(ds, "select current_database() || ' as ' || current_user");
            }
        }

        @Test
        void aPostgresqlUriWithParametersConnects() {
            String db = TestDatabase.databaseName(TestDatabase.fresh());

            assertThat(currentDatabase("postgresql://postgres:@localhost:" + port + "/" + db + "?sslmode=disable&connect_timeout=5"))
                    .isEqualTo(db + " as postgres");
        }

        @Test
        void aPercentEncodedDatabaseName() {
            TestDatabase.execute(TestDatabase.server().getPostgresDatabase(), "drop database if exists \"uri test/db\"",
                    "create database \"uri test/db\"");

            assertThat(currentDatabase("postgres://postgres@127.0.0.1:" + port + "/uri%20test%2Fdb")).isEqualTo("uri test/db as postgres");
        }

        @Test
        void withoutDatabaseItIsTheUsersOwn() {
            assertThat(currentDatabase("postgres://postgres@localhost:" + port)).isEqualTo("postgres as postgres");
        }

        @Test
        void garbageFailsBeforeAnyConnection() {
            assertThatThrownBy(() -> Matview.configure().url("mysql://localhost/db", "postgres", null))
                    .isInstanceOf(MatviewException.class).hasMessageContaining("not a PostgreSQL URL");
        }
    }
}
