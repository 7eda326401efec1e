package io.matview.spring.boot;

import io.matview.Matview;
import io.matview.catalog.RefreshSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
        listener = matview.listen(n -> publisher.publishEvent(new MatviewRefreshedEvent(this, n.view(), n.generation())),
                () -> LOG.debug("matview: listening for refresh notifications"));
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
