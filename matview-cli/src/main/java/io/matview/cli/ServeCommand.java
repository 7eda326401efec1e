package io.matview.cli;

import io.matview.Matview;
import io.matview.server.MatviewServer;
import io.matview.server.ServerSettings;
import io.matview.view.Durations;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = {
    "Serves the managed views over HTTP and runs the scheduler, until Ctrl-C or SIGTERM.",
    "Filtered, ordered and paged JSON and CSV, cached by generation; see docs/http-api.md."})
final class ServeCommand extends DatabaseCommand {
    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only); 0.0.0.0 for every interface.")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--token", defaultValue = "${env:MATVIEW_TOKEN}",
            description = "Bearer token for POST endpoints (default: $MATVIEW_TOKEN); without one they are disabled.")
    String token;

    @Option(names = "--token-for-reads", description = "Require the token for GET /api/... too.")
    boolean tokenForReads;

    @Option(names = "--cache-size", defaultValue = "64", paramLabel = "MiB",
            description = "Response cache size in MiB; 0 turns it off (default: ${DEFAULT-VALUE}).")
    long cacheMiB;

    @Option(names = "--max-limit", defaultValue = "10000", description = "Largest 'limit' a request may ask for (default: ${DEFAULT-VALUE}).")
    int maxLimit;

    @Option(names = "--statement-timeout", defaultValue = "10s", description = "How long one read query may run (default: ${DEFAULT-VALUE}).")
    String statementTimeout;

    @Option(names = "--threads", defaultValue = "24", paramLabel = "N",
            description = "HTTP worker threads, a fixed pool; 4 of them are kept for /health, /metrics and cached answers (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--cors", paramLabel = "ORIGIN", split = ",", description = "Origins allowed to call the API from browsers (off by default).")
    List<String> cors = List.of();

    @Option(names = "--no-scheduler", description = "Serve only; leave refreshing to another process.")
    boolean noScheduler;

    @Mixin
    SchedulerOptions schedule = new SchedulerOptions();

    @Override
    int run(Matview matview) throws InterruptedException {
        ServerSettings settings = settings();
        MatviewServer server = MatviewServer.start(matview, settings);
        out().println("matview: serving on " + server.url() + "/api/views"
                + (noScheduler ? "" : " (scheduler running)")
                + (settings.token() == null ? "; POST endpoints disabled (no MATVIEW_TOKEN)" : ""));
        out().println("matview: dashboard at " + server.url() + "/");
        out().flush();
        runUntilStopped(server);
        return 0;
    }

    ServerSettings settings() {
        return ServerSettings.builder()
                .host(host)
                .port(port)
                .token(token, tokenForReads)
                .cacheBytes(cacheMiB << 20)
                .limits(Math.min(100, maxLimit), maxLimit)
                .statementTimeout(Durations.parse(statementTimeout))
                .threads(threads)
                .corsOrigins(cors)
                .scheduler(!noScheduler)
                .schedulerSettings(schedule.settings())
                .build();
    }
}
