package io.matview.spring.boot;

import io.matview.view.QualifiedName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.event.EventListener;

/**
 * Clears the Spring caches mapped to a view ({@code matview.cache-eviction.<view>=<cache names>}) when
 * the view is refreshed anywhere, so that {@code @Cacheable} results never outlive the data.
 */
final class MatviewCacheEviction {
    private static final Logger LOG = LoggerFactory.getLogger(MatviewCacheEviction.class);

    private final Map<QualifiedName, List<String>> cachesByView = new HashMap<>();
    private final ObjectProvider<CacheManager> cacheManagers;

    MatviewCacheEviction(Map<String, List<String>> mapping, String defaultSchema, ObjectProvider<CacheManager> cacheManagers) {
        mapping.forEach((view, caches) -> cachesByView.put(QualifiedName.parse(view, defaultSchema), List.copyOf(caches)));
        this.cacheManagers = cacheManagers;
    }

    @EventListener
    void refreshed(MatviewRefreshedEvent event) {
        List<String> names = cachesByView.get(event.getView());
        if (names != null) {
            clear(names, event);
        }
    }

    /** Refreshes may have been missed while the notifications were away: every mapped cache goes. */
    @EventListener
    void resumed(MatviewNotifications.Resumed event) {
        clear(cachesByView.values().stream().flatMap(List::stream).distinct().toList(), event);
    }

    private void clear(List<String> names, Object why) {
        cacheManagers.orderedStream().forEach(manager -> {
            for (String name : names) {
                Cache cache = manager.getCache(name);
                if (cache != null) {
                    cache.clear();
                    LOG.debug("matview: cleared cache {} on {}", name, why);
                }
            }
        });
    }
}
