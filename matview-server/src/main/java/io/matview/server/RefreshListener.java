package io.matview.server;

import io.matview.Matview;
import io.matview.catalog.RefreshSubscription;

/**
 * Moves the view directory to each new generation, wherever the refresh ran, through the core's
 * subscription to the refresh notifications. After each (re)connect it reloads everything, since
 * notifications sent meanwhile are lost. A notification also follows a rebuild, whose columns and
 * indexes may differ, so the snapshot is reloaded whole, not advanced.
 */
final class RefreshListener implements AutoCloseable {
    private final Matview matview;
    private final ViewDirectory views;
    private volatile RefreshSubscription subscription;

    RefreshListener(Matview matview, ViewDirectory views) {
        this.matview = matview;
        this.views = views;
    }

    RefreshListener start() {
        subscription = matview.listen(n -> {
            if (views.behind(n.view(), n.generation())) {
                views.reload();
            }
        }, views::reload);
        return this;
    }

    /** Whether notifications are arriving now; when not, callers must ask the database for generations. */
    boolean listening() {
        RefreshSubscription s = subscription;
        return s != null && s.listening();
    }

    @Override
    public void close() {
        RefreshSubscription s = subscription;
        if (s != null) {
            s.close();
        }
    }
}
