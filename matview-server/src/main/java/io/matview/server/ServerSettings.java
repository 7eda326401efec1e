package io.matview.server;

import java.time.Duration;
import java.util.List;

/**
 * How the server runs. Start from {@link #defaults()} and change what differs.
 *
 * @param port the HTTP port; 0 picks a free one
 * @param token the bearer token POST endpoints require; {@code null} disables them
 * @param tokenForReads whether GET endpoints under /api require the token too
 * @param cacheBytes the response cache's bound, in bytes of serialized responses; 0 turns it off
 * @param defaultLimit rows per page when the request gives no {@code limit}
 * @param maxLimit the largest {@code limit} accepted
 * @param cachedRowsMax responses of up to this many rows are cached; larger ones stream from the database
 * @param statementTimeout how long one read query may run
 * @param maxQueryString the longest query string accepted, in characters
 * @param queriesPerView how many queries may run at once on one view; more get 429
 * @param corsOrigins origins allowed to call the API from a browser; empty for none
 * @param scheduler whether to run the scheduler in the server
 */
public record ServerSettings(int port, String token, boolean tokenForReads, long cacheBytes, int defaultLimit, int maxLimit,
                             int cachedRowsMax, Duration statementTimeout, int maxQueryString, int queriesPerView,
                             List<String> corsOrigins, boolean scheduler) {

    public ServerSettings {
        corsOrigins = List.copyOf(corsOrigins);
        if (defaultLimit > maxLimit) {
            throw new IllegalArgumentException("the default limit " + defaultLimit + " exceeds the maximum " + maxLimit);
        }
    }

    public static ServerSettings defaults() {
        return new ServerSettings(8080, null, false, 64L << 20, 100, 10_000, 1_000, Duration.ofSeconds(10), 4096, 8,
                List.of(), true);
    }

    public ServerSettings withPort(int port) {
        return new ServerSettings(port, token, tokenForReads, cacheBytes, defaultLimit, maxLimit, cachedRowsMax,
                statementTimeout, maxQueryString, queriesPerView, corsOrigins, scheduler);
    }

    public ServerSettings withToken(String token, boolean forReads) {
        return new ServerSettings(port, token == null || token.isBlank() ? null : token, forReads, cacheBytes, defaultLimit,
                maxLimit, cachedRowsMax, statementTimeout, maxQueryString, queriesPerView, corsOrigins, scheduler);
    }

    public ServerSettings withCacheBytes(long cacheBytes) {
        return new ServerSettings(port, token, tokenForReads, cacheBytes, defaultLimit, maxLimit, cachedRowsMax,
                statementTimeout, maxQueryString, queriesPerView, corsOrigins, scheduler);
    }

    public ServerSettings withLimits(int defaultLimit, int maxLimit) {
        return new ServerSettings(port, token, tokenForReads, cacheBytes, defaultLimit, maxLimit, cachedRowsMax,
                statementTimeout, maxQueryString, queriesPerView, corsOrigins, scheduler);
    }

    public ServerSettings withStatementTimeout(Duration statementTimeout) {
        return new ServerSettings(port, token, tokenForReads, cacheBytes, defaultLimit, maxLimit, cachedRowsMax,
                statementTimeout, maxQueryString, queriesPerView, corsOrigins, scheduler);
    }

    public ServerSettings withQueriesPerView(int queriesPerView) {
        return new ServerSettings(port, token, tokenForReads, cacheBytes, defaultLimit, maxLimit, cachedRowsMax,
                statementTimeout, maxQueryString, queriesPerView, corsOrigins, scheduler);
    }

    public ServerSettings withCorsOrigins(List<String> corsOrigins) {
        return new ServerSettings(port, token, tokenForReads, cacheBytes, defaultLimit, maxLimit, cachedRowsMax,
                statementTimeout, maxQueryString, queriesPerView, corsOrigins, scheduler);
    }

    public ServerSettings withScheduler(boolean scheduler) {
        return new ServerSettings(port, token, tokenForReads, cacheBytes, defaultLimit, maxLimit, cachedRowsMax,
                statementTimeout, maxQueryString, queriesPerView, corsOrigins, scheduler);
    }
}
