package io.matview.server;

import io.matview.schedule.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the server runs. Start from {@link #builder()} (the defaults) and set what differs.
 *
 * @param host the address to listen on: {@code 127.0.0.1} (loopback only) by default, {@code 0.0.0.0} for every interface
 * @param port the HTTP port; 0 picks a free one
 * @param token the bearer token POST endpoints require; {@code null} disables them
 * @param tokenForReads whether GET endpoints under /api require the token too
 * @param cacheBytes the response cache's bound, in bytes of serialized responses; 0 turns it off
 * @param defaultLimit rows per page when the request gives no {@code limit}
 * @param maxLimit the largest {@code limit} accepted
 * @param cachedRowsMax responses of up to this many rows are cached; larger ones stream from the database
 * @param statementTimeout how long one read request may spend in the database, all of its chunks together
 * @param connectionTimeout how long a request waits for a database connection before it answers 503
 * @param maxQueryString the longest query string accepted, in characters
 * @param maxBody the largest request body accepted, in bytes
 * @param queriesPerView how many queries may run at once on one view; more get 429
 * @param threads the HTTP worker threads, a fixed pool; the server keeps some of them for requests that do not
 *                wait on the database (health, metrics, cached answers), and answers 503 to a read that would take them
 * @param corsOrigins origins allowed to call the API from a browser; empty for none
 * @param scheduler whether to run the scheduler in the server
 * @param schedulerSettings how that scheduler runs
 */
public record ServerSettings(String host, int port, String token, boolean tokenForReads, long cacheBytes, int defaultLimit,
                             int maxLimit, int cachedRowsMax, Duration statementTimeout, Duration connectionTimeout,
                             int maxQueryString, int maxBody, int queriesPerView, int threads, List<String> corsOrigins, boolean scheduler,
                             Scheduler.Settings schedulerSettings) {

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(schedulerSettings, "schedulerSettings");
        corsOrigins = List.copyOf(corsOrigins);
        token = token == null || token.isBlank() ? null : token;
        if (defaultLimit > maxLimit) {
            throw new IllegalArgumentException("the default limit " + defaultLimit + " exceeds the maximum " + maxLimit);
        }
        if (threads < MIN_THREADS) {
            throw new IllegalArgumentException("threads is " + threads + "; the server needs at least " + MIN_THREADS
                    + " (Jetty's acceptor and selector, and threads kept for health and cached answers)");
        }
    }

    /** The fewest worker threads accepted; on many cores Jetty takes more for its selectors, and start() says so. */
    public static final int MIN_THREADS = 8;

    /** The defaults: loopback, port 8080, no token, 64 MiB cache, 10 s statement timeout, the scheduler on. */
    public static ServerSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.token = token;
        b.tokenForReads = tokenForReads;
        b.cacheBytes = cacheBytes;
        b.defaultLimit = defaultLimit;
        b.maxLimit = maxLimit;
        b.cachedRowsMax = cachedRowsMax;
        b.statementTimeout = statementTimeout;
        b.connectionTimeout = connectionTimeout;
        b.maxQueryString = maxQueryString;
        b.maxBody = maxBody;
        b.queriesPerView = queriesPerView;
        b.threads = threads;
        b.corsOrigins = corsOrigins;
        b.scheduler = scheduler;
        b.schedulerSettings = schedulerSettings;
        return b;
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private String token;
        private boolean tokenForReads;
        private long cacheBytes = 64L << 20;
        private int defaultLimit = 100;
        private int maxLimit = 10_000;
        private int cachedRowsMax = 1_000;
        private Duration statementTimeout = Duration.ofSeconds(10);
        private Duration connectionTimeout = Duration.ofSeconds(1);
        private int maxQueryString = 4096;
        private int maxBody = 64 * 1024;
        private int queriesPerView = 8;
        private int threads = 24;
        private List<String> corsOrigins = List.of();
        private boolean scheduler = true;
        private Scheduler.Settings schedulerSettings = Scheduler.Settings.defaults();

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The bearer token; {@code forReads} requires it for GET under /api too. */
        public Builder token(String token, boolean forReads) {
            this.token = token;
            this.tokenForReads = forReads;
            return this;
        }

        public Builder cacheBytes(long cacheBytes) {
            this.cacheBytes = cacheBytes;
            return this;
        }

        public Builder limits(int defaultLimit, int maxLimit) {
            this.defaultLimit = defaultLimit;
            this.maxLimit = maxLimit;
            return this;
        }

        public Builder statementTimeout(Duration statementTimeout) {
            this.statementTimeout = statementTimeout;
            return this;
        }

        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        public Builder queriesPerView(int queriesPerView) {
            this.queriesPerView = queriesPerView;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder corsOrigins(List<String> corsOrigins) {
            this.corsOrigins = corsOrigins;
            return this;
        }

        public Builder scheduler(boolean scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        public Builder schedulerSettings(Scheduler.Settings schedulerSettings) {
            this.schedulerSettings = schedulerSettings;
            return this;
        }

        public ServerSettings build() {
            return new ServerSettings(host, port, token, tokenForReads, cacheBytes, defaultLimit, maxLimit, cachedRowsMax,
                    statementTimeout, connectionTimeout, maxQueryString, maxBody, queriesPerView, threads, corsOrigins, scheduler,
                    schedulerSettings);
        }
    }
}
