package io.matview.server;

import io.matview.query.RowQuery;

/**
 * A rows request made ready once per view snapshot: the checked query, its ETag and its key in the
 * response cache, so that a cache hit or a 304 builds no string and hashes nothing.
 */
record PreparedRead(RowQuery query, String etag, ResponseCache.Key cacheKey) {
}
