package io.matview.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.server.ServerSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code serve} and {@code demo} make of their serving options: the listen address, the threads, and the scheduler's settings. */
class ServeOptionsTest {

    private static ServerSettings serve(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }

    private static ServerSettings demo(String... args) {
        DemoCommand command = new DemoCommand();
        new CommandLine(command).parseArgs(args);
        return command.serverSettings();
    }

    @Test
    void serveListensOnLoopbackUnlessToldOtherwise() {
        assertThat(serve().host()).isEqualTo("127.0.0.1");
        assertThat(serve("--host", "0.0.0.0").host()).isEqualTo("0.0.0.0");
        assertThat(serve("--host", "10.1.2.3", "--port", "9000").port()).isEqualTo(9000);
    }

    @Test
    void demoListensOnLoopbackUnlessToldOtherwise() {
        assertThat(demo().host()).isEqualTo("127.0.0.1");
        assertThat(demo("--host", "0.0.0.0").host()).isEqualTo("0.0.0.0");
    }

    @Test
    void serveTakesTheSchedulerOptionsOfRun() {
        ServerSettings settings = serve("--grace", "5s", "--keep-log", "7 days");
        assertThat(settings.scheduler()).isTrue();
        assertThat(settings.schedulerSettings().grace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.schedulerSettings().logRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(serve("--no-scheduler").scheduler()).isFalse();
        assertThat(serve().schedulerSettings().grace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void serveSizesTheServersThreadPoolAndRefusesTooSmallAOne() {
        assertThat(serve().threads()).isEqualTo(ServerSettings.defaults().threads());
        assertThat(serve("--threads", "40").threads()).isEqualTo(40);
        assertThatThrownBy(() -> serve("--threads", "2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least " + ServerSettings.MIN_THREADS);
    }
}
