package io.matview.server;

import io.matview.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreScratchTest {
    @TempDir Path dir;

    @Test
    void explore() throws Exception {
        Fixture f = Fixture.create(dir);
        try (MatviewServer s = MatviewServer.start(f.matview, ServerSettings.defaults().withPort(0).withScheduler(false))) {
            Http h = new Http(s);
            String[] paths = {
 "/api/views/orders_mv/rows?name", "/api/views/orders_mv/rows?limit", "/api/views/orders_mv/rows?name=", "/api/views/orders_mv/rows?=x",
 "/api/views/orders_mv/rows?&&", "/api/views/orders_mv/rows?name=eq.a%2", "/api/views/orders_mv/rows?na%zzme=eq.a",
 "/api/views/orders_mv/rows?name=eq.%C3%28", "/api/views/orders_mv/rows?name=eq.%FF", "/api/views/%zz/rows", "/api/views/%C3%28/rows",
 "/api/views/orders_mv/rows?select=id,id&limit=2", "/api/views/orders_mv/rows?limit=1&limit=1", "/api/views/orders_mv/rows?id=eq.1&id=eq.2",
 "/api/views/orders_mv/rows?tags=eq.{t1,%22x,y%22}&select=id", "/api/views/orders_mv/rows?tags=eq.abc", "/api/views/orders_mv/rows?uid=in.()",
 "/api/views/orders_mv/rows?name=like.*%25*&select=id", "/api/views/orders_mv/rows?local_ts=eq.2024-01-01T13:01&select=id",
 "/api/views/orders_mv/rows?ts=eq.now&select=id", "/api/views/orders_mv/rows?day=eq.now&select=id", "/api/views/orders_mv/rows?day=gt.now%2B1d&select=id",
 "/api/views/orders_mv/rows?order=doc", "/api/views/orders_mv/rows?order=tags", "/api/views/orders_mv/rows?order=active.desc&select=id,active",
 "/api/views/orders_mv/rows?active=eq.TRUE", "/api/views/orders_mv/rows?active=is.TRUE&select=id", "/api/views/orders_mv/rows?amount=eq.NaN&select=id",
 "/api/views/orders_mv/rows?amount=eq.1e400&select=id", "/api/views/orders_mv/rows?amount=eq.1e10&select=id", "/api/views/orders_mv/rows?big=eq.99999999999999999999",
 "/api/views/orders_mv/rows?amount=gt.99999999999999999999999999&select=id",
 "/api/views/orders_mv/history?limit=0", "/api/views/orders_mv/history?limit=x",
 "/api/views/orders_mv/rows?offset=-1", "/api/views/orders_mv/rows?offset=99999999999",
};
            for (String p : paths) {
                Http.Response r;
                try { r = h.get(p); } catch (Exception e) { r = h.raw(p); }
                System.out.println("=== " + (p.length() > 100 ? p.substring(0, 100) : p) + "\n" + r.status() + " " + r.headers() + "\n" + (r.body().length() > 3000 ? r.body().substring(0, 3000) : r.body()));
            }
            TestDatabase.execute(f.db, "refresh materialized view orders_mv with no data");
            System.out.println("=== after no data\n" + h.get("/api/views/orders_mv/rows?limit=7"));
        }
    }
}
