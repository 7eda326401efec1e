package io.matview.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Refuses requests larger than the API takes, before anything else looks at them: a long query
 * string (414) and a large body (413). The API reads no body, but an unread body would still be
 * accepted whole, so the declared length is checked and a body without one is read up to the limit.
 */
final class RequestLimits {
    private final int maxQueryString;
    private final int maxBody;

    RequestLimits(int maxQueryString, int maxBody) {
        this.maxQueryString = maxQueryString;
        this.maxBody = maxBody;
    }

    /** The body of a request without a declared length, opened only when it must be measured. */
    @FunctionalInterface
    interface Body {
        InputStream open() throws IOException;
    }

    void check(Context ctx) {
        check(ctx.queryString(), ctx.req().getContentLengthLong(), ctx.header("Transfer-Encoding"), ctx.req()::getInputStream);
    }

    /** @param declared the request's Content-Length, negative when it has none */
    void check(String query, long declared, String transferEncoding, Body body) {
        if (query != null && query.length() > maxQueryString) {
            throw new ApiError(414, "query string too long (" + query.length() + " characters)", "query string",
                    "the maximum is " + maxQueryString + " characters");
        }
        if (declared > maxBody) {
            throw tooLarge(declared + " bytes");
        }
        if (declared < 0 && transferEncoding != null && bodyLonger(body)) {
            throw tooLarge("more than " + maxBody + " bytes");
        }
    }

    private boolean bodyLonger(Body body) {
        try {
            return body.open().readNBytes(maxBody + 1).length > maxBody;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ApiError tooLarge(String size) {
        return new ApiError(413, "request body too large (" + size + ")", "body",
                "the maximum is " + maxBody + " bytes; the API takes its parameters from the URL, not from a body");
    }
}
