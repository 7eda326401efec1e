package io.matview.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.matview.Matview;
import io.matview.refresh.RefreshOptions;
import io.matview.testing.TestDatabase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The quiz leaderboard example: {@code daily_leaderboard}, per player, yesterday's (UTC) quizzes. */
class ExampleQuizLeaderboardTest extends ExampleTest {

    @Override
    String example() {
        return "quiz-leaderboard";
    }

    record Player(long userId, long played, long total, long best) {
    }

    /** Per player, yesterday's (UTC) results, aggregated in Java from every result fetched. */
    private Map<Long, Player> expected(DataSource ds) {
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Instant from = yesterday.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = from.plusSeconds(86_400);
        Map<Long, long[]> perUser = new TreeMap<>();
        for (Map<String, Object> r : rows(ds, "select user_id, score, created_at from quiz_results")) {
            Instant at = ((Timestamp) r.get("created_at")).toInstant();
            if (at.isBefore(from) || !at.isBefore(to)) {
                continue;
            }
            long[] t = perUser.computeIfAbsent(num(r, "user_id"), k -> new long[] {0, 0, Long.MIN_VALUE});
            t[0]++;
            t[1] += num(r, "score");
            t[2] = Math.max(t[2], num(r, "score"));
        }
        Map<Long, Player> expected = new TreeMap<>();
        perUser.forEach((u, t) -> expected.put(u, new Player(u, t[0], t[1], t[2])));
        return expected;
    }

    private static Map<Long, Player> leaderboard(DataSource ds) {
        Map<Long, Player> actual = new TreeMap<>();
        for (Map<String, Object> r : rows(ds, "select * from daily_leaderboard")) {
            actual.put(num(r, "user_id"), new Player(num(r, "user_id"), num(r, "quizzes_played"), num(r, "total_score"),
                    num(r, "best_score")));
        }
        return actual;
    }

    @Test
    void resultsSpanTwoWeeksUpToToday() {
        assertThat(TestDatabase.queryLong(db, "select count(*) from quiz_results")).isEqualTo(20_000L);
        assertThat(TestDatabase.queryLong(db, "select count(distinct user_id) from quiz_results")).isBetween(100L, 500L);
    }

    @Test
    void dailyLeaderboardHoldsYesterdaysCountSumAndMaxPerPlayer() {
        Map<Long, Player> expected = expected(db);
        // about 1/14 of 20,000 results fall on one day
        assertThat(expected.values().stream().mapToLong(Player::played).sum()).isBetween(1_000L, 2_000L);
        assertThat(leaderboard(db)).isEqualTo(expected);
    }

    @Test
    void theServedTop10IsTheMostActivePlayers() throws Exception {
        Comparator<Player> ranking = Comparator.comparingLong(Player::played).thenComparingLong(Player::total).reversed();
        List<Player> ranked = new ArrayList<>(expected(db).values());
        ranked.sort(ranking);
        List<Player> top10 = ranked.subList(0, 10);

        JsonNode body = getRows("daily_leaderboard", "order=quizzes_played.desc,total_score.desc&limit=10");
        List<Player> served = new ArrayList<>();
        for (JsonNode r : body) {
            served.add(new Player(r.get("user_id").asLong(), r.get("quizzes_played").asLong(), r.get("total_score").asLong(),
                    r.get("best_score").asLong()));
        }
        assertThat(served).hasSize(10);
        // in order of (played, total); players tied on both may come in any order
        assertThat(served).extracting(p -> List.of(p.played(), p.total()))
                .containsExactlyElementsOf(top10.stream().map(p -> List.of(p.played(), p.total())).toList());
        assertThat(served).allMatch(p -> p.equals(expected(db).get(p.userId())), "each served player's numbers are right");
        boolean tieAtTheCut = ranking.compare(ranked.get(9), ranked.get(10)) == 0;
        if (!tieAtTheCut) {
            assertThat(served).containsExactlyInAnyOrderElementsOf(top10);
        }
    }

    @Test
    void yesterdayIsTheUtcDayWhateverTheSessionTimeZone(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        DataSource plain = TestDatabase.fresh();
        generate(plain, example(), SEED);
        Map<Long, Player> expected = expected(plain);
        Path views = copyViews(dir, example());
        // UTC+14 and UTC-11: at any hour of the day, the local date of one of them differs from the UTC date
        for (String zone : List.of("Pacific/Kiritimati", "Pacific/Pago_Pago")) {
            DataSource zoned = inTimeZone(plain, zone);
            Matview m = Matview.configure().dataSource(zoned).viewsDirectory(views).load();
            m.apply();
            assertThat(m.refreshAll(RefreshOptions.defaults())).allMatch(e -> e.ok());
            Map<Long, Player> actual = leaderboard(plain);
            assertThat(summary(actual)).as("leaderboard refreshed in time zone %s", zone).isEqualTo(summary(expected));
            assertThat(actual).as("leaderboard refreshed in time zone %s", zone).isEqualTo(expected);
        }
    }

    private static String summary(Map<Long, Player> board) {
        return board.size() + " players, " + board.values().stream().mapToLong(Player::played).sum() + " quizzes, total score "
                + board.values().stream().mapToLong(Player::total).sum();
    }

    /** {@code ds}, with every connection's TimeZone set to {@code zone}. */
    private static DataSource inTimeZone(DataSource ds, String zone) {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return zoned(ds.getConnection());
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                return zoned(ds.getConnection(user, password));
            }

            private Connection zoned(Connection c) throws SQLException {
                try (Statement s = c.createStatement()) {
                    s.execute("set timezone = '" + zone + "'");
                }
                return c;
            }

            @Override
            public PrintWriter getLogWriter() throws SQLException {
                return ds.getLogWriter();
            }

            @Override
            public void setLogWriter(PrintWriter out) throws SQLException {
                ds.setLogWriter(out);
            }

            @Override
            public void setLoginTimeout(int seconds) throws SQLException {
                ds.setLoginTimeout(seconds);
            }

            @Override
            public int getLoginTimeout() throws SQLException {
                return ds.getLoginTimeout();
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                return ds.getParentLogger();
            }

            @Override
            public <T> T unwrap(Class<T> iface) throws SQLException {
                return ds.unwrap(iface);
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) throws SQLException {
                return ds.isWrapperFor(iface);
            }
        };
    }
}
