package io.matview.spring.boot;

import io.matview.Matview;
import io.matview.catalog.RefreshSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/** Turns the refresh notifications of every instance into {@link MatviewRefreshedEvent}s while the context runs. */
final class MatviewNotifications implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(MatviewNotifications.class);

    private final Matview matview;
    private final ApplicationEventPublisher publisher;
    private volatile RefreshSubscription listener;

    MatviewNotifications(Matview matview, ApplicationEventPublisher publisher) {
        this.matview = matview;
        this.publisher = publisher;
    }

    @Override
    public void start() {
        AtomicBoolean first = new AtomicBoolean(true);
        listener = matview.listen(n -> publisher.publishEvent(new MatviewRefreshedEvent(this, n.view(), n.generation())),
                () -> {
                    if (!first.getAndSet(false)) {
                        // refreshes announced while the connection was down are lost: whatever depends on them must assume the worst
                        LOG.info("matview: listening for refresh notifications again; refreshes meanwhile are unknown");
                        publisher.publishEvent(new Resumed(this));
                    }
                });
    }

    /** Listening again after the connection was lost: any view may have been refreshed meanwhile. */
    static final class Resumed extends ApplicationEvent {
        Resumed(Object source) {
            super(source);
        }
    }

    @Override
    public void stop() {
        RefreshSubscription l = listener;
        listener = null;
        if (l != null) {
            l.close();
        }
    }

    @Override
    public boolean isRunning() {
        return listener != null;
    }
}
