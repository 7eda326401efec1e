package io.matview.observe;

import static io.matview.testing.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.matview.Matview;
import io.matview.catalog.ViewStatus;
import io.matview.testing.TestDatabase;
import io.matview.testing.ViewFiles;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Whether the role Matview connects as may refresh: ownership on every version, {@code MAINTAIN} from
 * PostgreSQL 17 on (the suite runs on 17 and, with -Ppg15, on 15).
 */
class RefreshPrivilegeAdviceTest {
    @TempDir
    Path dir;
    DataSource db;
    String role;

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        role = "observer_" + TestDatabase.databaseName(db).replace("matview_test_", "");
        execute(db, "create table items (id int primary key, qty int not null)", "insert into items values (1, 1)",
                "drop role if exists " + role, "create role " + role + " login");
        new ViewFiles(dir).write("stock.sql", "-- materialized\n-- unique: id\nselect id, qty from items");
        try (Matview owner = Matview.configure().dataSource(db).viewsDirectory(dir).load()) {
            owner.apply();
        }
        execute(db, "grant usage on schema matview to " + role, "grant select on all tables in schema matview to " + role);
    }

    private List<Advice> privilegeAdvice(String user) {
        return privilegeAdvice(user, "stock");
    }

    private List<Advice> privilegeAdvice(String user, String view) {
        PGSimpleDataSource as = new PGSimpleDataSource();
        as.setURL(TestDatabase.url(TestDatabase.databaseName(db)));
        as.setUser(user);
        try (Matview matview = Matview.configure().dataSource(as).viewsDirectory(dir).load()) {
            ViewStatus s = matview.status().stream().filter(v -> v.name().name().equals(view)).findFirst().orElseThrow();
            return s.advice().stream().filter(a -> a.kind() == AdviceKind.MISSING_REFRESH_PRIVILEGE).toList();
        }
    }

    @Test
    void anIncrementalViewNeedsToWriteTheTableThatKeepsItsRowsAndSaysWhichGrantGivesThat() {
        execute(db, "create table orders (id int primary key, created_at timestamptz not null)",
                "insert into orders values (1, now())");
        new ViewFiles(dir).write("daily.sql", "-- incremental: by day from orders.created_at, window 2 days\n-- unique: day\n"
                + "select created_at::date as day, count(*) as n from orders group by 1");
        try (Matview owner = Matview.configure().dataSource(db).viewsDirectory(dir).load()) {
            owner.apply();
        }
        execute(db, "grant select on all tables in schema matview to " + role);
        String table = TestDatabase.queryString(db, "select storage_table from matview.incremental where view_name = 'daily'");

        assertThat(privilegeAdvice("postgres", "daily")).isEmpty();
        assertThat(privilegeAdvice(role, "daily")).singleElement().satisfies(a -> {
            assertThat(a.reason()).contains(role).contains("public.daily").contains(table);
            assertThat(a.fix()).startsWith("GRANT INSERT, DELETE ON matview.");
        });

        execute(db, "grant insert, delete on all tables in schema matview to " + role);
        // its refreshes now succeed; renewing the late-data cutoff (replacing the trigger on orders) needs the owner
        assertThat(privilegeAdvice(role, "daily")).singleElement().satisfies(a -> {
            assertThat(a.reason()).contains(role).contains("does not own the source table of public.daily")
                    .contains("late-data cutoff");
            assertThat(a.fix()).contains("owner of the source table");
        });

        execute(db, "alter table orders owner to " + role);
        assertThat(privilegeAdvice(role, "daily")).as("the trigger functions on orders still belong to postgres")
                .singleElement().satisfies(a -> assertThat(a.reason()).contains("late-data cutoff"));
        execute(db, "alter function " + TestDatabase.queryString(db, "select string_agg(distinct p.oid::regprocedure::text, ', ') from pg_trigger t "
                + "join pg_proc p on p.oid = t.tgfoid where t.tgrelid = 'orders'::regclass and p.pronamespace = 'matview'::regnamespace")
                + " owner to " + role);
        assertThat(privilegeAdvice(role, "daily")).isEmpty();
    }

    private int major() {
        return Integer.parseInt(TestDatabase.queryString(db, "show server_version_num")) / 10000;
    }

    @Test
    void theOwnerMayRefresh() {
        assertThat(privilegeAdvice("postgres")).isEmpty();
    }

    @Test
    void aRoleThatNeitherOwnsNorMaintainsIsToldHowToGetThePrivilegeItsVersionHas() {
        assertThat(privilegeAdvice(role)).singleElement().satisfies(a -> {
            assertThat(a.reason()).contains(role).contains("public.stock");
            if (major() >= 17) {
                assertThat(a.fix()).contains("GRANT MAINTAIN ON public.stock TO " + role);
            } else {
                assertThat(a.fix()).contains("owner").doesNotContain("GRANT MAINTAIN");
            }
        });
    }

    @Test
    void maintainFromPostgres17OnOrMembershipInTheOwningRoleIsEnough() {
        if (major() >= 17) {
            execute(db, "grant maintain on stock to " + role);
        } else {
            execute(db, "grant postgres to " + role);
        }
        assertThat(privilegeAdvice(role)).isEmpty();
    }
}
