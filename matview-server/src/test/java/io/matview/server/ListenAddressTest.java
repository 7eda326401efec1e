package io.matview.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server listens on loopback unless told otherwise; {@code host} opens it to other interfaces. */
class ListenAddressTest {
    @TempDir
    static Path dir;
    static Fixture f;

    @BeforeAll
    static void fixture() {
        f = Fixture.create(dir);
    }

    @Test
    void byDefaultOnlyLoopbackIsListenedOn() throws IOException {
        assertThat(ServerSettings.defaults().host()).isEqualTo("127.0.0.1");
        InetAddress external = externalAddress();
        try (MatviewServer server = MatviewServer.start(f.matview, ServerSettings.builder().port(0).scheduler(false).build())) {
            assertThat(connects(InetAddress.getLoopbackAddress(), server.port())).isTrue();
            assertThatThrownBy(() -> connects(external, server.port())).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void everyInterfaceWhenAskedFor() throws IOException {
        InetAddress external = externalAddress();
        try (MatviewServer server = MatviewServer.start(f.matview,
                ServerSettings.builder().host("0.0.0.0").port(0).scheduler(false).build())) {
            assertThat(connects(external, server.port())).isTrue();
            assertThat(connects(InetAddress.getLoopbackAddress(), server.port())).isTrue();
            assertThat(new Http(server).get("/api/views").status()).isEqualTo(200);
        }
    }

    private static boolean connects(InetAddress address, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 5000);
            return s.isConnected();
        }
    }

    /** An IPv4 address of this machine that is not loopback; the test is skipped on a machine without one. */
    private static InetAddress externalAddress() throws SocketException {
        Optional<InetAddress> found = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(ListenAddressTest::up)
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
        assumeTrue(found.isPresent(), "this machine has no non-loopback IPv4 address");
        return found.get();
    }

    private static boolean up(NetworkInterface i) {
        try {
            return i.isUp() && !i.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
