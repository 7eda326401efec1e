package io.matview.internal.incremental;

import static io.matview.testing.TestDatabase.execute;
import static io.matview.testing.TestDatabase.queryLong;
import static io.matview.testing.TestDatabase.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.testing.ViewFiles;
import io.matview.view.QualifiedName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The INSERT trigger records only rows below its cutoff; rows at or after it are caught because refreshes
 * recompute from the cutoff's bucket, also for writers whose transactions stay open across a refresh and a
 * renewal of the cutoff (the cases the cutoff's design must survive, on a real PostgreSQL).
 */
class LateDataCutoffTest {
    private static final QualifiedName DAILY = new QualifiedName("public", "daily");

    @TempDir
    Path dir;
    DataSource db;
    Matview matview;

    @BeforeEach
    void setUp() {
        db = IncrementalViewTest.ordersOverFortyDays();
        new ViewFiles(dir).write("daily.sql", "-- incremental: by day from orders.created_at, window 2 days\n"
                + "-- unique: day, region\n" + IncrementalViewTest.QUERY);
        matview = Matview.configure().dataSource(db).viewsDirectory(dir).load();
        matview.apply();
    }

    @Test
    void insertsAtOrAfterTheCutoffRecordNothingAndInsertsBelowItRecordTheirValue() {
        assertThat(cutoffStartsTheWindow()).as("apply sets the cutoff at the start of the window's first bucket (UTC)").isTrue();
        execute(db, "insert into orders (created_at, region, amount) values (now(), 'eu', 1), (now() - interval '1 hour', 'eu', 2)");
        assertThat(pending()).as("inside the window: recomputed anyway").isZero();
        execute(db, "insert into orders (created_at, region, amount) values (now() - interval '9 days', 'eu', 3), (now(), 'eu', 4)");
        assertThat(pending()).as("one row per source row below the cutoff").isOne();
        matview.refresh("daily");
        assertThat(difference()).isZero();
    }

    @Test
    void aWriterOpenAcrossARefreshAndAFailedRenewalIsCaughtByTheNextRefresh() throws SQLException {
        ageCutoff(10);
        try (Connection writer = db.getConnection(); Statement w = writer.createStatement()) {
            writer.setAutoCommit(false);
            // at or after the aged cutoff, before the window: not recorded
            w.execute("insert into orders (created_at, region, amount) values (now() - interval '5 days', 'late', 7)");
            String aged = cutoff();
            matview.refresh("daily");
            assertThat(cutoff()).as("the renewal gave up: the open writer holds the table").isEqualTo(aged);
            writer.commit();
        }
        assertThat(difference()).as("committed after the refresh began").isPositive();
        matview.refresh("daily");
        assertThat(difference()).as("the next refresh recomputes from the cutoff's bucket").isZero();
        assertThat(cutoffStartsTheWindow()).as("renewed after that refresh, to its window's start").isTrue();
    }

    @Test
    void aWriterThatCommitsBeforeARenewalIsCaughtByTheRefreshAfterIt() throws SQLException {
        ageCutoff(10);
        try (Connection writer = db.getConnection(); Statement w = writer.createStatement()) {
            writer.setAutoCommit(false);
            w.execute("insert into orders (created_at, region, amount) values (now() - interval '5 days', 'late', 7)");
            matview.refresh("daily");
            writer.commit();
        }
        try (Connection c = db.getConnection()) {
            assertThat(IncrementalViews.renewCutoff(c, DAILY)).isTrue();
        }
        assertThat(queryString(db, "select cutoff_before from matview.incremental")).as("kept until a refresh covers it").isNotNull();
        matview.refresh("daily");
        assertThat(difference()).as("the refresh recomputes from the replaced cutoff's bucket").isZero();
        assertThat(queryString(db, "select cutoff_before from matview.incremental")).isNull();
    }

    @Test
    void anInstallationFromBeforeTheCutoffGetsItsRowTriggerAtItsFirstRefresh() {
        // what V6 leaves: the statement-level INSERT trigger of the release before, and no cutoff
        String trigger = queryString(db, "select tgname from pg_trigger where tgrelid = 'orders'::regclass and tgname like '%_ins'");
        String function = trigger.substring(0, trigger.length() - "_ins".length());
        execute(db, "create or replace trigger \"" + trigger + "\" after insert on orders referencing new table as matview_new "
                        + "for each statement execute function matview.\"" + function + "\"()",
                "update matview.incremental set cutoff = null");
        execute(db, "insert into orders (created_at, region, amount) values (now() - interval '5 days', 'late', 7)");
        assertThat(pending()).as("the statement trigger records every insert").isOne();
        matview.refresh("daily");
        assertThat(difference()).isZero();
        assertThat(cutoff()).isNotNull();
        assertThat(queryLong(db, "select count(*) from pg_trigger where tgname = '" + trigger + "' and tgtype & 1 = 1"))
                .as("now a row-level trigger").isOne();
        execute(db, "insert into orders (created_at, region, amount) values (now(), 'eu', 1)");
        assertThat(pending()).isZero();
    }

    /** Moves the cutoff {@code days} back, as if no renewal had succeeded for that long. */
    private void ageCutoff(int days) throws SQLException {
        try (Connection c = db.getConnection()) {
            String older = queryString(db, "select (now() - interval '" + days + " days')::text");
            assertThat(IncrementalViews.renewCutoff(c, DAILY, older)).isTrue();
        }
    }

    private boolean cutoffStartsTheWindow() {
        return queryLong(db, "select count(*) from matview.incremental where cutoff::timestamptz = "
                + "(window_start || ' 00:00 UTC')::timestamptz and window_start = ((now() - interval '2 days') at time zone 'UTC')::date::text") == 1;
    }

    private String cutoff() {
        return queryString(db, "select cutoff from matview.incremental");
    }

    private long pending() {
        return queryLong(db, "select count(*) from matview.incremental_pending");
    }

    private long difference() {
        return IncrementalViewTest.difference(db);
    }
}
