package io.matview.internal.schedule;

import io.matview.catalog.RuntimeView;
import io.matview.internal.catalog.Catalog;
import io.matview.internal.refresh.DueRefresh;
import io.matview.internal.refresh.Graph;
import io.matview.internal.refresh.RefreshLog;
import io.matview.internal.refresh.Refresher;
import io.matview.refresh.Trigger;
import io.matview.schedule.Scheduler;
import io.matview.view.QualifiedName;
import io.matview.view.RefreshPolicy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Scheduler} of a {@code Matview}: one ticker thread, a pool of refresh threads, and the process's one refresher. */
public final class PolicyScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyScheduler.class);


    private final DataSource dataSource;
    private final Settings settings;
    private final Refresher refresher;
    private final ScheduledExecutorService ticker;
    private final ExecutorService refreshes;
    private final ChangeTracker changes = new ChangeTracker();
    private final Set<QualifiedName> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<QualifiedName, Instant> nextRefresh = new ConcurrentHashMap<>();
    private volatile Instant lastTick;
    private volatile Instant startedAt;
    private volatile boolean stopping;
    private boolean connected;
    private Instant lastApply;
    private Instant lastPrune = Instant.EPOCH;
    private long failedTicks;

    /**
     * A scheduler that refreshes through {@code refresher}: the process's one refresher, so that
     * closing the scheduler also cancels the refreshes started elsewhere in the process, and the
     * other way round.
     */
    public PolicyScheduler(DataSource dataSource, Refresher refresher, Settings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.refresher = refresher;
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("matview-scheduler"));
        this.refreshes = Executors.newFixedThreadPool(settings.refreshThreads(), daemon("matview-refresh"));
    }

    @Override
    public Scheduler start() {
        startedAt = Instant.now();
        ticker.schedule(this::tickAndReschedule, 0, TimeUnit.MILLISECONDS);
        return this;
    }

    /** When the scheduler last looked at the database successfully; {@code null} before the first time. */
    @Override
    public Instant lastTick() {
        return lastTick;
    }

    /** Whether it is running and reached the database within the last few ticks (or has just started). */
    @Override
    public boolean alive() {
        Instant t = lastTick != null ? lastTick : startedAt;
        return !stopping && t != null
                && t.isAfter(Instant.now().minus(settings.tick().multipliedBy(5).plusSeconds(5)));
    }

    /** When each scheduled view is next due ({@code every} and {@code cron}); on-change views are not listed. */
    @Override
    public Map<QualifiedName, Instant> nextRefreshes() {
        return Map.copyOf(nextRefresh);
    }

    private void tickAndReschedule() {
        long delay = settings.tick().toMillis();
        try {
            tick();
            failedTicks = 0;
        } catch (SQLException | RuntimeException e) {
            failedTicks++;
            connected = false;
            delay = Math.min(30_000, settings.tick().toMillis() << Math.min(5, failedTicks));
            LOG.warn("scheduler cannot reach the database ({}); retrying in {} ms", e.getMessage(), delay);
        }
        if (!stopping) {
            ticker.schedule(this::tickAndReschedule, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            Instant now = databaseNow(c);
            if (Catalog.version(c) < Catalog.latestVersion()) {
                lastTick = Instant.now();
                return; // nothing applied yet: nothing to schedule
            }
            Map<QualifiedName, RuntimeView> views = Catalog.runtimeViews(c);
            Instant newestApply = views.values().stream().map(RuntimeView::appliedAt).max(Instant::compareTo).orElse(null);
            List<QualifiedName> onChange = views.values().stream()
                    .filter(v -> v.kind().refreshable() && v.present() && v.refresh() instanceof RefreshPolicy.OnChange)
                    .map(RuntimeView::name).toList();
            if (!connected || lastApply == null || !lastApply.equals(newestApply)) {
                changes.watch(c, onChange);
                lastApply = newestApply;
            }
            changes.poll(c, now);
            if (!connected) {
                // started, or back after losing the database: writes may have happened unseen
                changes.markAllDirty(now);
                connected = true;
            }
            Map<QualifiedName, RefreshLog.Failures> failures = refresher.log().failures(c);
            Map<QualifiedName, Due> due = new TreeMap<>();
            for (RuntimeView v : views.values()) {
                if (v.kind().refreshable() && v.present() && !(v.refresh() instanceof RefreshPolicy.Manual)
                        && !refresher.cancelling()) {
                    consider(v, now, failures.get(v.name())).ifPresent(d -> due.put(v.name(), d));
                }
            }
            if (!due.isEmpty()) {
                Graph graph = new Graph(views, Catalog.reads(c));
                for (Due d : due.values()) {
                    // refreshing a view it reads, in this tick or still from an earlier one, refreshes it
                    // too (the cascade): once per due view per tick, not once by each
                    boolean covered = graph.upstream(d.view()).stream().anyMatch(u -> due.containsKey(u) || inFlight.contains(u));
                    if (!covered) {
                        submit(d);
                    }
                }
            }
            nextRefresh.keySet().retainAll(views.keySet());
            if (Duration.between(lastPrune, now).toHours() >= 1) {
                refresher.log().prune(settings.logRetention());
                lastPrune = now;
            }
            lastTick = Instant.now();
        }
    }

    /** A view that fell due at {@code since}. */
    private record Due(QualifiedName view, Trigger trigger, Instant since) {
    }

    private Optional<Due> consider(RuntimeView v, Instant now, RefreshLog.Failures failures) {
        Instant due;
        Trigger trigger = Trigger.SCHEDULE;
        Duration period;
        Optional<Instant> clockDue = DueTimes.nextDue(v);
        if (clockDue.isPresent()) {
            due = clockDue.get();
            period = v.refresh().nextAfter(due).map(next -> Duration.between(due, next)).orElse(Duration.ofDays(1));
            nextRefresh.put(v.name(), due);
        } else if (v.refresh() instanceof RefreshPolicy.OnChange onChange) {
            ChangeTracker.Dirty dirty = changes.dirty(v.name());
            if (dirty == null) {
                return Optional.empty();
            }
            boolean quiet = !dirty.lastChange().plus(onChange.debounce()).isAfter(now);
            boolean tooStale = !dirty.firstChange().plus(onChange.maxStaleness()).isAfter(now);
            if (!quiet && !tooStale) {
                return Optional.empty();
            }
            // the last change seen: a refresh that took its snapshot after it holds every change so far
            due = dirty.lastChange();
            period = onChange.maxStaleness();
            trigger = Trigger.CHANGE;
        } else {
            return Optional.empty();
        }
        if (now.isBefore(due) || inFlight.contains(v.name())) {
            return Optional.empty();
        }
        if (failures != null && failures.count() > 0) {
            long factor = 1L << Math.min(20, failures.count() - 1);
            Duration wait = settings.backoff().multipliedBy(factor);
            if (wait.compareTo(period) > 0) {
                wait = period;
            }
            if (now.isBefore(failures.last().plus(wait))) {
                return Optional.empty();
            }
        }
        return Optional.of(new Due(v.name(), trigger, due));
    }

    private void submit(Due due) {
        QualifiedName view = due.view();
        inFlight.add(view);
        refreshes.execute(() -> {
            try {
                DueRefresh done = refresher.refreshIfDue(view, due.trigger(), due.since(), settings.refreshOptions());
                if (done.outcome() == DueRefresh.Outcome.NOT_DUE) {
                    changes.refreshed(view, due.since()); // another refresh took its snapshot after it fell due
                } else if (done.outcome() == DueRefresh.Outcome.REFRESHED && done.attempts().get(0).ok()) {
                    changes.refreshed(view, done.attempts().get(0).startedAt());
                }
            } catch (RuntimeException e) {
                LOG.warn("scheduled refresh of {} failed: {}", view, e.getMessage());
            } finally {
                inFlight.remove(view);
            }
        });
    }

    private static Instant databaseNow(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    /**
     * Stops: no new refresh starts; running ones get the grace period to finish, then are cancelled
     * (their previous data stays, and the log says cancelled).
     */
    @Override
    public void close() {
        stopping = true;
        ticker.shutdownNow();
        refreshes.shutdown();
        try {
            // the refresher is the process's: its refreshes started elsewhere (CLI, HTTP) get the same grace
            long deadline = System.nanoTime() + settings.grace().toNanos();
            refreshes.awaitTermination(settings.grace().toMillis(), TimeUnit.MILLISECONDS);
            while (refresher.busy() && System.nanoTime() < deadline) {
                refreshes.awaitTermination(20, TimeUnit.MILLISECONDS);
            }
            if (!refreshes.isTerminated() || refresher.busy()) {
                LOG.info("cancelling the refreshes still running after the {} grace period", settings.grace());
                // repeated: a cancel that reaches the backend before its statement does is lost
                for (int i = 0; i < 20 && (!refreshes.isTerminated() || refresher.busy()); i++) {
                    refresher.cancelRunning();
                    refreshes.awaitTermination(500, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            refresher.cancelRunning();
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
