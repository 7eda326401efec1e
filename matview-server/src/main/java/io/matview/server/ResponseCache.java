package io.matview.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Function;

/**
 * Serialized responses keyed by view, generation and normalized query. A refresh raises the
 * generation, so old entries are never asked for again and age out; nothing has to be deleted, and
 * every server that hears the notification moves on at once. Bounded by bytes.
 */
final class ResponseCache {

    record Key(String view, long generation, String query) {
    }

    private final Cache<Key, byte[]> cache;

    ResponseCache(long maxBytes) {
        this.cache = maxBytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key k, byte[] body) -> body.length + k.query().length() * 2 + 64)
                .recordStats()
                .build();
    }

    boolean enabled() {
        return cache != null;
    }

    /**
     * The cached response body, or the one {@code load} makes; concurrent misses on one key wait for a
     * single load (Caffeine computes each key once).
     */
    byte[] get(Key key, Function<Key, byte[]> load) {
        return cache.get(key, load);
    }

    /**
     * The cached response body, counted as a hit; or {@code null}, counted as nothing, for a caller that goes on
     * to {@link #get} (which counts the miss) when it may wait for the database.
     */
    byte[] hit(Key key) {
        return cache == null || cache.policy().getIfPresentQuietly(key) == null ? null : cache.getIfPresent(key);
    }

    /** The cached response body, or {@code null}; never loads. */
    byte[] getIfPresent(Key key) {
        return cache == null ? null : cache.getIfPresent(key);
    }

    long hits() {
        return cache == null ? 0 : cache.stats().hitCount();
    }

    long misses() {
        return cache == null ? 0 : cache.stats().missCount();
    }

    long weightedSize() {
        return cache == null ? 0 : cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }
}
