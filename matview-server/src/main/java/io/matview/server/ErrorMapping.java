package io.matview.server;

import io.javalin.http.Context;
import io.matview.ErrorCode;
import io.matview.MatviewException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How failures become answers: every error is JSON, never cacheable, and a database that is away is a 503. */
final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    /** Seconds a client should wait before retrying when the database cannot be reached. */
    static final String DATABASE_RETRY_AFTER = "5";
    /** SQLSTATE query_canceled: the statement timeout expired, or the backend was cancelled. */
    static final String QUERY_CANCELED = "57014";

    private ErrorMapping() {
    }

    /** The headers of a successful answer that an error answer must not carry: it is never cacheable. */
    static final List<String> CACHING_HEADERS = List.of("ETag", "Last-Modified", "Matview-Generation", "Matview-Refreshed-At");

    /** The answer to any failure of a request on {@code path}: the client's errors as they are, the rest mapped. */
    static ApiError toApiError(Exception e, String path) {
        if (e instanceof ApiError api) {
            return api;
        }
        if (e instanceof MatviewException m) {
            return fromCore(m);
        }
        SQLException sql = e instanceof SQLException s ? s : e.getCause() instanceof SQLException s ? s : null;
        if (sql != null && unavailable(sql)) {
            return databaseUnavailable(sql);
        }
        LOG.error("request {} failed", path, e);
        return new ApiError(500, "internal error", null, "see the server log");
    }

    /** Javalin's exception handler: the routes but the rows endpoint, which writes the same answer itself. */
    static void answer(Exception e, Context ctx) {
        ApiError error = toApiError(e, ctx.path());
        for (String header : CACHING_HEADERS) {
            ctx.res().setHeader(header, null);
        }
        error.headers().forEach(ctx::header);
        Json.answer(ctx, error.status(), error.body());
    }

    private static ApiError fromCore(MatviewException e) {
        if (e.getCause() instanceof SQLException sql && unavailable(sql)) {
            return databaseUnavailable(sql);
        }
        if (e.code() == ErrorCode.DATABASE_UNAVAILABLE) {
            return databaseUnavailable(e);
        }
        ApiError error = new ApiError(status(e.code()), e.what(), String.valueOf(e.where()), String.valueOf(e.hint()),
                e.code().name(), Map.of());
        return e.code() == ErrorCode.LOCK_TIMEOUT ? error.withHeader("Retry-After", DATABASE_RETRY_AFTER) : error;
    }

    /** The HTTP status of a kind of core error: the client's fault is 4xx, a state it can wait out is 409 or 503. */
    static int status(ErrorCode code) {
        return switch (code) {
            case UNKNOWN_VIEW, UNKNOWN_VERSION -> 404;
            case CONCURRENT_REFRESH_IMPOSSIBLE, VIEW_MISSING, CATALOG_NOT_APPLIED, CATALOG_TOO_NEW, NOT_MATERIALIZED,
                 DRIFT_NOT_COMPARABLE -> 409;
            case DATABASE_UNAVAILABLE, LOCK_TIMEOUT, QUERY_TIMEOUT -> 503;
            case LOGIN_REFUSED, DATABASE_ERROR -> 500;
            default -> 400;
        };
    }

    static void notFound(Context ctx) {
        if (!String.valueOf(ctx.res().getContentType()).startsWith(Json.CONTENT_TYPE)) {
            Json.answer(ctx, 404, new ApiError(404, "no such endpoint: " + ctx.method() + " " + ctx.path(), null,
                    "see docs/http-api.md: /api/views, /api/views/{view}, …/rows, …/history, …/refresh, /health, /metrics").body());
        }
    }

    /** No connection could be had, or the one in use broke: PostgreSQL is down, restarting or unreachable. */
    static boolean unavailable(SQLException e) {
        return e instanceof SQLTransientConnectionException || String.valueOf(e.getSQLState()).startsWith("08")
                || String.valueOf(e.getSQLState()).equals("57P01");
    }

    static ApiError databaseUnavailable(Exception e) {
        LOG.warn("database unavailable: {}", e.getMessage());
        return new ApiError(503, "the database is unavailable", "database",
                "retry after " + DATABASE_RETRY_AFTER + " s; answers already cached keep being served")
                .withHeader("Retry-After", DATABASE_RETRY_AFTER);
    }

    /** A failed read of a view's rows, as the client should see it. */
    static ApiError queryError(ServedView view, SQLException e, Duration statementTimeout) {
        String state = String.valueOf(e.getSQLState());
        if (unavailable(e)) {
            return databaseUnavailable(e);
        }
        if (state.startsWith("22")) {
            return ApiError.badRequest("a filter value does not fit its column: " + e.getMessage(), "filter",
                    "check the values against the column types (GET /api/views/" + view.runtime().name() + ")");
        }
        if (state.equals("55000")) {
            return new ApiError(503, "view " + view.runtime().name() + " holds no data", "view",
                    "it was emptied (REFRESH ... WITH NO DATA); it is filled again by its next refresh");
        }
        if (state.equals(QUERY_CANCELED)) {
            return new ApiError(503, "the query ran longer than " + statementTimeout.toSeconds() + " s", "query",
                    "narrow the filters, add an index to the view (-- index:), or lower the limit");
        }
        LOG.error("query on {} failed", view.runtime().name(), e);
        return new ApiError(500, "the database could not answer", state, "see the server log");
    }
}
