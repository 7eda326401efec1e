package io.matview.spring.boot;

import io.matview.ErrorCode;
import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.catalog.RuntimeView;
import io.matview.catalog.ViewStatus;
import io.matview.refresh.RefreshLogEntry;
import io.matview.refresh.RefreshOptions;
import io.matview.view.QualifiedName;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

/**
 * The {@code matview} actuator endpoint, in the manner of {@code flyway}: {@code GET} lists the
 * managed views, {@code GET {view}} shows one with its recent refreshes, {@code POST {view}} refreshes it.
 */
@Endpoint(id = "matview")
public class MatviewEndpoint {
    /** How many refreshes {@code GET {view}} shows. */
    static final int RECENT = 20;

    private final Matview matview;

    MatviewEndpoint(Matview matview) {
        this.matview = matview;
    }

    /** Every managed view, by name. */
    public record Views(Map<String, View> views) {
    }

    /**
     * One managed view.
     *
     * @param version the version of its definition applied last
     * @param generation increases with every refresh
     * @param dataAsOf when the snapshot of its data was taken; {@code null} before its first refresh
     * @param lastRefresh its last refresh attempt here or anywhere, or {@code null}
     * @param recentRefreshes newest first; only in {@code GET {view}}
     */
    public record View(String name, String kind, int version, String refreshPolicy, boolean present, boolean populated,
                       long generation, @Nullable Instant refreshedAt, @Nullable Instant dataAsOf,
                       @Nullable Refresh lastRefresh, @Nullable List<Refresh> recentRefreshes) {
    }

    /** One refresh attempt, as the refresh log keeps it. */
    public record Refresh(long id, String status, @Nullable String mode, String trigger, Instant startedAt,
                          long durationMs, @Nullable Long rows, @Nullable Long generation, @Nullable String error,
                          String host, long pid) {
        static Refresh of(RefreshLogEntry e) {
            return new Refresh(e.id(), e.status().label(), e.mode() == null ? null : e.mode().label(), e.trigger().label(),
                    e.startedAt(), e.durationMs(), e.rows(), e.generation(), e.error(), e.host(), e.pid());
        }
    }

    /** The attempts of one {@code POST}: the view's and those of the materialized views that read it. */
    public record Refreshed(List<Refresh> refreshes) {
    }

    @ReadOperation
    public Views views() {
        Map<QualifiedName, RuntimeView> runtime = matview.runtimeViews();
        Map<QualifiedName, RefreshLogEntry> last = matview.lastRefreshes();
        Map<String, View> views = new LinkedHashMap<>();
        for (ViewStatus s : matview.status()) {
            views.put(s.name().toString(), view(s, runtime.get(s.name()), last.get(s.name()), null));
        }
        return new Views(views);
    }

    /** One view with its recent refreshes; {@code null} (404) when no such view is managed. */
    @ReadOperation
    @Nullable
    public View view(@Selector String view) {
        QualifiedName name;
        try {
            name = QualifiedName.parse(view, matview.defaultSchema());
        } catch (IllegalArgumentException e) {
            return null; // not a name any managed view can have
        }
        ViewStatus status = matview.status().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        if (status == null) {
            return null;
        }
        List<RefreshLogEntry> recent = matview.refreshHistory(name, RECENT);
        return view(status, matview.runtimeViews().get(name), recent.isEmpty() ? null : recent.get(0),
                recent.stream().map(Refresh::of).toList());
    }

    /** Refreshes the view (and the materialized views that read it); {@code null} (404) when no such view is managed. */
    @WriteOperation
    @Nullable
    public Refreshed refresh(@Selector String view) {
        try {
            return new Refreshed(matview.refresh(List.of(view), RefreshOptions.defaults()).stream().map(Refresh::of).toList());
        } catch (MatviewException e) {
            if (e.code() == ErrorCode.UNKNOWN_VIEW) {
                return null;
            }
            throw e;
        } catch (IllegalArgumentException e) {
            return null; // not a name any managed view can have
        }
    }

    private static View view(ViewStatus s, @Nullable RuntimeView r, @Nullable RefreshLogEntry last, @Nullable List<Refresh> recent) {
        return new View(s.name().toString(), s.kind().label(), s.version(), s.refreshPolicy(), s.present(), s.populated(),
                r == null ? 0 : r.generation(), r == null ? null : r.refreshedAt(), r == null ? null : r.dataAsOf(),
                last == null ? null : Refresh.of(last), recent);
    }
}
