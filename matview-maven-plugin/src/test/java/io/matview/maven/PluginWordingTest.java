package io.matview.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import org.junit.jupiter.api.Test;

class PluginWordingTest {
    @Test
    void aLockTimeoutHintNamesTheParameterAndItsProperty() {
        MatviewException e = new MatviewException(ErrorCode.LOCK_TIMEOUT, "apply waited 5s for a lock on public.a", "public.a",
                "retry when the readers are done, or raise the lock timeout");

        assertThat(PluginWording.message(e)).isEqualTo("matview: public.a: apply waited 5s for a lock on public.a"
                + "\n  hint: retry when the readers are done, or raise lockTimeout (-Dmatview.lockTimeout)");
    }

    @Test
    void anErrorWithoutItsOwnWordingKeepsTheCoresHint() {
        MatviewException e = new MatviewException(ErrorCode.VIEW_FILE, "unknown directive 'refresh_'", "views/a.sql:2", "see the view file reference");

        assertThat(PluginWording.message(e)).isEqualTo("matview: views/a.sql:2: unknown directive 'refresh_'\n  hint: see the view file reference");
    }
}
