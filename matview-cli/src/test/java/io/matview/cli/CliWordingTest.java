package io.matview.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import org.junit.jupiter.api.Test;

/** The core's hints speak of concepts; the CLI shows its own commands and flags for them. */
class CliWordingTest {

    @Test
    void aLockTimeoutNamesTheFlagThatRaisesIt() {
        MatviewException e = new MatviewException(ErrorCode.LOCK_TIMEOUT, "gave up waiting for a lock", "views/a.sql",
                "a long query is using it; retry when it ends, or raise the lock timeout");
        assertThat(CliWording.message(e)).isEqualTo("views/a.sql: gave up waiting for a lock\n"
                + "  hint: a long query is using it; retry when it ends, or raise --lock-timeout");
    }

    @Test
    void eachKindWithACommandLineRemedyIsWordedForTheCommandLine() {
        assertThat(hint(ErrorCode.DROP_NOT_ALLOWED, "allow drops to drop them")).contains("--allow-drop");
        assertThat(hint(ErrorCode.UNKNOWN_VIEW, "the status lists the managed views")).contains("'matview status'");
        assertThat(hint(ErrorCode.VIEW_MISSING, "apply the view files")).contains("'matview apply'");
        assertThat(hint(ErrorCode.CATALOG_NOT_APPLIED, "apply the view files once")).contains("'matview apply'");
        assertThat(hint(ErrorCode.VIEWS_DIRECTORY_MISSING, "create it")).contains("matview init").contains("--views DIR");
        assertThat(hint(ErrorCode.DATABASE_UNAVAILABLE, "check the database URL")).contains("--db").contains("MATVIEW_DB_URL");
        assertThat(hint(ErrorCode.LOGIN_REFUSED, "check the user and password")).contains("PGUSER/PGPASSWORD");
        assertThat(hint(ErrorCode.CONCURRENT_REFRESH_IMPOSSIBLE, "refresh it once in mode full (or auto)"))
                .isEqualTo("refresh it once with --mode full (or auto)");
    }

    @Test
    void aSettingIsNamedByItsFlagAndOtherErrorsKeepTheCoresWords() {
        MatviewException e = new MatviewException(ErrorCode.CONFIGURATION, "the lock timeout must be positive", "lockTimeout",
                "give a positive duration");
        assertThat(CliWording.message(e)).startsWith("--lock-timeout: the lock timeout must be positive");
        MatviewException file = new MatviewException(ErrorCode.VIEW_FILE, "unknown directive", "views/a.sql:2", "see docs");
        assertThat(CliWording.message(file)).isEqualTo(file.getMessage());
    }

    private static String hint(ErrorCode code, String coreHint) {
        String message = CliWording.message(new MatviewException(code, "what", null, coreHint));
        return message.substring(message.indexOf("hint: ") + "hint: ".length());
    }
}
