package io.matview.flyway;

import io.matview.ErrorCode;
import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.migrate.Detachment;
import io.matview.migrate.Migration;
import io.matview.migrate.MigrationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each Flyway SQL migration together with Matview's managed views, in the migration's own
 * transaction: before it, the managed views that would block it (and those above them) are detached,
 * found by trying the migration's script in a savepoint that is rolled back; after it, the whole views
 * directory is applied, which creates them again from their files. A migration that detaches nothing
 * leaves the views alone. A migration that fails rolls the detach back with it.
 *
 * <pre>{@code
 * Flyway.configure().dataSource(ds).callbacks(new MatviewCallback(matview)).load().migrate();
 * }</pre>
 *
 * <p>Only transactional SQL migrations are handled. A Java migration, or one Flyway runs outside a
 * transaction ({@code executeInTransaction=false}, or a statement PostgreSQL refuses in one), is left
 * as it is: with its views in the way it fails as it would without Matview.
 */
public final class MatviewCallback implements Callback {
    private static final Logger LOG = LoggerFactory.getLogger(MatviewCallback.class);

    private final Matview matview;
    /** What was detached for the migration running now; Flyway runs one migration at a time per callback. */
    private Detachment detachment;

    /** @param matview configured with the views directory; its own data source is not used here */
    public MatviewCallback(Matview matview) {
        this.matview = matview;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE
                || event == Event.AFTER_EACH_MIGRATE_ERROR;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        switch (event) {
            case BEFORE_EACH_MIGRATE -> before(context);
            case AFTER_EACH_MIGRATE -> after(context);
            default -> detachment = null; // the failed migration's transaction rolls the detach back
        }
    }

    private void before(Context context) {
        detachment = null;
        MigrationInfo info = context.getMigrationInfo();
        if (info == null || info.getScript() == null || !info.getScript().endsWith(".sql") || autoCommit(context)) {
            return;
        }
        String sql = placeholdersReplaced(context.getConfiguration(), script(context.getConfiguration(), info));
        detachment = matview.detachFor(context.getConnection(), new Migration(info.getScript(), sql), null);
        detachment.views().forEach(d -> LOG.info("{}", d));
    }

    private void after(Context context) {
        // Nothing detached, nothing to re-apply: applying the views here would run them against the tables of a
        // half-migrated database (a view reading a table a later migration creates; a materialized view filled
        // before a later migration loads its data). The views are applied after all migrations, as without Matview.
        if (detachment == null || detachment.views().isEmpty()) {
            detachment = null;
            return;
        }
        MigrationResult result = matview.reattach(context.getConnection(), detachment);
        detachment = null;
        result.apply().plan().changes().forEach(ch -> LOG.info("{}", ch));
        result.apply().warnings().forEach(w -> LOG.warn("{}", w));
    }

    private static boolean autoCommit(Context context) {
        try {
            boolean autoCommit = context.getConnection().getAutoCommit();
            if (autoCommit) {
                LOG.warn("{} runs outside a transaction: Matview does not detach views for it", context.getMigrationInfo().getScript());
            }
            return autoCommit;
        } catch (SQLException e) {
            throw new MatviewException(ErrorCode.DATABASE_ERROR, "cannot read the migration's connection: " + e.getMessage(),
                    context.getMigrationInfo().getScript(), null, e);
        }
    }

    /** The migration's script as Flyway reads it: from its file, or from the class path under a location. */
    static String script(Configuration configuration, MigrationInfo info) {
        try {
            String physical = info.getPhysicalLocation();
            if (physical != null && !physical.isEmpty() && Files.isRegularFile(Path.of(physical))) {
                return Files.readString(Path.of(physical), configuration.getEncoding());
            }
            for (Location location : configuration.getLocations()) {
                if (location.isClassPath()) {
                    URL url = configuration.getClassLoader().getResource(location.getRootPath() + "/" + info.getScript());
                    if (url != null) {
                        try (InputStream in = url.openStream()) {
                            return new String(in.readAllBytes(), configuration.getEncoding());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the migration " + info.getScript(), e);
        }
        throw new MatviewException(ErrorCode.MIGRATION_FILE, "cannot find the script of the migration " + info.getScript(),
                info.getScript(), "keep SQL migrations in a filesystem: or classpath: location");
    }

    /** Flyway's own placeholder replacement, for the placeholders configured ({@code ${name}}). */
    static String placeholdersReplaced(Configuration configuration, String sql) {
        if (!configuration.isPlaceholderReplacement()) {
            return sql;
        }
        String result = sql;
        for (Map.Entry<String, String> p : configuration.getPlaceholders().entrySet()) {
            result = result.replace(configuration.getPlaceholderPrefix() + p.getKey() + configuration.getPlaceholderSuffix(),
                    p.getValue());
        }
        return result;
    }

    @Override
    public String getCallbackName() {
        return "matview";
    }
}
